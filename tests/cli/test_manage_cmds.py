"""`drill suspended` and `drill unsuspend` through click: listing, bringing cards back, all-or-nothing."""

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.deck.model import Card, Deck
from drills.schedule import StudyConfig
from drills.store import Store
from drills.app.review import ReviewSession

CFG = StudyConfig(fuzzing=False, timezone="UTC", learn_ahead_minutes=0)


def concept(n, week=6):
    return Card(id=f"w{week:02d}.concept.{n:02d}", week=week, kind="concept", front=f"What is thing {n}?\nmore",
                back=f"a {n}")


DECKS = [Deck(6, "w6", [concept(n) for n in range(1, 5)]), Deck(7, "w7", [concept(1, week=7), concept(2, week=7)])]


def make_leech(store, card, start):
    """Eight lapses on a review card (the default leech threshold): tagged leech and suspended."""
    clock = [start]
    s = ReviewSession(store, DECKS, config=CFG, clock=lambda: clock[0])
    s.rate(card, 4, 100)  # straight to Review
    for _ in range(8):
        clock[0] = store.cards.get(card.id).memory.due
        s.rate(card, 1, 100)  # Again on a review card: a lapse
        clock[0] = store.cards.get(card.id).memory.due
        s.rate(card, 4, 100)
    rec = store.cards.get(card.id)
    assert rec.suspended and rec.tags == ["leech"] and rec.memory.lapses == 8


@pytest.fixture
def db(tmp_path):
    """w06.concept.01 suspended by hand, w06.concept.02 buried, w06.concept.03 and w07.concept.01 leeches."""
    path = tmp_path / "drills.db"
    store = Store.open(path)
    now = datetime.now(timezone.utc)
    s = ReviewSession(store, DECKS, config=CFG, clock=lambda: now)
    s.suspend(concept(1))
    s.bury(concept(2))
    make_leech(store, concept(3), now - timedelta(days=3000))
    make_leech(store, concept(1, week=7), now - timedelta(days=3000))
    store.close()
    return path


def drill(*args):
    return CliRunner().invoke(main, list(args))


def record(path, card_id):
    with Store.open(path) as store:
        return store.cards.get(card_id)


def next_in_queue(path, week=6):
    """The card a review session of ``week`` would show now (the real clock, as the CLI uses)."""
    with Store.open(path) as store:
        card = ReviewSession(store, DECKS, week=week, config=CFG).next_card()
        return card and card.id


def test_json_lists_suspended_and_buried(db):
    result = drill("suspended", "--json", "--db", str(db))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["suspended"] == [
        {"id": "w06.concept.01", "week": 6, "kind": "concept", "front": "What is thing 1?\nmore", "leech": False,
         "lapses": 0},
        {"id": "w06.concept.03", "week": 6, "kind": "concept", "front": "What is thing 3?\nmore", "leech": True,
         "lapses": 8},
        {"id": "w07.concept.01", "week": 7, "kind": "concept", "front": "What is thing 1?\nmore", "leech": True,
         "lapses": 8},
    ]
    [buried] = data["buried"]
    assert {k: buried[k] for k in ("id", "week", "kind", "front")} == {
        "id": "w06.concept.02", "week": 6, "kind": "concept", "front": "What is thing 2?\nmore"}
    until = datetime.fromisoformat(buried["until"])
    assert record(db, "w06.concept.02").buried_until == until
    assert timedelta(0) < until - datetime.now(timezone.utc) <= timedelta(days=1)
    week7 = json.loads(drill("suspended", "--json", "--week", "7", "--db", str(db)).output)
    assert [r["id"] for r in week7["suspended"]] == ["w07.concept.01"] and week7["buried"] == []


def test_human_listing_shows_leech_and_lapses(db):
    result = drill("suspended", "--db", str(db))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Suspended: 3"
    row = {line.split()[0]: line.split() for line in lines if line.startswith("  w0")}
    assert row["w06.concept.01"][:5] == ["w06.concept.01", "6", "concept", "no", "0"]
    assert row["w06.concept.03"][:5] == ["w06.concept.03", "6", "concept", "yes", "8"]
    assert " ".join(row["w06.concept.03"][5:]) == "What is thing 3?"  # first line of the front only
    assert "Buried: 1" in lines and row["w06.concept.02"][1:3] == ["6", "concept"]


def test_unsuspend_puts_the_card_back_in_the_queue(db):
    assert next_in_queue(db) == "w06.concept.04"  # 01 suspended, 02 buried, 03 a suspended leech
    result = drill("unsuspend", "w06.concept.01", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert result.output == "w06.concept.01: unsuspended\n1 card back in the review queue\n"
    assert not record(db, "w06.concept.01").suspended
    listed = json.loads(drill("suspended", "--json", "--db", str(db)).output)
    assert [r["id"] for r in listed["suspended"]] == ["w06.concept.03", "w07.concept.01"]
    assert next_in_queue(db) == "w06.concept.01"


def test_unsuspend_clears_a_bury(db):
    assert next_in_queue(db) == "w06.concept.04"
    result = drill("unsuspend", "w06.concept.02", "--db", str(db))
    assert result.exit_code == 0 and result.output.startswith("w06.concept.02: unburied\n")
    assert record(db, "w06.concept.02").buried_until is None
    assert json.loads(drill("suspended", "--json", "--db", str(db)).output)["buried"] == []
    assert next_in_queue(db) == "w06.concept.02"


def test_unknown_card_exits_2_and_changes_nothing(db):
    dump = lambda: list(sqlite3.connect(db).execute("SELECT * FROM cards ORDER BY num"))  # noqa: E731
    before = dump()
    result = drill("unsuspend", "w06.concept.01", "w06.concept.02", "nope", "--leeches", "--db", str(db))
    assert result.exit_code == 2
    assert result.stderr == "drill: error: unknown card 'nope'\n" and result.stdout == ""
    assert dump() == before


def test_leeches_of_one_week_keep_their_tag(db):
    result = drill("unsuspend", "--leeches", "--week", "7", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert result.output == "w07.concept.01: unsuspended\n1 card back in the review queue\n"
    rec = record(db, "w07.concept.01")
    assert not rec.suspended and rec.tags == ["leech"]
    assert record(db, "w06.concept.03").suspended and record(db, "w06.concept.01").suspended
    assert next_in_queue(db, week=7) == "w07.concept.01"  # overdue since its lapses years ago
    again = drill("unsuspend", "--leeches", "--week", "7", "--db", str(db))
    assert again.exit_code == 0 and again.output == "no suspended leeches in week 7\n"


def test_all_leeches_with_clear_leech_and_an_explicit_id(db):
    result = drill("unsuspend", "--leeches", "--clear-leech", "w06.concept.01", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "w06.concept.01: unsuspended",
        "w06.concept.03: unsuspended, leech tag cleared",
        "w07.concept.01: unsuspended, leech tag cleared",
        "3 cards back in the review queue",
    ]
    assert record(db, "w06.concept.03").tags == [] and not record(db, "w06.concept.03").suspended
    assert json.loads(drill("stats", "--json", "--db", str(db)).output)["cards"]["leech"] == 0
    listed = json.loads(drill("suspended", "--json", "--db", str(db)).output)
    assert listed["suspended"] == [] and len(listed["buried"]) == 1


def test_a_card_that_is_not_hidden_is_reported_unchanged(db):
    result = drill("unsuspend", "w06.concept.04", "--db", str(db))
    assert result.exit_code == 0
    assert result.output == "w06.concept.04: was neither suspended nor buried; unchanged\n"


@pytest.mark.parametrize("args, message", [
    ([], "give at least one CARD_ID, or --leeches"),
    (["w06.concept.01", "--week", "6"], "--week only narrows --leeches"),
])
def test_usage_errors_exit_2(db, args, message):
    result = drill("unsuspend", *args, "--db", str(db))
    assert result.exit_code == 2 and message in result.stderr
    assert record(db, "w06.concept.01").suspended


def test_without_a_database_nothing_is_created(tmp_path):
    missing = tmp_path / "none.db"
    listed = drill("suspended", "--db", str(missing))
    assert listed.exit_code == 0 and listed.output.splitlines()[:2] == ["Suspended: none", "Buried: none"]
    assert json.loads(drill("suspended", "--json", "--db", str(missing)).output) == {"suspended": [], "buried": []}
    result = drill("unsuspend", "w06.concept.01", "--db", str(missing))
    assert result.exit_code == 2 and result.stderr == "drill: error: unknown card 'w06.concept.01'\n"
    assert not missing.exists()
