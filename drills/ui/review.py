"""The daily review loop: due cards first, then new ones, until the queue is empty or the student stops.

Written once against the small IO interface of ``drills.ui.io`` so the same loop serves a terminal
(prompt_toolkit) and a pipe (line mode). The session (``drills.app.contracts.ReviewSessionAPI``;
``drills.app.review.ReviewSession`` for real) does the scheduling, checking and committing; this
module only shows and asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from rich.text import Text

from drills.deck.model import Card
from drills.ui import render
from drills.ui.clock import Stopwatch, format_ms
from drills.ui.io import EndSession

RATING_KEYS = ("1", "2", "3", "4")
_FLIP_KEYS_HELP = "Enter/space reveal · 1-4 rate now · u undo · s suspend · b bury · Esc end"
_RATE_HELP = "1 Again · 2 Hard · 3 Good · 4 Easy · Enter Good · u undo · s suspend · b bury"
_AFTER_HELP = "1-4 change rating · Enter next · u undo · s suspend · b bury · Esc end"


def is_typed(card: Card) -> bool:
    """Command cards with an answer are typed and checked; every other card is flipped and rated."""
    return card.kind == "command" and bool(card.answers) and not card.self_graded


@dataclass
class ReviewResult:
    """How the session ended (``done`` | ``eof`` | ``quit`` | ``interrupt``) and its numbers."""

    ended: str
    summary: dict[str, Any]
    progress: dict[str, Any]


class ReviewLoop:
    """Shows each card the session hands out and turns the student's keys into session calls."""

    def __init__(self, session, io, *, stopwatch: Stopwatch | None = None) -> None:
        self.session = session
        self.io = io
        self.console = io.console
        self.plain = not self.console.is_terminal
        self.card_watch = stopwatch or Stopwatch()
        self.total_watch = Stopwatch(now=self.card_watch.now)
        self._progress: dict[str, Any] = {}

    # --- output helpers ------------------------------------------------------------------------
    def say(self, renderable) -> None:
        self.console.print(renderable)

    def note(self, text: str) -> None:
        self.console.print(Text(text, style="" if self.plain else "dim"))

    def toolbar(self, keys: str):
        def bar() -> str:
            p = self._progress
            status = (
                f" {p.get('done', 0)} done · {p.get('due_left', 0)} due · {p.get('new_left', 0)} new"
                f" · card {format_ms(self.card_watch.elapsed_ms(), tenths=False)}"
                f" · session {format_ms(self.total_watch.elapsed_ms(), tenths=False)}"
            )
            return f"{status}\n {keys}"

        return bar

    # --- the loop --------------------------------------------------------------------------------
    def run(self) -> ReviewResult:
        ended = "done"
        try:
            while True:
                card = self.session.next_card()
                if card is None:
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
        return ReviewResult(ended, self.session.summary(), self.session.progress())

    def show_front(self, card: Card) -> None:
        p = self._progress
        left = p.get("due_left", 0) + p.get("new_left", 0)
        self.console.print()
        self.say(render.card_header(card, f"[{p.get('done', 0) + 1}/{p.get('done', 0) + left}]", plain=self.plain))
        self.say(render.card_front(card, plain=self.plain))
        if card.kind == "command" and card.self_graded:
            self.note("(no answer on file: say the command to yourself, reveal, rate yourself)")

    def typed(self, card: Card) -> None:
        self.card_watch.start()
        text = self.io.ask_line(
            "$ ", toolbar=self.toolbar("Enter check · empty Enter = show answer · Esc end"), stopwatch=self.card_watch
        )
        ms = self.card_watch.elapsed_ms()
        outcome = self.session.answer_typed(card, text or "", ms)
        self._progress = self.session.progress()
        self.say(render.verdict_view(outcome.verdict, card, ms=ms, plain=self.plain, compact=True))
        self.note(f"rated {render.rating_label(outcome.rating)} automatically; comes back {_when(outcome.due)}")
        if not self.io.interactive:
            return
        key = self.io.choose(
            "Enter: next card (1-4 changes the rating)", [*RATING_KEYS, "enter", "u", "s", "b"],
            toolbar=self.toolbar(_AFTER_HELP),
        )
        if key in RATING_KEYS:
            outcome = self.session.override_rating(outcome, int(key))
            self.note(f"rating changed to {render.rating_label(outcome.rating)}; comes back {_when(outcome.due)}")
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
        self.note(f"rated {render.rating_label(outcome.rating)}; comes back {_when(outcome.due)}")

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


def print_summary(console, result: ReviewResult) -> None:
    plain = not console.is_terminal
    console.print()
    if result.ended == "done" and not result.summary.get("reviewed"):
        console.print("Nothing to review right now: no card is due and no new card is left for today.")
        return
    console.print({
        "done": "Nothing more to review right now.",
        "eof": "Input ended; the session is over.",
        "quit": "Session ended.",
        "interrupt": "Session interrupted.",
    }.get(result.ended, ""))
    console.print(render.review_summary(result.summary, result.progress, plain=plain))
