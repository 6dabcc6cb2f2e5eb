"""A study store in memory, built on the application layer's Protocols (drills.app.store_protocols).

No SQL: plain dicts and lists, so an application-layer test shows what a session does with any store
that keeps the Protocols' promises. mypy checks that ``MemoryStore`` satisfies ``StudyStore``
(``as_study_store`` below; pyproject's [tool.mypy] files include this module).

What it leaves out, on purpose: the queue policy's sibling and dependency rules (``rules`` is
accepted and ignored; tests/store covers them on the SQLite store), and durability.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Iterable, Iterator, Mapping, Sequence

from drills.app.store_protocols import StudyStore
from drills.deck.model import Deck
from drills.errors import DrillsError
from drills.kubectl.verdict import Verdict
from drills.schedule.counts import Standing
from drills.schedule.leech import LEECH_TAG
from drills.schedule.memory import Memory, Rating, State
from drills.schedule.queue_policy import QueueRules, Selection, new_card_order
from drills.store.records import (Attempt, CardRecord, Hidden, HiddenCard, HistoryEntry, LoggedAnswer, LoggedReview,
                                  Schedule, SpeedWeek, SyncCounts, Unsuspended)
from drills.vocabulary import SessionMode

EVERYTHING = Selection()


def _ms(moment: datetime | None) -> int | None:
    return None if moment is None else round(moment.timestamp() * 1000)


@dataclass
class _Card:
    record: CardRecord
    order: tuple[int, int, int, int]  # (week, kind_rank, kind_order, position): new cards' order


@dataclass
class MemoryCards:
    """The cards "table": records by id, in sync order."""

    rows: dict[str, _Card] = field(default_factory=dict)
    next_num: int = 1

    def sync(self, decks: list[Deck], now: datetime, renamed: Mapping[str, str] | None = None) -> SyncCounts:
        counts: SyncCounts = {"added": 0, "updated": 0, "retired": 0, "revived": 0}
        keys = new_card_order(c for d in decks for c in d.cards)
        seen: set[str] = set()
        for deck in decks:
            for position, card in enumerate(deck.cards):
                seen.add(card.id)
                order = (card.week, *keys[card.id], position)
                snapshot = card.to_dict()
                old = self.rows.get(card.id)
                if old is None:
                    record = CardRecord(id=card.id, num=self.next_num, week=card.week, kind=card.kind,
                                        snapshot=snapshot, position=position)
                    self.next_num += 1
                    counts["added"] += 1
                else:
                    if old.record.retired:
                        counts["revived"] += 1
                    elif old.record.snapshot != snapshot:
                        counts["updated"] += 1
                    record = replace(old.record, week=card.week, kind=card.kind, snapshot=snapshot,
                                     position=position, retired=False)
                self.rows[card.id] = _Card(record, order)
        weeks = {d.week for d in decks}
        for card_id, row in self.rows.items():
            if card_id not in seen and row.record.week in weeks and not row.record.retired:
                row.record = replace(row.record, retired=True)
                counts["retired"] += 1
        return counts

    def get(self, card_id: str) -> CardRecord:
        if card_id not in self.rows:
            raise DrillsError(f"unknown card {card_id!r}")
        return self.rows[card_id].record

    def get_by_num(self, num: int) -> CardRecord:
        return next(r.record for r in self.rows.values() if r.record.num == num)

    def all(self, *, include_retired: bool = False) -> list[CardRecord]:
        return [r.record for r in self.rows.values() if include_retired or not r.record.retired]

    def _set(self, num: int, **changes: object) -> None:
        row = next(r for r in self.rows.values() if r.record.num == num)
        row.record = replace(row.record, **changes)  # type: ignore[arg-type]

    def set_schedule(self, num: int, memory: Memory, *, suspended: bool, tags: list[str]) -> None:
        self._set(num, memory=memory, suspended=suspended, tags=sorted(set(tags)))

    def restore_schedule(self, num: int, before: Schedule) -> None:
        self._set(num, memory=before.memory, suspended=before.suspended, buried_until=before.buried_until,
                  tags=list(before.tags))

    def _active(self, now: datetime, selection: Selection) -> list[_Card]:
        return [r for r in self.rows.values()
                if not r.record.retired and not r.record.suspended
                and (r.record.buried_until is None or r.record.buried_until <= now)
                and (selection.weeks is None or r.record.week in selection.weeks)
                and (selection.kind is None or r.record.kind == selection.kind)
                and r.record.id not in selection.exclude]

    def _due(self, now: datetime, selection: Selection, states: Iterable[int] | None = None) -> list[_Card]:
        wanted = None if states is None else {int(s) for s in states}
        due = [r for r in self._active(now, selection) if r.record.memory.state is not None
               and r.record.memory.due is not None and r.record.memory.due <= now
               and (wanted is None or int(r.record.memory.state) in wanted)]
        return sorted(due, key=lambda r: r.record.memory.due or now)

    def _new(self, now: datetime, selection: Selection) -> list[_Card]:
        return sorted((r for r in self._active(now, selection) if r.record.memory.state is None),
                      key=lambda r: r.order)

    def next_due(self, now: datetime, selection: Selection = EVERYTHING, rules: QueueRules | None = None,
                 *, states: Iterable[int] | None = None) -> str | None:
        due = self._due(now, selection, states)
        return due[0].record.id if due else None

    def next_new(self, now: datetime, selection: Selection = EVERYTHING,
                 rules: QueueRules | None = None) -> str | None:
        new = self._new(now, selection)
        return new[0].record.id if new else None

    def next_any(self, now: datetime, selection: Selection = EVERYTHING) -> str | None:
        scheduled = sorted((r for r in self._active(now, selection) if r.record.memory.state is not None),
                           key=lambda r: r.record.memory.due or now)
        cards = scheduled + self._new(now, selection)
        return cards[0].record.id if cards else None

    def count_due(self, now: datetime, selection: Selection = EVERYTHING, rules: QueueRules | None = None) -> int:
        return len(self._due(now, selection))

    def count_new(self, now: datetime, selection: Selection = EVERYTHING, rules: QueueRules | None = None) -> int:
        return len(self._new(now, selection))

    def count_active(self, now: datetime, selection: Selection = EVERYTHING) -> int:
        return len(self._active(now, selection))

    def standings(self, *, weeks: Iterable[int] | None = None) -> dict[str, tuple[int, Standing]]:
        chosen = None if weeks is None else set(weeks)
        return {r.record.id: (r.record.week, Standing(r.record.memory.state, _ms(r.record.memory.due),
                                                      r.record.suspended, _ms(r.record.buried_until),
                                                      LEECH_TAG in r.record.tags))
                for r in self.rows.values() if not r.record.retired and (chosen is None or r.record.week in chosen)}

    def due_times(self, *, weeks: Iterable[int] | None = None) -> list[int]:
        return [due for _, s in self.standings(weeks=weeks).values()
                if s.state is not None and not s.suspended and (due := s.due) is not None]


@dataclass
class MemoryReviews:
    """The review log: every answer, in the order given."""

    cards: MemoryCards
    rows: list[LoggedReview] = field(default_factory=list)

    def add(self, before: CardRecord, *, at: datetime, rating: Rating, mode: SessionMode,
            duration_ms: int | None = None, typed: str | None = None, verdict: Verdict | None = None,
            auto: bool = False) -> int:
        review_id = max((r.id for r in self.rows), default=0) + 1
        self.rows.append(LoggedReview(
            id=review_id, card_id=before.id, card_num=before.num, at=at, rating=rating, mode=mode, auto=auto,
            before=before.schedule(), duration_ms=duration_ms, typed=typed, verdict=verdict,
            state_before=before.memory.state, correct=None if verdict is None else verdict.correct))
        return review_id

    def get_latest(self, review_id: int) -> LoggedAnswer:
        row = next((r for r in self.rows if r.id == review_id), None)
        if row is None:
            raise DrillsError("nothing to undo: that answer is no longer in the review log")
        if any(r.card_num == row.card_num and r.id > review_id for r in self.rows):
            raise DrillsError("cannot change that answer: the card has been answered again since")
        return LoggedAnswer(review_id=row.id, card_num=row.card_num, before=row.before)

    def delete(self, review_id: int) -> None:
        self.rows = [r for r in self.rows if r.id != review_id]

    def set_rating(self, review_id: int, rating: Rating, *, auto: bool) -> None:
        self.rows = [replace(r, rating=rating, auto=auto) if r.id == review_id else r for r in self.rows]

    def log(self, card_id: str | None = None, limit: int | None = None) -> list[LoggedReview]:
        rows = [r for r in reversed(self.rows) if card_id is None or r.card_id == card_id]
        return rows if limit is None else rows[:limit]

    def history(self) -> Iterator[HistoryEntry]:
        for r in sorted(self.rows, key=lambda r: (r.at, r.id)):
            card = self.cards.get(r.card_id)
            yield HistoryEntry(review_id=r.id, at=r.at, card_id=r.card_id, week=card.week, kind=card.kind,
                               mode=str(r.mode), rating=r.rating, state_before=r.state_before,
                               duration_ms=r.duration_ms, auto=r.auto,
                               verdict=None if r.verdict is None else r.verdict.status, typed=r.typed)

    def _weeks(self, weeks: Iterable[int] | None) -> set[int] | None:
        return None if weeks is None else set(weeks)

    def new_introduced_since(self, since: datetime) -> int:
        return sum(1 for r in self.rows if r.at >= since and r.mode == SessionMode.REVIEW and r.state_before is None)

    def recent_correct_ms(self, card_id: str, n: int) -> list[int]:
        times = [r.duration_ms for r in sorted(self.rows, key=lambda r: r.at, reverse=True)
                 if r.card_id == card_id and r.correct and r.duration_ms is not None]
        return [t for t in times if t is not None][:n]

    def times(self, since: datetime, *, weeks: Iterable[int] | None = None) -> list[int]:
        chosen = self._weeks(weeks)
        return [round(r.at.timestamp() * 1000) for r in self.rows
                if r.at >= since and (chosen is None or self.cards.get(r.card_id).week in chosen)]

    def retention(self, since: datetime, *, weeks: Iterable[int] | None = None) -> tuple[int, int]:
        chosen = self._weeks(weeks)
        rows = [r for r in self.rows if r.at >= since and r.state_before == State.Review
                and (chosen is None or self.cards.get(r.card_id).week in chosen)]
        return len(rows), sum(1 for r in rows if r.rating > Rating.Again)


@dataclass
class _Run:
    week: int
    started: datetime
    shuffled: bool
    total_ms: int | None = None
    complete: bool = False
    finished: datetime | None = None


@dataclass
class MemorySpeedRuns:
    """Runs and their attempts."""

    runs: dict[int, _Run] = field(default_factory=dict)
    attempt_rows: list[Attempt] = field(default_factory=list)

    def start(self, week: int, started: datetime, shuffled: bool = False) -> int:
        run_id = len(self.runs) + 1
        self.runs[run_id] = _Run(week, started, shuffled)
        return run_id

    def add_attempt(self, a: Attempt) -> None:
        self.attempt_rows.append(a)

    def finish(self, run_id: int, *, finished: datetime, total_ms: int, tasks: Sequence[Mapping[str, object]],
               complete: bool) -> None:
        run = self.runs[run_id]
        run.finished, run.total_ms, run.complete = finished, total_ms, complete

    def best_ms(self, week: int, *, exclude_run: int | None = None) -> int | None:
        return min((r.total_ms for i, r in self.runs.items() if r.week == week and r.complete
                    and r.total_ms is not None and i != exclude_run), default=None)

    def summary(self, week: int | None = None) -> list[SpeedWeek]:
        out: list[SpeedWeek] = []
        for w in sorted({r.week for r in self.runs.values() if week is None or r.week == week}):
            done = [r for r in self.runs.values() if r.week == w and r.total_ms is not None]
            best = min((r for r in done if r.complete), key=lambda r: r.total_ms or 0, default=None)
            out.append({"week": w, "runs": len(done), "complete_runs": sum(r.complete for r in done),
                        "best_ms": best.total_ms if best else None,
                        "best_at": best.finished.isoformat() if best and best.finished else None})
        return out


@dataclass
class MemorySuspensions:
    """Suspension and burying, kept on the cards' records."""

    cards: MemoryCards

    def suspend(self, card_id: str, suspended: bool = True) -> None:
        self.cards._set(self.cards.get(card_id).num, suspended=suspended)

    def bury(self, card_id: str, until: datetime) -> None:
        self.cards._set(self.cards.get(card_id).num, buried_until=until)

    def hidden(self, now: datetime, *, weeks: Iterable[int] | None = None) -> Hidden:
        hidden: Hidden = {"suspended": [], "buried": []}
        for r in self.cards.all():
            if weeks is not None and r.week not in set(weeks):
                continue
            entry: HiddenCard = {"id": r.id, "week": r.week, "kind": r.kind, "front": r.snapshot.get("front", ""),
                                 "leech": LEECH_TAG in r.tags, "lapses": r.memory.lapses, "until": r.buried_until}
            if r.suspended:
                hidden["suspended"].append(entry)
            elif r.buried_until is not None and r.buried_until > now:
                hidden["buried"].append({**entry, "until": r.buried_until})
        return hidden

    def unsuspend(self, card_ids: Iterable[str], now: datetime, *, leeches: bool = False,
                  weeks: Iterable[int] | None = None, clear_leech: bool = False) -> list[Unsuspended]:
        ids = list(dict.fromkeys(card_ids))
        records = [self.cards.get(i) for i in ids]  # an unknown id raises before anything changes
        if leeches:
            records += [r for r in self.cards.all() if r.suspended and LEECH_TAG in r.tags and r.id not in ids
                        and (weeks is None or r.week in set(weeks))]
        changes: list[Unsuspended] = []
        for r in records:
            change: Unsuspended = {"id": r.id, "week": r.week, "kind": r.kind, "unsuspended": r.suspended,
                                   "unburied": r.buried_until is not None and r.buried_until > now,
                                   "leech_cleared": clear_leech and LEECH_TAG in r.tags}
            tags = [t for t in r.tags if not (clear_leech and t == LEECH_TAG)]
            self.cards._set(r.num, suspended=False, buried_until=None, tags=tags)
            changes.append(change)
        return changes


class MemoryStore:
    """All four tables; ``unit_of_work`` keeps everything the block did, or (on an error) nothing."""

    def __init__(self) -> None:
        self.cards = MemoryCards()
        self.reviews = MemoryReviews(self.cards)
        self.speed_runs = MemorySpeedRuns()
        self.suspensions = MemorySuspensions(self.cards)
        self.units_of_work = 0  # how many units of work were committed (tests assert one per answer)

    @contextmanager
    def unit_of_work(self) -> Iterator[MemoryStore]:
        saved = copy.deepcopy((self.cards.rows, self.cards.next_num, self.reviews.rows, self.speed_runs.runs,
                               self.speed_runs.attempt_rows))
        try:
            yield self
        except BaseException:
            (self.cards.rows, self.cards.next_num, self.reviews.rows, self.speed_runs.runs,
             self.speed_runs.attempt_rows) = saved
            raise
        self.units_of_work += 1

    def close(self) -> None:
        pass


def as_study_store(store: MemoryStore) -> StudyStore:
    """mypy checks here that the in-memory store satisfies every Protocol of the application layer."""
    return store


__all__ = ["MemoryStore", "as_study_store"]
