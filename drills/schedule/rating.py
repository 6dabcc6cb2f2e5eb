"""The rating a typed command answer earns, from its verdict and the time it took.

    wrong (incorrect or unreadable)               -> Again
    right, elapsed > target                       -> Hard
    right, easy_factor*target < elapsed <= target -> Good
    right, elapsed <= easy_factor*target          -> Easy

The target starts from the length of the answer (thinking time + typing time per character) and
moves halfway towards the student's own pace once they have answered the card correctly a few times.
"""

from __future__ import annotations

from statistics import median

from drills.schedule.memory import Rating
from drills.schedule.settings import StudyConfig

MIN_TARGET_MS = 2000


def default_target_ms(answers: list[str], config: StudyConfig) -> int:
    """Base time plus typing time for the shortest accepted answer."""
    shortest = min((len(a) for a in answers), default=0)
    return config.target_base_ms + config.target_per_char_ms * shortest


def target_ms(answers: list[str], history_ms: list[int], config: StudyConfig) -> int:
    """The card's target time. ``history_ms``: the student's latest correct times on this card,
    newest first. With at least ``history_min`` of them, the target is the mean of the default and
    the median of the newest ``history_size``; never below 2 s."""
    default = default_target_ms(answers, config)
    recent = [ms for ms in history_ms[: config.history_size] if ms and ms > 0]
    if len(recent) >= config.history_min:
        default = round((default + median(recent)) / 2)
    return max(MIN_TARGET_MS, int(default))


def auto_rating(correct: bool, elapsed_ms: int, target: int, config: StudyConfig) -> Rating:
    """The FSRS rating for a typed answer."""
    if not correct:
        return Rating.Again
    if elapsed_ms <= config.easy_factor * target:
        return Rating.Easy
    if elapsed_ms <= target:
        return Rating.Good
    return Rating.Hard
