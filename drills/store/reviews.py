"""The ``reviews`` table: the review log, one row per answer, with the card's schedule before it
(so an answer can be undone or re-rated exactly)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator

from drills.errors import DrillsError
from drills.kubectl.verdict import Verdict
from drills.schedule.memory import Rating, State
from drills.store.connection import Database, friendly_error, one_of
from drills.store.integrity import review_int
from drills.store.records import CardRecord, HistoryEntry, LoggedAnswer, LoggedReview, Schedule, from_ms, to_ms
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
            duration_ms: int | None = None, typed: str | None = None, verdict: Verdict | None = None,
            auto: bool = False) -> int:
        """Log one answer to the card ``before`` (as it was before the answer); returns its id."""
        correct = None if verdict is None else int(verdict.status == VerdictStatus.CORRECT)
        with self.db.write() as c:
            cur = c.execute(
                "INSERT INTO reviews (card_num, at, rating, duration_ms, typed, verdict, auto, before, mode,"
                " state_before, correct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (before.num, to_ms(at), int(rating), duration_ms, typed,
                 None if verdict is None else json.dumps(verdict.to_dict(), ensure_ascii=False), int(auto),
                 json.dumps(before.schedule().to_dict()), str(mode), before.memory.state, correct),
            )
        return int(cur.lastrowid or 0)

    def get_latest(self, review_id: int) -> LoggedAnswer:
        """The logged answer ``review_id``, if it is still its card's latest: only the latest answer
        of a card can be undone or re-rated."""
        rows = self.db.rows("SELECT * FROM reviews WHERE id = ?", (review_id,))
        if not rows:
            raise DrillsError("nothing to undo: that answer is no longer in the review log")
        row = rows[0]
        later = self.db.value("SELECT 1 FROM reviews WHERE card_num = ? AND id > ? LIMIT 1",
                              (row["card_num"], review_id))
        if later:
            raise DrillsError("cannot change that answer: the card has been answered again since")
        return LoggedAnswer(review_id=review_id, card_num=row["card_num"],
                            before=Schedule.from_dict(_logged_json(row, "before", self.db.path)))

    def delete(self, review_id: int) -> None:
        with self.db.write() as c:
            c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))

    def set_rating(self, review_id: int, rating: Rating, *, auto: bool) -> None:
        with self.db.write() as c:
            c.execute("UPDATE reviews SET rating = ?, auto = ? WHERE id = ?", (int(rating), int(auto), review_id))

    def log(self, card_id: str | None = None, limit: int | None = None) -> list[LoggedReview]:
        """Logged answers (of ``card_id``, if given), newest first."""
        sql = "SELECT r.*, c.id AS card_id FROM reviews r JOIN cards c ON c.num = r.card_num"
        params: list[Any] = []
        if card_id is not None:
            sql += " WHERE c.id = ?"
            params.append(card_id)
        sql += " ORDER BY r.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_logged_review(r, self.db.path) for r in self.db.rows(sql, params)]

    def history(self) -> Iterator[HistoryEntry]:
        """Every logged answer, oldest first, with its card's week and kind (`drill history export`).
        Read with sqlite-utils (rows as dicts), loaded only here, for migrations and for deck syncs.
        A row edited by hand or damaged is one DrillsError naming it (the log is not scanned at open)."""
        import sqlite_utils

        db, path = sqlite_utils.Database(self.db.conn), self.db.path
        try:
            rows = list(db.query(
                "SELECT r.id, r.at, c.id AS card_id, c.week, c.kind, r.mode, r.rating, r.state_before,"
                " r.duration_ms, r.auto, r.verdict, r.typed FROM reviews r JOIN cards c ON c.num = r.card_num"
                " ORDER BY r.at, r.id"))
        except sqlite3.Error as e:
            raise friendly_error(e, path) from e
        for r in rows:
            review_id = r["id"]
            verdict = _logged_json(r, "verdict", path).get("status") if r["verdict"] is not None else None
            try:
                state_before = None if r["state_before"] is None else State(r["state_before"])
            except ValueError:
                raise DrillsError(f"review {review_id} in the database has state_before = {r['state_before']!r},"
                                  " which must be empty (new) or 1, 2, 3: the row was edited or damaged (fix it"
                                  " with sqlite3, or restore a backup)", file=str(path)) from None
            duration = r["duration_ms"]
            yield HistoryEntry(
                review_id=review_id, at=from_ms(review_int(review_id, "at", r["at"], path)), card_id=r["card_id"],
                week=r["week"], kind=r["kind"], mode=str(r["mode"]),
                rating=Rating(review_int(review_id, "rating", r["rating"], path, low=1, high=4)),
                state_before=state_before,
                duration_ms=None if duration is None else review_int(review_id, "duration_ms", duration, path,
                                                                     high=10**10),
                auto=bool(r["auto"]), verdict=None if verdict is None else str(verdict), typed=r["typed"])

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


def _logged_review(r: dict[str, Any], path: Path) -> LoggedReview:
    """A review-log row read back; values are checked here (the log is not scanned at open), so a
    hand-edited or damaged row is one DrillsError naming it."""
    review_id = r["id"]
    try:
        verdict = Verdict.from_dict(_logged_json(r, "verdict", path)) if r["verdict"] else None
        mode = SessionMode(r["mode"])
        state_before = None if r["state_before"] is None else State(r["state_before"])
    except (TypeError, ValueError):
        raise DrillsError(f"review {review_id} in the database has a damaged verdict, mode or state_before: the "
                          "row was edited or damaged (fix it with sqlite3, or restore a backup)",
                          file=str(path)) from None
    duration = r["duration_ms"]
    return LoggedReview(
        id=review_id, card_id=r["card_id"], card_num=r["card_num"],
        at=from_ms(review_int(review_id, "at", r["at"], path)),
        rating=Rating(review_int(review_id, "rating", r["rating"], path, low=1, high=4)),
        mode=mode, auto=bool(r["auto"]), before=Schedule.from_dict(_logged_json(r, "before", path)),
        duration_ms=None if duration is None else review_int(review_id, "duration_ms", duration, path, high=10**10),
        typed=r["typed"], verdict=verdict, state_before=state_before,
        correct=None if r["correct"] is None else bool(r["correct"]))


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
