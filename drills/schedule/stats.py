"""Study statistics from plain numbers (pure): reviews per study day, the due forecast, heat levels.

Times come in as epoch milliseconds; days are study days (they start at ``hour`` local time), so a
review at 1 am counts for the day before, as it does for the daily new-card limit.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Iterable

from drills.schedule.days import local_date


def _day(ms: int, hour: int, tz: tzinfo | None) -> date:
    return local_date(datetime.fromtimestamp(ms / 1000, timezone.utc), hour, tz)


def reviews_per_day(times_ms: Iterable[int], today: date, days: int, hour: int = 4,
                    tz: tzinfo | None = None) -> list[tuple[date, int]]:
    """Answers per study day for the ``days`` days ending with ``today`` (oldest first)."""
    counts = Counter(_day(ms, hour, tz) for ms in times_ms)
    first = today - timedelta(days=days - 1)
    return [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)]


def due_forecast(due_ms: Iterable[int], now: datetime, days: int, hour: int = 4,
                 tz: tzinfo | None = None) -> list[tuple[date, int]]:
    """Cards falling due on each of the next ``days`` study days; today's count includes the overdue."""
    today = local_date(now, hour, tz)
    counts: Counter[date] = Counter()
    for ms in due_ms:
        counts[max(today, _day(ms, hour, tz))] += 1
    return [(today + timedelta(days=i), counts.get(today + timedelta(days=i), 0)) for i in range(days)]


def heat_levels(counts: list[int]) -> list[int]:
    """0 for no reviews, else 1..4 by quarter of the busiest day (GitHub-style)."""
    top = max(counts, default=0)
    if top == 0:
        return [0] * len(counts)
    return [0 if n == 0 else min(4, -(-4 * n // top)) for n in counts]  # ceil(4n/top)


def streak(per_day: list[tuple[date, int]]) -> int:
    """Consecutive study days with reviews, ending today (or yesterday if today has none yet)."""
    counts = [n for _, n in per_day]
    if counts and counts[-1] == 0:
        counts = counts[:-1]
    run = 0
    for n in reversed(counts):
        if n == 0:
            break
        run += 1
    return run
