"""Scheduling, pure: FSRS memory state, the auto-rating rule, study-day boundaries, the queue policy.

Nothing here reads files or clocks: every function takes ``now`` (an aware datetime) as a parameter.

    StudyConfig                         the settings (defaults documented in docs/study.md)
    Memory, review_memory(...)          one card's FSRS state and one review of it (fsrs Rating, State)
    target_ms(...), auto_rating(...)    the rating a typed command answer earns
    day_start(...), next_day_start(...) the study day (starts at 4 am local by default)
    queue_policy                        order of new cards, daily limit, siblings, dependencies
    leech                               the leech rule
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drills.schedule.days import day_start, next_day_start
    from drills.schedule.leech import after_answer, is_leech_lapse
    from drills.schedule.memory import Memory, Rating, State, make_scheduler, review_memory
    from drills.schedule.queue_policy import QueueRules, Selection, new_allowance, new_card_order
    from drills.schedule.rating import auto_rating, default_target_ms, target_ms
    from drills.schedule.settings import StudyConfig

# Names are loaded on first use (PEP 562): reading the settings (drills.config -> schedule.settings)
# must not pay for fsrs, which only the FSRS step needs.
_HOME = {
    "day_start": "days", "next_day_start": "days", "after_answer": "leech", "is_leech_lapse": "leech",
    "Memory": "memory", "Rating": "memory", "State": "memory", "make_scheduler": "memory",
    "review_memory": "memory", "QueueRules": "queue_policy", "Selection": "queue_policy",
    "new_allowance": "queue_policy", "new_card_order": "queue_policy", "auto_rating": "rating",
    "default_target_ms": "rating", "target_ms": "rating", "StudyConfig": "settings",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'drills.schedule' has no attribute {name!r}")
    return getattr(import_module(f"drills.schedule.{_HOME[name]}"), name)


__all__ = [
    "Rating", "State", "Memory", "StudyConfig", "make_scheduler", "review_memory",
    "auto_rating", "target_ms", "default_target_ms", "day_start", "next_day_start", "new_allowance",
    "new_card_order", "is_leech_lapse", "after_answer", "QueueRules", "Selection",
]
