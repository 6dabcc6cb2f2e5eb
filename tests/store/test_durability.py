"""Two terminals at once, a killed process, a full disk: answers survive, the file stays sound."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from drills.errors import DrillsError
from drills.schedule import StudyConfig
from drills.store import Store
from drills.app.review import ReviewSession

from .helpers import NOW, card, deck

WORKER = Path(__file__).with_name("answer_worker.py")


def spawn(db, count, go):
    return subprocess.Popen([sys.executable, str(WORKER), str(db), str(count), str(go)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def integrity(db):
    store = Store.open(db)
    try:
        return store.conn.execute("PRAGMA integrity_check").fetchone()[0], store.reviews.log()
    finally:
        store.close()


def test_two_processes_answer_at_the_same_time_without_locking_errors(tmp_path):
    db, go = tmp_path / "drills.db", tmp_path / "go"
    workers = [spawn(db, 60, go) for _ in range(2)]
    go.touch()
    results = [w.communicate(timeout=60) for w in workers]
    for w, (out, err) in zip(workers, results):
        assert w.returncode == 0, err
        assert "locked" not in err and out.count("answered") == 60
    status, log = integrity(db)
    assert status == "ok" and len(log) == 120
    assert len({r.id for r in log}) == 120


def test_kill_9_mid_session_keeps_every_returned_answer(tmp_path):
    db, go = tmp_path / "drills.db", tmp_path / "go"
    go.touch()
    worker = spawn(db, 100_000, go)
    confirmed = []
    for line in worker.stdout:
        if line.startswith("answered"):
            confirmed.append(int(line.split()[1]))
            if len(confirmed) == 40:
                break
    os.kill(worker.pid, signal.SIGKILL)  # most likely inside the next answer's transaction
    worker.wait(timeout=10)
    status, log = integrity(db)
    assert status == "ok"
    assert set(confirmed) <= {r.id for r in log}
    # Every logged answer also moved its card: no half-applied answer.
    store = Store.open(db)
    for r in log:
        assert store.cards.get(r.card_id).memory.reps >= 1
    store.close()


def test_full_disk_is_a_clear_error_and_loses_nothing(tmp_path):
    store = Store.open(tmp_path / "drills.db")
    cards = [card(6, "concept", n) for n in range(1, 4)]
    session = ReviewSession(store, [deck(6, *cards)], config=StudyConfig(fuzzing=False), clock=lambda: NOW)
    first = session.rate(session.next_card(), 3, 800)
    before = store.cards.get(cards[1].id)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the "disk" is now full
    with pytest.raises(DrillsError) as e:
        session.rate(cards[1], 3, 900, typed="x" * 200_000)  # needs many new pages
    assert "full" in e.value.message and e.value.file == str(tmp_path / "drills.db")
    assert store.cards.get(cards[1].id) == before  # the failed answer changed nothing
    assert [r.id for r in store.reviews.log()] == [first.review_id]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.conn.execute("PRAGMA max_page_count = 1073741823")  # space again: studying goes on
    session.rate(cards[1], 3, 900)
    assert len(store.reviews.log()) == 2
    store.close()


@pytest.mark.parametrize("left", ["empty file", "connection opened, nothing committed"])
def test_a_database_killed_before_its_first_migration_opens_as_new(tmp_path, left):
    # What `drill review` leaves when killed between SQLite creating the file and the first
    # migration's commit: a file with no tables. It is a new database, not a damaged one.
    db = tmp_path / "drills.db"
    if left == "empty file":
        db.write_bytes(b"")
    else:
        import sqlite3
        conn = sqlite3.connect(db)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE cards (id TEXT)")  # rolled back: the kill came first
        conn.rollback()
        conn.close()
    store = Store.open(db)
    try:
        assert store.reviews.log() == []
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] > 0
    finally:
        store.close()
