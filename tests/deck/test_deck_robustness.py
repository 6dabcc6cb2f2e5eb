"""A hand-edited deck file that went wrong: a Deck or a DrillsError with a line, never a traceback."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drills.deck.overrides import parse_overrides
from drills.deck.yamlfmt import parse_deck
from drills.errors import DrillsError
from drills.bundled import builtin_decks_dir

LINES = (builtin_decks_dir() / "week-06.yaml").read_text(encoding="utf-8").split("\n")[:80]
JUNK = ["", "- ", "  kind: pitfal", "  answers: 3", "cards: 7", "week: x", "  front: [", "  self_graded: maybe",
        "schema: 2", "  - !!python/object:os.system x", "  tags: [a, 1]", "&a x: *a", "  cloze_index: one", "- id: w06"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), st.integers(0, 3), st.sampled_from(JUNK)), max_size=4))
def test_damaged_decks_load_or_fail_with_a_line(edits):
    lines = list(LINES)
    for start, length, insert in edits:
        lines[start:start + length] = [insert]
    text = "\n".join(lines)
    try:
        parse_deck(text, "week-06.yaml")
    except DrillsError as e:
        assert e.file == "week-06.yaml" and e.line is not None
    try:
        parse_overrides(text, "o.yaml")
    except DrillsError as e:
        assert e.file == "o.yaml"


def test_an_id_holding_a_line_break_gives_a_one_line_error():
    # found by the fuzz test (a mutated deck file): the id's newline split the error message in two
    text = (builtin_decks_dir() / "week-06.yaml").read_text()
    text = text.replace("id: w06.pitfall.04", 'id: "w06.pcluster.local`.\\nitfall.04"', 1)
    try:
        parse_deck(text, "week-06.yaml")
    except DrillsError as e:
        assert "\n" not in str(e) and "\\x0a" in str(e) and str(e).startswith("week-06.yaml:")
    else:
        raise AssertionError("a card id with a line break was accepted")
