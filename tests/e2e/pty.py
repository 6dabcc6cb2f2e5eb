"""A `drill` process in a real 24x80 pseudo-terminal (pexpect), and reading the store it wrote."""

from __future__ import annotations

import signal
import sqlite3
import sys
from pathlib import Path

import pexpect

DRILL = Path(sys.executable).parent / "drill"
# prompt_toolkit asks the terminal where the cursor is ("\x1b[6n") and draws its bottom toolbar once
# the answer arrives; a real terminal answers, so the test does too.
CPR_REQUEST = "\x1b[6n"
# How long a screen may take to appear. Generous: a deadline only costs time when the test already
# fails, and a busy 2-core machine (CI) can take seconds to start `drill` or draw one screen.
TIMEOUT = 60


def _sigint_default() -> None:
    """Ctrl-C as in a terminal: a test run started in the background (`make test &`, nohup, some CI
    shells) ignores SIGINT, and a child would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Term:
    """One `drill` process in a 24x80 pty."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.child = pexpect.spawn(str(DRILL), args, env=env, dimensions=(24, 80), encoding="utf-8", timeout=TIMEOUT,
                                   preexec_fn=_sigint_default)
        self.seen = ""  # everything printed so far (escape codes included)

    def expect(self, text: str, timeout: float = TIMEOUT) -> None:
        """Wait for ``text`` on screen, answering cursor-position requests on the way."""
        while True:
            i = self.child.expect_exact([CPR_REQUEST, text, pexpect.EOF], timeout=timeout)
            self.seen += self.child.before + (self.child.after if isinstance(self.child.after, str) else "")
            if i == 0:
                self.child.send("\x1b[20;1R")
            elif i == 1:
                return
            else:
                raise AssertionError(f"drill ended before {text!r} appeared:\n{self.seen[-2000:]}")

    def line(self, text: str) -> None:
        self.child.send(text + "\r")

    def key(self, key: str) -> None:
        self.child.send(key)

    def finish(self, timeout: float = TIMEOUT) -> int:
        """Wait for the process to exit; its exit status."""
        while self.child.expect_exact([CPR_REQUEST, pexpect.EOF], timeout=timeout) == 0:
            self.seen += self.child.before
            self.child.send("\x1b[20;1R")
        self.seen += self.child.before
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -self.child.signalstatus


def reviews(db: str) -> list[tuple]:
    """(card id, rating, auto, mode, typed) of every review row, oldest first."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT c.id, r.rating, r.auto, r.mode, r.typed FROM reviews r JOIN cards c ON c.num = r.card_num"
            " ORDER BY r.id"
        ).fetchall()
