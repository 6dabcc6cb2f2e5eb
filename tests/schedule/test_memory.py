"""FSRS through our Memory value: new cards, lapses, timezone handling."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from drills.schedule import Memory, Rating, State, StudyConfig, is_leech_lapse, make_scheduler, new_allowance, review_memory

NOW = datetime(2026, 11, 26, 10, tzinfo=timezone.utc)
SCHED = make_scheduler(StudyConfig(fuzzing=False))


def test_a_new_card_follows_the_configured_learning_steps():
    m = review_memory(SCHED, Memory(), 7, Rating.Good, NOW, 1200)
    assert (m.state, m.reps, m.lapses) == (State.Learning, 1, 0)
    assert m.due == NOW + timedelta(minutes=10)
    custom = make_scheduler(StudyConfig(fuzzing=False, learning_steps_minutes=(2.0, 30.0)))
    assert review_memory(custom, Memory(), 7, Rating.Good, NOW).due == NOW + timedelta(minutes=30)


def test_a_lapse_is_again_on_a_review_card_only():
    m = review_memory(SCHED, Memory(), 1, Rating.Again, NOW)
    assert m.lapses == 0  # Again while learning is not a lapse (as in Anki)
    m = review_memory(SCHED, m, 1, Rating.Good, NOW + timedelta(minutes=1))
    m = review_memory(SCHED, m, 1, Rating.Good, NOW + timedelta(minutes=11))
    assert m.state == State.Review
    m = review_memory(SCHED, m, 1, Rating.Again, m.due)
    assert (m.state, m.lapses) == (State.Relearning, 1)


def test_any_aware_timezone_is_accepted_and_round_trips():
    berlin_now = NOW.astimezone(ZoneInfo("Europe/Berlin"))  # py-fsrs itself only takes timezone.utc
    m = review_memory(SCHED, Memory(), 1, Rating.Good, berlin_now)
    assert m.last_review == NOW
    assert Memory.from_dict(m.to_dict()) == m


def test_maximum_interval_caps_the_schedule():
    sched = make_scheduler(StudyConfig(fuzzing=False, maximum_interval_days=3))
    m = Memory()
    at = NOW
    for _ in range(8):
        m = review_memory(sched, m, 1, 4, at)
        at = m.due
    assert m.due - m.last_review <= timedelta(days=3)


def test_daily_allowance_and_leech_threshold():
    assert new_allowance(20, 0) == 20
    assert new_allowance(20, 25) == 0
    assert [n for n in range(1, 21) if is_leech_lapse(n, 8)] == [8, 12, 16, 20]
    assert not any(is_leech_lapse(n, 0) for n in range(50))
