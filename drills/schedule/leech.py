"""Leeches: cards the student keeps forgetting (Anki's rule: 8 lapses, then every 4 more)."""

from __future__ import annotations

LEECH_TAG = "leech"


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """True when a lapse brings the card's lapse count to the leech threshold (Anki: 8), and again
    every half-threshold lapses after that (Anki re-warns at 12, 16, ... for a threshold of 8)."""
    if threshold <= 0 or lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


def after_answer(lapses_before: int, lapses_after: int, tags: list[str], suspended: bool, *,
                 threshold: int, action: str) -> tuple[bool, list[str]]:
    """(suspended, tags) after an answer: a lapse that makes the card a leech tags it ``leech`` and,
    with ``action`` "suspend", suspends it."""
    if lapses_after > lapses_before and is_leech_lapse(lapses_after, threshold):
        return suspended or action == "suspend", sorted(set(tags) | {LEECH_TAG})
    return suspended, sorted(set(tags))
