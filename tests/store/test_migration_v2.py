"""A schema v2 database (before new cards interleaved kinds) migrates forward, keeps every row and
hands out new cards in the interleaved order, without waiting for a sync."""

import hashlib
import json
import sqlite3

from drills.deck.files import load_deck
from drills.schedule import Selection
from drills.store import SCHEMA_VERSION, Store

from .helpers import NOW

# A frozen copy of the v2 layout as released (what V1 + V2 created): deliberately NOT built from
# drills.store.schema, so an accidental edit of a released migration makes this test fail.
V2_DDL = """
CREATE TABLE cards (
    num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, week INTEGER NOT NULL, kind TEXT NOT NULL,
    front_hash TEXT NOT NULL, snapshot TEXT NOT NULL, retired INTEGER NOT NULL DEFAULT 0,
    suspended INTEGER NOT NULL DEFAULT 0, buried_until INTEGER, tags TEXT NOT NULL DEFAULT '[]',
    state INTEGER, step INTEGER, stability REAL, difficulty REAL, due INTEGER, last_review INTEGER,
    reps INTEGER NOT NULL DEFAULT 0, lapses INTEGER NOT NULL DEFAULT 0,
    added_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, position INTEGER NOT NULL DEFAULT 0);
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
CREATE INDEX speed_attempts_run ON speed_attempts(run_id);
CREATE INDEX speed_runs_week ON speed_runs(week, complete, total_ms);
CREATE INDEX cards_due ON cards(due) WHERE retired = 0 AND suspended = 0 AND state IS NOT NULL;
CREATE INDEX cards_new ON cards(week, position) WHERE retired = 0 AND suspended = 0 AND state IS NULL;
CREATE INDEX reviews_card ON reviews(card_num, at);
PRAGMA user_version = 2;
"""

T0 = 1_790_000_000_000
DAY = 86_400_000
TABLES = ("cards", "reviews", "speed_runs", "speed_attempts")


def make_v2(path, week6):
    """The week-6 deck as a v2 drills synced it, plus a retired card, a few reviews and a speed run."""
    conn = sqlite3.connect(path)
    conn.executescript(V2_DDL)
    for position, c in enumerate(week6.cards):
        snapshot = json.dumps(c.to_dict(), sort_keys=True, ensure_ascii=False)
        front_hash = hashlib.sha256(c.front.encode()).hexdigest()[:16]
        conn.execute("INSERT INTO cards (id, week, kind, front_hash, snapshot, position, added_at, updated_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (c.id, c.week, c.kind, front_hash, snapshot, position, T0, T0))
    # A card no longer in the deck: retired, its position stale (it must not shift anyone's turn).
    conn.execute("INSERT INTO cards (id, week, kind, front_hash, snapshot, position, retired, added_at, updated_at)"
                 " VALUES ('w06.command.99', 6, 'command', 'h', '{}', 0, 1, ?, ?)", (T0, T0))
    first = {}
    for c in week6.cards:
        first.setdefault(c.kind, c.id)
    # The first command card was learnt (due in a week, one review), the first pitfall suspended.
    conn.execute("UPDATE cards SET state = 2, stability = 7.5, difficulty = 5.2, due = ?, last_review = ?,"
                 " reps = 1 WHERE id = ?", (T0 + 7 * DAY, T0, first["command"]))
    conn.execute("UPDATE cards SET suspended = 1, tags = '[\"leech\"]' WHERE id = ?", (first["pitfall"],))
    num = conn.execute("SELECT num FROM cards WHERE id = ?", (first["command"],)).fetchone()[0]
    conn.execute("INSERT INTO reviews (card_num, at, rating, duration_ms, typed, verdict, auto, before, mode,"
                 " state_before, correct) VALUES (?, ?, 3, 4000, 'kubectl get svc', '{\"status\": \"correct\"}',"
                 " 1, '{\"state\": null}', 'speed', NULL, 1)", (num, T0))
    conn.execute("INSERT INTO speed_runs (week, started, total_ms, tasks, finished, shuffled, complete)"
                 " VALUES (6, ?, 4000, '[]', ?, 0, 0)", (T0, T0 + 4000))
    conn.execute("INSERT INTO speed_attempts (run_id, card_num, attempt, at, typed, verdict, ms, first_key_ms)"
                 " VALUES (1, ?, 1, ?, 'kubectl get svc', 'correct', 4000, 300)", (num, T0))
    conn.commit()
    return conn


def rows(conn, table, columns="*"):
    return [tuple(r) for r in conn.execute(f"SELECT {columns} FROM {table} ORDER BY rowid")]


def interleaved(cards):
    """Round robin over the kinds (command, concept, pitfall, step, challenge), deck order within each."""
    by_kind = {k: [c for c in cards if c.kind == k] for k in ("command", "concept", "pitfall", "step", "challenge")}
    out = []
    for rank in range(max(len(v) for v in by_kind.values())):
        out += [v[rank] for v in by_kind.values() if rank < len(v)]
    return out


def test_v2_database_keeps_its_data_and_gets_the_interleaved_order(tmp_path):
    path = tmp_path / "drills.db"
    week6 = load_deck(6)
    conn = make_v2(path, week6)
    columns = {t: ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({t})")) for t in TABLES}
    before = {t: rows(conn, t) for t in TABLES}
    conn.close()

    store = Store.open(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (tmp_path / "drills.db.v2.bak").exists()
    assert {t: rows(store.conn, t, columns[t]) for t in TABLES} == before  # every row, every old column
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # Straight after the upgrade, before any sync: new cards interleave kinds. The learnt command and
    # the suspended pitfall are not new, but they still count for the turns of the cards after them.
    learnt_or_suspended = {c.id for c in store.cards.all() if not c.memory.is_new or c.suspended}
    expected = [c.id for c in interleaved(week6.cards) if c.id not in learnt_or_suspended]
    queue = []
    while (card_id := store.cards.next_new(NOW, Selection.of(exclude=queue))) is not None:
        queue.append(card_id)
    assert queue == expected and len(queue) == len(week6.cards) - 2
    assert [store.cards.get(i).kind for i in queue[:4]] == ["concept", "step", "challenge", "command"]

    # The backfill is what sync would write: the first sync after the upgrade changes no card.
    assert store.cards.sync([week6], NOW) == {"added": 0, "updated": 0, "retired": 0, "revived": 0}
    assert {r[0] for r in store.conn.execute("SELECT updated_at FROM cards")} == {T0}
    store.close()
