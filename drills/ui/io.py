"""How a study loop talks to the student, independent of whether there is a terminal.

Two implementations share one small interface so the review and speed loops are written once:

- ``LineIO`` (here): stdin is a pipe or file. One line per answer; scripts and tests use it.
- ``TerminalIO`` (``drills.ui.terminal``): prompt_toolkit, single-key choices, a live toolbar clock.

Interface (duck-typed):

    interactive: bool                   # True when one-key choices after a verdict make sense
    console: rich.console.Console       # where cards, verdicts and tables are printed
    show(lines) -> None                 # print drills.ui.screen lines (no rich needed)
    ask_line(prompt, *, default="", toolbar=None, stopwatch=None, skippable=False, multiline=False) -> str | None
        # the typed line; None = the student skipped (Ctrl-S on a terminal). multiline: the answer
        # may take several lines (a sequence, a manifest); an empty line (outside an unfinished
        # here-document) ends it, and on a terminal Esc Enter too.
    choose(prompt, keys, *, default=None, toolbar=None) -> str
        # one of ``keys`` (names like "1".."4", "u", "s", "b", "y", "n", "enter")
    Both raise EndSession when the student ends the session (EOF, Esc, Ctrl-C).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING

from drills.text_safety import for_terminal
from drills.ui.clock import Stopwatch
from drills.ui.screen import Line, to_text

if TYPE_CHECKING:
    from rich.console import Console

Toolbar = Callable[[], str]
# Shown before the second and later lines of a multi-line answer (bash's PS2).
CONTINUATION = "> "


class EndSession(Exception):
    """The student ended the session. ``reason``: ``eof`` (input ran out), ``quit`` (Esc / Ctrl-D),
    ``interrupt`` (Ctrl-C)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LineIO:
    """Answers read line by line from a stream; every line read is echoed after its prompt so a log of
    the session reads like the session."""

    interactive = False

    def __init__(self, stream: IO[str], console: Console) -> None:
        self.stream = stream
        self.console = console

    def show(self, lines: list[Line]) -> None:
        self.console.out(to_text(lines), end="", highlight=False)

    def _read(self, prompt: str) -> str:
        line = self.stream.readline()
        if not line:
            raise EndSession("eof")
        line = line.rstrip("\r\n")
        self.console.print(for_terminal(f"{prompt}{line}"), markup=False, highlight=False)
        return line

    def ask_line(
        self,
        prompt: str,
        *,
        default: str = "",
        toolbar: Toolbar | None = None,
        stopwatch: Stopwatch | None = None,
        skippable: bool = False,
        multiline: bool = False,
    ) -> str | None:
        first = self._read(prompt)
        if not multiline or not first.strip() or first.strip() == "skip":
            return first
        from drills.kubectl.shape import blank_line_ends

        lines = [first]
        while True:
            line = self.stream.readline()
            if not line:
                break  # end of input: the answer is what was typed; the next read ends the session
            line = line.rstrip("\r\n")
            text = "\n".join(lines)
            if not line.strip() and blank_line_ends(text):
                self.console.print(CONTINUATION, markup=False, highlight=False)
                break
            self.console.print(f"{CONTINUATION}{line}", markup=False, highlight=False)
            lines.append(line)
        return "\n".join(lines)

    def choose(
        self,
        prompt: str,
        keys: Iterable[str],
        *,
        default: str | None = None,
        toolbar: Toolbar | None = None,
    ) -> str:
        allowed = list(keys)
        self.console.print(prompt, markup=False, highlight=False)
        while True:
            answer = self._read("> ").strip().lower()
            if answer == "" and default is not None:
                return default
            if answer in allowed and answer != "enter":
                return answer
            shown = ", ".join("an empty line" if k == "enter" else k for k in allowed)
            self.console.print(f"type one of: {shown}", markup=False, highlight=False)
