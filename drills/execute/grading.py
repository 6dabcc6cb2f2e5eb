"""Execute mode for a study session: one sandbox per session, the grammar checker first, execution
when it says no.

The world (sandbox + runner) starts in a background thread when the session starts, and each card's
deck answer is run there (:class:`~drills.execute.judge.Task`) as soon as the card is shown, while
the student reads it. Every sandbox operation happens on that one worker thread, in order.

- The grammar checker says correct: nothing of the student's runs; the world moves to the deck
  answer's end state (so later tasks find what this one made).
- It says incorrect or unreadable: the student's answer runs from the same state and the two end
  states are compared. Execution wins: right by effect -> correct, with the note "right by effect",
  and the disagreement is logged for the deck author; wrong by effect -> incorrect with the effect's
  reasons. Not executable (refused, or the deck's answer cannot run) -> the grammar verdict stands,
  saying why nothing ran.
- After a wrong answer the world goes back to the task's start (``retry_wrong``: a speed drill's task
  comes back) or on to the deck's end state (a review moves on).

Cards that build on others (``depends_on``, else the command cards before it in its deck) have those
cards' deck answers run first, once per session.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

from drills.deck.model import Card
from drills.execute.disagreements import Disagreement, DisagreementLog
from drills.execute.judge import CORRECT, INCORRECT, EffectVerdict, Task, bind
from drills.execute.world import World
from drills.kubectl.tokenizer import PLACEHOLDER
from drills.kubectl.verdict import Verdict

RIGHT_BY_EFFECT = "right by effect: does what the deck's answer does (ran in the sandbox)"
WAIT_SECONDS = 60.0


class ExecuteGrader:
    """Grades typed answers of ``cards`` (the session's selection, in deck order) by effect."""

    def __init__(self, cards: list[Card], *, retry_wrong: bool, log: DisagreementLog | None = None,
                 start_world: Callable[[], World] = World.start) -> None:
        self.cards = [c for c in cards if _executable(c)]
        self.retry_wrong = retry_wrong
        self.log = log
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drills-execute")
        self._world: Future[World] = self._pool.submit(start_world)
        self._tasks: dict[str, Future[Task]] = {}
        self._done: set[str] = set()
        self.last: EffectVerdict | None = None

    # -- on the worker thread ----------------------------------------------------------------
    def _prepare(self, card: Card) -> Task:
        world = self._world.result()
        for dep in self._dependencies(card):
            if dep.id not in self._done:
                Task(world, list(dep.answers)).advance()
                self._done.add(dep.id)
        return Task(world, list(card.answers))

    def _dependencies(self, card: Card) -> list[Card]:
        return dependencies(self.cards, card)

    # -- the session's side --------------------------------------------------------------------
    def prepare(self, card: Card) -> None:
        """Start running ``card``'s deck answer (call when the card is shown)."""
        if _executable(card) and card.id not in self._tasks:
            self._tasks[card.id] = self._pool.submit(self._prepare, card)

    def grade(self, card: Card, typed: str, verdict: Verdict) -> Verdict:
        """The verdict the student sees: ``verdict`` (the grammar checker's) unless execution disagrees."""
        self.last = None
        if not _executable(card):
            return verdict
        self.prepare(card)
        task_f = self._tasks[card.id]
        if verdict.correct:
            self._finish(card, task_f, advance=True)
            return verdict
        try:
            task = task_f.result(timeout=WAIT_SECONDS)
            effect = self._pool.submit(task.judge, typed, dict(verdict.bindings),
                                       verdict.matched).result(timeout=WAIT_SECONDS)
        except Exception as e:  # the sandbox failed to start or broke: the grammar verdict stands
            return _with_note(verdict, f"not executed ({type(e).__name__}: {e}); graded by the grammar checker")
        self.last = effect
        if effect.status == CORRECT:
            self._finish(card, task_f, advance=False)
            if self.log is not None:
                self.log.add(Disagreement(card.id, list(card.answers), typed, verdict.to_dict(),
                                          {k: v for k, v in effect.to_dict().items() if k != "evidence"}))
            return Verdict(CORRECT, notes=[RIGHT_BY_EFFECT, *effect.notes], matched=verdict.matched,
                           bindings=dict(verdict.bindings))
        if self.retry_wrong:
            self._pool.submit(task.retry)
        else:
            self._finish(card, task_f, advance=True)
        if effect.status == INCORRECT:
            return Verdict(INCORRECT, reasons=list(effect.reasons), notes=list(verdict.notes),
                           matched=verdict.matched or (card.answers[0] if card.answers else None),
                           bindings=dict(verdict.bindings))
        if self.log is not None and effect.reasons and effect.reasons[0].startswith("the deck's answer failed"):
            # a deck answer that does not run in the sandbox is news for the deck's author
            self.log.add(Disagreement(card.id, list(card.answers), typed, verdict.to_dict(),
                                      {k: v for k, v in effect.to_dict().items() if k != "evidence"}))
        return _with_note(verdict, f"{effect.reasons[0]}; graded by the grammar checker" if effect.reasons
                          else "graded by the grammar checker")

    def skip(self, card: Card) -> None:
        """The student gave up on ``card``: the world moves on as if the deck's answer was typed."""
        if _executable(card):
            self.prepare(card)
            self._finish(card, self._tasks[card.id], advance=True)

    def _finish(self, card: Card, task_f: Future[Task], advance: bool) -> None:
        def finish() -> None:
            task = task_f.result()
            if advance:
                task.advance()
            self._done.add(card.id)

        self._pool.submit(finish)
        self._tasks.pop(card.id, None)

    def close(self) -> None:
        """Stop the sandbox and remove its files (waits for the worker to finish what it started)."""
        def stop() -> None:
            if self._world.done() and self._world.exception() is None:
                self._world.result().stop()

        self._pool.submit(stop)
        self._pool.shutdown(wait=True)


def dependencies(cards: list[Card], card: Card) -> list[Card]:
    """The cards whose effect ``card`` builds on, in order: its ``depends_on`` (transitively), else
    the executable cards before it in the same week (a speed drill is one sequence)."""
    runnable = [c for c in cards if _executable(c)]
    by_id = {c.id: c for c in runnable}
    declared = getattr(card, "depends_on", None) or []
    if declared:
        out: list[Card] = []
        for dep_id in declared:
            dep = by_id.get(dep_id)
            if dep is not None:
                out += [d for d in dependencies(cards, dep) if d not in out] + [dep]
        return out
    week = card.id.split(".")[0]
    same_week = [c for c in runnable if c.id.split(".")[0] == week]
    return same_week[:same_week.index(card)] if card in same_week else []


def _executable(card: Card) -> bool:
    return card.kind == "command" and bool(card.answers) and not card.self_graded


def _with_note(verdict: Verdict, note: str) -> Verdict:
    return Verdict(verdict.status, list(verdict.reasons), [*verdict.notes, note], verdict.matched,
                   dict(verdict.bindings))


class SecondOpinion:
    """Without --execute: a rejected answer is rendered next to the deck's by the real kubectl in a
    background sandbox, and accepted when the objects are equal (see drills.execute.second).

    The sandbox follows the deck: each card's dependencies and, once answered, the card itself are
    run with the deck's answer, so ``expose deployment web`` finds its Deployment.
    """

    def __init__(self, cards: list[Card], *, retry_wrong: bool,
                 start_world: Callable[[], World] = World.start) -> None:
        self.cards = [c for c in cards if _executable(c)]
        self.retry_wrong = retry_wrong
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drills-second-opinion")
        self._world: Future[World] = self._pool.submit(start_world)
        self._renders: dict[str, Future[Any]] = {}
        self._done: set[str] = set()

    def _bring_up_to(self, card: Card) -> None:
        world = self._world.result()
        for dep in dependencies(self.cards, card):
            if dep.id not in self._done:
                world.runner.execute(bind(dep.answers[0], {}))
                self._done.add(dep.id)

    def _render(self, card: Card, answers: list[str] | None = None) -> Any:
        from drills.execute.second import Rendering

        self._bring_up_to(card)
        return Rendering(self._world.result(), answers or list(card.answers))

    def prepare(self, card: Card) -> None:
        if _executable(card) and card.id not in self._renders:
            self._renders[card.id] = self._pool.submit(self._render, card)

    def grade(self, card: Card, typed: str, verdict: Verdict) -> Verdict:
        if not _executable(card):
            return verdict
        if verdict.status != INCORRECT:
            self.finished(card)
            return verdict
        if any(PLACEHOLDER.search(a) for a in card.answers):
            self._renders.pop(card.id, None)
            answers = [bind(a, verdict.bindings) for a in sorted(card.answers, key=lambda a: a != verdict.matched)]
            self._renders[card.id] = self._pool.submit(self._render, card, answers)
        self.prepare(card)
        try:
            rendering = self._renders[card.id].result(timeout=WAIT_SECONDS)
            same = self._pool.submit(rendering.same_object, typed).result(timeout=WAIT_SECONDS)
        except Exception:
            same = False
        if same or not self.retry_wrong:
            self.finished(card)
        if not same:
            return verdict
        from drills.execute.second import SAME_OBJECT

        return Verdict(CORRECT, notes=[SAME_OBJECT], matched=verdict.matched, bindings=dict(verdict.bindings))

    def finished(self, card: Card) -> None:
        """``card`` is done: the sandbox runs its deck answer, for the cards after it."""
        def run() -> None:
            if card.id not in self._done:
                self._bring_up_to(card)
                self._world.result().runner.execute(bind(card.answers[0], {}))
                self._done.add(card.id)

        if _executable(card):
            self._renders.pop(card.id, None)
            self._pool.submit(run)

    def skip(self, card: Card) -> None:
        self.finished(card)

    def close(self) -> None:
        def stop() -> None:
            if self._world.done() and self._world.exception() is None:
                self._world.result().stop()

        self._pool.submit(stop)
        self._pool.shutdown(wait=True)
