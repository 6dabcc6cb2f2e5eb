"""The daily review loop: due cards first, then new ones, until the queue is empty or the student stops.

Written once against the small IO interface of ``drills.ui.io`` so the same loop serves a terminal
(prompt_toolkit) and a pipe (line mode). The session (``drills.app.contracts.ReviewSessionAPI``;
``drills.app.review.ReviewSession`` for real) does the scheduling, checking and committing; this
module only shows and asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from rich.text import Text

from drills.app.contracts import ReviewProgress, ReviewSessionAPI, ReviewSummary
from drills.deck.model import Card
from drills.kubectl.shape import answer_shape, is_manifest
from drills.kubectl.tools import TOOLS
from drills.ui import render
from drills.ui.clock import Stopwatch, format_ms
from drills.ui.screen import answer_hint
from drills.ui.io import EndSession

RATING_KEYS = ("1", "2", "3", "4")
AGAIN = 1
_FLIP_KEYS_HELP = "Enter/space reveal · 1-4 rate now · u undo · s suspend · b bury · Esc end"
_RATE_HELP = "1 Again · 2 Hard · 3 Good · 4 Easy · Enter Good · u undo · s suspend · b bury"
_AFTER_HELP = "1-4 change rating · Enter next · u undo · s suspend · b bury · Esc end"
_TYPED_HELP = "Enter check · empty Enter = show answer · Esc end"
_TYPED_LINES_HELP = "Enter new line · empty line or Esc Enter check · Esc end"


def is_typed(card: Card) -> bool:
    """Command cards with an answer, "write the manifest" cards and docker/helm cards (every answer
    YAML, or every answer a docker/helm command, whatever the card's kind) are typed and checked;
    every other card is flipped and rated."""
    if not card.answers or card.self_graded:
        return False
    return card.kind == "command" or all(is_manifest(a) or _tool_command(a) for a in card.answers)


def _tool_command(answer: str) -> bool:
    lines = [line.strip() for line in answer.strip().splitlines() if line.strip()]
    return bool(lines) and all(line.split()[0] in TOOLS for line in lines)



@dataclass
class ReviewResult:
    """How the session ended (``done`` | ``limit`` | ``eof`` | ``quit`` | ``interrupt``) and its numbers.

    ``progress`` is what is left today (not capped by --limit); ``limit`` is the session's --limit."""

    ended: str
    summary: ReviewSummary
    progress: ReviewProgress
    cram: bool = False
    limit: int | None = None


class ReviewLoop:
    """Shows each card the session hands out and turns the student's keys into session calls."""

    def __init__(self, session: ReviewSessionAPI, io, *, stopwatch: Stopwatch | None = None) -> None:
        self.session = session
        self.io = io
        self.console = io.console
        self.plain = not self.console.is_terminal
        self.card_watch = stopwatch or Stopwatch()
        self.total_watch = Stopwatch(now=self.card_watch.now)
        self._progress: ReviewProgress = {"done": 0, "due_left": 0, "new_left": 0}
        # Cram practises without scheduling: every screen says so, and none says when a card comes back.
        self.cram = bool(getattr(session, "cram", False))
        self.limit: int | None = getattr(session, "limit", None)

    # --- output helpers ------------------------------------------------------------------------
    def say(self, renderable) -> None:
        self.console.print(renderable)

    def note(self, text: str) -> None:
        self.console.print(Text(text, style="" if self.plain else "dim"))

    def toolbar(self, keys: str):
        def bar() -> str:
            p = self._progress
            # In cram nothing is due: the toolbar counts what is left of the cram.
            left = (f"{p.get('due_left', 0)} left" if self.cram
                    else f"{p.get('due_left', 0)} due · {p.get('new_left', 0)} new")
            status = (
                f"{' cram ·' if self.cram else ''} {p.get('done', 0)} done · {left}"
                f" · card {format_ms(self.card_watch.elapsed_ms(), tenths=False)}"
                f" · session {format_ms(self.total_watch.elapsed_ms(), tenths=False)}"
            )
            return f"{status}\n {keys}"

        return bar

    # --- the loop --------------------------------------------------------------------------------
    def after(self, outcome, what: str) -> str:
        """``rated Good (3); comes back in 10 min`` -- in cram, that the schedule did not change."""
        if self.cram:
            return f"{what} (cram: the schedule is unchanged)"
        return f"{what}; comes back {_when(outcome.due)}"

    def run(self) -> ReviewResult:
        ended = "done"
        try:
            while True:
                card = self.session.next_card()
                if card is None:
                    if self.limit is not None and self.session.summary().get("reviewed", 0) >= self.limit:
                        ended = "limit"
                    break
                self._progress = self.session.progress()
                self.show_front(card)
                if is_typed(card):
                    self.typed(card)
                else:
                    self.flip(card)
        except EndSession as e:
            ended = e.reason
        except KeyboardInterrupt:  # Ctrl-C while checking or saving: the answer was committed or not at all
            ended = "interrupt"
        return ReviewResult(ended, self.session.summary(), _left_today(self.session), self.cram, self.limit)

    def show_front(self, card: Card) -> None:
        p = self._progress
        left = p.get("due_left", 0) + p.get("new_left", 0)
        self.console.print()
        position = f"[{p.get('done', 0) + 1}/{p.get('done', 0) + left}]" + (" cram ·" if self.cram else "")
        self.say(render.card_header(card, position, plain=self.plain))
        self.say(render.card_front(card, plain=self.plain))
        if card.kind == "command" and card.self_graded:
            self.note("(no answer on file: say the command to yourself, reveal, rate yourself)")

    def typed(self, card: Card) -> None:
        shape = answer_shape(card.answers)
        hint = answer_hint(shape, self.io.interactive)
        if hint:
            self.note(hint)
        self.card_watch.start()
        text = self.io.ask_line(
            "> " if shape.kind == "manifest" else "$ ",
            toolbar=self.toolbar(_TYPED_LINES_HELP if shape.multiline else _TYPED_HELP),
            stopwatch=self.card_watch, multiline=shape.multiline,
        )
        ms = self.card_watch.elapsed_ms()
        if not (text or "").strip():
            # An empty answer means "I don't know": the answer, and Again (the student's own rating).
            outcome = self.session.rate(card, AGAIN, ms)
            self._progress = self.session.progress()
            self.note("empty answer: you don't know it yet, so here it is")
            # piped: a command stays on one line (a wrapped one reads as two commands)
            self.console.print(render.answer_lines(card.answers, plain=self.plain, label="  answer: "),
                               soft_wrap=self.plain)
            self.note(self.after(outcome, f"rated {render.rating_label(outcome.rating)}"))
        else:
            outcome = self.session.answer_typed(card, text, ms)
            self._progress = self.session.progress()
            if outcome.verdict is not None:  # a typed answer always has one
                self.say(render.verdict_view(outcome.verdict, card, ms=ms, plain=self.plain, compact=True))
            self.note(self.after(outcome, f"rated {render.rating_label(outcome.rating)} automatically"))
        if not self.io.interactive:
            return
        key = self.io.choose(
            "Enter: next card (1-4 changes the rating)", [*RATING_KEYS, "enter", "u", "s", "b"],
            toolbar=self.toolbar(_AFTER_HELP),
        )
        if key in RATING_KEYS:
            outcome = self.session.override_rating(outcome, int(key))
            self.note(self.after(outcome, f"rating changed to {render.rating_label(outcome.rating)}"))
        else:
            self.act(key, card)

    def flip(self, card: Card) -> None:
        self.card_watch.start()
        key = self.io.choose(
            "Enter reveals the answer" if self.io.interactive else "empty line = reveal, 1-4 = rate",
            ["enter", *RATING_KEYS, "u", "s", "b"],
            default="enter",
            toolbar=self.toolbar(_FLIP_KEYS_HELP),
        )
        if key in ("u", "s", "b"):
            self.act(key, card)
            return
        self.say(render.card_back(card, plain=self.plain))
        if key == "enter":
            key = self.io.choose(
                "rate yourself 1-4 (Enter = Good)" if self.io.interactive else "rate 1-4 (empty line = 3 Good)",
                [*RATING_KEYS, "enter", "u", "s", "b"],
                default="3",
                toolbar=self.toolbar(_RATE_HELP),
            )
            if key == "enter":
                key = "3"
            if key in ("u", "s", "b"):
                self.act(key, card)
                return
        outcome = self.session.rate(card, int(key), self.card_watch.elapsed_ms())
        self._progress = self.session.progress()
        self.note(self.after(outcome, f"rated {render.rating_label(outcome.rating)}"))

    def act(self, key: str, card: Card) -> None:
        if key == "u":
            undone = self.session.undo()
            self.note(f"undone: {undone.id} comes again" if undone else "nothing to undo")
        elif key == "s":
            self.session.suspend(card)
            self.note(f"suspended {card.id}: it will not come back until you unsuspend it")
        elif key == "b":
            self.session.bury(card)
            self.note(f"buried {card.id} until tomorrow")


def _when(due, now: datetime | None = None) -> str:
    """``in 10 min`` / ``in 3 h`` / ``in 4 days`` -- when a card comes back, as a person says it."""
    if not isinstance(due, datetime):
        return str(due)
    now = now or datetime.now(timezone.utc)
    minutes = max(0, round((due - now).total_seconds() / 60))
    if minutes < 1:
        return "now"
    if minutes < 60:
        return f"in {minutes} min"
    if minutes < 24 * 60:
        return f"in {round(minutes / 60)} h"
    days = round(minutes / (24 * 60))
    return f"in {days} day{'s' if days != 1 else ''}"


def _left_today(session: ReviewSessionAPI) -> ReviewProgress:
    """What is left today, not capped by the session's --limit."""
    return session.progress(within_limit=False)


def print_summary(console, result: ReviewResult) -> None:
    plain = not console.is_terminal
    left = result.progress.get("due_left", 0) + result.progress.get("new_left", 0)
    waiting = (f"{result.progress.get('due_left', 0)} due and {result.progress.get('new_left', 0)} new "
               "cards are left for today")
    console.print()
    if result.limit == 0:
        console.print(f"--limit 0: no card was asked; {waiting}.")
        return
    if result.ended == "done" and not result.summary.get("reviewed"):
        if result.cram:
            console.print("Nothing to cram: the selection has no active cards.")
        else:
            console.print("Nothing to review right now: no card is due and no new card is left for today.")
        return
    console.print({
        "done": "Cram done: every card of the selection came once." if result.cram
        else "Nothing more to review right now.",
        "limit": f"Stopped after {result.limit} answer{'s' if result.limit != 1 else ''} (--limit {result.limit})"
        + ("." if result.cram else f"; {waiting}." if left else "; nothing else is left for today."),
        "eof": "Input ended; the session is over.",
        "quit": "Session ended.",
        "interrupt": "Session interrupted.",
    }.get(result.ended, ""))
    if result.cram:
        console.print("Cram: no card's schedule changed.")
    console.print(render.review_summary(result.summary, result.progress, plain=plain, cram=result.cram))
