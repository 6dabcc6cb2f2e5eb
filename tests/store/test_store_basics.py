"""Opening, location, sync by stable id, round-trips of the schedule and the review log."""

import json
import sqlite3

import pytest

from drills.app.answering import undo_answer
from drills.errors import DrillsError
from drills.kubectl.verdict import Verdict
from drills.schedule import Memory, Rating, Selection, State, StudyConfig, make_scheduler, review_memory
from drills.schedule.counts import CardCounts, count_cards
from drills.store import SCHEMA_VERSION, Store, default_db_path

from .helpers import NOW, card, deck, log_answer


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "drills.db")
    yield s
    s.close()


def test_default_location_and_env_override(isolated_dirs, monkeypatch, tmp_path):
    assert default_db_path() == isolated_dirs / "data" / "drills" / "drills.db"
    s = Store.open()
    assert (isolated_dirs / "data" / "drills" / "drills.db").exists()
    s.close()
    monkeypatch.setenv("DRILLS_DB", str(tmp_path / "elsewhere.db"))
    Store.open().close()
    assert (tmp_path / "elsewhere.db").exists()


def test_new_database_is_wal_at_current_schema(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000  # see BUSY_TIMEOUT_MS


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is a text file, not sqlite " * 100)
    with pytest.raises(DrillsError) as e:
        Store.open(bad)
    assert e.value.file == str(bad) and "not a drills database" in e.value.message


def test_newer_schema_is_refused_not_downgraded(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DrillsError, match="newer drills"):
        Store.open(path)


def test_sync_add_update_retire_revive_keeps_history(store):
    a, b = card(6, "command", 1, answers=["kubectl get po"]), card(6, "concept", 1)
    assert store.cards.sync([deck(6, a, b)], NOW) == {"added": 2, "updated": 0, "retired": 0, "revived": 0}
    assert store.cards.sync([deck(6, a, b)], NOW) == {"added": 0, "updated": 0, "retired": 0, "revived": 0}
    rid, _ = log_answer(store, a.id, at=NOW, rating=3, duration_ms=900, typed="kubectl get po",
                        verdict=Verdict("correct"), auto=True)

    edited = card(6, "command", 1, front="reworded front", answers=["kubectl get pods"])
    assert store.cards.sync([deck(6, edited, b)], NOW)["updated"] == 1
    rec = store.cards.get(a.id)
    assert rec.card().front == "reworded front" and rec.card().answers == ["kubectl get pods"]
    assert [r.id for r in store.reviews.log(a.id)] == [rid]  # the edit kept the history

    assert store.cards.sync([deck(6, b)], NOW)["retired"] == 1
    assert store.cards.get(a.id).retired
    assert store.cards.next_new(NOW, Selection.of(weeks=[6])) == b.id and store.cards.count_new(NOW) == 1
    assert len(store.reviews.log(a.id)) == 1  # retired, not deleted

    assert store.cards.sync([deck(6, edited, b)], NOW)["revived"] == 1
    assert not store.cards.get(a.id).retired
    assert len(store.reviews.log(a.id)) == 1


def test_sync_of_one_week_leaves_other_weeks_alone(store):
    store.cards.sync([deck(6, card(6, "concept", 1)), deck(7, card(7, "concept", 1))], NOW)
    assert store.cards.sync([deck(7, card(7, "concept", 1))], NOW)["retired"] == 0
    assert not store.cards.get("w06.concept.01").retired


def test_review_round_trip_and_undo_restore_exact_state(store):
    c = card(6, "command", 1)
    store.cards.sync([deck(6, c)], NOW)
    sched = make_scheduler(StudyConfig(fuzzing=False))

    def good():
        before = store.cards.get(c.id)
        return review_memory(sched, before.memory, before.num, Rating.Good, NOW, 1500)

    first, after = log_answer(store, c.id, at=NOW, rating=3, duration_ms=1500, memory=good())
    stored = store.cards.get(c.id).memory
    assert stored == after.memory and stored.state == 1 and stored.reps == 1
    row = store.reviews.log(c.id)[0]
    assert (row.rating, row.duration_ms, row.mode, row.before.memory.state) == (3, 1500, "review", None)

    second, _ = log_answer(store, c.id, at=NOW, rating=3, memory=good())
    with pytest.raises(DrillsError, match="answered again"):
        undo_answer(store, first)  # only the newest answer of a card can be undone
    undo_answer(store, second)
    assert store.cards.get(c.id).memory == stored
    undo_answer(store, first)
    assert store.cards.get(c.id).memory == Memory()
    assert store.reviews.log(c.id) == []


def test_queue_order_most_overdue_first_then_new_in_deck_order(store):
    cards = [card(6, "concept", n) for n in range(1, 5)]
    store.cards.sync([deck(6, *cards)], NOW)
    for c, hours_overdue in ((cards[1], 1), (cards[2], 5)):
        due = NOW.replace(hour=10 - hours_overdue)
        log_answer(store, c.id, at=due, rating=3,
                   memory=Memory(state=State.Review, stability=3.0, difficulty=5.0, due=due, last_review=due, reps=1))
    assert store.cards.next_due(NOW) == cards[2].id
    assert store.cards.next_due(NOW, Selection.of(exclude=[cards[2].id])) == cards[1].id
    assert store.cards.next_new(NOW) == cards[0].id
    store.suspensions.bury(cards[2].id, NOW.replace(day=27))
    store.suspensions.suspend(cards[0].id)
    assert store.cards.next_due(NOW) == cards[1].id and store.cards.next_new(NOW) == cards[3].id
    assert count_cards((st for _, st in store.cards.standings().values()), NOW) == CardCounts(
        new=1, learning=0, review=1, suspended=1, buried=1, due=1)  # each card in one place
    assert store.cards.next_due(NOW.replace(day=27)) == cards[2].id  # the bury ends


def test_tags_are_stored_as_a_set(store):
    c = card(6, "concept", 1)
    store.cards.sync([deck(6, c)], NOW)
    store.cards.set_tags(c.id, ["leech", "leech", "hard"])
    assert store.cards.get(c.id).tags == ["hard", "leech"]
    assert json.loads(store.conn.execute("SELECT tags FROM cards").fetchone()[0]) == ["hard", "leech"]


def test_snapshot_equals_card_to_dict(store):
    full = card(6, "concept", 1, cloze="{{c1::ClusterIP}} is the default", cloze_index=1, tags=["x"],
                source_line=12)
    bare = card(6, "command", 2, answers=["kubectl get po"])
    store.cards.sync([deck(6, full, bare)], NOW)
    assert store.cards.get(full.id).snapshot == full.to_dict()
    assert store.cards.get(bare.id).snapshot == bare.to_dict()
    assert store.cards.get(full.id).card() == full


def test_a_directory_as_database_is_a_clear_error(tmp_path):
    with pytest.raises(DrillsError) as e:
        Store.open(tmp_path)
    assert e.value.file == str(tmp_path) and "cannot open" in e.value.message
