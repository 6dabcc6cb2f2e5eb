"""Study orchestration the terminal UI calls (edge): the daily review session and the speed drill.

It joins the store (what is due, the log), the pure scheduler (FSRS, auto-rating, day boundaries)
and the checker (kubectl.check). Every answer is committed in its own transaction before the method
returns. ``clock`` is injectable: () -> aware UTC datetime.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from drills.deck.model import Card, Deck
from drills.kubectl.verdict import Verdict
from drills.outcome import Outcome
from drills.schedule import (
    AGAIN, GOOD, StudyConfig, auto_rating, is_leech_lapse, make_scheduler, new_allowance,
    next_day_start, review_memory, target_ms,
)
from drills.schedule.days import day_start
from drills.schedule.memory import LEARNING, RELEARNING
from drills.store import CardRecord, CardUpdate, Store

Clock = Callable[[], datetime]
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def study_counts(decks: list[Deck], db_path=None, now: datetime | None = None) -> dict[int, dict[str, int]]:
    """{week: {"new", "learning", "due"}} for `drill decks`: what a review would show per week now.

    Reads the store only if it exists (listing decks never creates a database); cards the store has
    not seen yet count as new."""
    from pathlib import Path

    from drills.store import default_db_path

    path = Path(db_path).expanduser() if db_path else default_db_path()
    if not path.exists():
        return {d.week: {"new": len(d.cards), "learning": 0, "due": 0} for d in decks}
    store = Store.open(path)
    try:
        return store.deck_counts(now or utc_now(), decks)
    finally:
        store.close()


def _check(card: Card, typed: str) -> Verdict:
    from drills.kubectl import check

    return check(card.answers, typed)


class _Answering:
    """What the review session and the speed drill share: config, scheduler, committing answers."""

    def __init__(self, store: Store, config: StudyConfig | None, clock: Clock | None):
        if config is None:
            from drills.config import load_config

            config = load_config()
        self.store = store
        self.config = config
        self.clock: Clock = clock or utc_now
        self.scheduler = make_scheduler(config)
        from drills.config import timezone_of

        self.tz = timezone_of(config)
        # execute mode / the second opinion (drills.execute.grading): prepare(card) when a card is
        # shown, grade(card, typed, verdict) -> the verdict the student sees, skip(card), close()
        self.grader: Any = None

    def _grade(self, card: Card, typed: str) -> Verdict:
        verdict = _check(card, typed)
        return verdict if self.grader is None else self.grader.grade(card, typed, verdict)

    def _updater(self, rating: int, now: datetime, elapsed_ms: int | None):
        """The pure schedule change for one answer, run by the store inside the write lock."""
        cfg = self.config

        def update(before: CardRecord) -> CardUpdate:
            memory = review_memory(self.scheduler, before.memory, before.num, rating, now, elapsed_ms)
            suspended, tags = before.suspended, list(before.tags)
            if memory.lapses > before.memory.lapses and is_leech_lapse(memory.lapses, cfg.leech_threshold):
                tags = sorted(set(tags) | {"leech"})
                if cfg.leech_action == "suspend":
                    suspended = True
            return CardUpdate(memory=memory, suspended=suspended, tags=tags)

        return update

    def _target(self, card: Card) -> int:
        history = self.store.recent_correct_ms(card.id, self.config.history_size)
        return target_ms(card.answers, history, self.config)


class StudySession(_Answering):
    """A daily review: due cards first (most overdue first), then new cards within the daily limit.

    ``limit``: at most this many answers in this session. ``new_per_day``: overrides the config's
    daily new-card limit (new cards already introduced today still count against it).

    ``cram=True`` goes through every active card of the selection once, due or not, logging each
    answer (mode "cram") without changing any schedule.
    """

    def __init__(self, store: Store, decks: list[Deck], *, week: int | None = None, kind: str | None = None,
                 limit: int | None = None, cram: bool = False, config: StudyConfig | None = None,
                 clock: Clock | None = None, new_per_day: int | None = None):
        super().__init__(store, config, clock)
        if new_per_day is not None:  # e.g. a command-line override of the config's daily limit
            self.config = replace(self.config, new_cards_per_day=max(0, new_per_day))
        self.decks = decks
        self.kind = kind
        self.limit = limit
        self.cram = cram
        self.store.sync(decks, self.clock())
        self._cards = {c.id: c for d in decks for c in d.cards}
        self.weeks = sorted({d.week for d in decks if week is None or d.week == week})
        self._outcomes: list[Outcome] = []
        self._seen: list[str] = []  # answered in this session (cram shows each card once)
        self._pending: str | None = None  # card to show again after an undo

    # -- the queue -----------------------------------------------------------------------------
    def _card(self, card_id: str) -> Card:
        card = self._cards.get(card_id)
        return card if card is not None else self.store.card_record(card_id).card()

    def _new_left_today(self, now: datetime) -> int:
        start = day_start(now, self.config.day_starts_at_hour, self.tz)
        return new_allowance(self.config.new_cards_per_day, self.store.new_introduced_since(start))

    def _remaining_limit(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - len(self._outcomes))

    def next_card(self) -> Card | None:
        """The card to show now, or None when the session is done."""
        if self._remaining_limit() == 0:
            return None
        if self._pending is not None:
            return self._card(self._pending)
        now = self.clock()
        q: dict[str, Any] = {"weeks": self.weeks, "kind": self.kind}
        if self.cram:
            card_id = self.store.next_any(now, exclude=self._seen, **q)
            return self._card(card_id) if card_id else None
        card_id = self.store.next_due(now, **q)
        if card_id is None and self._new_left_today(now) > 0:
            card_id = self.store.next_new(now, **q)
        if card_id is None and self.config.learn_ahead_minutes > 0:
            # Like Anki's learn-ahead limit: rather than stop, show learning cards due shortly.
            card_id = self.store.next_due(now + timedelta(minutes=self.config.learn_ahead_minutes),
                                          states=(LEARNING, RELEARNING), **q)
        card = self._card(card_id) if card_id else None
        if card is not None and self.grader is not None:
            self.grader.prepare(card)  # runs the deck's answer in the background while the card is read
        return card

    def progress(self, within_limit: bool = True) -> dict[str, int]:
        """{"done": answers this session, "due_left": cards due now, "new_left": new cards still
        allowed today}; both capped by what the session's limit leaves, unless ``within_limit`` is
        False (what is left today, for the session's summary)."""
        now = self.clock()
        q: dict[str, Any] = {"weeks": self.weeks, "kind": self.kind}
        if self.cram:
            due_left, new_left = self.store.count_active(now, exclude=self._seen, **q), 0
        else:
            due_left = self.store.count_due(now, **q)
            new_left = min(self.store.count_new(now, **q), self._new_left_today(now))
        cap = self._remaining_limit() if within_limit else None
        if cap is not None:
            due_left = min(due_left, cap)
            new_left = min(new_left, cap - due_left)
        return {"done": len(self._outcomes), "due_left": due_left, "new_left": new_left}

    # -- answering -----------------------------------------------------------------------------
    def _commit(self, card: Card, rating: int, elapsed_ms: int, typed: str | None, verdict: Verdict | None,
                auto: bool, target: int | None = None) -> Outcome:
        if rating not in RATING_NAMES:
            raise ValueError(f"rating must be 1..4, got {rating!r}")
        elapsed_ms = max(0, int(elapsed_ms))
        now = self.clock()
        update = None if self.cram else self._updater(rating, now, elapsed_ms)
        review_id, after = self.store.record_review(
            card.id, at=now, rating=rating, duration_ms=elapsed_ms, typed=typed,
            verdict=verdict.to_dict() if verdict else None, auto=auto,
            mode="cram" if self.cram else "review", update=update,
        )
        outcome = Outcome(card=card, verdict=verdict, rating=rating, auto=auto,
                          due=after.memory.due or now, review_id=review_id, elapsed_ms=elapsed_ms,
                          target_ms=target, answered_at=now)
        self._outcomes.append(outcome)
        self._seen.append(card.id)
        if self._pending == card.id:
            self._pending = None
        return outcome

    def answer_typed(self, card: Card, typed: str, elapsed_ms: int) -> Outcome:
        """Check a typed command, rate it automatically (docs/study.md) and commit."""
        if not card.answers:
            raise ValueError(f"{card.id} has no answers to check against; use rate()")
        verdict = self._grade(card, typed)
        target = self._target(card)
        rating = auto_rating(verdict.correct, elapsed_ms, target, self.config)
        return self._commit(card, rating, elapsed_ms, typed, verdict, True, target)

    def rate(self, card: Card, rating: int, elapsed_ms: int, typed: str | None = None) -> Outcome:
        """The student's own rating (flip, cloze and self-graded cards); commit."""
        return self._commit(card, rating, elapsed_ms, typed, None, False)

    def override_rating(self, outcome: Outcome, rating: int) -> Outcome:
        """Replace the rating of the session's last answer (the card is rescheduled from its state
        before that answer)."""
        if rating not in RATING_NAMES:
            raise ValueError(f"rating must be 1..4, got {rating!r}")
        if not self._outcomes or self._outcomes[-1].review_id != outcome.review_id:
            raise ValueError("only the last answer's rating can be changed")
        old = self._outcomes[-1]
        # FSRS sees the answer at its original moment, not at the time of the key press.
        at = old.answered_at or self.clock()
        update = None if self.cram else self._updater(rating, at, old.elapsed_ms)
        after = self.store.replace_rating(outcome.review_id, rating, update, auto=False)
        new = Outcome(card=old.card, verdict=old.verdict, rating=rating, auto=False,
                      due=after.memory.due or at, review_id=old.review_id, elapsed_ms=old.elapsed_ms,
                      target_ms=old.target_ms, answered_at=at)
        self._outcomes[-1] = new
        return new

    def undo(self) -> Card | None:
        """Undo the session's last answer (schedule restored, log row removed); that card comes next."""
        if not self._outcomes:
            return None
        outcome = self._outcomes[-1]
        self.store.undo_review(outcome.review_id)
        self._outcomes.pop()
        if outcome.card.id in self._seen:
            self._seen.remove(outcome.card.id)
        self._pending = outcome.card.id
        return outcome.card

    def suspend(self, card: Card) -> None:
        self.store.set_suspended(card.id, True)
        if self._pending == card.id:
            self._pending = None

    def bury(self, card: Card) -> None:
        """Hide the card until the next study day begins (day_starts_at_hour, local time)."""
        until = next_day_start(self.clock(), self.config.day_starts_at_hour, self.tz)
        self.store.bury(card.id, until)
        if self._pending == card.id:
            self._pending = None

    def summary(self) -> dict[str, Any]:
        """{"reviewed": answers, "typed": typed answers checked, "correct": of those judged correct,
        "again": answers rated Again, "by_rating": {1: n, 2: n, 3: n, 4: n}, "ms": total answer time}."""
        by_rating = {r: 0 for r in RATING_NAMES}
        for o in self._outcomes:
            by_rating[o.rating] += 1
        typed = [o for o in self._outcomes if o.verdict is not None]
        return {
            "reviewed": len(self._outcomes),
            "typed": len(typed),
            "correct": sum(1 for o in typed if o.verdict is not None and o.verdict.correct),
            "again": by_rating[AGAIN],
            "by_rating": by_rating,
            "ms": sum(o.elapsed_ms for o in self._outcomes),
        }


@dataclass
class _TaskResult:
    attempts: int = 0
    ms: int = 0
    first_key_ms: int | None = None
    verdict: str | None = None
    reviewed: bool = False


class SpeedRun(_Answering):
    """One timed pass over a week's command cards.

    The first attempt at a task decides that card's FSRS review (mode "speed"): correct -> the
    auto-rating, wrong or skipped -> Again; later attempts are only logged. A run's total is the sum
    of the time spent on every attempt; it counts for the personal best when every task ended correct.
    """

    def __init__(self, store: Store, deck: Deck, *, shuffle: bool = False, seed: int | None = None,
                 clock: Clock | None = None, config: StudyConfig | None = None):
        super().__init__(store, config, clock)
        self.deck = deck
        self.shuffled = shuffle
        self.store.sync([deck], self.clock())
        self.tasks: list[Card] = [c for c in deck.cards if c.kind == "command"]
        if shuffle:
            random.Random(seed).shuffle(self.tasks)
        self._results: dict[str, _TaskResult] = {c.id: _TaskResult() for c in self.tasks}
        self.run_id: int | None = None
        self.finished = False

    def _run(self) -> int:
        if self.run_id is None:
            self.run_id = self.store.start_run(self.deck.week, self.clock(), self.shuffled)
        return self.run_id

    def _record(self, card: Card, status: str, typed: str | None, elapsed_ms: int,
                first_key_ms: int | None, correct_rating: int | None, verdict: Verdict | None) -> None:
        elapsed_ms = max(0, int(elapsed_ms))
        result = self._results.setdefault(card.id, _TaskResult())
        run_id = self._run()
        now = self.clock()
        result.attempts += 1
        result.ms += elapsed_ms
        if result.first_key_ms is None:
            result.first_key_ms = first_key_ms
        result.verdict = status
        attempt = {"run_id": run_id, "attempt": result.attempts, "at": now, "typed": typed,
                   "verdict": status, "ms": elapsed_ms, "first_key_ms": first_key_ms}
        if result.reviewed:
            self.store.add_attempt(run_id, card.id, attempt=result.attempts, at=now, verdict=status,
                                   ms=elapsed_ms, typed=typed, first_key_ms=first_key_ms)
            return
        rating = correct_rating if status == "correct" and correct_rating else AGAIN
        self.store.record_review(
            card.id, at=now, rating=rating, duration_ms=elapsed_ms, typed=typed,
            verdict=verdict.to_dict() if verdict else None, auto=True, mode="speed",
            update=self._updater(rating, now, elapsed_ms), attempt=attempt,
        )
        result.reviewed = True

    def attempt(self, card: Card, typed: str, elapsed_ms: int, first_key_ms: int | None) -> Verdict:
        """Check and record one attempt; the first attempt at a card also reviews it."""
        if not card.answers:
            raise ValueError(f"{card.id} has no answers to check against; use self_grade()")
        verdict = self._grade(card, typed)
        rating = auto_rating(True, elapsed_ms, self._target(card), self.config) if verdict.correct else AGAIN
        self._record(card, verdict.status, typed, elapsed_ms, first_key_ms, rating, verdict)
        if verdict.correct:
            self._prepare_after(card)
        return verdict

    def attach(self, grader: Any) -> None:
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
        self._record(card, "correct" if ok else "incorrect", None, elapsed_ms, first_key_ms,
                     GOOD if ok else None, None)
        self._prepare_after(card)

    def skip(self, card: Card, elapsed_ms: int, first_key_ms: int | None) -> None:
        """Give up on a task: verdict "skipped"; the card is reviewed Again."""
        self._record(card, "skipped", None, elapsed_ms, first_key_ms, None, None)
        if self.grader is not None:
            self.grader.skip(card)
            self._prepare_after(card)

    def finish(self, *, stopped_at: str | None = None, stopped_as: str = "interrupted") -> dict[str, Any]:
        """Store the run and compare it with the personal best. Tasks never attempted count as
        "not reached" (the run then does not qualify for a best) -- except ``stopped_at``, the task on
        screen when the run was stopped, which counts as ``stopped_as``. A run with no attempt at
        all is not stored."""
        tasks: list[dict[str, Any]] = []
        for card in self.tasks:
            r = self._results[card.id]
            unanswered = stopped_as if card.id == stopped_at else "not reached"
            tasks.append({"id": card.id, "front": card.front, "verdict": r.verdict or unanswered,
                          "ms": r.ms, "first_key_ms": r.first_key_ms, "attempts": r.attempts})
        total = sum(t["ms"] for t in tasks)
        complete = bool(tasks) and all(t["verdict"] == "correct" for t in tasks)
        previous = self.store.best_run_ms(self.deck.week, exclude_run=self.run_id)
        if self.run_id is not None:  # a run without a single attempt is not stored
            self.store.finish_run(self.run_id, finished=self.clock(), total_ms=total, tasks=tasks,
                                  complete=complete)
        self.finished = True
        new_best = complete and (previous is None or total < previous)
        best = total if new_best else previous
        return {"week": self.deck.week, "total_ms": total, "personal_best_ms": best, "new_best": new_best,
                "complete": complete, "tasks": tasks}
