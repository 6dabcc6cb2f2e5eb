"""A review session over the in-memory store (tests/app/memory_store.py): the application layer needs
nothing of SQLite beyond the Protocols of drills.app.store_protocols.

What the student sees: new cards in the policy's order, the typed answer judged and recorded, the
due date they are told is the one the store keeps, and on a later day the cards come back most
overdue first, each not before that date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from drills.app.review import ReviewSession
from drills.deck.model import Card, Deck
from drills.schedule import StudyConfig
from drills.schedule.memory import Rating, State
from drills.vocabulary import SessionMode

from .memory_store import MemoryStore

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
CONFIG = StudyConfig(fuzzing=False, timezone="UTC", learn_ahead_minutes=0)
DECK = Deck(week=6, title="Week 6", cards=[
    Card(id="w06.command.01", week=6, kind="command", front="List the pods", back="kubectl get pods",
         answers=["kubectl get pods"]),
    Card(id="w06.command.02", week=6, kind="command", front="List the services", back="kubectl get svc",
         answers=["kubectl get svc"]),
    Card(id="w06.concept.01", week=6, kind="concept", front="What selects a Service's pods?", back="Its selector"),
])


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def review(store: MemoryStore, clock: Clock, limit: int | None = None) -> ReviewSession:
    return ReviewSession(store, [DECK], clock=clock, config=CONFIG, limit=limit)


def test_a_review_session_runs_over_an_in_memory_store() -> None:
    store, clock = MemoryStore(), Clock()
    first = review(store, clock, limit=3)
    assert first.progress() == {"done": 0, "due_left": 0, "new_left": 3}

    # New cards: the kinds take turns (a command, the concept, the second command).
    card = first.next_card()
    assert card is not None and card.id == "w06.command.01"
    typed = first.answer_typed(card, "kubectl get pods", elapsed_ms=2500)
    assert typed.verdict is not None and typed.verdict.correct and typed.auto
    clock.now += timedelta(minutes=1)
    concept = first.next_card()
    assert concept is not None and concept.id == "w06.concept.01"
    again = first.rate(concept, Rating.Again, elapsed_ms=4000)
    clock.now += timedelta(seconds=30)  # Again: back in a minute; new cards meanwhile
    second = first.next_card()
    assert second is not None and second.id == "w06.command.02"
    easy = first.rate(second, Rating.Easy, elapsed_ms=3000)
    assert first.next_card() is None  # the session's limit
    assert store.units_of_work == 3  # one unit of work per answer

    # The answers are recorded as given, newest first.
    log = store.reviews.log()
    assert [(r.card_id, r.rating, r.mode, r.typed) for r in log] == [
        ("w06.command.02", Rating.Easy, SessionMode.REVIEW, None),
        ("w06.concept.01", Rating.Again, SessionMode.REVIEW, None),
        ("w06.command.01", typed.rating, SessionMode.REVIEW, "kubectl get pods")]
    assert log[2].verdict == typed.verdict and log[2].auto and log[2].state_before is None

    # The due date the student was told is the card's schedule in the store.
    told = {o.card.id: o.due for o in (typed, again, easy)}
    assert {i: store.cards.get(i).memory.due for i in told} == told
    assert told["w06.concept.01"] - again.answered_at <= timedelta(minutes=10)  # Again: back within minutes
    assert told["w06.command.02"] - easy.answered_at >= timedelta(days=1)  # Easy: days later
    assert store.cards.get("w06.command.02").memory.state == State.Review

    # A minute before the last due date, the others come back most overdue first, and that one not yet.
    clock.now = max(told.values()) - timedelta(minutes=1)
    later = review(store, clock)
    seen = []
    while (card := later.next_card()) is not None:
        seen.append(card.id)
        later.rate(card, Rating.Good, elapsed_ms=1000)
    waiting = max(told, key=lambda i: told[i])
    assert seen == sorted((i for i in told if i != waiting), key=lambda i: told[i])
    assert later.progress(within_limit=False) == {"done": len(seen), "due_left": 0, "new_left": 0}
    # At its due date it is shown.
    clock.now = told[waiting]
    assert review(store, clock).next_card() == next(c for c in DECK.cards if c.id == waiting)


def test_undo_over_the_in_memory_store_puts_the_card_back_as_it_was() -> None:
    store, clock = MemoryStore(), Clock()
    session = review(store, clock)
    card = session.next_card()
    assert card is not None
    session.rate(card, Rating.Good, elapsed_ms=1000)
    assert store.cards.get(card.id).memory.state == State.Learning
    assert session.undo() == card
    assert store.cards.get(card.id).memory.state is None and store.reviews.log() == []
    assert session.next_card() == card
