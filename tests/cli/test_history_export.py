"""`drill history export`: the review log as CSV or JSON, in fsrs's words, written atomically."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from drills.app.review import ReviewSession
from drills.app.speed import SpeedRun
from drills.cli import main
from drills.deck.model import Card, Deck
from drills.schedule import StudyConfig
from drills.store import Store

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
TASK = Card(id="w06.command.01", week=6, kind="command", front="Create web", back="",
            answers=["kubectl create deployment web --image=nginx"])
FLIP = Card(id="w06.concept.01", week=6, kind="concept", front="q", back="a")


def make_history(db):
    clock = [T0]
    store = Store.open(db)
    deck = Deck(6, "w6", [TASK, FLIP])
    session = ReviewSession(store, [deck], config=StudyConfig(fuzzing=False), clock=lambda: clock[0])
    session.rate(FLIP, 3, 2500)
    clock[0] = T0.replace(minute=5)
    run = SpeedRun(store, deck, config=StudyConfig(fuzzing=False), clock=lambda: clock[0])
    run.attempt(TASK, "kubectl create deployment web --image=httpd", 4000, 300)
    run.attempt(TASK, "kubectl create deployment web --image=nginx", 3000, 200)
    run.finish()
    store.close()


def export(*args, db):
    return CliRunner().invoke(main, ["history", "export", *args, "--db", str(db)])


def test_csv_lists_every_answer_oldest_first_in_fsrs_words(tmp_path):
    db = tmp_path / "d.db"
    make_history(db)
    result = export(db=db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["card_id"], r["mode"], r["rating"], r["state_before"], r["verdict"], r["duration_ms"])
            for r in rows] == [("w06.concept.01", "review", "Good", "New", "", "2500"),
                               ("w06.command.01", "speed", "Again", "New", "incorrect", "4000")]
    assert rows[0]["at"] == "2026-11-26T09:00:00+00:00" and rows[1]["typed"].endswith("--image=httpd")


def test_json_to_a_file_is_written_whole_and_reports_the_count(tmp_path):
    db = tmp_path / "d.db"
    make_history(db)
    out = tmp_path / "history.json"
    result = export("--json", "-o", str(out), db=db)
    assert result.exit_code == 0 and f"wrote {out}: 2 answers" in result.output
    data = json.loads(out.read_text())
    assert data["schema"] == 1 and [r["rating"] for r in data["reviews"]] == ["Good", "Again"]
    assert data["reviews"][1]["auto"] is True and data["reviews"][0]["auto"] is False
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temp file left behind


def test_without_a_database_the_history_is_empty_and_none_is_created(tmp_path):
    db = tmp_path / "none.db"
    result = export("--json", db=db)
    assert result.exit_code == 0 and json.loads(result.output) == {"schema": 1, "reviews": []}
    assert not db.exists()


def test_an_unwritable_output_is_one_line_exit_2(tmp_path):
    db = tmp_path / "d.db"
    make_history(db)
    result = export("-o", str(tmp_path / "no" / "such" / "dir" / "h.csv"), db=db)
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "cannot write the export" in result.output and "nothing was written" in result.output


@pytest.mark.parametrize("column, value, says", [
    ("rating", 9, "rating = 9, which must be a whole number from 1 to 4"),
    ("verdict", "{not json", "damaged 'verdict'"),
    ("state_before", 7, "state_before = 7"),
])
def test_a_damaged_log_row_is_one_line_exit_2_naming_it(tmp_path, column, value, says):
    db = tmp_path / "d.db"
    make_history(db)
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE reviews SET {column} = ? WHERE id = 2", (value,))
    conn.commit()
    conn.close()
    result = export("--json", db=db)
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "review 2 in the database" in result.output and says in result.output
