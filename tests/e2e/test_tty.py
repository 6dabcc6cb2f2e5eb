"""`drill speed` and `drill review` in a real 80x24 pseudo-terminal: what the student sees, what the
store keeps -- including after Ctrl-C, after kill -9, and with two sessions on one database."""

from __future__ import annotations

import os
import signal
import sqlite3
import time

import pexpect
import pytest

from .pty import DRILL, reviews

pytestmark = pytest.mark.skipif(not DRILL.exists(), reason="drill is not installed next to this python")

RIGHT = {
    1: "kubectl create deployment web --image=nginx --replicas=2",
    2: "kubectl expose deployment web --port=80",
    3: "kubectl get svc web -o jsonpath='{.spec.clusterIP}'",
    4: "kubectl expose deployment web --port=80 --type=NodePort --name=web-np",
}
WRONG_2 = "kubectl expose deployment web --port=80 --type=LoadBalancer"


def test_speed_right_wrong_retry_skip_then_esc(spawn, drill_env):
    t = spawn("speed", "--week", "6")
    t.expect("1/10")
    t.expect("Ctrl-S")  # the toolbar (drawn with the prompt) says how to skip
    t.line(RIGHT[1])
    t.expect("correct")
    t.expect("2/10")
    t.expect("from task 1)")  # the task's context, on a line of its own, not wrapped mid-sentence
    t.expect("Enter check")
    t.line(WRONG_2)
    t.expect("incorrect")
    t.expect("LoadBalancer")  # the checker's reason names the wrong flag
    t.expect("edit the line")
    t.expect("Enter check")
    t.key("\x15")  # Ctrl-U clears the pre-filled wrong line
    t.line(RIGHT[2])
    t.expect("3/10")
    t.expect("Enter check")
    t.key("\x13")  # Ctrl-S skips
    t.expect("skipped")
    t.expect("4/10")
    t.expect("Enter check")
    t.key("\x1b")  # Esc stops the run
    t.expect("Week 6 speed drill")
    t.expect("not reached")
    assert t.finish() == 0
    assert "Traceback" not in t.seen
    rows = reviews(drill_env["DRILLS_DB"])
    # the first attempt at each task reviews the card: right -> auto-rated (>= Hard), wrong/skip -> Again
    assert [(r[0], r[3]) for r in rows] == [("w06.command.01", "speed"), ("w06.command.02", "speed"),
                                            ("w06.command.03", "speed")]
    assert rows[0][1] >= 2 and rows[1][1] == 1 and rows[2][1] == 1
    assert rows[1][4] == WRONG_2
    with sqlite3.connect(drill_env["DRILLS_DB"]) as conn:
        attempts = conn.execute("SELECT verdict, typed FROM speed_attempts ORDER BY id").fetchall()
    assert attempts == [("correct", RIGHT[1]), ("incorrect", WRONG_2), ("correct", RIGHT[2]), ("skipped", None)]


def test_review_typed_override_then_ctrl_c_keeps_answers(spawn, drill_env):
    t = spawn("review", "--kind", "command")
    t.expect("w06.command.01")
    t.expect("Enter check")
    t.line(RIGHT[1])
    t.expect("automatically")
    t.expect("1-4 change rating")
    t.key("2")  # override: Hard
    t.expect("rating changed to Hard (2)")
    t.expect("w06.command.02")
    t.expect("Enter check")
    t.line(WRONG_2)
    t.expect("incorrect")
    t.expect("answer: ")
    t.expect(RIGHT[2])
    t.expect("1-4 change rating")
    t.key("\r")
    t.expect("w06.command.03")
    t.expect("Enter check")
    t.key("\x03")  # Ctrl-C mid-card
    t.expect("Review summary")
    status = t.finish()
    assert status == 130
    assert "interrupted; every answer you confirmed is saved" in t.seen
    assert "Traceback" not in t.seen
    assert [r[:4] for r in reviews(drill_env["DRILLS_DB"])] == [
        ("w06.command.01", 2, 0, "review"),
        ("w06.command.02", 1, 1, "review"),
    ]


def test_kill_9_after_confirmed_answers_loses_nothing(spawn, drill_env):
    t = spawn("review", "--kind", "command")
    for n in (1, 2, 3):
        t.expect(f"w06.command.0{n}")
        t.expect("Enter check")
        t.line(RIGHT[n])
        t.expect("automatically")  # the verdict is on screen: the answer is committed
        t.expect("1-4 change rating")
        t.key("\r")
    t.expect("w06.command.04")
    os.kill(t.child.pid, signal.SIGKILL)
    t.child.expect(pexpect.EOF)
    db = drill_env["DRILLS_DB"]
    assert [r[0] for r in reviews(db)] == ["w06.command.01", "w06.command.02", "w06.command.03"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_two_sessions_on_one_database(spawn, drill_env):
    a = spawn("review", "--kind", "command")
    b = spawn("speed", "--week", "6")
    a.expect("Enter check")
    b.expect("Enter check")
    for n in (1, 2):  # interleave answers from the two terminals
        a.line(RIGHT[n])
        b.line(RIGHT[n])
        a.expect("automatically")
        a.expect("1-4 change rating")
        a.key("\r")
        b.expect(f"{n + 1}/10")
        a.expect(f"w06.command.0{n + 1}")
        a.expect("Enter check")
        b.expect("Enter check")
    a.key("\x1b")
    b.key("\x1b")
    assert a.finish() == 0 and b.finish() == 0
    for t in (a, b):
        assert "locked" not in t.seen and "Traceback" not in t.seen
    modes = sorted((r[0], r[3]) for r in reviews(drill_env["DRILLS_DB"]))
    assert modes == [("w06.command.01", "review"), ("w06.command.01", "speed"),
                     ("w06.command.02", "review"), ("w06.command.02", "speed")]


def test_clock_runs_and_no_color_is_honoured(spawn, drill_env):
    import re

    drill_env["NO_COLOR"] = "1"
    t = spawn("speed", "--week", "6")
    t.expect("Enter check")
    time.sleep(1.2)
    # nothing was typed: whatever the screen receives now is the toolbar clock being redrawn (four
    # times a second; the deadline is for a busy machine, a redraw ends the wait)
    idle = t.child.read_nonblocking(100_000, timeout=30)
    assert idle.strip()
    t.seen += idle
    t.key("\x1b")
    assert t.finish() == 0
    colours = re.findall(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m", t.seen)
    assert colours == []


def test_sigterm_ends_like_ctrl_c_and_restores_the_terminal(spawn, drill_env):
    t = spawn("speed", "--week", "6")
    t.expect("Enter check")
    t.line(RIGHT[1])
    t.expect("2/10")
    t.expect("Enter check")
    os.kill(t.child.pid, signal.SIGTERM)
    t.expect("Week 6 speed drill")  # the end table
    assert t.finish() == 130
    assert "Traceback" not in t.seen
    # prompt_toolkit switched bracketed paste off again on its way out (the terminal is usable)
    assert t.seen.rindex("\x1b[?2004l") > t.seen.rindex("\x1b[?2004h")
    assert [r[0] for r in reviews(drill_env["DRILLS_DB"])] == ["w06.command.01"]
