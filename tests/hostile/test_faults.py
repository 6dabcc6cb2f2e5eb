"""Load and faults on the real `drill review` process: killed with SIGKILL at random moments, two of
them answering the same database at once, and a disk that fills up. Every answer the screen
confirmed ("rated …") is in the database exactly once, the file passes integrity_check, and the next
session starts."""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .fuzzing import sized

DRILL = shutil.which("drill", path=str(Path(sys.executable).parent)) or "drill"
KILLS = int(os.environ.get("DRILLS_FAULT_KILLS", str(sized(50, 15))))  # 50 in `make test-long`
TOGETHER_S = float(os.environ.get("DRILLS_FAULT_SECONDS", str(sized(60, 15))))  # 60 s in `make test-long`


def study_env(home: Path) -> dict[str, str]:
    config = home / "config" / "drills"
    config.mkdir(parents=True, exist_ok=True)
    # Plenty of new cards, so a long session never runs dry.
    (config / "config.toml").write_text("[study]\nnew_cards_per_day = 100000\n", encoding="utf-8")
    return {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
            "HOME": str(home), "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}  # "rated" lines reach the file at once


def start_review(db: Path, env: dict[str, str], out: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([DRILL, "review", "--db", str(db)], stdin=subprocess.PIPE,
                            stdout=out.open("wb"), stderr=subprocess.STDOUT, env=env, **kwargs)


def in_background(answer: Callable[[], None]) -> threading.Thread:
    """``answer`` (a loop writing answers to a session) in a daemon thread, started; a session that
    is killed or exits first (its stdin gone) ends it quietly."""
    def run() -> None:
        try:
            answer()
        except (BrokenPipeError, ValueError, OSError):
            pass
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def feed(proc: subprocess.Popen, until: float) -> threading.Thread:
    """Answers ("1": Again on any card) as fast as the session takes them, until ``until``."""
    def answer() -> None:
        while time.monotonic() < until and proc.poll() is None:
            proc.stdin.write(b"1\n" * 20)
            proc.stdin.flush()
            time.sleep(0.01)
        proc.stdin.close()
    return in_background(answer)


def confirmed(out: Path) -> int:
    return out.read_bytes().count(b"\nrated ")


def sound(db: Path) -> int:
    """The number of reviews logged, after checking the file is whole. A session killed after
    SQLite created the file but before the first migration committed leaves a file with no tables
    at all (the whole schema is one transaction): sound, with nothing logged. Half a schema is not."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "reviews" not in tables:
            assert not tables and conn.execute("PRAGMA user_version").fetchone()[0] == 0, tables
            return 0
        ids = [r[0] for r in conn.execute("SELECT id FROM reviews")]
        assert len(ids) == len(set(ids))
        return len(ids)
    finally:
        conn.close()


def next_session_starts(db: Path, env: dict[str, str]) -> None:
    p = subprocess.run([DRILL, "review", "--db", str(db), "--limit", "1"], input=b"1\n", env=env,
                       capture_output=True, timeout=60)
    assert p.returncode == 0 and b"Traceback" not in p.stderr, p.stderr


def test_kill_9_at_random_moments_loses_no_confirmed_answer(tmp_path):
    env = study_env(tmp_path)
    db = tmp_path / "drills.db"
    rng = random.Random(14)
    total_confirmed = 0
    for n in range(KILLS):
        out = tmp_path / f"session-{n}.txt"
        proc = start_review(db, env, out)
        feeder = feed(proc, time.monotonic() + 30)
        if n % 2:
            # mid-session whatever the machine's speed: once the screen confirmed an answer
            deadline = time.monotonic() + 60
            while confirmed(out) == 0 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.5))
        else:
            time.sleep(rng.uniform(0.0, 2.5))  # from start-up (opening, migrating) to mid-answer
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        feeder.join(timeout=5)
        total_confirmed += confirmed(out)
        if db.exists():
            logged = sound(db)
            # every confirmed answer is there; at most one more (committed, killed before printing)
            assert total_confirmed <= logged <= total_confirmed + n + 1
    assert total_confirmed > 0
    next_session_starts(db, env)


def paced_feed(proc: subprocess.Popen, out: Path, until: float, give_up: float) -> threading.Thread:
    """Answers as fast as the session confirms them (at most a few ahead), until ``until`` -- and, on
    a machine so busy that the session confirmed nothing by then, on to its first confirmation (or
    ``give_up``): the test is about two sessions answering at once, so each must have answered, not
    have started within some seconds. Then stdin closes and the session ends by itself, having
    printed "rated" for every answer it took."""
    def answer() -> None:
        written, seen, tail = 0, 0, b""
        with out.open("rb") as fh:
            while ((time.monotonic() < until or seen == 0) and time.monotonic() < give_up
                   and proc.poll() is None):
                # a read may end inside "rated ": the few bytes after the last match are kept
                tail += fh.read()
                seen += tail.count(b"rated ")
                tail = tail[tail.rfind(b"rated ") + 6:] if b"rated " in tail else tail
                tail = tail[-5:]
                while written - seen < 4:
                    proc.stdin.write(b"1\n")
                    written += 1
                proc.stdin.flush()
                time.sleep(0.005)
        proc.stdin.close()
    return in_background(answer)


def test_two_sessions_answering_at_once_lose_and_double_nothing(tmp_path):
    env = study_env(tmp_path)
    db = tmp_path / "drills.db"
    outs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    procs = [start_review(db, env, out) for out in outs]
    until = time.monotonic() + TOGETHER_S
    give_up = until + 120
    feeders = [paced_feed(p, out, until, give_up) for p, out in zip(procs, outs)]
    for p in procs:
        p.wait(timeout=give_up - time.monotonic() + 60)
    for f in feeders:
        f.join(timeout=5)
    texts = [o.read_bytes() for o in outs]
    for p, text in zip(procs, texts):
        assert p.returncode == 0, text[-500:]
        assert b"Traceback" not in text and b"locked" not in text
    answered = [confirmed(o) for o in outs]
    assert min(answered) > 0
    # Each session ended on its own after its input: every answer it took was confirmed, so the log
    # holds exactly the confirmed answers: none lost, none doubled.
    assert sound(db) == sum(answered)
    next_session_starts(db, env)


def _file_size_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), not kills
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_mid_session_is_one_line_and_keeps_earlier_answers(tmp_path):
    env = study_env(tmp_path)
    db = tmp_path / "drills.db"
    first = subprocess.run([DRILL, "review", "--db", str(db), "--limit", "5"], input=b"1\n" * 5, env=env,
                           capture_output=True, timeout=60)
    assert first.returncode == 0
    before = sound(db)
    size = max(os.path.getsize(db), 64 * 1024)
    # Long typed answers grow the log (and its WAL) past the limit within a few answers.
    long_answers = (b"kubectl get pods " + b"x" * 60_000 + b"\n") * 40
    p = subprocess.run([DRILL, "review", "--kind", "command", "--db", str(db)], input=long_answers, env=env,
                       capture_output=True, timeout=120, preexec_fn=_file_size_limit(size + 128 * 1024))
    assert b"Traceback" not in p.stderr, p.stderr[-800:]
    errors = [ln for ln in p.stderr.decode().splitlines() if ln.strip()]
    assert p.returncode == 2 and len(errors) == 1 and str(db) in errors[0], p.stderr
    after = sound(db)
    assert after >= before  # earlier answers kept; the failed one is not half-written
    assert confirmed_in(p.stdout) == after - before
    next_session_starts(db, env)


def confirmed_in(stdout: bytes) -> int:
    return stdout.count(b"\nrated ")


@pytest.mark.parametrize("command", [["build", "--out", "OUT"], ["export", "anki", "-o", "OUT/ckad.apkg"]])
def test_a_full_disk_while_writing_a_file_is_one_line_and_leaves_no_part(tmp_path, command):
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("OUT", str(out)) for a in command]
    p = subprocess.run([DRILL, *args], env=study_env(tmp_path), capture_output=True, timeout=120,
                       preexec_fn=_file_size_limit(4096))
    errors = [ln for ln in p.stderr.decode().splitlines() if ln.strip()]
    assert p.returncode == 2 and len(errors) == 1 and "Traceback" not in errors[0], p.stderr
    assert list(out.iterdir()) == []  # no partial file, no temp file left behind
