"""The timed speed drill: the week's command tasks in page order against a running clock.

Right answers advance; a wrong one shows the checker's reasons and the same line comes back for
editing (retry) -- or the student skips (Ctrl-S on a terminal, a line ``skip`` anywhere). Every
attempt goes to the run (``drills.app.contracts.SpeedRunAPI``; ``drills.app.speed.SpeedRun`` for
real), which records it and feeds FSRS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drills.app.contracts import SpeedResult, SpeedRunAPI, speed_tasks
from drills.deck.model import Card, Deck
from drills.kubectl.shape import answer_shape
from drills.ui.clock import Stopwatch, format_ms
from drills.ui.io import EndSession
from drills.ui.screen import Line, answer_hint, with_code

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable

    from drills.app.speed import SpeedRun
    from drills.kubectl.verdict import Verdict

# drills.ui.render (rich) is imported inside the methods that draw verdicts and tables: the first
# screen is drawn without it (see drills.ui.screen).

SKIP_WORD = "skip"
_KEYS_HELP = "Enter check · Ctrl-S or 'skip' skip · Esc/Ctrl-C stop"
_KEYS_LINES_HELP = "Enter new line · empty line or Esc Enter check · Ctrl-S skip · Esc stop"


class SpeedLoop:
    """Runs one speed drill; ``run()`` returns the run's summary dict (see ``docs/ui.md``)."""

    def __init__(self, run: SpeedRunAPI, io, *, week: int, stopwatch: Stopwatch | None = None) -> None:
        self.speed_run = run
        self.io = io
        self.week = week
        self.plain = not io.interactive
        self.attempt_watch = stopwatch or Stopwatch()
        self.run_ms = 0  # time of the attempts at earlier tasks
        self.task_ms = 0  # time of the earlier attempts at the current task
        self.attempts = 0  # attempts and skips recorded in this run
        self.ended = "done"
        self._index = 0

    @property
    def console(self):
        return self.io.console

    def note(self, text: str, style: str = "dim") -> None:
        from rich.text import Text

        self.console.print(Text(text, style="" if self.plain else style))

    def intro(self, tasks: list[Card]) -> list[Line]:
        """The first screen: title, the numbered task list, how to answer and skip."""
        lines: list[Line] = [[("bold", f"Week {self.week} speed drill: {len(tasks)} tasks")]]
        for i, card in enumerate(tasks, 1):
            # One line per task: its first line (the task itself; the context the front adds, such
            # as "(continues: ...)", comes with the task) keeps the list on a 24-row screen.
            task = card.front.strip().split("\n", 1)[0]
            line: Line = [("dim", f"{i:>3}. ")] + with_code(task, plain=self.plain)
            if card.self_graded:
                line.append(("dim", "  (self-graded)"))
            elif answer_shape(card.answers).multiline:
                line.append(("dim", f"  ({answer_shape(card.answers).label})"))
            lines.append(line)
        lines.append([("dim", "Type each kubectl command, then Enter. A wrong answer comes back for editing.")])
        if any(answer_shape(c.answers).multiline for c in tasks if not c.self_graded):
            lines.append([("dim", "Several lines: Enter starts a new line; an empty line "
                                  + ("or Esc Enter " if self.io.interactive else "") + "checks.")])
        lines.append([("dim", f"Skip with {'Ctrl-S or ' if self.io.interactive else ''}a line 'skip'."
                              + (" Esc or Ctrl-C stops." if self.io.interactive else " End of input stops."))])
        return lines

    def toolbar(self) -> str:
        return self._toolbar(_KEYS_HELP)

    def toolbar_lines(self) -> str:
        return self._toolbar(_KEYS_LINES_HELP)

    def _toolbar(self, keys: str) -> str:
        # The clocks show what SpeedRun will add up: the time of each attempt (checking and drawing the
        # verdict between attempts is not the student's time).
        n = len(self.speed_run.tasks)
        now = self.attempt_watch.elapsed_ms()
        return (
            f" task {min(self._index + 1, n)}/{n} · total {format_ms(self.run_ms + self.task_ms + now)}"
            f" · this task {format_ms(self.task_ms + now)}\n {keys}"
        )

    def run(self) -> SpeedResult:
        tasks: list[Card] = list(self.speed_run.tasks)
        self.io.show(self.intro(tasks))
        try:
            for self._index, card in enumerate(tasks):
                self.task(card)
        except EndSession as e:
            self.ended = e.reason
        except KeyboardInterrupt:
            self.ended = "interrupt"
        getattr(self.speed_run, "wait", lambda: None)()
        # The task on screen when the run was stopped says how it ended, not "not reached".
        stopped = {"interrupt": "interrupted", "quit": "stopped"}.get(self.ended)
        stopped_at = tasks[self._index].id if stopped and self._index < len(tasks) else None
        if self.attempts == 0:
            return self.untouched(tasks, stopped_at, stopped or "")
        if stopped_at is None:
            return self.speed_run.finish()
        return self.speed_run.finish(stopped_at=stopped_at, stopped_as=stopped or "interrupted")

    def task(self, card: Card) -> None:
        n = len(self.speed_run.tasks)
        shape = answer_shape(card.answers)
        self.io.show([[], [("bold", f"{self._index + 1}/{n}  ")] + with_code(card.front, "bold", plain=self.plain)])
        hint = None if card.self_graded else answer_hint(shape, self.io.interactive)
        if hint:
            self.io.show([[("dim", hint)]])
        # SpeedRun adds up the time of each attempt: time each attempt from the end of the previous one.
        watch, line = self.attempt_watch, ""
        self.task_ms = 0
        watch.start()
        try:
            while True:
                typed = self.io.ask_line("> " if shape.kind == "manifest" else "$ ", default=line,
                                         toolbar=self.toolbar_lines if shape.multiline else self.toolbar,
                                         stopwatch=watch, skippable=True, multiline=shape.multiline)
                ms, first = watch.elapsed_ms(), watch.first_key_ms()
                # A DeferredRun may still be importing in its warm-up thread: let it finish before this
                # thread imports the same modules (no two threads inside one import).
                getattr(self.speed_run, "wait", lambda: None)()
                from drills.ui import render

                if typed is None or typed.strip() == SKIP_WORD:
                    self.speed_run.skip(card, ms, first)
                    self.attempts += 1
                    self.task_ms += ms
                    self.note(f"skipped after {format_ms(self.task_ms)}", "yellow")
                    if card.answers:
                        # piped: a command stays on one line (a wrapped one reads as two commands)
                        self.console.print(render.answer_lines(card.answers, plain=self.plain, label="  answer: "),
                                           soft_wrap=self.plain)
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
                self.note("edit the line and press Enter to retry" if self.io.interactive
                          else "next line: retry or 'skip'")
                watch.start()
        finally:
            self.run_ms += self.task_ms
            self.task_ms = 0

    def self_graded(self, card: Card, ms: int, first: int | None) -> None:
        from drills.ui import render

        self.console.print(render.card_back(card, plain=self.plain))
        key = self.io.choose("no answer on file: was yours right? y/n", ["y", "n"])
        self.speed_run.self_grade(card, key == "y", ms, first)
        self.attempts += 1

    def untouched(self, tasks: list[Card], stopped_at: str | None = None, stopped_as: str = "") -> SpeedResult:
        """The summary when no task was even attempted (e.g. stdin at EOF): nothing is stored, not
        even an empty run; same shape as ``SpeedRun.finish()``."""
        best = self.speed_run.personal_best_ms()
        return {
            "week": self.week,
            "total_ms": 0,
            "personal_best_ms": best,
            "new_best": False,
            "complete": False,
            "tasks": [
                {"id": c.id, "front": c.front, "verdict": stopped_as if c.id == stopped_at else "not reached",
                 "ms": 0, "first_key_ms": None,
                 "attempts": 0}
                for c in tasks
            ],
        }


class DeferredRun:
    """Stands in for ``drills.app.speed.SpeedRun`` until the first answer needs it.

    Opening the store, syncing the deck and importing the scheduler take longer than drawing the first
    prompt; a terminal run shows the first task at once and warms these up (``warm_up``, in a thread,
    imports only) while the student reads it. ``tasks`` is the interface's definition -- the week's
    command cards in page order -- so it is known without the store; --shuffle does not defer.
    ``make`` opens the store and builds the real run (in the main thread: the SQLite connection is
    used there).
    """

    def __init__(self, deck: Deck, make: Callable[[], SpeedRun]) -> None:
        self.tasks: list[Card] = speed_tasks(deck)
        self._make = make
        self._real: SpeedRun | None = None
        self._warming: threading.Thread | None = None

    def warm_up(self) -> None:
        """Import, in a background thread, what the first answer will need."""
        import threading

        def preload() -> None:
            try:
                import drills.kubectl.checker  # noqa: F401
                import drills.app.speed  # noqa: F401
                import drills.ui.render  # noqa: F401
            except Exception:  # noqa: BLE001 -- only a head start: the main thread meets any error itself
                pass

        self._warming = threading.Thread(target=preload, name="drills-warm-up", daemon=True)
        self._warming.start()

    def wait(self) -> None:
        if self._warming is not None:
            self._warming.join()

    @property
    def real(self) -> SpeedRun:
        if self._real is None:
            self.wait()
            self._real = self._make()
            if [c.id for c in self._real.tasks] != [c.id for c in self.tasks]:
                raise RuntimeError("SpeedRun.tasks is no longer the deck's command cards in page order")
        return self._real

    @property
    def started(self) -> bool:
        return self._real is not None

    # SpeedRunAPI, forwarded one by one (not by __getattr__) so that mypy checks the stand-in
    # against the contract the loop is written for (drills.cli.study_cmds passes it as one).
    def attempt(self, card: Card, typed: str, elapsed_ms: int, first_key_ms: int | None) -> Verdict:
        return self.real.attempt(card, typed, elapsed_ms, first_key_ms)

    def self_grade(self, card: Card, ok: bool, elapsed_ms: int, first_key_ms: int | None) -> None:
        self.real.self_grade(card, ok, elapsed_ms, first_key_ms)

    def skip(self, card: Card, elapsed_ms: int, first_key_ms: int | None) -> None:
        self.real.skip(card, elapsed_ms, first_key_ms)

    def personal_best_ms(self) -> int | None:
        return self.real.personal_best_ms()

    def finish(self, *, stopped_at: str | None = None, stopped_as: str = "interrupted") -> SpeedResult:
        return self.real.finish(stopped_at=stopped_at, stopped_as=stopped_as)
