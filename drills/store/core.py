"""The Store: cards, their schedule and the review log (speed runs, stats and suspension in mixins)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from drills.deck.model import Deck
from drills.errors import DrillsError
from drills.store.connection import connect, default_db_path, migrate
from drills.store.answers import AnswerLog
from drills.store.records import CardRecord, to_ms
from drills.store.speed import SpeedQueries
from drills.store.stats import StatsQueries
from drills.store.suspension import SuspensionQueries

ACTIVE = "retired = 0 AND suspended = 0"
# New cards of a week come interleaved: the first card of each kind in this order, then the second...
# (schema V3 backfills the same order in SQL; a change here re-sorts every card at the next sync).
KIND_INTERLEAVE = ("command", "concept", "pitfall", "step", "challenge")
NEW_ORDER = "week, kind_rank, kind_order, position"  # matches the cards_new_order index


def _snapshot(card) -> str:
    """Card.to_dict() as canonical JSON, built from the fields directly: dataclasses.asdict deep-copies
    and made syncing 50,000 cards take seconds."""
    d = dict(vars(card))
    for key in ("cloze", "cloze_index", "source_line", "group"):
        if d.get(key) is None:
            d.pop(key, None)
    for key in ("tags", "problems", "depends_on"):
        if not d.get(key):
            d.pop(key, None)
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def _new_card_keys(decks: list[Deck]) -> dict[str, tuple[int, int]]:
    """{card id: (kind_rank, kind_order)}: the card's 0-based rank among its week's cards of the same
    kind (in deck order) and its kind's place in KIND_INTERLEAVE (other kinds after those)."""
    keys: dict[str, tuple[int, int]] = {}
    counts: dict[tuple[int, str], int] = {}
    for deck in decks:
        for card in deck.cards:
            if card.id in keys:
                continue
            rank = counts.get((card.week, card.kind), 0)
            counts[(card.week, card.kind)] = rank + 1
            order = KIND_INTERLEAVE.index(card.kind) if card.kind in KIND_INTERLEAVE else len(KIND_INTERLEAVE)
            keys[card.id] = (rank, order)
    return keys


def _filters(weeks: Iterable[int] | None, kind: str | None, exclude: Iterable[str] = ()) -> tuple[str, list[Any]]:
    """The " AND ..." conditions (and their parameters) narrowing a card query to ``weeks``, ``kind``
    and ids not in ``exclude``."""
    sql, params = "", []
    if weeks is not None:
        sql += " AND week IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(set(weeks))))
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    exclude = list(exclude)
    if exclude:
        sql += " AND id NOT IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(exclude))
    return sql, params


class Store(AnswerLog, SpeedQueries, StatsQueries, SuspensionQueries):
    """One open drills database. Every writing method commits its own transaction before returning."""

    @classmethod
    def open(cls, path: str | Path | None = None) -> "Store":
        """Open (creating and migrating) the database; None -> $DRILLS_DB or the user data dir."""
        path = Path(path).expanduser() if path is not None else default_db_path()
        conn = connect(path)
        try:
            migrate(conn, path)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- cards ---------------------------------------------------------------------------------
    def sync(self, decks: list[Deck], now: datetime) -> dict[str, int]:
        """Make the store's cards match ``decks`` (by stable id).

        New ids are added; changed cards get their new snapshot and keep their history; cards of the
        synced weeks that no deck has any more are retired (never deleted) and come back, with their
        history, if they reappear. Cards of weeks not in ``decks`` are left alone.
        Returns {"added", "updated", "retired", "revived"}.
        """
        at = to_ms(now)
        plan = self._sync_plan(decks)
        if any(plan.values()):
            # Re-plan under the write lock: another terminal may have synced in between. A session
            # start with unchanged decks therefore never takes the write lock.
            with self._write() as c:
                plan = self._sync_plan(decks)
                c.executemany(
                    "INSERT INTO cards (id, week, kind, front_hash, snapshot, position, kind_rank, kind_order,"
                    " added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*row, at, at) for row in plan["added"]])
                c.executemany(
                    "UPDATE cards SET week = ?, kind = ?, front_hash = ?, snapshot = ?, position = ?,"
                    " kind_rank = ?, kind_order = ?, retired = 0, updated_at = ? WHERE id = ?",
                    [(*row[1:], at, row[0]) for key in ("updated", "revived", "moved") for row in plan[key]])
                c.executemany("UPDATE cards SET retired = 1, updated_at = ? WHERE id = ?",
                              [(at, i) for i in plan["retired"]])
        return {key: len(plan[key]) for key in ("added", "updated", "retired", "revived")}

    def _sync_plan(self, decks: list[Deck]) -> dict[str, list]:
        """What sync has to change: rows for added/updated/revived/moved (place in the deck or in the
        new-card order only) cards and the ids to retire."""
        existing = {r["id"]: r for r in self._rows(
            "SELECT id, week, kind, snapshot, position, kind_rank, kind_order, retired FROM cards")}
        keys = _new_card_keys(decks)
        plan: dict[str, list] = {"added": [], "updated": [], "revived": [], "moved": [], "retired": []}
        seen: set[str] = set()
        for deck in decks:
            for position, card in enumerate(deck.cards):
                if card.id in seen:
                    continue
                seen.add(card.id)
                snapshot = _snapshot(card)
                old = existing.get(card.id)
                kind_rank, kind_order = keys[card.id]
                if old is not None and not old["retired"] and old["snapshot"] == snapshot \
                        and old["position"] == position and old["week"] == card.week and old["kind"] == card.kind \
                        and old["kind_rank"] == kind_rank and old["kind_order"] == kind_order:
                    continue
                front_hash = hashlib.sha256(card.front.encode()).hexdigest()[:16]
                row = (card.id, card.week, card.kind, front_hash, snapshot, position, kind_rank, kind_order)
                if old is None:
                    plan["added"].append(row)
                elif old["retired"]:
                    plan["revived"].append(row)
                elif old["snapshot"] != snapshot or old["week"] != card.week or old["kind"] != card.kind:
                    plan["updated"].append(row)
                else:
                    plan["moved"].append(row)
        weeks = {d.week for d in decks}
        plan["retired"] = [i for i, r in existing.items() if i not in seen and r["week"] in weeks and not r["retired"]]
        return plan

    def card_record(self, card_id: str) -> CardRecord:
        rows = self._rows("SELECT * FROM cards WHERE id = ?", (card_id,))
        if not rows:
            raise DrillsError(f"unknown card {card_id!r} (not in the store; sync the decks first)")
        return CardRecord.from_row(rows[0])

    def card_records(self, *, include_retired: bool = False) -> list[CardRecord]:
        where = "" if include_retired else "WHERE retired = 0"
        return [CardRecord.from_row(r) for r in self._rows(f"SELECT * FROM cards {where} ORDER BY week, position")]

    def set_suspended(self, card_id: str, suspended: bool = True) -> None:
        with self._write() as c:
            c.execute("UPDATE cards SET suspended = ? WHERE id = ?", (int(suspended), card_id))

    def bury(self, card_id: str, until: datetime) -> None:
        """Hide the card from the queue until ``until`` (the next study day)."""
        with self._write() as c:
            c.execute("UPDATE cards SET buried_until = ? WHERE id = ?", (to_ms(until), card_id))

    def set_tags(self, card_id: str, tags: list[str]) -> None:
        with self._write() as c:
            c.execute("UPDATE cards SET tags = ? WHERE id = ?", (json.dumps(sorted(set(tags))), card_id))

    # -- the queue -----------------------------------------------------------------------------
    def next_due(self, now: datetime, *, weeks=None, kind=None, states: Iterable[int] | None = None,
                 exclude: Iterable[str] = ()) -> str | None:
        """The most overdue card due at ``now`` (not buried, suspended or retired)."""
        sql, params = _filters(weeks, kind, exclude)
        if states is not None:
            sql += " AND state IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(states)))
        ms = to_ms(now)
        return self._value(
            f"SELECT id FROM cards WHERE {ACTIVE} AND state IS NOT NULL AND due <= ?"
            f" AND (buried_until IS NULL OR buried_until <= ?){sql} ORDER BY due LIMIT 1",
            [ms, ms, *params],
        )

    def next_new(self, now: datetime, *, weeks=None, kind=None, exclude: Iterable[str] = ()) -> str | None:
        """The first never-reviewed card: week by week, kinds interleaved (the first command, concept,
        pitfall, step and challenge card, then the second of each...); within one kind, deck order."""
        sql, params = _filters(weeks, kind, exclude)
        return self._value(
            f"SELECT id FROM cards WHERE {ACTIVE} AND state IS NULL"
            f" AND (buried_until IS NULL OR buried_until <= ?){sql} ORDER BY {NEW_ORDER} LIMIT 1",
            [to_ms(now), *params],
        )

    def next_any(self, now: datetime, *, weeks=None, kind=None, exclude: Iterable[str] = ()) -> str | None:
        """For cramming: any active card not in ``exclude``; soonest due first, then new ones."""
        sql, params = _filters(weeks, kind, exclude)
        return self._value(
            f"SELECT id FROM cards WHERE {ACTIVE} AND (buried_until IS NULL OR buried_until <= ?){sql}"
            f" ORDER BY state IS NULL, due, {NEW_ORDER} LIMIT 1",
            [to_ms(now), *params],
        )

    def count_due(self, now: datetime, *, weeks=None, kind=None) -> int:
        sql, params = _filters(weeks, kind)
        ms = to_ms(now)
        return self._value(
            f"SELECT count(*) FROM cards WHERE {ACTIVE} AND state IS NOT NULL AND due <= ?"
            f" AND (buried_until IS NULL OR buried_until <= ?){sql}", [ms, ms, *params],
        )

    def count_new(self, now: datetime, *, weeks=None, kind=None) -> int:
        sql, params = _filters(weeks, kind)
        return self._value(
            f"SELECT count(*) FROM cards WHERE {ACTIVE} AND state IS NULL"
            f" AND (buried_until IS NULL OR buried_until <= ?){sql}", [to_ms(now), *params],
        )

    def count_active(self, now: datetime, *, weeks=None, kind=None, exclude: Iterable[str] = ()) -> int:
        sql, params = _filters(weeks, kind, exclude)
        return self._value(
            f"SELECT count(*) FROM cards WHERE {ACTIVE} AND (buried_until IS NULL OR buried_until <= ?){sql}",
            [to_ms(now), *params],
        )

    def new_introduced_since(self, since: datetime) -> int:
        """New cards first answered (in review sessions) since ``since``: the daily new-card count."""
        return self._value(
            "SELECT count(*) FROM reviews WHERE at >= ? AND mode = 'review' AND state_before IS NULL",
            (to_ms(since),),
        )

    def recent_correct_ms(self, card_id: str, n: int) -> list[int]:
        """The student's latest correct typed-answer times on this card, newest first."""
        return [r["duration_ms"] for r in self._rows(
            "SELECT duration_ms FROM reviews WHERE card_num = (SELECT num FROM cards WHERE id = ?)"
            " AND correct = 1 AND duration_ms IS NOT NULL ORDER BY at DESC LIMIT ?", (card_id, n))]

    def deck_counts(self, now: datetime, decks: list[Deck] | None = None) -> dict[int, dict[str, int]]:
        """Per week: "new" (never reviewed), "learning" (learning/relearning cards due now), "due"
        (review cards due now); suspended, buried and retired cards are not counted.

        With ``decks``, counts those decks' cards as they are now, even before they were synced: a
        card the store has never seen is new."""
        ms = to_ms(now)
        if decks is None:
            rows = self._rows(
                "SELECT week, sum(state IS NULL) AS new,"
                " sum(state IN (1, 3) AND due <= ?) AS learning, sum(state = 2 AND due <= ?) AS due"
                f" FROM cards WHERE {ACTIVE} AND (buried_until IS NULL OR buried_until <= ?) GROUP BY week",
                (ms, ms, ms),
            )
            return {r["week"]: {"new": r["new"] or 0, "learning": r["learning"] or 0, "due": r["due"] or 0}
                    for r in rows}
        known = {r["id"]: r for r in self._rows("SELECT id, state, due, suspended, buried_until FROM cards")}
        out: dict[int, dict[str, int]] = {}
        for deck in decks:
            counts = out.setdefault(deck.week, {"new": 0, "learning": 0, "due": 0})
            for card in deck.cards:
                r = known.get(card.id)
                if r is None or (r["state"] is None and not r["suspended"]
                                 and (r["buried_until"] is None or r["buried_until"] <= ms)):
                    counts["new"] += 1
                elif r["suspended"] or (r["buried_until"] is not None and r["buried_until"] > ms):
                    continue
                elif r["due"] is not None and r["due"] <= ms:
                    counts["learning" if r["state"] in (1, 3) else "due"] += 1
        return out
