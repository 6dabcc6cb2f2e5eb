"""Queue rules that do not need the database: the daily new-card allowance and leech detection."""

from __future__ import annotations


def new_allowance(new_per_day: int, introduced_today: int) -> int:
    """How many more new cards may be introduced today."""
    return max(0, new_per_day - introduced_today)


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """True when a lapse brings the card's lapse count to the leech threshold (Anki: 8), and again
    every half-threshold lapses after that (Anki re-warns at 12, 16, ... for a threshold of 8)."""
    if threshold <= 0 or lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0
