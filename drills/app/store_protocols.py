"""What the application layer asks of the study database, as code: one Protocol per table and one
for the store with its unit of work.

The review and speed sessions, the stats and the undo are written against these Protocols, not
against ``drills.store.Store`` (SQLite); mypy proves that ``Store`` satisfies ``StudyStore``
(``drills.app.storage.open_store`` returns it as one), and the tests' in-memory store
(``tests/app/memory_store.py``) implements the same Protocols, so a session can run without SQL.

The values crossing this border are the store's plain records (``drills.store.records``: no SQL):
``CardRecord``, ``Schedule``, ``LoggedAnswer``, ``Attempt`` and the TypedDicts of what is listed.
Writing methods commit at once, or with the unit of work they run in.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Protocol, Sequence

if TYPE_CHECKING:  # types only: the store package is loaded by whoever opens one
    from drills.deck.model import Deck
    from drills.kubectl.verdict import Verdict
    from drills.schedule.counts import Standing
    from drills.schedule.memory import Memory, Rating
    from drills.schedule.queue_policy import QueueRules, Selection
    # The records crossing the border, re-exported for the layers above (the exports may not import
    # drills.store).
    from drills.store.records import Attempt as Attempt
    from drills.store.records import CardRecord as CardRecord
    from drills.store.records import Hidden as Hidden
    from drills.store.records import HistoryEntry as HistoryEntry
    from drills.store.records import LoggedAnswer as LoggedAnswer
    from drills.store.records import LoggedReview as LoggedReview
    from drills.store.records import Schedule as Schedule
    from drills.store.records import SpeedWeek as SpeedWeek
    from drills.store.records import SyncCounts as SyncCounts
    from drills.store.records import Unsuspended as Unsuspended
    from drills.vocabulary import SessionMode


class CardTable(Protocol):
    """The deck's cards as last synced, each with its FSRS schedule; the queue's queries.

    ``selection`` narrows a query (weeks, kind, ids to leave out); ``rules`` applies the queue
    policy of ``drills.schedule.queue_policy`` (siblings wait, dependencies first)."""

    def sync(self, decks: list[Deck], now: datetime, renamed: Mapping[str, str] | None = None) -> SyncCounts:
        """Make the stored cards match ``decks``: add, update, retire (never delete), revive."""
        ...

    def get(self, card_id: str) -> CardRecord:
        """The card ``card_id``; an unknown id is a DrillsError."""
        ...

    def get_by_num(self, num: int) -> CardRecord: ...
    def all(self, *, include_retired: bool = False) -> list[CardRecord]: ...

    def set_schedule(self, num: int, memory: Memory, *, suspended: bool, tags: list[str]) -> None:
        """An answer's result: the card's new memory (and the leech rule's suspension and tags)."""
        ...

    def restore_schedule(self, num: int, before: Schedule) -> None:
        """Put back a schedule saved in the review log (undo, re-rating)."""
        ...

    def next_due(self, now: datetime, selection: Selection = ..., rules: QueueRules | None = None,
                 *, states: Iterable[int] | None = None) -> str | None:
        """The most overdue active card due at ``now`` (of ``states``, if given)."""
        ...

    def next_new(self, now: datetime, selection: Selection = ..., rules: QueueRules | None = None) -> str | None:
        """The first never-answered active card in the policy's order."""
        ...

    def next_any(self, now: datetime, selection: Selection = ...) -> str | None:
        """Cramming: any active card; soonest due first, then new ones."""
        ...

    def count_due(self, now: datetime, selection: Selection = ..., rules: QueueRules | None = None) -> int: ...
    def count_new(self, now: datetime, selection: Selection = ..., rules: QueueRules | None = None) -> int: ...
    def count_active(self, now: datetime, selection: Selection = ...) -> int: ...

    def standings(self, *, weeks: Iterable[int] | None = None) -> dict[str, tuple[int, Standing]]:
        """{card id: (week, standing)} of every card not retired (what drills.schedule.counts counts)."""
        ...

    def due_times(self, *, weeks: Iterable[int] | None = None) -> list[int]:
        """Due times (epoch ms) of every scheduled, active card."""
        ...


class ReviewLog(Protocol):
    """Every answer ever given, one entry each, with the card's schedule before it."""

    def add(self, before: CardRecord, *, at: datetime, rating: Rating, mode: SessionMode,
            duration_ms: int | None = None, typed: str | None = None, verdict: Verdict | None = None,
            auto: bool = False) -> int:
        """Log one answer to the card ``before`` (as it was before the answer); returns its review id.
        ``verdict``: the checker's ``Verdict.to_dict()`` (typed answers)."""
        ...

    def get_latest(self, review_id: int) -> LoggedAnswer:
        """The answer ``review_id`` if it is still its card's latest (else a DrillsError)."""
        ...

    def delete(self, review_id: int) -> None: ...
    def set_rating(self, review_id: int, rating: Rating, *, auto: bool) -> None: ...

    def log(self, card_id: str | None = None, limit: int | None = None) -> list[LoggedReview]:
        """Logged answers (of ``card_id``, if given), newest first."""
        ...

    def history(self) -> Iterator[HistoryEntry]:
        """Every logged answer, oldest first, with its card's week and kind."""
        ...

    def new_introduced_since(self, since: datetime) -> int:
        """New cards first answered in review sessions since ``since`` (the daily new-card count)."""
        ...

    def recent_correct_ms(self, card_id: str, n: int) -> list[int]:
        """The latest ``n`` correct typed-answer times on the card, newest first."""
        ...

    def times(self, since: datetime, *, weeks: Iterable[int] | None = None) -> list[int]:
        """Epoch-ms times of every answer since ``since``."""
        ...

    def retention(self, since: datetime, *, weeks: Iterable[int] | None = None) -> tuple[int, int]:
        """(answers to cards in the Review state since ``since``, how many of them were not Again)."""
        ...


class SpeedRunTable(Protocol):
    """Timed speed-drill runs and every attempt in them."""

    def start(self, week: int, started: datetime, shuffled: bool = False) -> int:
        """A new run; returns its id."""
        ...

    def add_attempt(self, a: Attempt) -> None: ...

    def finish(self, run_id: int, *, finished: datetime, total_ms: int, tasks: Sequence[Mapping[str, object]],
               complete: bool) -> None:
        """Close the run with its total and per-task results (``tasks``: JSON objects)."""
        ...

    def best_ms(self, week: int, *, exclude_run: int | None = None) -> int | None:
        """The week's lowest total over finished runs with every task correct."""
        ...

    def summary(self, week: int | None = None) -> list[SpeedWeek]: ...


class SuspensionTable(Protocol):
    """Cards hidden from the queue on purpose: suspended (until brought back) or buried (a day)."""

    def suspend(self, card_id: str, suspended: bool = True) -> None: ...

    def bury(self, card_id: str, until: datetime) -> None:
        """Hide the card until ``until`` (the next study day)."""
        ...

    def hidden(self, now: datetime, *, weeks: Iterable[int] | None = None) -> Hidden: ...

    def unsuspend(self, card_ids: Iterable[str], now: datetime, *, leeches: bool = False,
                  weeks: Iterable[int] | None = None, clear_leech: bool = False) -> list[Unsuspended]:
        """Bring cards back into the queue, all or nothing (an unknown id: DrillsError, no change)."""
        ...


class StudyStore(Protocol):
    """The study database: its four tables and units of work over them."""

    @property
    def cards(self) -> CardTable: ...
    @property
    def reviews(self) -> ReviewLog: ...
    @property
    def speed_runs(self) -> SpeedRunTable: ...
    @property
    def suspensions(self) -> SuspensionTable: ...

    def unit_of_work(self) -> AbstractContextManager[object]:
        """One transaction around everything the block does through the tables: all of it is kept or
        none. It holds the write lock from the start, so what the block reads (a card's schedule) is
        what it changes: a second terminal answering the same card waits, then starts from this
        answer's result."""
        ...

    def close(self) -> None: ...
