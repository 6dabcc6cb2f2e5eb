"""Mutated course pages, deck, overrides and config files: each is read into a value or refused with
one DrillsError naming the file (and a line where there is one); a built deck always loads back; a
config that loads can be studied with. No other exception, no input over 5 s, memory under the cap."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drills.config import load_config
from drills.course import read_week
from drills.deck.build import build_deck
from drills.deck.overrides import apply_overrides, parse_overrides
from drills.deck.yamlfmt import dump_deck_checked, parse_deck
from drills.errors import DrillsError
from drills.bundled import builtin_decks_dir, builtin_weeks_dir

from .fuzzing import Clock, mutate_lines, mutate_text, sized, watchdog
from .helpers import config_file, run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course import pages  # noqa: E402

PAGES = [p.read_text(encoding="utf-8") for p in sorted(builtin_weeks_dir().glob("*.md"))] + [
    pages.page(),
    pages.page(concept=pages.CONCEPT_LEADINS, tutorial=pages.TUTORIAL_SHAPES, lab=pages.LAB_SHAPES,
               solutions=pages.SOLUTIONS_SHAPES, pitfalls=pages.PITFALLS_SHAPES, drill=pages.DRILL_A),
    pages.page(drill=pages.DRILL_B, solutions=pages.SOLUTIONS_B, tutorial=pages.TUTORIAL_HIDDEN),
]
DECK = (builtin_decks_dir() / "week-06.yaml").read_text(encoding="utf-8")
OVERRIDES = """schema: 1
cards:
  w06.command.01:
    answers: ["kubectl create deployment web --image=nginx --replicas=2"]
    add_answers:
      - kubectl create deploy web --image=nginx --replicas 2
    front: Create it
    back: |
      two lines
      of back
    self_graded: false
"""
CONFIG = """[study]
desired_retention = 0.9
maximum_interval_days = 36500
learning_steps_minutes = [1, 10]
relearning_steps_minutes = [10]
fuzzing = true
new_cards_per_day = 20
day_starts_at_hour = 4
timezone = ""
learn_ahead_minutes = 20
leech_threshold = 8
leech_action = "suspend"

[rating]
target_base_ms = 5000
target_per_char_ms = 250
easy_factor = 0.6
history_size = 5
history_min = 3
"""
TOML_VALUES = ["inf", "-inf", "nan", "1e300", "-1", "0", "9" * 30, str(2**63), "[inf]", "[1e300]", "[]",
               "[0]", "[-1]", "\"x\"", "true", "1979-05-27", "[[1]]", "{a = 1}", "0.0", "1.5", "25", "100001"]


def refused_well(e: DrillsError, file: str) -> None:
    text = str(e)
    assert e.file == file and "\n" not in e.message and len(text) < 5000, text


@settings(max_examples=sized(1000, 300), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 8), which=st.integers(0, len(PAGES) - 1))
def test_mutated_pages_build_a_loadable_deck_or_one_error(seed, edits, which):
    rng = random.Random(seed)
    text = mutate_lines(rng, PAGES[which], edits)
    clock = Clock()
    with watchdog(60), clock.timing(seed):
        try:
            week = read_week(text, "03-page.md")
            result = build_deck(week)
            deck_text = dump_deck_checked(result.deck, "03-page.md")
        except DrillsError as e:
            refused_well(e, "03-page.md")
            return
    assert clock.slowest < 5
    loaded = parse_deck(deck_text, "week.yaml")  # what was built is what every later command loads
    assert [c.id for c in loaded.cards] == [c.id for c in result.deck.cards]
    for card in loaded.cards:
        for field in (card.front, card.back, card.cloze or "", *card.answers):
            assert "\x1b" not in field and "\x9b" not in field


@settings(max_examples=sized(300, 100), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 10), by_line=st.booleans())
def test_mutated_deck_files_load_or_give_one_error(seed, edits, by_line):
    rng = random.Random(seed)
    text = (mutate_lines if by_line else mutate_text)(rng, DECK, edits)
    clock = Clock()
    with watchdog(60), clock.timing(seed):
        try:
            deck = parse_deck(text, "week-06.yaml")
        except DrillsError as e:
            refused_well(e, "week-06.yaml")
            return
    assert clock.slowest < 5
    assert parse_deck(dump_deck_checked(deck, "x"), "again.yaml").week == deck.week


@settings(max_examples=sized(300, 100), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 10), by_line=st.booleans())
def test_mutated_overrides_apply_or_give_one_error(seed, edits, by_line):
    rng = random.Random(seed)
    text = (mutate_lines if by_line else mutate_text)(rng, OVERRIDES, edits)
    deck = parse_deck(DECK, "week-06.yaml")
    with watchdog(60):
        try:
            changed = apply_overrides(deck, parse_overrides(text, "week-06.yaml"), "week-06.yaml")
        except DrillsError as e:
            assert "\n" not in e.message
            return
    assert len(changed.cards) == len(deck.cards)


@settings(max_examples=sized(80, 40), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 4), values=st.integers(0, 3))
def test_mutated_config_loads_and_studies_or_gives_one_error(seed, edits, values):
    rng = random.Random(seed)
    lines = CONFIG.split("\n")
    for _ in range(values):  # a setting gets a hostile value
        i = rng.choice([n for n, ln in enumerate(lines) if " = " in ln])
        lines[i] = lines[i].split(" = ")[0] + " = " + rng.choice(TOML_VALUES)
    text = mutate_text(rng, "\n".join(lines), edits) if rng.random() < 0.3 else "\n".join(lines)
    path = config_file()
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path)
    except DrillsError as e:
        refused_well(e, str(path))
        return
    # Accepted: then studying with it works (values that pass must not crash later).
    result = run("review", "--week", "6", "--limit", "3", input="1\n3\n4\n")
    assert result.exit_code == 0, result.output
