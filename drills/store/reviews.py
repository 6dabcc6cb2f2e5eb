"""The ``reviews`` table: the review log, one row per answer, with the card's schedule before it
(so an answer can be undone or re-rated exactly)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable

from drills.errors import DrillsError
from drills.schedule.memory import Rating, State
from drills.store.connection import Database, one_of
from drills.store.integrity import review_int
from drills.store.records import CardRecord, to_ms
from drills.vocabulary import SessionMode, VerdictStatus


def _weeks_sql(weeks: Iterable[int] | None) -> tuple[str, list[Any]]:
    if weeks is None:
        return "", []
    return one_of("c.week", sorted(set(weeks)))


class Reviews:
    """The review log. Writing methods commit at once, or with the unit of work they run in."""

    def __init__(self, db: Database):
        self.db = db

    def add(self, before: CardRecord, *, at: datetime, rating: Rating, mode: SessionMode,
            duration_ms: int | None = None, typed: str | None = None, verdict: dict[str, Any] | None = None,
            auto: bool = False) -> int:
        """Log one answer to the card ``before`` (as it was before the answer); returns its id."""
        correct = None if verdict is None else int(verdict.get("status") == VerdictStatus.CORRECT)
        with self.db.write() as c:
            cur = c.execute(
                "INSERT INTO reviews (card_num, at, rating, duration_ms, typed, verdict, auto, before, mode,"
                " state_before, correct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (before.num, to_ms(at), int(rating), duration_ms, typed,
                 None if verdict is None else json.dumps(verdict, ensure_ascii=False), int(auto),
                 json.dumps(before.schedule_dict()), str(mode), before.memory.state, correct),
            )
        return int(cur.lastrowid or 0)

    def get_latest(self, review_id: int) -> dict[str, Any]:
        """The logged answer ``review_id`` ("before" decoded), if it is still its card's latest: only
        the latest answer of a card can be undone or re-rated."""
        rows = self.db.rows("SELECT * FROM reviews WHERE id = ?", (review_id,))
        if not rows:
            raise DrillsError("nothing to undo: that answer is no longer in the review log")
        row = rows[0]
        later = self.db.value("SELECT 1 FROM reviews WHERE card_num = ? AND id > ? LIMIT 1",
                              (row["card_num"], review_id))
        if later:
            raise DrillsError("cannot change that answer: the card has been answered again since")
        row["before"] = _logged_json(row, "before", self.db.path)
        return row

    def delete(self, review_id: int) -> None:
        with self.db.write() as c:
            c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))

    def set_rating(self, review_id: int, rating: Rating, *, auto: bool) -> None:
        with self.db.write() as c:
            c.execute("UPDATE reviews SET rating = ?, auto = ? WHERE id = ?", (int(rating), int(auto), review_id))

    def log(self, card_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Logged answers, newest first (verdict and before decoded)."""
        sql = "SELECT r.*, c.id AS card_id FROM reviews r JOIN cards c ON c.num = r.card_num"
        params: list[Any] = []
        if card_id is not None:
            sql += " WHERE c.id = ?"
            params.append(card_id)
        sql += " ORDER BY r.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self.db.rows(sql, params)
        path = self.db.path
        for r in rows:  # values read back into Python are checked (the log is not scanned at open)
            r["at"] = review_int(r["id"], "at", r["at"], path)
            r["rating"] = review_int(r["id"], "rating", r["rating"], path, low=1, high=4)
            if r["duration_ms"] is not None:
                r["duration_ms"] = review_int(r["id"], "duration_ms", r["duration_ms"], path, high=10**10)
            r["verdict"] = _logged_json(r, "verdict", path) if r["verdict"] else None
            r["before"] = _logged_json(r, "before", path)
        return rows

    # -- what the scheduler asks ---------------------------------------------------------------
    def new_introduced_since(self, since: datetime) -> int:
        """New cards first answered (in review sessions) since ``since``: the daily new-card count."""
        return int(self.db.value(
            "SELECT count(*) FROM reviews WHERE at >= ? AND mode = ? AND state_before IS NULL",
            (to_ms(since), str(SessionMode.REVIEW))))

    def recent_correct_ms(self, card_id: str, n: int) -> list[int]:
        """The student's latest correct typed-answer times on this card, newest first."""
        return [review_int(r["id"], "duration_ms", r["duration_ms"], self.db.path, high=10**10) for r in self.db.rows(
            "SELECT id, duration_ms FROM reviews WHERE card_num = (SELECT num FROM cards WHERE id = ?)"
            " AND correct = 1 AND duration_ms IS NOT NULL ORDER BY at DESC LIMIT ?", (card_id, n))]

    # -- what `drill stats` asks ---------------------------------------------------------------
    def times(self, since: datetime, *, weeks: Iterable[int] | None = None) -> list[int]:
        """Epoch-ms times of every logged answer (all modes) since ``since``."""
        sql, params = _weeks_sql(weeks)
        return [review_int(r["id"], "at", r["at"], self.db.path) for r in self.db.rows(
            f"SELECT r.id, r.at FROM reviews r JOIN cards c ON c.num = r.card_num WHERE r.at >= ?{sql}",
            [to_ms(since), *params])]

    def retention(self, since: datetime, *, weeks: Iterable[int] | None = None) -> tuple[int, int]:
        """(answers given to cards in the Review state since ``since``, how many were not Again)."""
        sql, params = _weeks_sql(weeks)
        row = self.db.rows(
            "SELECT count(*) AS n, coalesce(sum(r.rating > ?), 0) AS passed FROM reviews r"
            f" JOIN cards c ON c.num = r.card_num WHERE r.at >= ? AND r.state_before = ?{sql}",
            [int(Rating.Again), to_ms(since), int(State.Review), *params])[0]
        return row["n"], row["passed"]


def _logged_json(row: dict[str, Any], column: str, path: Any) -> Any:
    """A JSON column of the review log, decoded; a hand-edited or damaged value is one DrillsError."""
    try:
        value = json.loads(row[column])
    except (TypeError, ValueError):
        value = None
    if not isinstance(value, dict):
        raise DrillsError(f"review {row.get('id')} in the database has a damaged '{column}' (not a JSON "
                          "object): the row was edited or damaged (fix it with sqlite3, or restore a backup)",
                          file=str(path))
    return value
