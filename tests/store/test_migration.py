"""A database written by the first release (schema v1) opens, migrates forward and keeps every row."""

import json
import sqlite3

from drills.store import SCHEMA_VERSION, Store

from .helpers import NOW, card, deck

# A frozen copy of the v1 layout as released: deliberately NOT imported from drills.store.schema, so
# an accidental edit of the released migration makes this test fail.
V1_DDL = """
CREATE TABLE cards (
    num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, week INTEGER NOT NULL, kind TEXT NOT NULL,
    front_hash TEXT NOT NULL, snapshot TEXT NOT NULL, retired INTEGER NOT NULL DEFAULT 0,
    suspended INTEGER NOT NULL DEFAULT 0, buried_until INTEGER, tags TEXT NOT NULL DEFAULT '[]',
    state INTEGER, step INTEGER, stability REAL, difficulty REAL, due INTEGER, last_review INTEGER,
    reps INTEGER NOT NULL DEFAULT 0, lapses INTEGER NOT NULL DEFAULT 0,
    added_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, card_num INTEGER NOT NULL REFERENCES cards(num), at INTEGER NOT NULL,
    rating INTEGER NOT NULL, duration_ms INTEGER, typed TEXT, verdict TEXT,
    auto INTEGER NOT NULL DEFAULT 0, before TEXT NOT NULL);
CREATE INDEX reviews_at ON reviews(at);
CREATE TABLE speed_runs (id INTEGER PRIMARY KEY, week INTEGER NOT NULL, started INTEGER NOT NULL,
    total_ms INTEGER, tasks TEXT);
PRAGMA user_version = 1;
"""

T0 = 1_790_000_000_000


def make_v1(path):
    conn = sqlite3.connect(path)
    conn.executescript(V1_DDL)
    snap = json.dumps(card(6, "command", 1, answers=["kubectl get po"]).to_dict())
    conn.execute("INSERT INTO cards VALUES (1, 'w06.command.01', 6, 'command', 'h', ?, 0, 0, NULL,"
                 " '[\"leech\"]', 2, NULL, 4.5, 6.1, ?, ?, 9, 8, ?, ?)", (snap, T0 + 86_400_000, T0, T0, T0))
    conn.execute("INSERT INTO cards VALUES (2, 'w06.concept.01', 6, 'concept', 'h', ?, 0, 0, NULL, '[]',"
                 " NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, ?, ?)",
                 (json.dumps(card(6, "concept", 1).to_dict()), T0, T0))
    before_new = json.dumps({"state": None, "reps": 0, "lapses": 0})
    before_review = json.dumps({"state": 2, "reps": 8, "lapses": 8})
    conn.executemany("INSERT INTO reviews (card_num, at, rating, duration_ms, typed, verdict, auto, before)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
                         (1, T0 - 5000, 3, 4000, "kubectl get po", json.dumps({"status": "correct"}), 1, before_new),
                         (1, T0, 1, 9000, "kubectl get svc", json.dumps({"status": "incorrect"}), 1, before_review),
                         (2, T0, 3, 2000, None, None, 0, before_new),
                     ])
    conn.executemany("INSERT INTO speed_runs (week, started, total_ms, tasks) VALUES (?, ?, ?, ?)", [
        (6, T0, 30_000, json.dumps([{"id": "w06.command.01", "verdict": "correct", "ms": 30_000}])),
        (6, T0, 20_000, json.dumps([{"id": "w06.command.01", "verdict": "skipped", "ms": 20_000}])),
        (6, T0, None, None),  # a run abandoned before finishing
    ])
    conn.commit()
    conn.close()


def test_v1_database_migrates_without_losing_data(tmp_path):
    path = tmp_path / "drills.db"
    make_v1(path)
    store = Store.open(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (tmp_path / "drills.db.v1.bak").exists()  # a copy taken before changing anything

    rec = store.cards.get("w06.command.01")
    assert (rec.memory.state, rec.memory.stability, rec.memory.reps, rec.memory.lapses) == (2, 4.5, 9, 8)
    assert rec.tags == ["leech"] and rec.card().answers == ["kubectl get po"]
    log = store.reviews.log("w06.command.01")
    assert [(r.rating, r.typed, r.mode, r.state_before, r.correct) for r in log] == [
        (1, "kubectl get svc", "review", 2, 0), (3, "kubectl get po", "review", None, 1)]
    assert store.reviews.log("w06.concept.01")[0].correct is None
    # Backfilled columns drive the features: retention, personal best, adaptive target time.
    assert store.reviews.retention(rec.memory.last_review.replace(year=2020)) == (1, 0)
    assert store.speed_runs.best_ms(6) == 30_000  # the skipped run is not complete; the abandoned one neither
    assert store.reviews.recent_correct_ms("w06.command.01", 5) == [4000]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # The migrated database works as a fresh one: sync keeps the history of the same id.
    store.cards.sync([deck(6, card(6, "command", 1, answers=["kubectl get po"]), card(6, "concept", 1))], NOW)
    assert len(store.reviews.log()) == 3
    store.close()
    # Opening again is a no-op.
    again = Store.open(path)
    assert len(again.reviews.log()) == 3
    again.close()
