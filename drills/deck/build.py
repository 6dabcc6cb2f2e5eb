"""Week -> Deck (pure). The kubectl lint is injected, so this module never imports drills.kubectl.

    build_deck(week, lint=None) -> BuildResult(deck, notices)

Card kinds, in page order: concept (cloze + definition), step, challenge, command, pitfall.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from drills.course.model import Challenge, Concept, DrillTask, Notice, Pitfall, Step, Week
from drills.course.shell import heredoc_bodies
from drills.course.tutorial import block_commands, is_output_label
from drills.deck.cloze import cloze_text, find_facts, mask
from drills.deck.describe import describe
from drills.deck.ids import card_id
from drills.deck.model import KINDS, Card, Deck

Lint = Callable[[str], list[str]]
NO_ANSWER_BACK = "No answer on the course page: rate yourself (add one in your overrides file)."


@dataclass
class BuildResult:
    """The deck and everything worth telling the user about it."""

    deck: Deck
    notices: list[Notice] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Cards per kind, plus ``command_answered`` (command cards with an answer to check)."""
        c = Counter(card.kind for card in self.deck.cards)
        out = {kind: c.get(kind, 0) for kind in KINDS}
        out["command_answered"] = sum(1 for card in self.deck.cards if card.kind == "command" and card.answers)
        return out


def build_deck(week: Week, lint: Lint | None = None) -> BuildResult:
    """Every card of a week; ``lint(command) -> problems`` flags answers kubectl would reject."""
    notices = list(week.notices)
    cards: list[Card] = []
    for concept in week.concepts:
        cards += concept_cards(week.number, concept)
    for step in week.steps:
        card = step_card(week.number, step)
        if card:
            cards.append(card)
    for ch in week.challenges:
        cards.append(challenge_card(week.number, ch))
    for task in week.drill:
        cards.append(command_card(week.number, task))
        if not task.answers:
            notices.append(Notice(task.line, f"speed drill task {task.number} has no answer: self-graded card"))
    for task in week.hidden_drills:
        cards.append(command_card(week.number, task))
        if not task.answers:
            notices.append(Notice(task.line, f"step {task.step} drill task {task.number} has no answer"))
    cards += pitfall_cards(week.number, week.pitfalls)
    _unique_ids(cards, notices)
    for card in cards:
        if not card.front.strip() or not card.back.strip():
            side = "front" if not card.front.strip() else "back"
            notices.append(Notice(card.source_line, f"{card.id}: empty {side}"))
        if lint is not None:
            _apply_lint(card, lint)
            for problem in card.problems:
                notices.append(Notice(card.source_line, f"{card.id}: {problem}"))
    deck = Deck(week=week.number, title=week.title, source=week.source, cards=cards)
    return BuildResult(deck, notices)


def _unique_ids(cards: list[Card], notices: list[Notice]) -> None:
    """Two items with the same number (two "### 3." steps) would share an id: suffix the later ones."""
    seen: set[str] = set()
    for card in cards:
        if card.id in seen:
            base = card.id
            n = 2
            while f"{base}.{n}" in seen:
                n += 1
            card.id = f"{base}.{n}"
            notices.append(Notice(card.source_line, f"number used twice: this card's id is {card.id}"))
        seen.add(card.id)


def _apply_lint(card: Card, lint: Lint) -> None:
    """Record lint problems; an answer kubectl would reject is never something to grade against.

    The rejected answer stays visible on the back (it is what the page says) but leaves ``answers``;
    a command or step card left without answers becomes self-graded.
    """
    rejected = []
    for answer in card.answers:
        problems = lint(answer)
        first = answer.split("\n", 1)[0]
        card.problems += [f"{p} (in: {first})" for p in problems]
        if problems:
            rejected.append(answer)
    if rejected:
        card.answers = [a for a in card.answers if a not in rejected]
        if not card.answers:
            card.self_graded = True


def concept_cards(week: int, concept: Concept) -> list[Card]:
    """One cloze card per fact, then a definition card when the paragraph defines its term."""
    cards: list[Card] = []
    facts = find_facts(concept)
    if facts:
        cloze = cloze_text(concept, facts)
        for n, fact in enumerate(facts, 1):
            cards.append(Card(
                id=card_id(week, "concept", concept.index, f"c{n}"), week=week, kind="concept",
                front=mask(cloze, n), back=fact.text, cloze=cloze, cloze_index=n,
                source_line=concept.line, tags=_tags(concept),
            ))
    if concept.term and concept.definition:
        front = definition_question(concept.term, concept.definition)
        cards.append(Card(
            id=card_id(week, "concept", concept.index, "def"), week=week, kind="concept",
            front=front, back=concept.definition, source_line=concept.line, tags=_tags(concept),
        ))
    if not cards:
        # No fact and no definition: a plain recall card keeps the paragraph in the deck.
        head = concept.subtopic or concept.text.split(".")[0][:60]
        cards.append(Card(
            id=card_id(week, "concept", concept.index, "def"), week=week, kind="concept",
            front=f"Explain: {head}", back=concept.text, source_line=concept.line, tags=_tags(concept),
        ))
    return cards


def definition_question(term: str, definition: str) -> str:
    """"What is a Service?", "What are Endpoints?", "What does `kubectl get` do?"."""
    if term.startswith("`"):
        return f"What does {term} do?" if re.match(r"^[a-z]+s\b", definition) else f"What is {term}?"
    m = re.match(r"^(An?)\s", definition)
    if m:
        return f"What is {m.group(1).lower()} {term}?"
    if re.match(re.escape(term) + r"\s+are\b", definition) or (term.endswith("s") and not term.endswith("ss")):
        return f"What are {term}?"
    if re.match(r"^[A-Z][a-z]", term):
        return f"What is {'an' if term[0] in 'AEIOU' else 'a'} {term}?"
    return f"What is {term}?"


def _tags(concept: Concept) -> list[str]:
    return [concept.subtopic] if concept.subtopic else []


def step_card(week: int, step: Step) -> Card | None:
    """A tutorial step with kubectl commands: front = what to do, back = manifest(s) + commands."""
    if not step.commands:
        return None
    heredoc_yaml = {_norm(b) for c in step.commands + step.other_commands for b in heredoc_bodies(c)}
    shown: set[str] = set()
    back_parts: list[str] = []
    in_blocks: set[str] = set()
    for block in step.blocks:
        norm = _norm(block.code)
        if not norm or norm in shown:
            continue
        if block.lang in ("yaml", "yml", "json") and norm in heredoc_yaml:
            continue  # the same manifest again inside `kubectl apply -f - <<EOF`: show it once
        shown.add(norm)
        label = f"{block.label}\n" if block.label and is_output_label(block.label) else ""
        back_parts.append(f"{label}```{block.lang}\n{block.code.rstrip()}\n```")
        in_blocks.update(block_commands(block))
    loose = [c for c in step.commands if c not in in_blocks]
    if loose:
        back_parts.append("```bash\n" + "\n".join(loose) + "\n```")
    # Prose that labels a block ("Apply and verify:") or spells out a command would give the answer away.
    prose = [p for p in step.text.split("\n\n")
             if p and not p.rstrip().endswith(":") and not any(c in p for c in step.commands)]
    if step.notes:
        back_parts.append(step.notes)
    front = f"Tutorial step {step.number}: {step.title}"
    if prose:
        front += "\n\n" + "\n\n".join(prose)
    return Card(
        id=card_id(week, "step", step.number), week=week, kind="step", front=front,
        back="\n\n".join(back_parts), answers=list(step.commands),
        # One typed line can be checked against one command; several commands are a sequence.
        self_graded=len(step.commands) != 1, source_line=step.line,
    )


def _norm(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip().split("\n"))


def challenge_card(week: int, ch: Challenge) -> Card:
    """A self-graded flip card: scenario + success criteria / the paired Solution Key entry."""
    front = f"Challenge {ch.number}: {ch.title}"
    if ch.scenario:
        front += f"\n\n{ch.scenario}"
    if ch.criteria:
        front += f"\n\nSuccess criteria: {ch.criteria}" if "\n" not in ch.criteria else \
            f"\n\nSuccess criteria:\n{ch.criteria}"
    back = ch.solution.text if ch.solution else ""
    if not back and ch.hints:
        back = "Hints:\n" + "\n".join(f"- {h}" for h in ch.hints)
    return Card(
        id=card_id(week, "challenge", ch.number), week=week, kind="challenge", front=front, back=back,
        answers=list(ch.solution.commands) if ch.solution else [], self_graded=True, source_line=ch.line,
    )


def command_card(week: int, task: DrillTask) -> Card:
    """A speed-drill task: type the command; no answer on the page -> self-graded."""
    if task.step is None:
        cid = card_id(week, "command", task.number)
        tags: list[str] = []
    else:
        cid = card_id(week, "command", f"s{task.step:02d}", task.number)
        tags = [f"tutorial step {task.step}"]
    front = task.text
    if task.bare_command:
        alias = " (the k alias is fine)" if task.text.startswith("k ") else ""
        front = f"Write the command: {describe(task.text)}{alias}"
    return Card(
        id=cid, week=week, kind="command", front=front,
        back="\n".join(task.answers) if task.answers else NO_ANSWER_BACK,
        answers=list(task.answers), self_graded=not task.answers, source_line=task.line, tags=tags,
    )


def pitfall_cards(week: int, pitfalls: list[Pitfall]) -> list[Card]:
    """Title / explanation; a title that repeats (a category word) gets the statement's start."""
    counts = Counter(p.title for p in pitfalls)
    cards = []
    for p in pitfalls:
        front = p.title
        if counts[p.title] > 1 or p.category:
            front = f"{p.title}: {_start(p.explanation)}"
        cards.append(Card(
            id=card_id(week, "pitfall", p.index), week=week, kind="pitfall", front=front,
            back=p.explanation, source_line=p.line,
        ))
    fronts = Counter(c.front for c in cards)
    for c in cards:
        if fronts[c.front] > 1:
            c.front = f"{c.front} (#{c.id.rsplit('.', 1)[1]})"
    return cards


def _start(text: str, words: int = 6) -> str:
    first = text.split("\n", 1)[0].split()
    words = max(3, min(words, len(first) // 2))  # never the whole statement: it is the back
    out = " ".join(first[:words])
    if out.count("`") % 2:
        out += "`"
    return out + (" …" if len(first) > words else "")


__all__ = ["build_deck", "BuildResult", "Lint", "NO_ANSWER_BACK"]
