"""Scheduling, pure: FSRS memory state, the auto-rating rule, study-day boundaries, the queue policy.

Nothing here reads files or clocks: every function takes ``now`` (an aware datetime) as a parameter.

    StudyConfig                         the settings (defaults documented in docs/study.md)
    Memory, review_memory(...)          one card's FSRS state and one review of it (fsrs Rating, State)
    target_ms(...), auto_rating(...)    the rating a typed command answer earns
    day_start(...), next_day_start(...) the study day (starts at 4 am local by default)
    queue_policy                        order of new cards, daily limit, siblings, dependencies
    leech                               the leech rule
"""

from drills.schedule.days import day_start, next_day_start
from drills.schedule.leech import after_answer, is_leech_lapse
from drills.schedule.memory import Memory, Rating, State, make_scheduler, review_memory
from drills.schedule.queue_policy import QueueRules, Selection, new_allowance, new_card_order
from drills.schedule.rating import auto_rating, default_target_ms, target_ms
from drills.schedule.settings import StudyConfig

__all__ = [
    "Rating", "State", "Memory", "StudyConfig", "make_scheduler", "review_memory",
    "auto_rating", "target_ms", "default_target_ms", "day_start", "next_day_start", "new_allowance",
    "new_card_order", "is_leech_lapse", "after_answer", "QueueRules", "Selection",
]
