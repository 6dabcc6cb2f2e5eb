"""Small builders shared by the store tests."""

from datetime import datetime, timezone

from drills.deck.model import Card, Deck

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


def card(week, kind, n, front=None, **kw):
    return Card(id=f"w{week:02d}.{kind}.{n:02d}", week=week, kind=kind, front=front or f"front {n}",
                back=f"back {n}", **kw)


def deck(week, *cards):
    return Deck(week=week, title=f"Week {week}", cards=list(cards))
