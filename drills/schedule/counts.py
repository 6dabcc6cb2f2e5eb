"""How many cards stand where: the one definition `drill stats`, `drill decks` and bare `drill` share.

Every card of a deck is in exactly one place, so the places add up to the total:

    new        never answered, and in the queue
    learning   learning or relearning, in the queue
    review     in review, in the queue
    suspended  suspended by hand or as a leech, whatever its state
    buried     hidden until a later study day (and not suspended)

Two more counts overlap those: ``due`` (learning and review cards due now: what a review shows
before any new card) and ``leeches`` (cards tagged leech, most of them suspended too).
Pure: the caller passes each card's standing (``None`` for a card the study database has not seen
yet, which is new) and ``now``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import NamedTuple

from drills.schedule.memory import State

PLACES = ("new", "learning", "review", "suspended", "buried")


class Standing(NamedTuple):
    """One card as the study database has it (times in epoch milliseconds)."""

    state: int | None  # fsrs State: None = never answered
    due: int | None
    suspended: bool
    buried_until: int | None
    leech: bool


@dataclass(frozen=True)
class CardCounts:
    """The counts of one selection of cards (see the module docstring for each one's meaning)."""

    new: int = 0
    learning: int = 0
    review: int = 0
    suspended: int = 0
    buried: int = 0
    due: int = 0
    leeches: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, place) for place in PLACES)

    def __add__(self, other: CardCounts) -> CardCounts:
        return CardCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def to_dict(self) -> dict[str, int]:
        """The documented JSON shape (``leech`` for the leeches, as `drill stats --json` always had)."""
        return {"total": self.total, **{p: getattr(self, p) for p in PLACES}, "due": self.due,
                "leech": self.leeches}


def count_cards(standings: Iterable[Standing | None], now: datetime) -> CardCounts:
    """Count cards by place; ``None`` is a card not in the study database yet (new)."""
    now_ms = int(now.timestamp() * 1000)
    tally = dict.fromkeys(PLACES, 0)
    due = leeches = 0
    for s in standings:
        if s is None:
            tally["new"] += 1
            continue
        leeches += s.leech
        if s.suspended:
            tally["suspended"] += 1
        elif s.buried_until is not None and s.buried_until > now_ms:
            tally["buried"] += 1
        elif s.state is None:
            tally["new"] += 1
        else:
            tally["review" if s.state == State.Review else "learning"] += 1
            due += s.due is not None and s.due <= now_ms
    return CardCounts(**tally, due=due, leeches=leeches)
