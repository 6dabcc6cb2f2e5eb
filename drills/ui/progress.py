"""A progress bar for long work (building many pages, exporting many weeks): on a terminal only.

The bar goes to stderr, so stdout stays the command's output; it is transient (erased when the work
is done) and drawn only when stdout and stderr are both a terminal: piped or redirected output (a
log, a script, a test) gets nothing. rich is imported only when a bar is drawn.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO

# Called with (done, total) after each step.
Advance = Callable[[int, int], None]


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def progress_bar(label: str, *, show_now: bool, after_s: float = 0.3,
                 stream: TextIO | None = None) -> Iterator[Advance | None]:
    """Yield a ``(done, total)`` callback drawing a bar, or None when the output is not a terminal.

    ``show_now``: draw from the first step (the work is known to be long: many pages, many weeks);
    otherwise only once it has taken ``after_s`` seconds, so a quick job does not flicker."""
    out = stream or sys.stderr
    if not (_is_terminal(out) and _is_terminal(sys.stdout)):
        yield None
        return
    state: dict[str, Any] = {"started": time.monotonic()}

    def advance(done: int, total: int) -> None:
        if "bar" not in state:
            if not show_now and time.monotonic() - state["started"] < after_s:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=Console(file=out), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield advance
    finally:
        if "bar" in state:
            state["bar"].stop()
