"""Answers: the review log and the card changes that go with it, one transaction each (mixin of Store)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from drills.store.connection import Connected
from drills.errors import DrillsError
from drills.store.records import CardRecord, CardUpdate, to_ms


class AnswerLog(Connected):
    if TYPE_CHECKING:  # from SpeedQueries, the other half of Store
        def _insert_attempt(self, c: sqlite3.Connection, card_num: int, a: dict[str, Any]) -> None: ...

    # -- answers -------------------------------------------------------------------------------
    def _apply(self, c: sqlite3.Connection, num: int, update: CardUpdate) -> None:
        m = update.memory
        c.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?,"
            " reps = ?, lapses = ?, suspended = ?, tags = ? WHERE num = ?",
            (m.state, m.step, m.stability, m.difficulty, to_ms(m.due), to_ms(m.last_review), m.reps,
             m.lapses, int(update.suspended), json.dumps(sorted(set(update.tags))), num),
        )

    def _restore(self, c: sqlite3.Connection, num: int, before: dict[str, Any]) -> None:
        c.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?,"
            " reps = ?, lapses = ?, suspended = ?, buried_until = ?, tags = ? WHERE num = ?",
            (before["state"], before["step"], before["stability"], before["difficulty"], before["due"],
             before["last_review"], before["reps"], before["lapses"], before["suspended"],
             before.get("buried_until"), json.dumps(before.get("tags") or []), num),
        )

    def record_review(
        self, card_id: str, *, at: datetime, rating: int, duration_ms: int | None = None,
        typed: str | None = None, verdict: dict[str, Any] | None = None, auto: bool = False,
        mode: str = "review", update: Callable[[CardRecord], CardUpdate | None] | None = None,
        attempt: dict[str, Any] | None = None,
    ) -> tuple[int, CardRecord]:
        """Log one answer and apply ``update(card_before)`` to the card, in ONE transaction.

        ``update`` runs inside the write lock on the card as it is now (so two terminals answering
        the same card do not overwrite each other); None or a None result leaves the schedule alone
        (cram). ``attempt``: a speed-drill attempt row to store in the same transaction.
        Returns (review id, the card after).
        """
        with self._write() as c:
            rows = c.execute("SELECT * FROM cards WHERE id = ?", (card_id,)).fetchall()
            if not rows:
                raise DrillsError(f"unknown card {card_id!r} (not in the store; sync the decks first)")
            before = CardRecord.from_row(dict(rows[0]))
            change = update(before) if update else None
            correct = None if verdict is None else int(verdict.get("status") == "correct")
            cur = c.execute(
                "INSERT INTO reviews (card_num, at, rating, duration_ms, typed, verdict, auto, before, mode,"
                " state_before, correct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (before.num, to_ms(at), rating, duration_ms, typed,
                 None if verdict is None else json.dumps(verdict, ensure_ascii=False), int(auto),
                 json.dumps(before.schedule_dict()), mode, before.memory.state, correct),
            )
            review_id = cur.lastrowid
            after = before
            if change is not None:
                self._apply(c, before.num, change)
                after = CardRecord(**{**before.__dict__, "memory": change.memory,
                                      "suspended": change.suspended, "tags": sorted(set(change.tags))})
            if attempt is not None:
                self._insert_attempt(c, before.num, attempt)
        return review_id, after

    def _review_and_card(self, c: sqlite3.Connection, review_id: int) -> tuple[dict[str, Any], CardRecord]:
        row = c.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            raise DrillsError("nothing to undo: that answer is no longer in the review log")
        row = dict(row)
        later = c.execute("SELECT 1 FROM reviews WHERE card_num = ? AND id > ? LIMIT 1",
                          (row["card_num"], review_id)).fetchone()
        if later:
            raise DrillsError("cannot change that answer: the card has been answered again since")
        card = CardRecord.from_row(dict(c.execute("SELECT * FROM cards WHERE num = ?", (row["card_num"],)).fetchone()))
        return row, card

    def undo_review(self, review_id: int) -> str:
        """Remove the answer from the log and put the card's schedule back; returns the card id."""
        with self._write() as c:
            row, card = self._review_and_card(c, review_id)
            self._restore(c, card.num, json.loads(row["before"]))
            c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return card.id

    def replace_rating(
        self, review_id: int, rating: int, update: Callable[[CardRecord], CardUpdate | None] | None,
        auto: bool = False,
    ) -> CardRecord:
        """Change a logged answer's rating: the card is recomputed from its state before that answer."""
        with self._write() as c:
            row, card = self._review_and_card(c, review_id)
            before = json.loads(row["before"])
            previous = card.with_schedule(before)
            change = update(previous) if update else None
            c.execute("UPDATE reviews SET rating = ?, auto = ? WHERE id = ?", (rating, int(auto), review_id))
            if change is None:
                self._restore(c, card.num, before)
                return previous
            self._restore(c, card.num, before)
            self._apply(c, card.num, change)
            return CardRecord(**{**previous.__dict__, "memory": change.memory,
                                 "suspended": change.suspended, "tags": sorted(set(change.tags))})

    def review_log(self, card_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Logged answers, newest first (verdict and before decoded)."""
        sql = ("SELECT r.*, c.id AS card_id FROM reviews r JOIN cards c ON c.num = r.card_num")
        params: list[Any] = []
        if card_id is not None:
            sql += " WHERE c.id = ?"
            params.append(card_id)
        sql += " ORDER BY r.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._rows(sql, params)
        for r in rows:
            r["verdict"] = json.loads(r["verdict"]) if r["verdict"] else None
            r["before"] = json.loads(r["before"])
        return rows
