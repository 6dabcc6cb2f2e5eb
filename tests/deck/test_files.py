"""Deck files: built-in + user decks, overrides, find/load errors, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drills.deck.files import (find_card, load_deck, load_decks, overrides_path, user_decks_dir, write_deck)
from drills.deck.model import Card, Deck
from drills.deck.overrides import apply_overrides, parse_overrides
from drills.errors import DrillsError


def small_deck(week=7, title="Storage") -> Deck:
    return Deck(week=week, title=title, source=f"{week:02d}-x.md", cards=[
        Card(id=f"w{week:02d}.command.01", week=week, kind="command", front="List PVCs", back="",
             self_graded=True),
        Card(id=f"w{week:02d}.command.02", week=week, kind="command", front="List PVs", back="kubectl get pv",
             answers=["kubectl get pv"]),
    ])


def test_builtin_week6_loads_without_any_user_files():
    decks = load_decks()
    assert [d.week for d in decks] == [6]
    assert find_card("w06.command.03").answers == ["kubectl get svc web -o jsonpath='{.spec.clusterIP}'"]
    assert load_deck(6).title == "Services & Networking"


def test_user_deck_adds_a_week_and_wins_over_builtin():
    write_deck(small_deck(), user_decks_dir())
    write_deck(small_deck(week=6, title="My week 6"), user_decks_dir())
    decks = load_decks()
    assert [(d.week, d.title) for d in decks] == [(6, "My week 6"), (7, "Storage")]


def test_extra_dirs_win_last(tmp_path):
    write_deck(small_deck(title="extra"), tmp_path)
    assert load_decks([tmp_path])[-1].title == "extra"


def test_missing_week_and_unknown_card():
    with pytest.raises(DrillsError) as e:
        load_deck(7)
    assert e.value.message.startswith("no deck for week 7 (have: 6)")
    with pytest.raises(DrillsError) as e:
        find_card("w06.command.99")
    assert "w06.command.99" in e.value.message


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = write_deck(small_deck(), tmp_path)
    assert path == tmp_path / "week-07.yaml"
    before = path.read_bytes()
    write_deck(small_deck(), tmp_path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["week-07.yaml"]


def test_broken_user_deck_is_reported_with_line():
    user_decks_dir().mkdir(parents=True)
    (user_decks_dir() / "week-07.yaml").write_text("schema: 1\nweek: 7\ntitle: x\ncards:\n- id: [\n")
    with pytest.raises(DrillsError) as e:
        load_decks()
    assert e.value.file.endswith("week-07.yaml") and e.value.line is not None


def test_overrides_make_a_self_graded_card_graded_and_edit_wording():
    path = overrides_path(7)
    path.parent.mkdir(parents=True)
    path.write_text(
        "schema: 1\ncards:\n"
        "  w07.command.01:\n    answers: kubectl get pvc\n"
        "  w07.command.02:\n    add_answers: [kubectl get persistentvolumes]\n    front: Show the PVs\n"
        "  w07.command.99:\n    front: a card that is gone is ignored\n")
    write_deck(small_deck(), user_decks_dir())
    deck = load_deck(7)
    c1, c2 = deck.cards
    assert (c1.answers, c1.self_graded, c1.back) == (["kubectl get pvc"], False, "kubectl get pvc")
    assert c2.answers == ["kubectl get pv", "kubectl get persistentvolumes"] and c2.front == "Show the PVs"
    # the deck file itself is untouched
    assert "kubectl get pvc" not in (user_decks_dir() / "week-07.yaml").read_text()


def test_override_can_force_self_graded_and_clears_stale_lint():
    deck = small_deck()
    deck.cards[1].problems = ["old problem"]
    o = parse_overrides("schema: 1\ncards:\n  w07.command.02:\n    answers: [kubectl get pv -A]\n"
                        "    self_graded: true\n", "o.yaml")
    card = apply_overrides(deck, o).cards[1]
    assert card.self_graded and card.problems == [] and card.answers == ["kubectl get pv -A"]
    assert deck.cards[1].answers == ["kubectl get pv"]  # the input deck is not modified


@pytest.mark.parametrize("text,line,words", [
    ("schema: 2\ncards: {}\n", 1, "unknown overrides schema version 2"),
    ("schema: 1\ncards:\n  w07.command.01:\n    anwser: x\n", 4, "unknown field 'anwser'"),
    ("schema: 1\ncards:\n  w07.command.01:\n    self_graded: maybe\n", 4, "true/false"),
    ("schema: 1\ncards:\n  w07.command.01:\n    front: [\n", 5, "invalid YAML"),
])
def test_bad_overrides_are_reported_with_line(text, line, words):
    with pytest.raises(DrillsError) as e:
        parse_overrides(text, "o.yaml")
    assert words in e.value.message and e.value.line == line


def test_override_cannot_leave_a_command_card_without_answers_graded():
    o = parse_overrides("schema: 1\ncards:\n  w07.command.01:\n    self_graded: false\n", "o.yaml")
    with pytest.raises(DrillsError):
        apply_overrides(small_deck(), o, "o.yaml")


def test_user_dir_follows_xdg_data_home():
    assert user_decks_dir() == Path(os.environ["XDG_DATA_HOME"]) / "drills" / "decks"
