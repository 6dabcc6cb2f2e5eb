"""The daily review session (and cram): what comes next, answering, undo, suspend, bury."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from drills.app.answering import Answer, Answering, Clock, as_rating, undo_answer
from drills.app.contracts import Outcome, ReviewProgress, ReviewSummary
from drills.deck.model import Card, Deck
from drills.deck.renames import RENAMED_IDS
from drills.kubectl.verdict import Verdict
from drills.schedule import QueueRules, Selection, StudyConfig, auto_rating, day_start, new_allowance, next_day_start
from drills.schedule.memory import Rating, State
from drills.app.store_protocols import StudyStore
from drills.vocabulary import SessionMode


class ReviewSession(Answering):
    """A daily review: due cards first (most overdue first), then new cards within the daily limit,
    by the queue policy of ``drills.schedule.queue_policy`` (kinds interleaved, siblings wait until
    tomorrow, dependencies first).

    ``limit``: at most this many answers in this session. ``new_per_day``: overrides the config's
    daily new-card limit (new cards already introduced today still count against it).

    ``cram=True`` goes through every active card of the selection once, due or not, logging each
    answer (mode "cram") without changing any schedule.
    """

    def __init__(self, store: StudyStore, decks: list[Deck], *, week: int | None = None, kind: str | None = None,
                 limit: int | None = None, cram: bool = False, config: StudyConfig | None = None,
                 clock: Clock | None = None, new_per_day: int | None = None):
        super().__init__(store, config, clock)
        if new_per_day is not None:  # e.g. a command-line override of the config's daily limit
            self.config = replace(self.config, new_cards_per_day=max(0, new_per_day))
        self.decks = decks
        self.kind = kind
        self.limit = limit
        self.cram = cram
        self.mode = SessionMode.CRAM if cram else SessionMode.REVIEW
        self.store.cards.sync(decks, self.clock(), RENAMED_IDS)
        self._cards = {c.id: c for d in decks for c in d.cards}
        self.weeks = sorted({d.week for d in decks if week is None or d.week == week})
        self._outcomes: list[Outcome] = []
        self._seen: list[str] = []  # answered in this session (cram shows each card once)
        self._pending: str | None = None  # card to show again after an undo

    # -- the queue -----------------------------------------------------------------------------
    def _card(self, card_id: str) -> Card:
        card = self._cards.get(card_id)
        return card if card is not None else self.store.cards.get(card_id).card()

    def _today(self, now: datetime) -> datetime:
        return day_start(now, self.config.day_starts_at_hour, self.tz)

    def _selection(self) -> Selection:
        return Selection.of(self.weeks, self.kind, self._seen if self.cram else ())

    def _rules(self, now: datetime) -> QueueRules:
        return QueueRules(siblings_since=self._today(now), dependencies=True)

    def _new_left_today(self, now: datetime) -> int:
        return new_allowance(self.config.new_cards_per_day, self.store.reviews.new_introduced_since(self._today(now)))

    def _remaining_limit(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - len(self._outcomes))

    def next_card(self) -> Card | None:
        """The card to show now, or None when the session is done."""
        if self._remaining_limit() == 0:
            return None
        if self._pending is not None:
            return self._card(self._pending)
        now = self.clock()
        cards, selection = self.store.cards, self._selection()
        if self.cram:
            card_id = cards.next_any(now, selection)
            return self._card(card_id) if card_id else None
        rules = self._rules(now)
        card_id = cards.next_due(now, selection, rules)
        if card_id is None and self._new_left_today(now) > 0:
            card_id = cards.next_new(now, selection, rules)
        if card_id is None and self.config.learn_ahead_minutes > 0:
            # Like Anki's learn-ahead limit: rather than stop, show learning cards due shortly.
            card_id = cards.next_due(now + timedelta(minutes=self.config.learn_ahead_minutes), selection, rules,
                                     states=(State.Learning, State.Relearning))
        card = self._card(card_id) if card_id else None
        if card is not None and self.grader is not None:
            self.grader.prepare(card)  # runs the deck's answer in the background while the card is read
        return card

    def progress(self, within_limit: bool = True) -> ReviewProgress:
        """Answers so far, cards due now and new cards still allowed today; both capped by what the
        session's limit leaves, unless ``within_limit`` is False (what is left today, for the summary)."""
        now = self.clock()
        cards, selection = self.store.cards, self._selection()
        if self.cram:
            due_left, new_left = cards.count_active(now, selection), 0
        else:
            rules = self._rules(now)
            due_left = cards.count_due(now, selection, rules)
            new_left = min(cards.count_new(now, selection, rules), self._new_left_today(now))
        cap = self._remaining_limit() if within_limit else None
        if cap is not None:
            due_left = min(due_left, cap)
            new_left = min(new_left, cap - due_left)
        return {"done": len(self._outcomes), "due_left": due_left, "new_left": new_left}

    # -- answering -----------------------------------------------------------------------------
    def _commit(self, card: Card, rating: Rating, elapsed_ms: int, typed: str | None, verdict: Verdict | None,
                auto: bool, target: int | None = None) -> Outcome:
        now = self.clock()
        elapsed_ms = max(0, int(elapsed_ms))
        answer = Answer(card=card, rating=rating, at=now, mode=self.mode, elapsed_ms=elapsed_ms, typed=typed,
                        verdict=verdict, auto=auto)
        review_id, after = self.commit(answer)
        outcome = Outcome(card=card, verdict=answer.verdict, rating=rating, auto=auto,
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
        verdict = self.grade(card, typed)
        target = self.target(card)
        rating = auto_rating(verdict.correct, elapsed_ms, target, self.config)
        return self._commit(card, rating, elapsed_ms, typed, verdict, True, target)

    def rate(self, card: Card, rating: int, elapsed_ms: int, typed: str | None = None) -> Outcome:
        """The student's own rating (flip, cloze and self-graded cards); commit."""
        return self._commit(card, as_rating(rating), elapsed_ms, typed, None, False)

    def override_rating(self, outcome: Outcome, rating: int) -> Outcome:
        """Replace the rating of the session's last answer (the card is rescheduled from its state
        before that answer, at that answer's moment)."""
        new_rating = as_rating(rating)
        if not self._outcomes or self._outcomes[-1].review_id != outcome.review_id:
            raise ValueError("only the last answer's rating can be changed")
        old = self._outcomes[-1]
        at = old.answered_at or self.clock()  # FSRS sees the answer at its original moment
        store = self.store
        with store.unit_of_work():
            logged = store.reviews.get_latest(old.review_id)
            previous = store.cards.get_by_num(logged.card_num).with_schedule(logged.before)
            store.reviews.set_rating(old.review_id, new_rating, auto=False)
            store.cards.restore_schedule(previous.num, logged.before)
            after = previous
            if not self.cram:
                after = self.reschedule(previous, new_rating, at, old.elapsed_ms)
                store.cards.set_schedule(after.num, after.memory, suspended=after.suspended, tags=after.tags)
        new = replace(old, rating=new_rating, auto=False, due=after.memory.due or at, answered_at=at)
        self._outcomes[-1] = new
        return new

    def undo(self) -> Card | None:
        """Undo the session's last answer (schedule restored, log row removed); that card comes next."""
        if not self._outcomes:
            return None
        outcome = self._outcomes[-1]
        undo_answer(self.store, outcome.review_id)
        self._outcomes.pop()
        if outcome.card.id in self._seen:
            self._seen.remove(outcome.card.id)
        self._pending = outcome.card.id
        return outcome.card

    def suspend(self, card: Card) -> None:
        self.store.suspensions.suspend(card.id, True)
        if self._pending == card.id:
            self._pending = None

    def bury(self, card: Card) -> None:
        """Hide the card until the next study day begins (day_starts_at_hour, local time)."""
        until = next_day_start(self.clock(), self.config.day_starts_at_hour, self.tz)
        self.store.suspensions.bury(card.id, until)
        if self._pending == card.id:
            self._pending = None

    def summary(self) -> ReviewSummary:
        """The session's numbers (see ReviewSummary)."""
        by_rating = {int(r): 0 for r in Rating}
        for o in self._outcomes:
            by_rating[int(o.rating)] += 1
        typed = [o.verdict for o in self._outcomes if o.verdict is not None]
        return {
            "reviewed": len(self._outcomes),
            "typed": len(typed),
            "correct": sum(1 for v in typed if v.correct),
            "again": by_rating[Rating.Again],
            "by_rating": by_rating,
            "ms": sum(o.elapsed_ms for o in self._outcomes),
        }
