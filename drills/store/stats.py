"""Read-only queries behind `drill stats` (mixin of Store)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from drills.store.connection import Connected
from drills.store.records import to_ms


def _weeks_sql(weeks, column: str = "week") -> tuple[str, list[Any]]:
    if weeks is None:
        return "", []
    return f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(sorted(set(weeks)))]


class StatsQueries(Connected):
    def review_times(self, since: datetime, *, weeks=None) -> list[int]:
        """Epoch-ms times of every logged answer (all modes) since ``since``."""
        sql, params = _weeks_sql(weeks, "c.week")
        return [r[0] for r in self.conn.execute(
            f"SELECT r.at FROM reviews r JOIN cards c ON c.num = r.card_num WHERE r.at >= ?{sql}",
            [to_ms(since), *params])]

    def due_times(self, *, weeks=None) -> list[int]:
        """Due times (epoch ms) of every scheduled, active card."""
        sql, params = _weeks_sql(weeks)
        return [r[0] for r in self.conn.execute(
            f"SELECT due FROM cards WHERE retired = 0 AND suspended = 0 AND state IS NOT NULL{sql}", params)]

    def retention(self, since: datetime, *, weeks=None) -> tuple[int, int]:
        """(answers given to cards in the Review state since ``since``, how many were not Again)."""
        sql, params = _weeks_sql(weeks, "c.week")
        row = self.conn.execute(
            "SELECT count(*), coalesce(sum(r.rating > 1), 0) FROM reviews r JOIN cards c ON c.num = r.card_num"
            f" WHERE r.at >= ? AND r.state_before = 2{sql}", [to_ms(since), *params]).fetchone()
        return row[0], row[1]

    def card_counts(self, now: datetime, *, weeks=None) -> dict[str, int]:
        sql, params = _weeks_sql(weeks)
        row = self._rows(
            "SELECT count(*) AS total, coalesce(sum(state IS NULL), 0) AS new,"
            " coalesce(sum(state IN (1, 3)), 0) AS learning, coalesce(sum(state = 2), 0) AS review,"
            " coalesce(sum(suspended), 0) AS suspended,"
            " coalesce(sum(EXISTS (SELECT 1 FROM json_each(tags) WHERE value = 'leech')), 0) AS leech"
            f" FROM cards WHERE retired = 0{sql}", params)[0]
        return row
