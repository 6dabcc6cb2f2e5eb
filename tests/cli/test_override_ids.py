"""Overrides files that name a card by an id the deck no longer has: an old (renamed) id still applies,
to the new id, with a one-line notice; an unknown id is a warning, never silence. Through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from drills.cli import main
from drills.deck.renames import RENAMED_IDS, RETIRED_IDS


def _overrides(text: str) -> Path:
    path = Path(os.environ["XDG_DATA_HOME"]) / "drills" / "overrides" / "week-06.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _cards(result) -> dict[str, dict]:
    assert result.exit_code == 0, result.output
    return {c["id"]: c for c in json.loads(result.stdout)}


def test_an_override_keyed_by_a_renamed_cloze_id_applies_to_the_new_id_with_a_notice():
    old, new = "w06.concept.04.c2", RENAMED_IDS["w06.concept.04.c2"]
    path = _overrides(f"schema: 1\ncards:\n  {old}:\n    back: 30000–32767 (the NodePort range)\n")
    result = CliRunner().invoke(main, ["cards", "--week", "6", "--kind", "concept", "--json"])
    assert _cards(result)[new]["back"] == "30000–32767 (the NodePort range)"
    assert old not in _cards(result)
    (notice,) = result.stderr.splitlines()
    assert notice.startswith("drill: notice: ") and f"{path}:3" in notice
    assert old in notice and new in notice


def test_an_override_for_an_unknown_or_retired_id_is_a_warning_and_the_rest_still_applies():
    retired = RETIRED_IDS[0]
    path = _overrides("schema: 1\ncards:\n"
                      "  w06.command.03:\n    add_answers: [kubectl get service web -o wide]\n"
                      "  w06.comand.04:\n    front: a typo in the id\n"
                      f"  {retired}:\n    back: gone\n")
    runner = CliRunner()
    result = runner.invoke(main, ["cards", "--week", "6", "--kind", "command", "--json"])
    assert "kubectl get service web -o wide" in _cards(result)["w06.command.03"]["answers"]
    typo, gone = result.stderr.splitlines()
    assert typo.startswith("drill: warning: ") and f"{path}:5" in typo and "w06.comand.04" in typo
    assert "is ignored" in typo and "drill cards --week 6" in typo
    assert gone.startswith("drill: warning: ") and f"{path}:7" in gone and retired in gone and "retired" in gone

    # the same warnings wherever decks are loaded, and never in the JSON on stdout
    lint = runner.invoke(main, ["lint", "--week", "6", "--json"])
    assert "w06.comand.04" in lint.stderr and json.loads(lint.stdout)["problems"] == []


def test_an_old_id_next_to_its_new_id_gives_way_with_a_warning():
    old, new = "w06.concept.04.c1", RENAMED_IDS["w06.concept.04.c1"]
    _overrides(f"schema: 1\ncards:\n  {new}:\n    back: NodePort (new)\n  {old}:\n    back: NodePort (old)\n")
    result = CliRunner().invoke(main, ["cards", "--week", "6", "--kind", "concept", "--json"])
    assert _cards(result)[new]["back"] == "NodePort (new)"
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("drill: warning: ") and old in warning and new in warning


def test_an_overrides_file_no_deck_reads_is_a_warning():
    folder = _overrides("schema: 1\ncards: {}\n").parent
    (folder / "week-6.yaml").write_text("schema: 1\ncards:\n  w06.command.01:\n    front: x\n", encoding="utf-8")
    (folder / "week-07.yaml").write_text("schema: 1\ncards: {}\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not an overrides file\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["decks", "--json"])
    assert result.exit_code == 0 and [d["week"] for d in json.loads(result.stdout)["decks"]] == [6]
    no_deck, misnamed = result.stderr.splitlines()  # in file name order
    assert misnamed.startswith("drill: warning: ") and "week-6.yaml" in misnamed and "week-NN.yaml" in misnamed
    assert no_deck.startswith("drill: warning: ") and "week-07.yaml" in no_deck and "no deck for week 7" in no_deck
