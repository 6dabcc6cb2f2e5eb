"""The ``cards`` table: each deck card as last synced, with its FSRS schedule; the queue's queries.

The queue *policy* (order of new cards, siblings, dependencies) is decided in
``drills.schedule.queue_policy``; here it becomes SQL, so "the next card" stays an index seek on
50,000 cards.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Iterable, Mapping

from drills.deck.model import Card, Deck
from drills.errors import DrillsError
from drills.schedule.counts import Standing
from drills.schedule.memory import Memory, State
from drills.schedule.queue_policy import QueueRules, Selection, new_card_order
from drills.store.connection import Database, one_of
from drills.store.records import CardRecord, Schedule, SyncCounts, to_ms

EVERYTHING = Selection()
ACTIVE = "retired = 0 AND suspended = 0"
NOT_BURIED = "(buried_until IS NULL OR buried_until <= ?)"
NEW_ORDER = "week, kind_rank, kind_order, position"  # matches the cards_new_order index
IN_LEARNING = (int(State.Learning), int(State.Relearning))
# A card waits while a sibling (same card_group) was answered in a review since the day began.
_SIBLING_SHOWN = (
    "(card_group IS NULL OR state IN (SELECT value FROM json_each(?)) OR NOT EXISTS ("
    "SELECT 1 FROM reviews r JOIN cards s ON s.num = r.card_num WHERE r.at >= ? AND r.mode = 'review'"
    " AND s.card_group = cards.card_group AND s.num != cards.num))"
)
# A new card waits until every active card it depends on has been answered once.
_DEPENDENCIES_MET = (
    "(depends_on = '[]' OR NOT EXISTS (SELECT 1 FROM json_each(cards.depends_on) d"
    " JOIN cards dep ON dep.id = d.value WHERE dep.state IS NULL AND dep.retired = 0 AND dep.suspended = 0))"
)
_ONE_PER_GROUP = "DISTINCT coalesce('group:' || card_group, id)"
_SYNC_COLUMNS = ("id", "week", "kind", "front_hash", "snapshot", "position", "kind_rank", "kind_order",
                 "card_group", "depends_on")


def snapshot(card: Card) -> str:
    """Card.to_dict() as canonical JSON (empty optional fields left out, as to_dict does), built from
    the fields directly: dataclasses.asdict deep-copies and made syncing 50,000 cards take seconds."""
    d = {k: v for k, v in vars(card).items() if v is not None and not (isinstance(v, list) and not v)}
    d["answers"] = card.answers  # the one list to_dict keeps when empty
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def _selection_sql(selection: Selection, rules: QueueRules | None = None, *, new: bool = False,
                   ) -> tuple[str, list[Any]]:
    """The " AND ..." conditions (and their parameters) narrowing a card query to a selection and,
    with ``rules``, applying the sibling and (for new cards) dependency rules."""
    sql, params = "", list[Any]()
    if selection.weeks is not None:
        more, values = one_of("week", selection.weeks)
        sql, params = sql + more, params + values
    if selection.kind is not None:
        sql += " AND kind = ?"
        params.append(selection.kind)
    if selection.exclude:
        sql += " AND id NOT IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(selection.exclude)))
    if rules is not None and rules.siblings_since is not None:
        sql += f" AND {_SIBLING_SHOWN}"
        params += [json.dumps(IN_LEARNING), to_ms(rules.siblings_since)]
    if rules is not None and rules.dependencies and new:
        sql += f" AND {_DEPENDENCIES_MET}"
    return sql, params


class Cards:
    """The cards table. Writing methods commit at once, or with the unit of work they run in."""

    def __init__(self, db: Database):
        self.db = db

    # -- sync ----------------------------------------------------------------------------------
    def sync(self, decks: list[Deck], now: datetime, renamed: Mapping[str, str] | None = None) -> SyncCounts:
        """Make the stored cards match ``decks`` (by stable id).

        New ids are added; changed cards get their new snapshot and keep their history; cards of the
        synced weeks that no deck has any more are retired (never deleted) and come back, with their
        history, if they reappear. Cards of weeks not in ``decks`` are left alone.
        ``renamed`` (old id -> new id, e.g. ``drills.deck.renames.RENAMED_IDS``, passed by the app
        layer): a stored old id whose new id is in ``decks`` and not yet stored takes the new id first,
        so the card keeps its schedule, suspension and review log (all keyed by the row's ``num``).
        Returns {"added", "updated", "retired", "revived"}.
        """
        plan = self._sync_plan(decks)
        if any(plan.values()):
            # Re-plan under the write lock: another terminal may have synced in between. A session
            # start with unchanged decks therefore never takes the write lock (nor loads sqlite-utils).
            import sqlite_utils

            at = to_ms(now)
            with self.db.write() as c:
                self._carry_over(c, renamed or {}, {card.id for d in decks for card in d.cards}, at)
                plan = self._sync_plan(decks)
                # One bulk upsert by stable id: new cards are inserted, changed ones updated in place
                # (their num, schedule and history untouched; added_at carried over).
                sqlite_utils.Database(c).table("cards").upsert_all(
                    [{**dict(zip(_SYNC_COLUMNS, row)), "retired": 0, "added_at": added_at or at, "updated_at": at}
                     for key in ("added", "updated", "revived", "moved") for *row, added_at in plan[key]],
                    pk="id")
                c.executemany("UPDATE cards SET retired = 1, updated_at = ? WHERE id = ?",
                              [(at, i) for i in plan["retired"]])
        return {"added": len(plan["added"]), "updated": len(plan["updated"]), "retired": len(plan["retired"]),
                "revived": len(plan["revived"])}

    @staticmethod
    def _carry_over(c: Any, renamed: Mapping[str, str], deck_ids: set[str], at: int | None) -> None:
        """Rename stored cards old -> new (see ``sync``). When both ids are stored, both rows are
        left as they are: two histories are never merged. A renamed new id is always "added" in the
        plan until this ran, so the write that runs it is never skipped; later syncs find no old id."""
        c.executemany("UPDATE cards SET id = ?, updated_at = ? WHERE id = ?"
                      " AND NOT EXISTS (SELECT 1 FROM cards WHERE id = ?)",
                      [(new, at, old, new) for old, new in renamed.items() if new in deck_ids])

    def _sync_plan(self, decks: list[Deck]) -> dict[str, list[Any]]:
        """What sync has to change: rows for added/updated/revived/moved (place in the deck or in the
        new-card order, group or dependencies only) cards and the ids to retire."""
        existing = {r["id"]: r for r in self.db.rows(
            "SELECT id, week, kind, snapshot, position, kind_rank, kind_order, card_group, depends_on, retired,"
            " added_at FROM cards")}
        keys = new_card_order(c for d in decks for c in d.cards)
        plan: dict[str, list[Any]] = {"added": [], "updated": [], "revived": [], "moved": [], "retired": []}
        seen: set[str] = set()
        for deck in decks:
            for position, card in enumerate(deck.cards):
                if card.id in seen:
                    continue
                seen.add(card.id)
                snap = snapshot(card)
                old = existing.get(card.id)
                # depends_on as SQLite's json functions write it (V4 backfills it with json_extract)
                depends_on = json.dumps(card.depends_on, separators=(",", ":"))
                place = (position, *keys[card.id], card.group, depends_on)
                if old is not None and not old["retired"] and old["snapshot"] == snap \
                        and old["week"] == card.week and old["kind"] == card.kind \
                        and (old["position"], old["kind_rank"], old["kind_order"], old["card_group"],
                             old["depends_on"]) == place:
                    continue
                front_hash = hashlib.sha256(card.front.encode()).hexdigest()[:16]
                row = (card.id, card.week, card.kind, front_hash, snap, *place, old and old["added_at"])
                if old is None:
                    plan["added"].append(row)
                elif old["retired"]:
                    plan["revived"].append(row)
                elif old["snapshot"] != snap or old["week"] != card.week or old["kind"] != card.kind:
                    plan["updated"].append(row)
                else:
                    plan["moved"].append(row)
        weeks = {d.week for d in decks}
        plan["retired"] = [i for i, r in existing.items() if i not in seen and r["week"] in weeks and not r["retired"]]
        return plan

    # -- one card ------------------------------------------------------------------------------
    def get(self, card_id: str) -> CardRecord:
        rows = self.db.rows("SELECT * FROM cards WHERE id = ?", (card_id,))
        if not rows:
            raise DrillsError(f"unknown card {card_id!r} (not in the store; sync the decks first)")
        return CardRecord.from_row(rows[0])

    def get_by_num(self, num: int) -> CardRecord:
        return CardRecord.from_row(self.db.rows("SELECT * FROM cards WHERE num = ?", (num,))[0])

    def all(self, *, include_retired: bool = False) -> list[CardRecord]:
        where = "" if include_retired else "WHERE retired = 0"
        return [CardRecord.from_row(r) for r in self.db.rows(f"SELECT * FROM cards {where} ORDER BY week, position")]

    def set_schedule(self, num: int, memory: Memory, *, suspended: bool, tags: list[str]) -> None:
        """Store an answer's result: the new memory state (and the leech rule's suspension, tags)."""
        m = memory
        with self.db.write() as c:
            c.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?,"
                " reps = ?, lapses = ?, suspended = ?, tags = ? WHERE num = ?",
                (m.state, m.step, m.stability, m.difficulty, to_ms(m.due), to_ms(m.last_review), m.reps,
                 m.lapses, int(suspended), json.dumps(sorted(set(tags))), num),
            )

    def restore_schedule(self, num: int, before: Schedule) -> None:
        """Put back a schedule saved in the review log (undo, re-rating)."""
        m = before.memory
        with self.db.write() as c:
            c.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?,"
                " reps = ?, lapses = ?, suspended = ?, buried_until = ?, tags = ? WHERE num = ?",
                (m.state, m.step, m.stability, m.difficulty, to_ms(m.due), to_ms(m.last_review), m.reps, m.lapses,
                 int(before.suspended), to_ms(before.buried_until), json.dumps(list(before.tags)), num),
            )

    def set_tags(self, card_id: str, tags: list[str]) -> None:
        with self.db.write() as c:
            c.execute("UPDATE cards SET tags = ? WHERE id = ?", (json.dumps(sorted(set(tags))), card_id))

    # -- the queue -----------------------------------------------------------------------------
    def next_due(self, now: datetime, selection: Selection = EVERYTHING, rules: QueueRules | None = None,
                 *, states: Iterable[int] | None = None) -> str | None:
        """The most overdue card due at ``now`` (not buried, suspended or retired; ``rules`` applied)."""
        sql, params = _selection_sql(selection, rules)
        if states is not None:
            more, values = one_of("state", [int(s) for s in states])
            sql, params = sql + more, params + values
        ms = to_ms(now)
        value: str | None = self.db.value(
            f"SELECT id FROM cards WHERE {ACTIVE} AND state IS NOT NULL AND due <= ? AND {NOT_BURIED}{sql}"
            " ORDER BY due LIMIT 1", [ms, ms, *params])
        return value

    def next_new(self, now: datetime, selection: Selection = EVERYTHING,
                 rules: QueueRules | None = None) -> str | None:
        """The first never-reviewed card in the policy's order (week; kinds interleaved; deck order)."""
        sql, params = _selection_sql(selection, rules, new=True)
        value: str | None = self.db.value(
            f"SELECT id FROM cards WHERE {ACTIVE} AND state IS NULL AND {NOT_BURIED}{sql}"
            f" ORDER BY {NEW_ORDER} LIMIT 1", [to_ms(now), *params])
        return value

    def next_any(self, now: datetime, selection: Selection = EVERYTHING) -> str | None:
        """For cramming: any active card of the selection; soonest due first, then new ones."""
        sql, params = _selection_sql(selection)
        value: str | None = self.db.value(
            f"SELECT id FROM cards WHERE {ACTIVE} AND {NOT_BURIED}{sql}"
            f" ORDER BY state IS NULL, due, {NEW_ORDER} LIMIT 1", [to_ms(now), *params])
        return value

    # The counts say how many cards the session can still show today: with ``rules``, siblings count
    # once per group (showing one sends the others to tomorrow); dependencies only change the order.
    def count_due(self, now: datetime, selection: Selection = EVERYTHING, rules: QueueRules | None = None) -> int:
        sql, params = _selection_sql(selection, rules)
        ms = to_ms(now)
        return int(self.db.value(
            f"SELECT count({_ONE_PER_GROUP if rules else '*'}) FROM cards"
            f" WHERE {ACTIVE} AND state IS NOT NULL AND due <= ? AND {NOT_BURIED}{sql}", [ms, ms, *params]))

    def count_new(self, now: datetime, selection: Selection = EVERYTHING, rules: QueueRules | None = None) -> int:
        sql, params = _selection_sql(selection, rules)
        return int(self.db.value(
            f"SELECT count({_ONE_PER_GROUP if rules else '*'}) FROM cards"
            f" WHERE {ACTIVE} AND state IS NULL AND {NOT_BURIED}{sql}", [to_ms(now), *params]))

    def count_active(self, now: datetime, selection: Selection = EVERYTHING) -> int:
        sql, params = _selection_sql(selection)
        return int(self.db.value(f"SELECT count(*) FROM cards WHERE {ACTIVE} AND {NOT_BURIED}{sql}",
                                 [to_ms(now), *params]))

    # -- counts for `drill decks`, `drill stats` and bare `drill` -----------------------------
    def standings(self, *, weeks: Iterable[int] | None = None) -> dict[str, tuple[int, Standing]]:
        """{card id: (week, standing)} of every card not retired: what ``drills.schedule.counts``
        counts (one definition of new, learning, review, suspended, buried, due and leeches)."""
        sql, params = _selection_sql(Selection.of(weeks))
        rows = self.db.rows(
            "SELECT id, week, state, due, suspended, buried_until,"
            " EXISTS (SELECT 1 FROM json_each(tags) WHERE value = 'leech') AS leech"
            f" FROM cards WHERE retired = 0{sql}", params)
        return {r["id"]: (r["week"], Standing(r["state"], r["due"], bool(r["suspended"]), r["buried_until"],
                                              bool(r["leech"]))) for r in rows}

    def due_times(self, *, weeks: Iterable[int] | None = None) -> list[int]:
        """Due times (epoch ms) of every scheduled, active card."""
        sql, params = _selection_sql(Selection.of(weeks))
        return [r["due"] for r in self.db.rows(f"SELECT due FROM cards WHERE {ACTIVE} AND state IS NOT NULL{sql}",
                                               params)]
