"""`drill stats` through click: the --json shape and figures, the human screen, NO_COLOR."""

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.config import config_path
from drills.deck.model import Card, Deck
from drills.schedule import StudyConfig
from drills.store import Store
from drills.app.review import ReviewSession
from drills.app.speed import SpeedRun

CFG = StudyConfig(fuzzing=False, timezone="UTC", learn_ahead_minutes=0)


def study_day(moment):
    """The study day of a moment: days begin at 4 am (UTC in these tests)."""
    return (moment - timedelta(hours=4)).date().isoformat()


@pytest.fixture
def history(tmp_path):
    """A database with known answers in the past (relative to the real clock `drill stats` uses)."""
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('[study]\ntimezone = "UTC"\n')
    db = tmp_path / "drills.db"
    now = datetime.now(timezone.utc)
    clock = [now - timedelta(days=20)]
    cards = [Card(id=f"w06.concept.{n:02d}", week=6, kind="concept", front=f"q{n}", back="a") for n in range(3)]
    task = Card(id="w06.command.01", week=6, kind="command", front="explain x", back="", self_graded=True)
    store = Store.open(db)
    s = ReviewSession(store, [Deck(6, "w6", cards + [task])], config=CFG, clock=lambda: clock[0])
    s.rate(cards[0], 4, 1000)  # straight to Review
    s.rate(cards[1], 4, 1000)
    times = [clock[0], clock[0]]
    for card, rating in ((cards[0], 1), (cards[1], 3)):  # one lapse, one pass on review cards
        clock[0] = store.cards.get(card.id).memory.due
        assert clock[0] < now
        s.rate(card, rating, 1000)
        times.append(clock[0])
    clock[0] = now - timedelta(days=2)
    run = SpeedRun(store, Deck(6, "w6", cards + [task]), config=CFG, clock=lambda: clock[0])
    run.self_grade(task, True, 65_400, 900)
    assert run.finish()["new_best"]
    times.append(clock[0])
    store.close()
    return {"db": db, "times": times, "now": now}


def run_stats(*args, env=None):
    result = CliRunner().invoke(main, ["stats", *args], env=env or {})
    return result


def test_json_shape_and_figures(history):
    result = run_stats("--json", "--db", str(history["db"]))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"schema", "generated_at", "week", "today", "cards", "reviews_per_day", "reviews_total",
                         "streak_days", "forecast", "retention", "speed"}
    assert data["schema"] == 1 and data["week"] is None
    days = data["reviews_per_day"]
    assert days[-1]["date"] == data["today"] == study_day(history["now"])
    assert len(days) % 7 == (datetime.fromisoformat(data["today"]).weekday() + 1) % 7 and len(days) > 105
    expected = {}
    for t in history["times"]:
        expected[study_day(t)] = expected.get(study_day(t), 0) + 1
    assert {d["date"]: d["reviews"] for d in days if d["reviews"]} == expected
    assert data["reviews_total"] == 5
    assert len(data["forecast"]) == 30 and data["forecast"][0]["date"] == data["today"]
    assert data["forecast"][0]["due"] >= 2  # the two overdue (re)learning cards count for today
    assert sum(d["due"] for d in data["forecast"]) <= 3
    assert data["retention"] == {"days": 30, "reviews": 2, "passed": 1, "rate": 0.5}
    store = Store.open(history["db"])
    due_now = sum(1 for r in store.cards.all() if r.memory.state is not None and r.memory.due <= history["now"])
    store.close()
    assert due_now >= 2  # the two overdue (re)learning cards
    assert data["cards"] == {"total": 4, "new": 1, "learning": 2, "review": 1, "suspended": 0, "buried": 0,
                             "due": due_now, "leech": 0}
    assert [(s["week"], s["runs"], s["complete_runs"], s["best_ms"]) for s in data["speed"]] == [(6, 1, 1, 65_400)]
    assert data["speed"][0]["best_at"].startswith((history["now"] - timedelta(days=2)).date().isoformat())


def test_week_filter(history):
    six = json.loads(run_stats("--json", "--week", "6", "--db", str(history["db"])).output)
    assert six["week"] == 6 and six["reviews_total"] == 5


@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["review"], ["speed"], ["suspended"],
                                     ["unsuspend", "--leeches"], ["lint"], ["cards"], ["export", "anki"]])
def test_a_week_without_a_deck_is_the_same_error_everywhere(history, command):
    # Week 7 has no deck and no card in the history: every command says so alike, exit 2.
    db = ["--db", str(history["db"])] if command[0] in ("stats", "review", "speed", "suspended", "unsuspend") else []
    result = CliRunner().invoke(main, [*command, "--week", "7", *db], input="")
    assert result.exit_code == 2, result.output
    assert result.output == "drill: error: no deck for week 7 (have: 6); build one with `drill build PAGE`\n"


def test_stats_of_a_week_whose_deck_is_gone_still_show_its_history(history):
    store = Store.open(history["db"])
    ReviewSession(store, [Deck(8, "w8", [Card(id="w08.concept.01", week=8, kind="concept", front="q", back="a")])],
                 config=CFG).rate(Card(id="w08.concept.01", week=8, kind="concept", front="q", back="a"), 3, 100)
    store.close()
    result = run_stats("--json", "--week", "8", "--db", str(history["db"]))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["reviews_total"] == 1


def test_human_output(history):
    result = run_stats("--db", str(history["db"]))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Reviews, last 16 weeks: 5" in out
    assert "less · ░ ▒ ▓ █ more" in out
    rows = [line for line in out.splitlines() if line.startswith(("Mon", "Wed", "Fri", "Sun"))]
    assert len(rows) == 4 and all(set(r[4:]) <= set("·░▒▓█ ") for r in rows)
    assert "Retention, last 30 days: 50% (1 of 2 answers to review cards were not Again)" in out
    assert re.search(r"^\s*6\s+1\s+1\s+1:05\.4\s+\d{4}-\d\d-\d\d", out, re.M)


def test_colour_only_when_allowed(history):
    coloured = run_stats("--db", str(history["db"]), env={"FORCE_COLOR": "1"}).output
    assert re.search(r"\x1b\[(3|9)\dm", coloured)
    plain = run_stats("--db", str(history["db"]), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).output
    assert not re.search(r"\x1b\[(3|9)\d", plain)
    assert any(ch in plain for ch in "░▒▓█")  # the levels stay readable without colour


def test_no_database_yet_shows_an_empty_history_without_creating_one(tmp_path):
    db = tmp_path / "none.db"
    result = run_stats("--json", "--db", str(db))
    assert result.exit_code == 0 and not db.exists()
    data = json.loads(result.output)
    assert data["reviews_total"] == 0 and data["speed"] == [] and data["retention"]["rate"] is None
    human = run_stats("--db", str(db)).output
    assert "no answers to review cards yet" in human and "Speed drills: none finished yet" in human


def test_broken_config_is_one_line_and_exit_2(tmp_path):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("[study]\nday_starts_at_hour = 25\n")
    result = run_stats("--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert result.output.strip() == f"drill: error: {config_path()}:2: day_starts_at_hour must be an hour from 0 to 23, got 25"
