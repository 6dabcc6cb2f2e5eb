"""One answer, top to bottom: what the review session and the speed drill share.

    verdict = check(card, typed)                        drills.kubectl (typed answers)
    rating  = auto_rating(verdict, time, target)        drills.schedule.rating (or the student's key)
    with store.unit_of_work():                          one transaction, committed before returning
        before = store.cards.get(card)                  read under the write lock
        memory = review_memory(before, rating, now)     FSRS (drills.schedule.memory)
        suspended, tags = leech.after_answer(...)       the leech rule (drills.schedule.leech)
        store.reviews.add(before, ...)                  the review log (with the state before: undo)
        store.cards.set_schedule(...)                   the card's new schedule
        store.speed_runs.add_attempt(...)               a speed drill's attempt row (naming the review), if any

``clock`` is injectable: () -> aware UTC datetime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import Callable

from drills.deck.model import Card
from drills.app.contracts import Grader
from drills.kubectl.verdict import Verdict
from drills.schedule import StudyConfig, after_answer, make_scheduler, review_memory, target_ms
from drills.schedule.memory import Rating
from drills.app.store_protocols import StudyStore
from drills.store.records import Attempt, CardRecord, with_memory
from drills.vocabulary import SessionMode, VerdictStatus

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def check(card: Card, typed: str) -> Verdict:
    """The checker's verdict on a typed answer to ``card``: a front that asks to see something
    ("… and print its NodePort") makes every read of the answer required (drills.deck.checks)."""
    from drills.deck.checks import asks_to_see
    from drills.kubectl import check as check_answer

    return check_answer(card.answers, typed, reads_required=asks_to_see(card.front))


def as_rating(rating: int) -> Rating:
    """A rating key 1..4 as fsrs's Rating; anything else is a ValueError."""
    try:
        return Rating(rating)
    except ValueError:
        raise ValueError(f"rating must be 1..4, got {rating!r}") from None


@dataclass
class Answer:
    """One answer to commit: who, when, how it was rated, and what was typed and judged."""

    card: Card
    rating: Rating
    at: datetime
    mode: SessionMode
    elapsed_ms: int
    typed: str | None = None
    verdict: Verdict | None = None
    auto: bool = False


@dataclass(frozen=True)
class SpeedAttempt:
    """A speed-drill attempt, stored with its answer (which gives the card, the moment and the text)."""

    run_id: int
    attempt: int  # 1 for the first attempt at the task
    verdict: VerdictStatus
    ms: int
    first_key_ms: int | None

    def row(self, card_num: int, at: datetime, typed: str | None, review_id: int | None = None) -> Attempt:
        """The attempt as the store keeps it (``review_id``: the review it made, if any)."""
        return Attempt(run_id=self.run_id, card_num=card_num, attempt=self.attempt, at=at, verdict=self.verdict,
                       ms=self.ms, typed=typed, first_key_ms=self.first_key_ms, review_id=review_id)


class Answering:
    """Config, scheduler, clock and the unit of work for one answer."""

    def __init__(self, store: StudyStore, config: StudyConfig | None, clock: Clock | None):
        if config is None:
            from drills.config import load_config

            config = load_config()
        self.store = store
        self.config = config
        self.clock: Clock = clock or utc_now
        self.scheduler = make_scheduler(config)
        from drills.config import timezone_of

        self.tz: tzinfo | None = timezone_of(config)
        # Execute mode / the second opinion (drills.execute.grading), when the CLI attaches one.
        self.grader: Grader | None = None

    def grade(self, card: Card, typed: str) -> Verdict:
        """The verdict the student sees: the checker's, or the attached grader's view of it."""
        verdict = check(card, typed)
        return verdict if self.grader is None else self.grader.grade(card, typed, verdict)

    def close(self) -> None:
        """Close the store this session opened its work in."""
        self.store.close()

    def target(self, card: Card) -> int:
        """The time a typed answer to ``card`` is rated against (adapts to the student's own pace)."""
        history = self.store.reviews.recent_correct_ms(card.id, self.config.history_size)
        return target_ms(card.answers, history, self.config)

    def reschedule(self, before: CardRecord, rating: Rating, at: datetime, elapsed_ms: int | None) -> CardRecord:
        """The card after answering ``rating`` at ``at``: FSRS, then the leech rule (pure)."""
        memory = review_memory(self.scheduler, before.memory, before.num, rating, at, elapsed_ms)
        suspended, tags = after_answer(before.memory.lapses, memory.lapses, before.tags, before.suspended,
                                       threshold=self.config.leech_threshold, action=self.config.leech_action)
        return with_memory(before, memory, suspended, tags)

    def commit(self, answer: Answer, *, attempt: SpeedAttempt | None = None) -> tuple[int, CardRecord]:
        """Log ``answer`` and (except when cramming) reschedule its card, in ONE transaction.

        ``attempt``: a speed-drill attempt stored with it.
        Returns (review id, the card after)."""
        store = self.store
        with store.unit_of_work():
            before = store.cards.get(answer.card.id)
            after = before
            if answer.mode != SessionMode.CRAM:
                after = self.reschedule(before, answer.rating, answer.at, answer.elapsed_ms)
            review_id = store.reviews.add(
                before, at=answer.at, rating=answer.rating, mode=answer.mode, duration_ms=answer.elapsed_ms,
                typed=answer.typed, verdict=answer.verdict,
                auto=answer.auto)
            if after is not before:
                store.cards.set_schedule(before.num, after.memory, suspended=after.suspended, tags=after.tags)
            if attempt is not None:
                store.speed_runs.add_attempt(attempt.row(before.num, answer.at, answer.typed, review_id))
        return review_id, after


def undo_answer(store: StudyStore, review_id: int) -> str:
    """Take back a logged answer: the card's schedule as it was before, the log row removed (one
    unit of work; only a card's latest answer can be undone). Returns the card id."""
    with store.unit_of_work():
        logged = store.reviews.get_latest(review_id)
        card = store.cards.get_by_num(logged.card_num)
        store.cards.restore_schedule(card.num, logged.before)
        store.reviews.delete(review_id)
    return card.id
