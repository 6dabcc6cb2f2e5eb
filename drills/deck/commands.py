"""Speed-drill tasks -> command cards, each answerable alone (pure).

Tasks are built in page order so each knows what the earlier ones made (see drills.deck.context).
A task without an answer of its own borrows the command that does exactly that task elsewhere on
the same page (see drills.deck.borrow), else it stays self-graded.
"""

from __future__ import annotations

from drills.course.model import DrillTask, Notice, Week
from drills.deck.borrow import Source, borrow, page_commands
from drills.deck.checks import checks_back, split_answers
from drills.deck.context import Made, made_by, self_contained
from drills.deck.describe import describe
from drills.deck.ids import card_id
from drills.deck.model import Card

NO_ANSWER_BACK = "No answer on the course page: rate yourself (add one in your overrides file)."


def answers_back(answers: list[str]) -> str:
    """Alternatives one after the other, separated by an "or" line (a sequence is one block)."""
    return "\n\nor\n\n".join(answers)


def command_cards(week: Week, notices: list[Notice]) -> list[Card]:
    """Every drill task of the week (the speed drill, then drills hidden in tutorial steps)."""
    sources = page_commands(week)
    cards: list[Card] = []
    made: list[Made] = []
    for task in week.drill:
        cards.append(_card(week.number, task, made, sources, notices))
    by_step: dict[int | None, list[Made]] = {}
    for task in week.hidden_drills:
        # a drill inside step N continues what the tutorial made before it ("continues: deployment
        # `shop` from step 5"), then what its own earlier tasks made
        made_here = by_step.setdefault(task.step, _tutorial_made(week, task.step))
        cards.append(_card(week.number, task, made_here, sources, notices))
    return cards


def _tutorial_made(week: Week, before: int | None) -> list[Made]:
    """The objects the tutorial steps before step ``before`` create, each with its step card's id."""
    out: list[Made] = []
    for step in week.steps:
        if before is None or step.number >= before:
            break
        for command in step.variants[0] if step.variants else []:
            for kind, name in made_by(command):
                out.append(Made(kind, name, card_id(week.number, "step", step.number), f"step {step.number}"))
    return out


def _card(week: int, task: DrillTask, made: list[Made], sources: list[Source],
          notices: list[Notice]) -> Card:
    if task.step is None:
        cid = card_id(week, "command", task.number)
        tags: list[str] = []
        where = f"speed drill task {task.number}"
    else:
        cid = card_id(week, "command", f"s{task.step:02d}", task.number)
        tags = [f"tutorial step {task.step}"]
        where = f"step {task.step} drill task {task.number}"
    front = task.text
    if task.bare_command:
        alias = " (the k alias is fine)" if task.text.startswith("k ") else ""
        front = f"Write the command: {describe(task.text)}{alias}"
    elif task.answer_shape == "wording" and task.answers:
        # "Check `kubectl auth can-i …`": the wording holds the whole answer; say what it does instead.
        front = f"Write the command: {describe(task.answers[0])}"
    # "do X, then check it": X is the answer, the checks go on the back (drills.deck.checks)
    answers, checks = split_answers(list(task.answers), front)
    back = "\n\n".join(p for p in (answers_back(answers), checks_back(checks)) if p)
    if not answers:
        found = borrow(task.text, sources)
        if found is not None:
            answers = [found.command]
            back = f"{found.command}\n\n(from {found.label})"
    front, graded, deps = self_contained(front, answers, made)
    if not answers:
        back = NO_ANSWER_BACK
        notices.append(Notice(task.line, f"{where} has no answer: self-graded card"))
    for kind, name in (made_by(answers[0]) if answers else []):
        made.append(Made(kind, name, cid, f"task {task.number}"))
    return Card(
        id=cid, week=week, kind="command", front=front, back=back, answers=graded,
        self_graded=not graded, source_line=task.line, tags=tags, depends_on=deps,
    )
