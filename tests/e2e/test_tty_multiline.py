"""Typing a sequence and a manifest in a real 80x24 terminal: Enter starts a new line, an empty line
or Esc Enter checks; a one-command card still checks on Enter."""

from __future__ import annotations

import pytest

from drills.deck.files import user_decks_dir, write_deck
from drills.deck.model import Card, Deck

from .pty import DRILL, reviews

pytestmark = pytest.mark.skipif(not DRILL.exists(), reason="drill is not installed next to this python")

SEQ = "kubectl create namespace lab\nkubectl create quota small --hard=pods=5 -n lab"
CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  mode: blue\n"


@pytest.fixture
def multiline_deck(drill_env):
    cards = [
        Card("w97.command.01", 97, "command", "Create namespace `lab`, then a quota `small` of 5 pods in it", "",
             answers=[SEQ]),
        Card("w97.command.02", 97, "command", "List the pods in `lab`", "", answers=["kubectl get pods -n lab"]),
        Card("w97.step.01", 97, "step", "Write ConfigMap `cfg` with `mode: blue`", "", answers=[CM]),
    ]
    write_deck(Deck(97, "Multi-line week", cards, source="97-multi.md"), user_decks_dir())
    return cards


def test_review_types_a_sequence_a_manifest_and_a_single_command(spawn, drill_env, multiline_deck):
    t = spawn("review", "--week", "97")
    t.expect("Create namespace")
    t.expect("answer: 2 commands, one per line; an empty line or Esc Enter checks it")
    t.expect("Enter new line · empty line or Esc Enter check")  # the toolbar: the prompt is up
    t.line("kubectl create ns lab")  # Enter: a new line, not a check
    t.line("kubectl create quota small -n lab --hard pods=5")
    t.line("")  # the empty line checks
    t.expect("✓ correct")
    t.expect("1-4 change rating")
    t.key("\r")
    t.expect("Write ConfigMap")
    t.expect("answer: a manifest (YAML), as YAML")
    t.expect("Enter new line")
    for line in ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: cfg", "data:", "  mode: green"]:
        t.line(line)
    t.key("\x1b\r")  # Esc Enter checks at once
    t.expect("incorrect")
    t.expect("data.mode: expected blue, got green")
    t.expect("1-4 change rating")
    t.key("\r")
    t.expect("List the pods")
    t.expect("Enter check · empty Enter")
    t.line("kubectl get po -n lab")  # a one-command card checks on Enter
    t.expect("✓ correct")
    t.expect("1-4 change rating")
    t.key("\x1b")
    assert t.finish() == 0
    assert "Traceback" not in t.seen
    rows = reviews(drill_env["DRILLS_DB"])
    # new cards interleave kinds: command 1, step 1, command 2
    assert [r[0] for r in rows] == ["w97.command.01", "w97.step.01", "w97.command.02"]
    assert rows[0][4] == "kubectl create ns lab\nkubectl create quota small -n lab --hard pods=5"
    assert rows[1][4].startswith("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg")
    assert rows[1][1] == 1  # wrong: Again


def test_speed_a_wrong_sequence_comes_back_whole_for_editing(spawn, drill_env, multiline_deck):
    t = spawn("speed", "--week", "97")
    t.expect("(2 commands)")  # the task list says which tasks take several lines
    t.expect("1/2")
    t.expect("Enter new line")
    t.line("kubectl create ns lab")
    t.line("")
    t.expect("incorrect")
    t.expect("missing command 2")
    t.expect("edit the line")
    t.expect("Enter new line")
    # the first attempt is back in the prompt, cursor at its end: Enter, the second command, empty line
    t.line("")
    t.line("kubectl create quota small --hard=pods=5 -n lab")
    t.line("")
    t.expect("2/2")
    t.line("kubectl get pods -n lab")
    t.expect("Week 97 speed drill")
    assert t.finish() == 0
    assert "Traceback" not in t.seen
