"""Speed-drill runs and their attempts (mixin of Store)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from drills.store.connection import Connected
from drills.store.records import from_ms, to_ms


class SpeedQueries(Connected):
    def _insert_attempt(self, c: sqlite3.Connection, card_num: int, a: dict[str, Any]) -> None:
        c.execute(
            "INSERT INTO speed_attempts (run_id, card_num, attempt, at, typed, verdict, ms, first_key_ms)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (a["run_id"], card_num, a["attempt"], to_ms(a["at"]), a.get("typed"), a["verdict"], a["ms"],
             a.get("first_key_ms")),
        )

    def start_run(self, week: int, started: datetime, shuffled: bool = False) -> int:
        with self._write() as c:
            return c.execute("INSERT INTO speed_runs (week, started, shuffled) VALUES (?, ?, ?)",
                             (week, to_ms(started), int(shuffled))).lastrowid

    def add_attempt(self, run_id: int, card_id: str, *, attempt: int, at: datetime, verdict: str, ms: int,
                    typed: str | None = None, first_key_ms: int | None = None) -> None:
        """Store one speed-drill attempt that does not also review the card."""
        with self._write() as c:
            num = c.execute("SELECT num FROM cards WHERE id = ?", (card_id,)).fetchone()[0]
            self._insert_attempt(c, num, {"run_id": run_id, "attempt": attempt, "at": at, "typed": typed,
                                          "verdict": verdict, "ms": ms, "first_key_ms": first_key_ms})

    def finish_run(self, run_id: int, *, finished: datetime, total_ms: int, tasks: list[dict[str, Any]],
                   complete: bool) -> None:
        with self._write() as c:
            c.execute("UPDATE speed_runs SET finished = ?, total_ms = ?, tasks = ?, complete = ? WHERE id = ?",
                      (to_ms(finished), total_ms, json.dumps(tasks, ensure_ascii=False), int(complete), run_id))

    def best_run_ms(self, week: int, *, exclude_run: int | None = None) -> int | None:
        """The week's personal best: the lowest total of finished runs with every task correct."""
        return self._value(
            "SELECT min(total_ms) FROM speed_runs WHERE week = ? AND complete = 1 AND total_ms IS NOT NULL"
            " AND id IS NOT ?", (week, exclude_run),
        )

    def speed_summary(self, week: int | None = None) -> list[dict[str, Any]]:
        """Per week: finished runs, complete runs, personal best (ms) and when it was set."""
        where, params = ("AND week = ?", [week]) if week is not None else ("", [])
        rows = self._rows(
            "SELECT week, count(*) AS runs, sum(complete) AS complete_runs,"
            " min(CASE WHEN complete = 1 THEN total_ms END) AS best_ms"
            f" FROM speed_runs WHERE total_ms IS NOT NULL {where} GROUP BY week ORDER BY week", params,
        )
        for r in rows:
            r["complete_runs"] = r["complete_runs"] or 0
            at = self._value(
                "SELECT finished FROM speed_runs WHERE week = ? AND complete = 1 AND total_ms = ?"
                " ORDER BY finished LIMIT 1", (r["week"], r["best_ms"]),
            ) if r["best_ms"] is not None else None
            r["best_at"] = from_ms(at).isoformat() if at is not None else None
        return rows

    def run_attempts(self, run_id: int) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT a.*, c.id AS card_id FROM speed_attempts a JOIN cards c ON c.num = a.card_num"
            " WHERE run_id = ? ORDER BY a.id", (run_id,),
        )
