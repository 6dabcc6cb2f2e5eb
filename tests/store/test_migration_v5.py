"""Schema v5: a v4 database (reviews, speed runs, suspensions, a card that left its deck, and rows
orphaned by a hand edit) migrates with every row intact and a clean foreign-key check; a failure in
the middle of the migration leaves the v4 file exactly as it was."""

import json
import sqlite3

import pytest
import sqlite_utils

from drills.app.history import export_history
from drills.store import Store, schema

from .helpers import card

T0 = 1_790_000_000_000
DAY = 86_400_000
TABLES = ("cards", "reviews", "speed_runs", "speed_attempts")


def make_v4(path):
    """A v4 database as drills 4 left it, with the rows a student accumulates, plus the orphans a
    `DELETE FROM cards` in the sqlite3 shell (foreign keys not enforced there) would leave."""
    conn = sqlite3.connect(path)
    for step in schema.MIGRATIONS[:4]:  # released migrations are never edited (see schema.py)
        if callable(step):
            step(sqlite_utils.Database(conn))
        else:
            for statement in step:
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 4")

    def add_card(num, c, **columns):
        values = {"num": num, "id": c.id, "week": c.week, "kind": c.kind, "front_hash": "h",
                  "snapshot": json.dumps(c.to_dict()), "added_at": T0, "updated_at": T0, **columns}
        conn.execute(f"INSERT INTO cards ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                     list(values.values()))

    add_card(1, card(6, "command", 1, answers=["kubectl get po"]), state=2, step=None, stability=4.5,
             difficulty=6.1, due=T0 + DAY, last_review=T0, reps=9, lapses=8, suspended=1, tags='["leech"]')
    add_card(2, card(6, "concept", 1), buried_until=T0 + DAY, card_group="g1")
    add_card(3, card(6, "command", 2, answers=["kubectl get svc"]), retired=1, state=1, step=0, stability=1.0,
             difficulty=5.0, due=T0, last_review=T0 - 60_000, reps=1)  # left the deck, kept for its history
    before_new = json.dumps({"state": None, "reps": 0, "lapses": 0})
    reviews = [
        # (id, card_num, at, rating, mode, typed, verdict)
        (1, 1, T0 - 5000, 3, "review", "kubectl get po", {"status": "correct"}),
        (2, 1, T0, 1, "review", "kubectl get svc", {"status": "incorrect"}),
        (3, 3, T0 - 60_000, 3, "review", None, None),  # the retired card's
        (4, 1, T0 + 1000, 1, "speed", "kubectl get pod", {"status": "incorrect"}),  # a speed run's first attempt
        (5, 99, T0 - 9000, 2, "cram", None, None),  # its card was deleted by hand
    ]
    conn.executemany(
        "INSERT INTO reviews (id, card_num, at, rating, duration_ms, typed, verdict, auto, before, mode, state_before,"
        " correct) VALUES (?, ?, ?, ?, 1500, ?, ?, 1, ?, ?, NULL, ?)",
        [(i, num, at, rating, typed, json.dumps(v) if v else None, before_new, mode,
          None if v is None else int(v["status"] == "correct")) for i, num, at, rating, mode, typed, v in reviews])
    conn.execute("INSERT INTO speed_runs (id, week, started, total_ms, tasks, finished, shuffled, complete)"
                 " VALUES (1, 6, ?, 8000, '[]', ?, 1, 0), (2, 6, ?, NULL, NULL, NULL, 0, 0)", (T0, T0 + 9000, T0 + DAY))
    conn.executemany(
        "INSERT INTO speed_attempts (id, run_id, card_num, attempt, at, typed, verdict, ms, first_key_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (1, 1, 1, 1, T0 + 1000, "kubectl get pod", "incorrect", 3000, 400),
            (2, 1, 1, 2, T0 + 5000, "kubectl get po", "correct", 5000, None),
            (3, 7, 2, 1, T0 + 2000, None, "skipped", 100, None),  # its run was deleted by hand
            (4, 1, 98, 1, T0 + 3000, None, "skipped", 100, None),  # its card was deleted by hand
        ])
    conn.commit()
    conn.close()


def rows(conn, table):
    conn.row_factory = sqlite3.Row
    return {r[0]: dict(r) for r in conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid")}


def snapshot(path):
    """Everything in the file: its schema, every row, and the schema version."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump()), conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_a_v4_database_migrates_to_v5_with_every_row_intact(tmp_path):
    path = tmp_path / "drills.db"
    make_v4(path)
    old = sqlite3.connect(path)
    before = {t: rows(old, t) for t in TABLES}
    old.close()

    store = Store.open(path)
    conn = store.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    assert (tmp_path / "drills.db.v4.bak").exists()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after = {t: rows(conn, t) for t in TABLES}
    for table in TABLES:  # every row, every value, as it was (plus the new column)
        for rowid, row in before[table].items():
            assert {k: after[table][rowid][k] for k in row} == row, (table, rowid)
    # The orphans' parents are stand-ins: retired cards, an unfinished run (no best time, no stats).
    added = {t: set(after[t]) - set(before[t]) for t in TABLES}
    assert added == {"cards": {98, 99}, "reviews": set(), "speed_runs": {7}, "speed_attempts": set()}
    assert {n: (after["cards"][n]["id"], after["cards"][n]["retired"]) for n in (98, 99)} == {
        98: ("lost-card-98", 1), 99: ("lost-card-99", 1)}
    assert after["speed_runs"][7]["total_ms"] is None
    # The first attempt names the review it made; later attempts made none.
    assert [a.review_id for a in store.speed_runs.attempts(1)] == [4, None, None]
    assert store.speed_runs.best_ms(6) is None and store.speed_runs.summary(6)[0]["runs"] == 1

    # What the student sees: suspension, bury and schedule kept; every answer in the history export,
    # the retired card's and the one whose card was deleted included.
    assert store.cards.get("w06.command.01").suspended and store.cards.get("w06.command.01").tags == ["leech"]
    assert store.suspensions.hidden(store.cards.get("w06.concept.01").buried_until.replace(year=2020))[
        "buried"][0]["id"] == "w06.concept.01"
    store.close()
    text, n = export_history(path, "json")
    assert n == 5
    assert [(r["review_id"], r["card_id"]) for r in json.loads(text)["reviews"]] == [
        (3, "w06.command.02"), (5, "lost-card-99"), (1, "w06.command.01"), (2, "w06.command.01"),
        (4, "w06.command.01")]
    assert snapshot(path)[1] == 5  # opening again: nothing to do
    Store.open(path).close()


def _fail_after_v5(db):
    schema.v5(db)
    raise RuntimeError("power cut after the last step")


def _fail_inside_the_rebuild(monkeypatch):
    real = sqlite_utils.db.Table.transform_sql

    def broken(self, **kw):
        return real(self, **kw)[:-1] + ["SELECT no_such_function()"]

    monkeypatch.setattr(sqlite_utils.db.Table, "transform_sql", broken)


@pytest.mark.parametrize("where", ["inside the table rebuild", "after the last step"])
def test_a_failure_during_the_migration_leaves_the_v4_database_untouched(tmp_path, monkeypatch, where):
    path = tmp_path / "drills.db"
    make_v4(path)
    untouched = snapshot(path)
    if where == "after the last step":
        monkeypatch.setattr("drills.store.connection.MIGRATIONS", [*schema.MIGRATIONS[:4], _fail_after_v5])
    else:
        _fail_inside_the_rebuild(monkeypatch)
    with pytest.raises(Exception, match="power cut|no such function"):
        Store.open(path)
    assert snapshot(path) == untouched  # schema, rows and version 4, as they were
    monkeypatch.undo()
    with Store.open(path) as store:  # the next start migrates it
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert len(store.reviews.log()) == 5
