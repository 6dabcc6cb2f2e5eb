"""The timed speed drill: the week's command tasks in page order against a running clock.

Right answers advance; a wrong one shows the checker's reasons and the same line comes back for
editing (retry) -- or the student skips (Ctrl-S on a terminal, a line ``skip`` anywhere). Every
attempt goes to ``SpeedRun`` (``drills.study``), which records it and feeds FSRS.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from drills.deck.model import Card
from drills.ui import render
from drills.ui.clock import Stopwatch, format_ms
from drills.ui.io import EndSession

SKIP_WORD = "skip"
_KEYS_HELP = "Enter check · Ctrl-S or 'skip' skip · Esc/Ctrl-C stop"


class SpeedLoop:
    """Runs one speed drill; ``run()`` returns the run's summary dict (see ``docs/ui.md``)."""

    def __init__(self, run, io, *, week: int, stopwatch: Stopwatch | None = None) -> None:
        self.speed_run = run
        self.io = io
        self.week = week
        self.console = io.console
        self.plain = not self.console.is_terminal
        self.attempt_watch = stopwatch or Stopwatch()
        self.run_ms = 0  # time of the attempts at earlier tasks
        self.task_ms = 0  # time of the earlier attempts at the current task
        self.attempts = 0  # attempts and skips recorded in this run
        self.ended = "done"
        self._index = 0

    def note(self, text: str, style: str = "dim") -> None:
        self.console.print(Text(text, style="" if self.plain else style))

    def toolbar(self) -> str:
        # The clocks show what SpeedRun will add up: the time of each attempt (checking and drawing the
        # verdict between attempts is not the student's time).
        n = len(self.speed_run.tasks)
        now = self.attempt_watch.elapsed_ms()
        return (
            f" task {min(self._index + 1, n)}/{n} · total {format_ms(self.run_ms + self.task_ms + now)}"
            f" · this task {format_ms(self.task_ms + now)}\n {_KEYS_HELP}"
        )

    def run(self) -> dict[str, Any]:
        tasks: list[Card] = list(self.speed_run.tasks)
        self.console.print(Text(f"Week {self.week} speed drill: {len(tasks)} tasks", style="" if self.plain else "bold"))
        self.console.print(render.task_list(tasks, plain=self.plain))
        self.note(
            "Type each kubectl command and press Enter. A wrong answer comes back for editing;"
            f" skip with {'Ctrl-S or ' if self.io.interactive else ''}a line 'skip'."
        )
        try:
            for self._index, card in enumerate(tasks):
                self.task(card)
        except EndSession as e:
            self.ended = e.reason
        except KeyboardInterrupt:
            self.ended = "interrupt"
        if self.attempts == 0:
            return self.untouched(tasks)
        return dict(self.speed_run.finish())

    def task(self, card: Card) -> None:
        n = len(self.speed_run.tasks)
        self.console.print()
        self.console.print(Text(f"{self._index + 1}/{n}  ", style="" if self.plain else "bold").append_text(
            render.styled(card.front, plain=self.plain)))
        # SpeedRun adds up the time of each attempt: time each attempt from the end of the previous one.
        watch, line = self.attempt_watch, ""
        self.task_ms = 0
        watch.start()
        try:
            while True:
                typed = self.io.ask_line("$ ", default=line, toolbar=self.toolbar, stopwatch=watch, skippable=True)
                ms, first = watch.elapsed_ms(), watch.first_key_ms()
                if typed is None or typed.strip() == SKIP_WORD:
                    self.speed_run.skip(card, ms, first)
                    self.attempts += 1
                    self.task_ms += ms
                    self.note(f"skipped after {format_ms(self.task_ms)}", "yellow")
                    if card.answers:
                        self.console.print(
                            Text("  answer: ").append_text(render.answer_lines(card.answers, plain=self.plain))
                        )
                    return
                if not typed.strip():
                    continue
                if card.self_graded:
                    self.task_ms += ms
                    self.self_graded(card, ms, first)
                    return
                verdict = self.speed_run.attempt(card, typed, ms, first)
                self.attempts += 1
                self.task_ms += ms
                self.console.print(render.verdict_view(
                    verdict, card, ms=self.task_ms, plain=self.plain, show_answer=False, compact=True))
                if verdict.correct:
                    return
                line = typed
                self.note("edit the line and press Enter to retry" if self.io.interactive else "next line: retry or 'skip'")
                watch.start()
        finally:
            self.run_ms += self.task_ms
            self.task_ms = 0

    def self_graded(self, card: Card, ms: int, first: int | None) -> None:
        self.console.print(render.card_back(card, plain=self.plain))
        key = self.io.choose("no answer on file: was yours right? y/n", ["y", "n"])
        self.speed_run.self_grade(card, key == "y", ms, first)
        self.attempts += 1

    def untouched(self, tasks: list[Card]) -> dict[str, Any]:
        """The summary when no task was even attempted (e.g. stdin at EOF): nothing is stored, not
        even an empty run; same shape as ``SpeedRun.finish()``."""
        best = self.speed_run.store.best_run_ms(self.week) if hasattr(self.speed_run, "store") else None
        return {
            "week": self.week,
            "total_ms": 0,
            "personal_best_ms": best,
            "new_best": False,
            "complete": False,
            "tasks": [
                {"id": c.id, "front": c.front, "verdict": "not reached", "ms": 0, "first_key_ms": None,
                 "attempts": 0}
                for c in tasks
            ],
        }
