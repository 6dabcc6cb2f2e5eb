"""Small builders shared by the store tests."""

from datetime import datetime, timezone

from drills.deck.model import Card, Deck
from drills.schedule import Rating
from drills.vocabulary import SessionMode

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


def card(week, kind, n, front=None, **kw):
    return Card(id=f"w{week:02d}.{kind}.{n:02d}", week=week, kind=kind, front=front or f"front {n}",
                back=f"back {n}", **kw)


def deck(week, *cards):
    return Deck(week=week, title=f"Week {week}", cards=list(cards))


def log_answer(store, card_id, *, at, rating, memory=None, mode=SessionMode.REVIEW, **fields):
    """One answer as the application layer commits it: the log row and (given ``memory``) the card's
    new schedule, in one unit of work. Returns (review id, the card after)."""
    with store.unit_of_work():
        before = store.cards.get(card_id)
        review_id = store.reviews.add(before, at=at, rating=Rating(rating), mode=mode, **fields)
        if memory is not None:
            store.cards.set_schedule(before.num, memory, suspended=before.suspended, tags=before.tags)
    return review_id, store.cards.get(card_id)
