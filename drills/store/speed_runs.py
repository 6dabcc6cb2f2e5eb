"""The ``speed_runs`` and ``speed_attempts`` tables: timed speed-drill runs and every attempt in them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Mapping, Sequence

from drills.store.connection import Database
from drills.store.records import Attempt, SpeedWeek, from_ms, to_ms
from drills.vocabulary import VerdictStatus


class SpeedRuns:
    """Runs and attempts. Writing methods commit at once, or with the unit of work they run in."""

    def __init__(self, db: Database):
        self.db = db

    def start(self, week: int, started: datetime, shuffled: bool = False) -> int:
        with self.db.write() as c:
            return int(c.execute("INSERT INTO speed_runs (week, started, shuffled) VALUES (?, ?, ?)",
                                 (week, to_ms(started), int(shuffled))).lastrowid or 0)

    def add_attempt(self, a: Attempt) -> None:
        with self.db.write() as c:
            c.execute(
                "INSERT INTO speed_attempts (run_id, card_num, attempt, at, typed, verdict, ms, first_key_ms,"
                " review_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.run_id, a.card_num, a.attempt, to_ms(a.at), a.typed, str(a.verdict), a.ms, a.first_key_ms,
                 a.review_id),
            )

    def finish(self, run_id: int, *, finished: datetime, total_ms: int, tasks: Sequence[Mapping[str, object]],
               complete: bool) -> None:
        with self.db.write() as c:
            c.execute("UPDATE speed_runs SET finished = ?, total_ms = ?, tasks = ?, complete = ? WHERE id = ?",
                      (to_ms(finished), total_ms, json.dumps([dict(t) for t in tasks], ensure_ascii=False),
                       int(complete), run_id))

    def best_ms(self, week: int, *, exclude_run: int | None = None) -> int | None:
        """The week's personal best: the lowest total of finished runs with every task correct."""
        best: int | None = self.db.value(
            "SELECT min(total_ms) FROM speed_runs WHERE week = ? AND complete = 1 AND total_ms IS NOT NULL"
            " AND id IS NOT ?", (week, exclude_run),
        )
        return best

    def summary(self, week: int | None = None) -> list[SpeedWeek]:
        """Per week: finished runs, complete runs, personal best (ms) and when it was set."""
        where, params = ("AND week = ?", [week]) if week is not None else ("", [])
        rows = self.db.rows(
            "SELECT week, count(*) AS runs, sum(complete) AS complete_runs,"
            " min(CASE WHEN complete = 1 THEN total_ms END) AS best_ms"
            f" FROM speed_runs WHERE total_ms IS NOT NULL {where} GROUP BY week ORDER BY week", params,
        )
        for r in rows:
            r["complete_runs"] = r["complete_runs"] or 0
            at = self.db.value(
                "SELECT finished FROM speed_runs WHERE week = ? AND complete = 1 AND total_ms = ?"
                " ORDER BY finished LIMIT 1", (r["week"], r["best_ms"]),
            ) if r["best_ms"] is not None else None
            r["best_at"] = from_ms(at).isoformat() if at is not None else None
        return [{"week": r["week"], "runs": r["runs"], "complete_runs": r["complete_runs"], "best_ms": r["best_ms"],
                 "best_at": r["best_at"]} for r in rows]

    def attempts(self, run_id: int) -> list[Attempt]:
        """The run's attempts, in the order made."""
        return [Attempt(run_id=r["run_id"], card_num=r["card_num"], attempt=r["attempt"], at=from_ms(r["at"]),
                        verdict=VerdictStatus(r["verdict"]), ms=r["ms"], typed=r["typed"],
                        first_key_ms=r["first_key_ms"], review_id=r["review_id"])
                for r in self.db.rows("SELECT * FROM speed_attempts WHERE run_id = ? ORDER BY id", (run_id,))]
