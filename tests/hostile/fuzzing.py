"""Helpers for the fuzz tests: a watchdog that ends a hung run, and mutations driven by a seed.

Hypothesis chooses seeds and sizes (and shrinks a failure to a small one); each example expands its
seed into a batch of inputs with ``random.Random(seed)``, so 100,000 answers cost a few hundred
examples of hypothesis overhead instead of 100,000."""

from __future__ import annotations

import contextlib
import faulthandler
import os
import random
import sys
import time
from collections.abc import Iterator

# `make test` runs the quick sizes (the whole suite must stay well under 10 minutes on a shared
# 2-core machine); `make test-long` (DRILLS_LONG=1) runs the full figures: 100,000 answers,
# 1,000 pages, 50 kills, two sessions for 60 s.
LONG = os.environ.get("DRILLS_LONG") == "1"


def sized(full: int, quick: int) -> int:
    return full if LONG else quick


# Text a hostile page or answer may hold: controls, line separators, cloze and template syntax,
# quotes and shell metacharacters, YAML and Markdown punctuation, wide and combining characters.
NASTY = ["\x00", "\x1b[2J", "\x1b]0;t\x07", "\x9b", "\u2028", "\u0085", "\u202e", "\t", "\r", "\x0c",
         "{{c1::", "}}", "::", "{{", "<summary", "<details>", "</details>", "<br>", "`", "```", "'", '"',
         "\\", "$(", "`id`", ";", "&&", "|", ">", "<", "<pod>", "--", "-", "=", ",", "*a", "&a", "!!", "#",
         "- ", "> ", "1. ", "## ", "---", "日本", "🚀", "e\u0301", "\ufeff", " ", "\n"]


@contextlib.contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Ends the whole test run (with every thread's stack on stderr) if the block hangs: a regular
    expression backtracking in C cannot be interrupted any other way."""
    faulthandler.dump_traceback_later(seconds, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def mutate_text(rng: random.Random, text: str, edits: int) -> str:
    """``text`` with ``edits`` random edits: insert a nasty piece, delete, duplicate or swap a span."""
    for _ in range(edits):
        op = rng.randrange(6)
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randrange(1, 40))
        if op == 0:
            text = text[:i] + rng.choice(NASTY) + text[i:]
        elif op == 1:
            text = text[:i] + text[j:]
        elif op == 2:
            text = text[:j] + text[i:j] + text[j:]
        elif op == 3 and text:
            k = rng.randrange(len(text))
            text = text[:i] + text[k:k + 20] + text[i:]
        elif op == 4:
            text = text[:i] + chr(rng.randrange(0x20, 0x3000)) * rng.randrange(1, 4) + text[i:]
        else:
            text = text[:i] + rng.choice(NASTY) * rng.randrange(1, 30) + text[i:]
    return text


def mutate_lines(rng: random.Random, text: str, edits: int) -> str:
    """Line-level edits (delete, duplicate, move, indent a line; nest a list) plus a few character edits."""
    lines = text.split("\n")
    for _ in range(edits):
        op = rng.randrange(6)
        i = rng.randrange(len(lines))
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            lines.insert(rng.randrange(len(lines)), lines.pop(i))
        elif op == 3:
            lines[i] = " " * rng.choice([2, 4, 8]) + lines[i]
        elif op == 4:
            depth = rng.randrange(1, 14)
            lines[i:i] = ["  " * d + "- x" for d in range(depth)]
        else:
            lines[i] = mutate_text(rng, lines[i], 2)
    return "\n".join(lines)


class Clock:
    """The slowest single call seen, to assert 'no hang over 5 s' per input.

    Measured in CPU time of the calling thread, not wall time: what it catches (a regular expression
    backtracking, an expansion that explodes) burns CPU, while wall time also counts the seconds a
    busy machine (CI at load 8 on 2 cores) leaves the process waiting for a core. The code timed is
    pure (no I/O, no threads), so its CPU time is all the time it needs; a call blocked forever is
    the watchdog's job."""

    def __init__(self) -> None:
        self.slowest = 0.0
        self.what: object = None

    @contextlib.contextmanager
    def timing(self, what: object) -> Iterator[None]:
        started = time.thread_time()
        yield
        spent = time.thread_time() - started
        if spent > self.slowest:
            self.slowest, self.what = spent, what
