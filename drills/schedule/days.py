"""Study days: a day begins at a configurable local hour (4 am, like Anki), not at midnight,
so a late-night session still counts as "today"."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo


def _local_naive(now: datetime, tz: tzinfo | None) -> datetime:
    # tz None means the system's local time; naive local datetimes let astimezone() apply the right
    # DST offset for that date instead of today's offset.
    return now.astimezone(tz).replace(tzinfo=None)


def _to_utc(local: datetime, tz: tzinfo | None) -> datetime:
    if tz is None:
        return local.astimezone(timezone.utc)
    return local.replace(tzinfo=tz).astimezone(timezone.utc)


def day_start(now: datetime, hour: int = 4, tz: tzinfo | None = None) -> datetime:
    """The moment (UTC) the study day containing ``now`` began."""
    local = _local_naive(now, tz)
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return _to_utc(start, tz)


def next_day_start(now: datetime, hour: int = 4, tz: tzinfo | None = None) -> datetime:
    """The moment (UTC) the next study day begins: what "bury until tomorrow" means."""
    local = _local_naive(now, tz)
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if local >= start:
        start += timedelta(days=1)
    return _to_utc(start, tz)


def local_date(moment: datetime, hour: int = 4, tz: tzinfo | None = None) -> date:
    """The calendar date of the study day that contains ``moment``."""
    return (_local_naive(moment, tz) - timedelta(hours=hour)).date()
