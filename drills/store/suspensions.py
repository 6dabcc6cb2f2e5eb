"""Suspended and buried cards (columns of ``cards``): hiding them, listing them, bringing them back."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable

from drills.schedule.leech import LEECH_TAG as LEECH
from drills.store.connection import Database, one_of
from drills.errors import DrillsError
from drills.store.records import BuriedCard, Hidden, HiddenCard, Unsuspended, from_ms, to_ms



def _hidden_row(r: dict[str, Any]) -> HiddenCard:
    tags = json.loads(r["tags"] or "[]")
    return {"id": r["id"], "week": r["week"], "kind": r["kind"], "front": json.loads(r["snapshot"]).get("front", ""),
            "leech": LEECH in tags, "lapses": r["lapses"], "until": from_ms(r["buried_until"])}


class Suspensions:
    """Suspension and burying. Writing methods commit at once, or with the unit of work they run in."""

    def __init__(self, db: Database):
        self.db = db

    def suspend(self, card_id: str, suspended: bool = True) -> None:
        with self.db.write() as c:
            c.execute("UPDATE cards SET suspended = ? WHERE id = ?", (int(suspended), card_id))

    def bury(self, card_id: str, until: datetime) -> None:
        """Hide the card from the queue until ``until`` (the next study day)."""
        with self.db.write() as c:
            c.execute("UPDATE cards SET buried_until = ? WHERE id = ?", (to_ms(until), card_id))

    def hidden(self, now: datetime, *, weeks: Iterable[int] | None = None) -> Hidden:
        """The cards the queue skips on purpose, in deck order (retired cards are not listed):
        {"suspended": [...], "buried": [...]}, each {"id", "week", "kind", "front" (as last synced),
        "leech" (tagged leech), "lapses", "until" (buried until, aware UTC datetime, or None)}.
        A card both suspended and buried is listed under "suspended" only."""
        sql, params = one_of("week", sorted(set(weeks))) if weeks is not None else ("", [])
        rows = self.db.rows(
            "SELECT id, week, kind, snapshot, tags, lapses, suspended, buried_until FROM cards"
            f" WHERE retired = 0 AND (suspended = 1 OR buried_until > ?){sql} ORDER BY week, position, id",
            [to_ms(now), *params])
        buried: list[BuriedCard] = [{**_hidden_row(r), "until": from_ms(r["buried_until"])}
                                    for r in rows if not r["suspended"]]
        return {"suspended": [_hidden_row(r) for r in rows if r["suspended"]], "buried": buried}

    def unsuspend(self, card_ids: Iterable[str], now: datetime, *, leeches: bool = False,
                  weeks: Iterable[int] | None = None, clear_leech: bool = False) -> list[Unsuspended]:
        """Put cards back in the queue, all in ONE transaction: the given ids (unknown id ->
        DrillsError and nothing changes) plus, with ``leeches``, every suspended card tagged leech
        (of ``weeks`` if given). Clears both suspension and a bury still in force; the leech tag is
        kept unless ``clear_leech``.

        Returns one entry per selected card, in the order selected: {"id", "week", "kind",
        "unsuspended", "unburied", "leech_cleared"} (all False: the card was not hidden).
        """
        ids = list(dict.fromkeys(card_ids))
        ms = to_ms(now)
        with self.db.write() as c:
            rows = {r["id"]: dict(r) for r in c.execute(
                "SELECT num, id, week, kind, suspended, buried_until, tags FROM cards"
                " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))}
            for card_id in ids:
                if card_id not in rows:
                    raise DrillsError(f"unknown card {card_id!r}")
            selected = [rows[i] for i in ids]
            if leeches:
                sql, params = one_of("week", sorted(set(weeks))) if weeks is not None else ("", [])
                selected += [dict(r) for r in c.execute(
                    "SELECT num, id, week, kind, suspended, buried_until, tags FROM cards"
                    " WHERE retired = 0 AND suspended = 1"
                    f" AND EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?){sql} ORDER BY week, position",
                    [LEECH, *params]) if r["id"] not in rows]
            changes: list[Unsuspended] = []
            for r in selected:
                tags = json.loads(r["tags"] or "[]")
                change: Unsuspended = {
                    "id": r["id"], "week": r["week"], "kind": r["kind"], "unsuspended": bool(r["suspended"]),
                    "unburied": r["buried_until"] is not None and r["buried_until"] > ms,
                    "leech_cleared": clear_leech and LEECH in tags}
                if change["unsuspended"] or change["unburied"] or change["leech_cleared"]:
                    kept = sorted(set(tags) - {LEECH}) if clear_leech else sorted(set(tags))
                    c.execute("UPDATE cards SET suspended = 0, buried_until = NULL, tags = ? WHERE num = ?",
                              (json.dumps(kept), r["num"]))
                changes.append(change)
        return changes
