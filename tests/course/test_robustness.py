"""Damaged pages: the reader returns a Week or raises DrillsError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drills.course import read_week
from drills.deck.build import build_deck
from drills.errors import DrillsError

from .pages import (CONCEPT_LEADINS, DRILL_A, LAB_SHAPES, PITFALLS_SHAPES, SOLUTIONS_SHAPES, TUTORIAL_HIDDEN,
                    TUTORIAL_SHAPES, page)

LINES = page(concept=CONCEPT_LEADINS, tutorial=TUTORIAL_SHAPES + "\n\n" + TUTORIAL_HIDDEN.replace("### 1.", "### 11.")
             .replace("### 2.", "### 12."), lab=LAB_SHAPES, drill=DRILL_A, pitfalls=PITFALLS_SHAPES,
             solutions=SOLUTIONS_SHAPES).split("\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), st.integers(0, 6),
                          st.sampled_from(["", "---", "```", "<details>", "</details>", "1. x", "- **a**", "# 2",
                                           "### 3.", "**b**:", "`k get po`", "<<EOF", "'"])),
                max_size=6))
def test_damaged_pages_give_a_week_or_a_drills_error(edits):
    lines = list(LINES)
    for start, length, insert in edits:
        lines[start:start + length] = [insert]
    try:
        week = read_week("\n".join(lines), "03.md")
    except DrillsError as e:
        assert e.file == "03.md"
        return
    result = build_deck(week)
    assert len({c.id for c in result.deck.cards}) == len(result.deck.cards)  # ids stay unique
