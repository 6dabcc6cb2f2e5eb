"""The deck file: round trip, determinism, hand-editability, errors with line and column."""

from __future__ import annotations

import pytest
import yaml

from drills.course import read_week
from drills.deck.build import build_deck
from drills.deck.yamlfmt import dump_deck, parse_deck
from drills.errors import DrillsError
from drills.bundled import builtin_weeks_dir

SMALL = """# a comment a user wrote
schema: 1
week: 6
title: Services & Networking
source: 06-services-and-networking.md
cards:
- id: w06.command.01
  kind: command
  front: Create a deployment
  back: kubectl create deployment web --image=nginx
  answers:
  - kubectl create deployment web --image=nginx
- id: w06.pitfall.01
  kind: pitfall
  front: Selector mismatch
  back: |-
    No endpoints.
    Check `kubectl get ep <svc>`.
"""


@pytest.fixture(scope="module")
def week6_deck():
    path = builtin_weeks_dir() / "06-services-and-networking.md"
    return build_deck(read_week(path.read_text(encoding="utf-8"), str(path))).deck


def test_round_trip_and_byte_identical_dumps(week6_deck):
    text = dump_deck(week6_deck)
    assert parse_deck(text, "w.yaml") == week6_deck
    assert dump_deck(parse_deck(text, "w.yaml")) == text
    assert text.startswith("# drills deck: week 6 — Services & Networking\n")
    assert "\nschema: 1\n" in text


def test_multi_line_text_uses_block_scalars(week6_deck):
    text = dump_deck(week6_deck)
    assert "  back: |-\n    ```bash\n    kubectl get svc\n    kubectl get endpoints\n    ```\n" in text
    # placeholders and jsonpath braces survive unescaped
    answers = [a for c in yaml.safe_load(text)["cards"] for a in c.get("answers", [])]
    assert "kubectl get svc web -o jsonpath='{.spec.clusterIP}'" in answers


def test_hand_written_deck_loads_with_defaults():
    deck = parse_deck(SMALL, "w.yaml")
    assert deck.week == 6 and [c.id for c in deck.cards] == ["w06.command.01", "w06.pitfall.01"]
    assert deck.cards[1].back == "No endpoints.\nCheck `kubectl get ep <svc>`."
    assert deck.cards[1].answers == [] and deck.cards[1].self_graded is False and deck.cards[1].week == 6


def where(text: str, file="w.yaml") -> DrillsError:
    with pytest.raises(DrillsError) as e:
        parse_deck(text, file)
    return e.value


def test_syntax_error_has_line_and_column():
    broken = SMALL.replace("  front: Create a deployment", "  front: [Create a deployment")
    err = where(broken)
    assert err.file == "w.yaml" and err.line is not None and err.column is not None
    assert "invalid YAML" in err.message


def test_schema_error_points_at_the_offending_card():
    err = where(SMALL.replace("  kind: pitfall", "  kind: pitfal"))
    assert (err.line, err.column) == (14, 9)
    assert "unknown kind 'pitfal'" in err.message


def test_unknown_field_and_wrong_type():
    err = where(SMALL.replace("  kind: pitfall", "  kind: pitfall\n  anwsers: []"))
    assert err.line == 15 and "unknown field 'anwsers'" in err.message
    err = where(SMALL.replace("  - kubectl create deployment web --image=nginx", "  - 3"))
    assert err.line == 12 and "answers" in err.message


def test_command_card_needs_answers_or_self_graded():
    text = SMALL.replace("  answers:\n  - kubectl create deployment web --image=nginx\n", "")
    err = where(text)
    assert err.line == 7 and "self_graded: true" in err.message
    assert parse_deck(text.replace("  kind: command\n", "  kind: command\n  self_graded: true\n"), "w").cards[0].self_graded


def test_duplicate_ids_and_id_kind_mismatch():
    err = where(SMALL.replace("w06.pitfall.01", "w06.command.01").replace("kind: pitfall", "kind: command\n  self_graded: true"))
    assert "duplicate card id" in err.message and err.line == 13
    err = where(SMALL.replace("id: w06.pitfall.01", "id: w07.pitfall.01"))
    assert "w06.pitfall.NN" in err.message and err.line == 13


def test_unknown_schema_version():
    err = where(SMALL.replace("schema: 1", "schema: 2"))
    assert "unknown deck schema version 2" in err.message and (err.line, err.column) == (2, 9)
    assert "schema" in where(SMALL.replace("schema: 1\n", "")).message


def test_not_a_mapping_and_empty():
    assert "mapping" in where("- just\n- a list\n").message
    assert "empty" in where("").message
