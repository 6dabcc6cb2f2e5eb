"""The queue policy for siblings (Card.group) and dependencies (Card.depends_on), end to end through a
review session on a real database; and a v3 database (before both existed) migrating to them."""

import hashlib
import json
import sqlite3
from datetime import timedelta

import pytest

from drills.app.review import ReviewSession
from drills.schedule import StudyConfig, new_card_order
from drills.store import SCHEMA_VERSION, Store

from .helpers import NOW, card, deck

CFG = StudyConfig(fuzzing=False, new_cards_per_day=100, timezone="UTC", day_starts_at_hour=4,
                  learn_ahead_minutes=0)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "drills.db")
    yield s
    s.close()


def session(store, decks, clock, **kw):
    return ReviewSession(store, decks, config=CFG, clock=lambda: clock[0], **kw)


def drain(s, rating=3):
    """Answer every card the session hands out (Good); the ids in the order shown."""
    shown = []
    while (c := s.next_card()) is not None:
        shown.append(c.id)
        s.rate(c, rating, 1000)
    return shown


def test_once_a_sibling_was_shown_the_others_wait_until_the_next_study_day(store):
    # Three clozes of one paragraph (a group), a lone card between them in deck order.
    p1, p2, p3 = (card(6, "concept", n, group="w06.para.1") for n in (1, 2, 3))
    lone = card(6, "pitfall", 1)
    clock = [NOW]
    s = session(store, [deck(6, p1, lone, p2, p3)], clock)
    assert s.progress()["new_left"] == 2  # one card of the group today, and the lone card
    shown = drain(s, rating=4)  # Easy: out of the learning steps, due again in days
    assert shown == ["w06.concept.01", "w06.pitfall.01"]  # p2, p3 held back, not lost

    # Tomorrow (after 4 am): the next sibling comes, and again only one of the group.
    clock[0] = NOW.replace(hour=5) + timedelta(days=1)
    assert drain(session(store, [deck(6, p1, lone, p2, p3)], clock), rating=4) == ["w06.concept.02"]
    # Still the same study day at 3 am next morning: p3 waits; from 4 am on it comes.
    clock[0] = NOW.replace(hour=3) + timedelta(days=2)
    assert drain(session(store, [deck(6, p1, lone, p2, p3)], clock)) == []
    clock[0] = NOW.replace(hour=4) + timedelta(days=2)
    assert drain(session(store, [deck(6, p1, lone, p2, p3)], clock)) == ["w06.concept.03"]


def test_undoing_the_siblings_answer_lets_the_siblings_back(store):
    p1, p2 = card(6, "concept", 1, group="g"), card(6, "concept", 2, group="g")
    clock = [NOW]
    s = session(store, [deck(6, p1, p2)], clock)
    first = s.next_card()
    s.rate(first, 3, 1000)
    assert s.next_card() is None
    assert s.undo() == first
    s.rate(s.next_card(), 3, 1000)  # the undone card comes again first...
    s.undo()
    s.suspend(first)  # ...and once it is out of the way, its sibling is free
    assert s.next_card().id == p2.id


def test_cramming_ignores_siblings_and_dependencies(store):
    a, b = card(6, "concept", 1, group="g"), card(6, "concept", 2, group="g", depends_on=["w06.step.01"])
    step = card(6, "step", 1)
    clock = [NOW]
    assert sorted(drain(session(store, [deck(6, b, a, step)], clock, cram=True))) == [a.id, b.id, step.id]


def test_a_card_is_never_introduced_before_the_cards_it_depends_on(store):
    # Deck order (and the kind interleave: command, step, command) would show task 2 first; it
    # continues task 1's deployment and needs the step before it.
    task2 = card(6, "command", 2, depends_on=["w06.command.01", "w06.step.01"])
    task1 = card(6, "command", 1)
    step = card(6, "step", 1)
    clock = [NOW]
    s = session(store, [deck(6, task2, task1, step)], clock)
    assert s.progress()["new_left"] == 3  # dependencies change the order, not what is left today
    assert drain(s) == [step.id, task1.id, task2.id]


def test_a_suspended_or_retired_dependency_no_longer_holds_a_card_back(store):
    dep, later = card(6, "command", 1), card(6, "command", 2, depends_on=["w06.command.01", "w06.gone.01"])
    clock = [NOW]
    store.cards.sync([deck(6, dep, later)], NOW)
    store.suspensions.suspend(dep.id)
    assert drain(session(store, [deck(6, dep, later)], clock)) == [later.id]


def test_a_review_card_sibling_waits_too_but_not_one_in_its_learning_steps(store):
    a, b = card(6, "concept", 1, group="g"), card(6, "concept", 2, group="g")
    clock = [NOW]
    s = session(store, [deck(6, a, b)], clock)
    s.rate(s.next_card(), 3, 1000)  # a: learning (due in 10 min)
    clock[0] = NOW + timedelta(minutes=11)
    assert s.next_card().id == a.id  # its own learning step is not held back by itself
    s.rate(s.next_card(), 3, 1000)  # a graduates to review (due in days)
    assert s.next_card() is None  # b: new sibling, waits until tomorrow


# A frozen copy of the v3 layout (V1 + V2 + V3 as released), not built from drills.store.schema.
V3_DDL = """
CREATE TABLE cards (
    num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, week INTEGER NOT NULL, kind TEXT NOT NULL,
    front_hash TEXT NOT NULL, snapshot TEXT NOT NULL, retired INTEGER NOT NULL DEFAULT 0,
    suspended INTEGER NOT NULL DEFAULT 0, buried_until INTEGER, tags TEXT NOT NULL DEFAULT '[]',
    state INTEGER, step INTEGER, stability REAL, difficulty REAL, due INTEGER, last_review INTEGER,
    reps INTEGER NOT NULL DEFAULT 0, lapses INTEGER NOT NULL DEFAULT 0,
    added_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, position INTEGER NOT NULL DEFAULT 0,
    kind_rank INTEGER NOT NULL DEFAULT 0, kind_order INTEGER NOT NULL DEFAULT 0);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, card_num INTEGER NOT NULL REFERENCES cards(num), at INTEGER NOT NULL,
    rating INTEGER NOT NULL, duration_ms INTEGER, typed TEXT, verdict TEXT,
    auto INTEGER NOT NULL DEFAULT 0, before TEXT NOT NULL,
    mode TEXT NOT NULL DEFAULT 'review', state_before INTEGER, correct INTEGER);
CREATE INDEX reviews_at ON reviews(at);
CREATE TABLE speed_runs (
    id INTEGER PRIMARY KEY, week INTEGER NOT NULL, started INTEGER NOT NULL, total_ms INTEGER, tasks TEXT,
    finished INTEGER, shuffled INTEGER NOT NULL DEFAULT 0, complete INTEGER NOT NULL DEFAULT 0);
CREATE TABLE speed_attempts (
    id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES speed_runs(id),
    card_num INTEGER NOT NULL REFERENCES cards(num), attempt INTEGER NOT NULL, at INTEGER NOT NULL,
    typed TEXT, verdict TEXT NOT NULL, ms INTEGER NOT NULL, first_key_ms INTEGER);
CREATE INDEX cards_new_order ON cards(week, kind_rank, kind_order, position)
    WHERE retired = 0 AND suspended = 0 AND state IS NULL;
PRAGMA user_version = 3;
"""


def test_a_v3_database_gains_groups_and_dependencies_from_its_snapshots(tmp_path):
    t0 = 1_790_000_000_000
    cards = [card(6, "command", 1, group="task1"), card(6, "command", 2, depends_on=["w06.command.01"]),
             card(6, "concept", 1)]
    path = tmp_path / "drills.db"
    conn = sqlite3.connect(path)
    conn.executescript(V3_DDL)
    order = new_card_order(cards)  # what a v3 sync wrote
    for position, c in enumerate(cards):
        conn.execute("INSERT INTO cards (id, week, kind, front_hash, snapshot, position, kind_rank, kind_order,"
                     " added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (c.id, c.week, c.kind, hashlib.sha256(c.front.encode()).hexdigest()[:16],
                      json.dumps(c.to_dict(), sort_keys=True), position, *order[c.id], t0, t0))
    conn.execute("INSERT INTO reviews (card_num, at, rating, before, state_before) VALUES (3, ?, 3, '{}', NULL)",
                 (t0,))
    conn.commit()
    before = conn.execute("SELECT * FROM cards ORDER BY num").fetchall()
    conn.close()

    store = Store.open(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (tmp_path / "drills.db.v3.bak").exists()
    rows = store.conn.execute("SELECT * FROM cards ORDER BY num").fetchall()
    assert [tuple(r)[:len(before[0])] for r in rows] == before  # every old column as it was
    assert [(r["card_group"], json.loads(r["depends_on"])) for r in rows] == [
        ("task1", []), (None, ["w06.command.01"]), (None, [])]
    assert len(store.reviews.log()) == 1
    # What the migration filled in is what sync would write: the first sync changes no card.
    store.cards.sync([deck(6, *cards)], NOW)
    assert {r[0] for r in store.conn.execute("SELECT updated_at FROM cards")} == {t0}
    store.close()
