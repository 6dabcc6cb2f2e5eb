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

Each card's task starts where its page put it: after the deck answers of the cards before it in its
week and of its ``depends_on`` (:class:`SessionWorld`), whatever order the session shows the cards in
(``--shuffle``, a review's due order).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

from drills.deck.model import Card
from drills.execute.disagreements import Disagreement, DisagreementLog
from drills.execute.judge import CORRECT, INCORRECT, EffectVerdict, Task, bind
from drills.execute.world import Snapshot, World
from drills.kubectl.tokenizer import PLACEHOLDER
from drills.kubectl.verdict import Verdict

RIGHT_BY_EFFECT = "right by effect: does what the deck's answer does (ran in the sandbox)"
WAIT_SECONDS = 60.0
_REPLAYS_KEPT = 64  # snapshots of replayed chains (a week's drill needs one per task)


class SessionWorld:
    """A world on one worker thread, kept where a card's task was written for: before card k, the
    deck answers of the cards before it in its week and of its ``depends_on``, in deck order
    (:func:`chain`).

    The world remembers which cards' effects it holds (``history``). When that is the beginning of
    the next card's chain (the cards come in page order), the missing cards run and the world keeps
    whatever the session left (a right-by-effect answer's own state). Otherwise (a shuffled drill, a
    review that jumps back) it is rebuilt: the snapshot of the longest part of the chain already
    replayed (at least the fresh sandbox) is restored and the rest replayed from the deck's answers,
    each step remembered. So no task ever finds what a later one made (an ``already exists``, a
    deleted object) and every task finds what the earlier ones made.
    """

    def __init__(self, cards: list[Card], start_world: Callable[[], World], thread: str) -> None:
        self.cards = [c for c in cards if executable(c)]
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=thread)
        self._world: Future[World] = self._pool.submit(self._start, start_world)
        self._history: list[str] = []
        self._replays: dict[tuple[str, ...], Snapshot] = {}

    def _start(self, start_world: Callable[[], World]) -> World:
        world = start_world()
        try:
            self._replays[()] = world.snapshot()
        except BaseException:
            world.stop()  # close() stops only a world that started whole: this one would leak its folder
            raise
        return world

    # -- on the worker thread ----------------------------------------------------------------
    def _bring_up_to(self, card: Card) -> World:
        """The world, at the state ``card``'s task starts from (see the class docstring)."""
        world = self._world.result()
        needed = [c.id for c in chain(self.cards, card)]
        rebuilt = self._history != needed[:len(self._history)]
        if rebuilt:
            done = max((k for k in self._replays if list(k) == needed[:len(k)]), key=len)
            world.restore(self._replays[done])
            self._history = list(done)
        by_id = {c.id: c for c in self.cards}
        for dep_id in needed[len(self._history):]:
            Task(world, list(by_id[dep_id].answers)).advance()
            self._history.append(dep_id)
            if rebuilt and len(self._replays) < _REPLAYS_KEPT:
                self._replays[tuple(self._history)] = world.snapshot()
        return world

    def _ran(self, card: Card) -> None:
        """The world now holds ``card``'s effect (the deck's answer's, or an answer that does the same)."""
        self._history.append(card.id)

    def close(self) -> None:
        """Stop the sandbox and remove its files (waits for the worker to finish what it started)."""
        def stop() -> None:
            if self._world.done() and self._world.exception() is None:
                self._world.result().stop()

        self._pool.submit(stop)
        self._pool.shutdown(wait=True)


class ExecuteGrader(SessionWorld):
    """Grades typed answers of ``cards`` (the session's selection, in deck order) by effect."""

    def __init__(self, cards: list[Card], *, retry_wrong: bool, log: DisagreementLog | None = None,
                 start_world: Callable[[], World] = World.start) -> None:
        super().__init__(cards, start_world, "drills-execute")
        self.retry_wrong = retry_wrong
        self.log = log
        self._tasks: dict[str, Future[Task]] = {}
        self.last: EffectVerdict | None = None

    # -- on the worker thread ----------------------------------------------------------------
    def _prepare(self, card: Card) -> Task:
        return Task(self._bring_up_to(card), list(card.answers))

    # -- the session's side --------------------------------------------------------------------
    def prepare(self, card: Card) -> None:
        """Start running ``card``'s deck answer (call when the card is shown)."""
        if executable(card) and card.id not in self._tasks:
            self._tasks[card.id] = self._pool.submit(self._prepare, card)

    def grade(self, card: Card, typed: str, verdict: Verdict) -> Verdict:
        """The verdict the student sees: ``verdict`` (the grammar checker's) unless execution disagrees."""
        self.last = None
        if not executable(card):
            return verdict
        self.prepare(card)
        task_f = self._tasks[card.id]
        if verdict.correct:
            self._finish(card, task_f, advance=True)
            return verdict
        try:
            task = task_f.result(timeout=WAIT_SECONDS)
            from drills.deck.checks import asks_to_see  # here: the grader's modules wait for the first answer

            effect = self._pool.submit(task.judge, typed, dict(verdict.bindings), verdict.matched,
                                       asks_to_see(card.front)).result(timeout=WAIT_SECONDS)
        except Exception as e:  # the sandbox failed to start or broke: the grammar verdict stands
            return with_note(verdict, f"not executed ({type(e).__name__}: {e}); graded by the grammar checker")
        self.last = effect
        if effect.status == CORRECT:
            self._finish(card, task_f, advance=False)
            self._log(card, typed, verdict, effect)
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
        if effect.reasons and effect.reasons[0].startswith("the deck's answer failed"):
            self._log(card, typed, verdict, effect)  # a deck answer that does not run is news for its author
        return with_note(verdict, f"{effect.reasons[0]}; graded by the grammar checker" if effect.reasons
                          else "graded by the grammar checker")

    def _log(self, card: Card, typed: str, verdict: Verdict, effect: EffectVerdict) -> None:
        if self.log is not None:
            self.log.add(Disagreement(card.id, list(card.answers), typed, verdict.to_dict(),
                                      {k: v for k, v in effect.to_dict().items() if k != "evidence"}))

    def skip(self, card: Card) -> None:
        """The student gave up on ``card``: the world moves on as if the deck's answer was typed."""
        if executable(card):
            self.prepare(card)
            self._finish(card, self._tasks[card.id], advance=True)

    def _finish(self, card: Card, task_f: Future[Task], advance: bool) -> None:
        def finish() -> None:
            task = task_f.result()
            if advance:
                task.advance()
            self._ran(card)

        self._pool.submit(finish)
        self._tasks.pop(card.id, None)


def dependencies(cards: list[Card], card: Card) -> list[Card]:
    """The cards whose effect ``card`` builds on, in order: its ``depends_on`` (transitively), else
    the executable cards before it in the same week (a speed drill is one sequence)."""
    runnable = [c for c in cards if executable(c)]
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


def chain(cards: list[Card], card: Card) -> list[Card]:
    """What the world holds when ``card``'s task starts: the executable cards before it in its week
    (page order: the state its author wrote it for) and its dependencies, in deck order."""
    runnable = [c for c in cards if executable(c)]
    week = card.id.split(".")[0]
    before = runnable[:runnable.index(card)] if card in runnable else []
    wanted = {c.id for c in before if c.id.split(".")[0] == week} | {c.id for c in dependencies(cards, card)}
    return [c for c in runnable if c.id in wanted]


def executable(card: Card) -> bool:
    """Whether ``card``'s answers can be run: a command card with answers, not self-graded."""
    return card.kind == "command" and bool(card.answers) and not card.self_graded


def with_note(verdict: Verdict, note: str) -> Verdict:
    """``verdict`` with one more note (why execution did not decide)."""
    return Verdict(verdict.status, list(verdict.reasons), [*verdict.notes, note], verdict.matched,
                   dict(verdict.bindings))


class SecondOpinion(SessionWorld):
    """Without --execute: a rejected answer is rendered next to the deck's by the real kubectl in a
    background sandbox, and accepted when the objects are equal (see drills.execute.second).

    The sandbox follows the deck (:class:`SessionWorld`): each card is rendered where its task
    starts, so ``expose deployment web`` finds its Deployment whatever order the cards come in.
    """

    def __init__(self, cards: list[Card], *, retry_wrong: bool,
                 start_world: Callable[[], World] = World.start) -> None:
        super().__init__(cards, start_world, "drills-second-opinion")
        self.retry_wrong = retry_wrong
        self._renders: dict[str, Future[Any]] = {}

    def _render(self, card: Card, answers: list[str] | None = None) -> Any:
        from drills.execute.second import Rendering

        return Rendering(self._bring_up_to(card), answers or list(card.answers))

    def prepare(self, card: Card) -> None:
        if executable(card) and card.id not in self._renders:
            self._renders[card.id] = self._pool.submit(self._render, card)

    def grade(self, card: Card, typed: str, verdict: Verdict) -> Verdict:
        if not executable(card):
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
            if self._history[-1:] != [card.id]:
                Task(self._bring_up_to(card), list(card.answers)).advance()
                self._ran(card)

        if executable(card):
            self._renders.pop(card.id, None)
            self._pool.submit(run)

    def skip(self, card: Card) -> None:
        self.finished(card)
