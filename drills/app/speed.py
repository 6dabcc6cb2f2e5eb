"""One timed pass over a week's command cards (the speed drill)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from drills.app.answering import Answer, Answering, Clock, SpeedAttempt
from drills.app.contracts import Grader, SpeedResult, SpeedTaskResult, speed_tasks
from drills.deck.model import Card, Deck
from drills.deck.renames import RENAMED_IDS
from drills.kubectl.verdict import Verdict
from drills.schedule import StudyConfig, auto_rating
from drills.schedule.memory import Rating
from drills.app.store_protocols import StudyStore
from drills.vocabulary import SessionMode, VerdictStatus


@dataclass
class _TaskState:
    attempts: int = 0
    ms: int = 0
    first_key_ms: int | None = None
    verdict: VerdictStatus | None = None
    reviewed: bool = False


class SpeedRun(Answering):
    """One timed pass over a week's command cards.

    The first attempt at a task decides that card's FSRS review (mode "speed"): correct -> the
    auto-rating, wrong or skipped -> Again; later attempts are only logged. A run's total is the sum
    of the time spent on every attempt; it counts for the personal best when every task ended correct.
    """

    def __init__(self, store: StudyStore, deck: Deck, *, shuffle: bool = False, seed: int | None = None,
                 clock: Clock | None = None, config: StudyConfig | None = None):
        super().__init__(store, config, clock)
        self.deck = deck
        self.shuffled = shuffle
        self.store.cards.sync([deck], self.clock(), RENAMED_IDS)
        self.tasks: list[Card] = speed_tasks(deck)
        if shuffle:
            random.Random(seed).shuffle(self.tasks)
        self._state: dict[str, _TaskState] = {c.id: _TaskState() for c in self.tasks}
        self.run_id: int | None = None
        self.finished = False

    def _run(self) -> int:
        if self.run_id is None:
            self.run_id = self.store.speed_runs.start(self.deck.week, self.clock(), self.shuffled)
        return self.run_id

    def _record(self, card: Card, status: VerdictStatus, typed: str | None, elapsed_ms: int,
                first_key_ms: int | None, correct_rating: Rating | None, verdict: Verdict | None) -> None:
        elapsed_ms = max(0, int(elapsed_ms))
        task = self._state.setdefault(card.id, _TaskState())
        run_id = self._run()
        now = self.clock()
        task.attempts += 1
        task.ms += elapsed_ms
        if task.first_key_ms is None:
            task.first_key_ms = first_key_ms
        task.verdict = status
        attempt = SpeedAttempt(run_id=run_id, attempt=task.attempts, verdict=status, ms=elapsed_ms,
                               first_key_ms=first_key_ms)
        if task.reviewed:  # later attempts: only the attempt row
            num = self.store.cards.get(card.id).num
            self.store.speed_runs.add_attempt(attempt.row(num, now, typed))
            return
        rating = correct_rating if status == VerdictStatus.CORRECT and correct_rating else Rating.Again
        answer = Answer(card=card, rating=rating, at=now, mode=SessionMode.SPEED, elapsed_ms=elapsed_ms, typed=typed,
                        verdict=verdict, auto=True)
        self.commit(answer, attempt=attempt)
        task.reviewed = True

    def attempt(self, card: Card, typed: str, elapsed_ms: int, first_key_ms: int | None) -> Verdict:
        """Check and record one attempt; the first attempt at a card also reviews it."""
        if not card.answers:
            raise ValueError(f"{card.id} has no answers to check against; use self_grade()")
        verdict = self.grade(card, typed)
        rating = auto_rating(True, elapsed_ms, self.target(card), self.config) if verdict.correct else Rating.Again
        self._record(card, VerdictStatus(verdict.status), typed, elapsed_ms, first_key_ms, rating, verdict)
        if verdict.correct:
            self._prepare_after(card)
        return verdict

    def attach(self, grader: Grader) -> None:
        """Grade with ``grader`` too (execute mode, second opinion); its first task starts now."""
        self.grader = grader
        if self.tasks:
            grader.prepare(self.tasks[0])

    def _prepare_after(self, card: Card) -> None:
        if self.grader is not None and card in self.tasks:
            i = self.tasks.index(card)
            if i + 1 < len(self.tasks):
                self.grader.prepare(self.tasks[i + 1])

    def self_grade(self, card: Card, ok: bool, elapsed_ms: int, first_key_ms: int | None) -> None:
        """For self-graded cards: the student says whether they got it (ok -> Good, else Again)."""
        self._record(card, VerdictStatus.CORRECT if ok else VerdictStatus.INCORRECT, None, elapsed_ms,
                     first_key_ms, Rating.Good if ok else None, None)
        self._prepare_after(card)

    def skip(self, card: Card, elapsed_ms: int, first_key_ms: int | None) -> None:
        """Give up on a task: verdict "skipped"; the card is reviewed Again."""
        self._record(card, VerdictStatus.SKIPPED, None, elapsed_ms, first_key_ms, None, None)
        if self.grader is not None:
            self.grader.skip(card)
            self._prepare_after(card)

    def personal_best_ms(self) -> int | None:
        """The week's best total so far (runs with every task correct), not counting this run."""
        best: int | None = self.store.speed_runs.best_ms(self.deck.week, exclude_run=self.run_id)
        return best

    def finish(self, *, stopped_at: str | None = None, stopped_as: str = "interrupted") -> SpeedResult:
        """Store the run and compare it with the personal best. Tasks never attempted count as
        "not reached" (the run then does not qualify for a best) -- except ``stopped_at``, the task on
        screen when the run was stopped, which counts as ``stopped_as``. A run with no attempt at
        all is not stored."""
        tasks: list[SpeedTaskResult] = []
        for card in self.tasks:
            r = self._state[card.id]
            unanswered = stopped_as if card.id == stopped_at else VerdictStatus.NOT_REACHED
            tasks.append({"id": card.id, "front": card.front, "verdict": str(r.verdict or unanswered),
                          "ms": r.ms, "first_key_ms": r.first_key_ms, "attempts": r.attempts})
        total = sum(t["ms"] for t in tasks)
        complete = bool(tasks) and all(t["verdict"] == VerdictStatus.CORRECT for t in tasks)
        previous = self.personal_best_ms()
        if self.run_id is not None:  # a run without a single attempt is not stored
            self.store.speed_runs.finish(self.run_id, finished=self.clock(), total_ms=total,
                                         tasks=tasks, complete=complete)
        self.finished = True
        new_best = complete and (previous is None or total < previous)
        best = total if new_best else previous
        return {"week": self.deck.week, "total_ms": total, "personal_best_ms": best, "new_best": new_best,
                "complete": complete, "tasks": tasks}
