"""Scheduling, pure: FSRS memory state, the auto-rating rule, study-day boundaries, queue rules.

Nothing here reads files or clocks: every function takes ``now`` (an aware datetime) as a parameter.

    StudyConfig                         the settings (defaults documented in docs/study.md)
    Memory, review_memory(...)          one card's FSRS state and one review of it
    target_ms(...), auto_rating(...)    the rating a typed command answer earns
    day_start(...), next_day_start(...) the study day (starts at 4 am local by default)
    new_allowance(...), is_leech_lapse(...)
"""

from drills.schedule.days import day_start, next_day_start
from drills.schedule.memory import AGAIN, EASY, GOOD, HARD, Memory, make_scheduler, review_memory
from drills.schedule.queue import is_leech_lapse, new_allowance
from drills.schedule.rating import auto_rating, default_target_ms, target_ms
from drills.schedule.settings import StudyConfig

__all__ = [
    "AGAIN", "HARD", "GOOD", "EASY", "Memory", "StudyConfig", "make_scheduler", "review_memory",
    "auto_rating", "target_ms", "default_target_ms", "day_start", "next_day_start", "new_allowance",
    "is_leech_lapse",
]
