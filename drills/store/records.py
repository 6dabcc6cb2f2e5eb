"""Values the store hands out and takes in (no SQL here)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypedDict, overload

from drills.deck.model import Card
from drills.kubectl.verdict import Verdict
from drills.schedule.memory import Memory, Rating, State
from drills.vocabulary import SessionMode, VerdictStatus


def to_ms(moment: datetime | None) -> int | None:
    """Aware datetime -> integer milliseconds since the epoch."""
    if moment is None:
        return None
    return round(moment.timestamp() * 1000)


@overload
def from_ms(ms: int) -> datetime: ...
@overload
def from_ms(ms: None) -> None: ...
def from_ms(ms: int | None) -> datetime | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, timezone.utc)


@dataclass
class CardRecord:
    """A card as the store knows it: the last synced snapshot plus its schedule."""

    id: str
    num: int
    week: int
    kind: str
    snapshot: dict[str, Any]
    position: int = 0
    retired: bool = False
    suspended: bool = False
    buried_until: datetime | None = None
    tags: list[str] = field(default_factory=list)
    memory: Memory = field(default_factory=Memory)

    def card(self) -> Card:
        return Card.from_dict(self.snapshot)

    def schedule(self) -> "Schedule":
        """What an answer changes: saved in the review log with it (for undo and re-rating)."""
        return Schedule(memory=self.memory, suspended=self.suspended, buried_until=self.buried_until,
                        tags=list(self.tags))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "CardRecord":
        return cls(
            id=row["id"], num=row["num"], week=row["week"], kind=row["kind"],
            snapshot=json.loads(row["snapshot"]), position=row.get("position", 0) or 0,
            retired=bool(row["retired"]), suspended=bool(row["suspended"]),
            buried_until=from_ms(row["buried_until"]), tags=json.loads(row["tags"] or "[]"),
            memory=Memory(
                state=None if row["state"] is None else State(row["state"]), step=row["step"],
                stability=row["stability"],
                difficulty=row["difficulty"], due=from_ms(row["due"]),
                last_review=from_ms(row["last_review"]), reps=row["reps"], lapses=row["lapses"],
            ),
        )

    def with_schedule(self, schedule: "Schedule") -> "CardRecord":
        """This record with ``schedule`` (e.g. as saved in the review log before an answer)."""
        return CardRecord(
            id=self.id, num=self.num, week=self.week, kind=self.kind, snapshot=self.snapshot,
            position=self.position, retired=self.retired, suspended=schedule.suspended,
            buried_until=schedule.buried_until, tags=list(schedule.tags), memory=schedule.memory,
        )


@dataclass(frozen=True)
class Schedule:
    """A card's schedule as an answer found it: its FSRS memory, suspension, bury and tags.

    The review log keeps it with each answer (``reviews.before``: ``to_dict()`` as JSON, times in
    epoch milliseconds) so that the answer can be undone or re-rated exactly."""

    memory: Memory
    suspended: bool = False
    buried_until: datetime | None = None
    tags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object stored in ``reviews.before`` (its keys are the ``cards`` columns)."""
        m = self.memory
        return {
            "state": m.state, "step": m.step, "stability": m.stability, "difficulty": m.difficulty,
            "due": to_ms(m.due), "last_review": to_ms(m.last_review), "reps": m.reps,
            "lapses": m.lapses, "suspended": int(self.suspended),
            "buried_until": to_ms(self.buried_until), "tags": list(self.tags),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Schedule":
        """Read back ``to_dict()`` (rows written before bury and tags were saved lack them)."""
        return cls(
            memory=Memory(
                state=None if d.get("state") is None else State(d["state"]), step=d.get("step"),
                stability=d.get("stability"), difficulty=d.get("difficulty"), due=from_ms(d.get("due")),
                last_review=from_ms(d.get("last_review")), reps=d.get("reps", 0) or 0,
                lapses=d.get("lapses", 0) or 0,
            ),
            suspended=bool(d.get("suspended", 0)), buried_until=from_ms(d.get("buried_until")),
            tags=list(d.get("tags") or []),
        )


@dataclass(frozen=True)
class LoggedAnswer:
    """A card's latest logged answer (the only one that can be undone or re-rated): its review id,
    the card's row number and the card's schedule before it."""

    review_id: int
    card_num: int
    before: Schedule


@dataclass(frozen=True)
class LoggedReview:
    """One answer in the review log, as `drill history export`, the Anki export and the stats read it."""

    id: int
    card_id: str
    card_num: int
    at: datetime  # aware UTC
    rating: Rating
    mode: SessionMode
    auto: bool  # rated automatically (a typed answer's verdict and time), not by the student
    before: Schedule  # the card's schedule before this answer
    duration_ms: int | None = None
    typed: str | None = None
    verdict: Verdict | None = None  # the checker's verdict (typed answers)
    state_before: State | None = None  # None: the card was new
    correct: bool | None = None  # the verdict was correct (None: self-rated)


@dataclass(frozen=True)
class HistoryEntry:
    """One answer as `drill history export` lists it: the review log row with its card's week and kind."""

    review_id: int
    at: datetime  # aware UTC
    card_id: str
    week: int
    kind: str
    mode: str  # a SessionMode value
    rating: Rating
    state_before: State | None  # None: the card was new
    duration_ms: int | None
    auto: bool
    verdict: str | None  # the verdict's status (correct | incorrect | unreadable); None for self-rated cards
    typed: str | None


def with_memory(record: CardRecord, memory: Memory, suspended: bool, tags: list[str]) -> CardRecord:
    """``record`` after an answer set its memory state (and the leech rule its suspension and tags)."""
    return CardRecord(**{**record.__dict__, "memory": memory, "suspended": suspended, "tags": sorted(set(tags))})


@dataclass
class Attempt:
    """One attempt at one task of a run (the first one also reviews the card, in the same unit of work:
    ``review_id`` is that review)."""

    run_id: int
    card_num: int
    attempt: int
    at: datetime
    verdict: VerdictStatus
    ms: int
    typed: str | None = None
    first_key_ms: int | None = None
    review_id: int | None = None


class SyncCounts(TypedDict):
    """What a deck sync did: cards added, updated (new snapshot), retired (gone from the deck),
    revived (back in the deck, with their history)."""

    added: int
    updated: int
    retired: int
    revived: int


class HiddenCard(TypedDict):
    """A card the queue skips on purpose: suspended (``leech``: tagged leech) or buried ``until``."""

    id: str
    week: int
    kind: str
    front: str  # as last synced
    leech: bool
    lapses: int
    until: datetime | None  # buried until (aware UTC), or None


class BuriedCard(TypedDict):
    """A card buried (and not suspended): hidden ``until`` the study day it comes back (aware UTC)."""

    id: str
    week: int
    kind: str
    front: str
    leech: bool
    lapses: int
    until: datetime


class Hidden(TypedDict):
    suspended: list[HiddenCard]
    buried: list[BuriedCard]


class Unsuspended(TypedDict):
    """What unsuspending did to one selected card (all False: it was not hidden)."""

    id: str
    week: int
    kind: str
    unsuspended: bool
    unburied: bool
    leech_cleared: bool


class SpeedWeek(TypedDict):
    """A week's speed drills: finished runs, runs with every task correct, the personal best and when."""

    week: int
    runs: int
    complete_runs: int
    best_ms: int | None
    best_at: str | None  # ISO time
