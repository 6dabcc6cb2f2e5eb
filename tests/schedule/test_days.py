"""Study days start at a local hour (4 am by default), so bury-until-tomorrow and the daily
new-card count follow the student's night, not UTC midnight."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from drills.schedule import day_start, next_day_start
from drills.schedule.days import local_date

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*a):
    return datetime(*a, tzinfo=timezone.utc)


def test_before_4am_still_belongs_to_yesterday():
    assert day_start(utc(2026, 11, 26, 3, 59), 4, timezone.utc) == utc(2026, 11, 25, 4)
    assert day_start(utc(2026, 11, 26, 4, 0), 4, timezone.utc) == utc(2026, 11, 26, 4)
    assert next_day_start(utc(2026, 11, 26, 3, 59), 4, timezone.utc) == utc(2026, 11, 26, 4)
    assert next_day_start(utc(2026, 11, 26, 4, 0), 4, timezone.utc) == utc(2026, 11, 27, 4)


def test_local_zone_is_used_for_the_boundary():
    # 02:30 UTC on 26 Nov is 03:30 in Berlin (UTC+1): still the study day of 25 Nov.
    assert day_start(utc(2026, 11, 26, 2, 30), 4, BERLIN) == utc(2026, 11, 25, 3)
    assert next_day_start(utc(2026, 11, 26, 2, 30), 4, BERLIN) == utc(2026, 11, 26, 3)
    assert local_date(utc(2026, 11, 26, 2, 30), 4, BERLIN).isoformat() == "2026-11-25"


def test_daylight_saving_change_keeps_4am_local():
    # Europe/Berlin leaves summer time on 25 Oct 2026: the next 4 am is UTC+1, not UTC+2.
    assert next_day_start(utc(2026, 10, 24, 12), 4, BERLIN) == utc(2026, 10, 25, 3)
    assert day_start(utc(2026, 10, 24, 12), 4, BERLIN) == utc(2026, 10, 24, 2)
