"""What crosses the border between the application layer and the terminal UI, as code.

The UI loops (``drills.ui.review``, ``drills.ui.speed``) are written against the two Protocols here,
not against the classes that implement them (``drills.app.review.ReviewSession``,
``drills.app.speed.SpeedRun``); the tests' fakes implement the same Protocols. Plain data only: this
module imports no store, no fsrs, no prompt_toolkit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypedDict

from drills.deck.model import Card, Deck
from drills.vocabulary import CardKind

if TYPE_CHECKING:  # the checker's package is loaded by the first check, not by the first prompt
    from drills.kubectl.verdict import Verdict


@dataclass
class Outcome:
    """What one answer in a review did: the verdict (typed answers), the rating (automatic or the
    student's; an fsrs ``Rating``, an int) and when the card is due next."""

    card: Card
    verdict: Verdict | None
    rating: int
    auto: bool
    due: datetime
    review_id: int
    elapsed_ms: int = 0
    target_ms: int | None = None  # the time the auto-rating compared against (typed answers)
    answered_at: datetime | None = None


class ReviewProgress(TypedDict):
    """Answers so far; cards due now and new cards still allowed today (capped by the session limit)."""

    done: int
    due_left: int
    new_left: int


class ReviewSummary(TypedDict):
    """A review session's numbers: answers, typed answers checked and how many were right, Again
    answers, answers per rating (1..4), total answer time."""

    reviewed: int
    typed: int
    correct: int
    again: int
    by_rating: dict[int, int]
    ms: int


class SpeedTaskResult(TypedDict):
    """One task of a speed run: its verdict (a VerdictStatus), time over all attempts, time to the
    first keystroke, number of attempts."""

    id: str
    front: str
    verdict: str
    ms: int
    first_key_ms: int | None
    attempts: int


class SpeedResult(TypedDict):
    """A finished speed run, as `drill speed --json` prints it."""

    week: int
    total_ms: int
    personal_best_ms: int | None
    new_best: bool
    complete: bool
    tasks: list[SpeedTaskResult]


class Grader(Protocol):
    """A second grader beside the checker (execute mode, the second opinion: drills.execute.grading)."""

    def prepare(self, card: Card) -> None: ...  # runs the deck's answer in the background while the card is read
    def grade(self, card: Card, typed: str, verdict: Verdict) -> Verdict: ...  # the verdict the student sees
    def skip(self, card: Card) -> None: ...
    def close(self) -> None: ...


class ReviewSessionAPI(Protocol):
    """What the review loop asks of a review session."""

    def next_card(self) -> Card | None: ...
    def progress(self, within_limit: bool = True) -> ReviewProgress: ...
    def answer_typed(self, card: Card, typed: str, elapsed_ms: int) -> Outcome: ...
    def rate(self, card: Card, rating: int, elapsed_ms: int, typed: str | None = None) -> Outcome: ...
    def override_rating(self, outcome: Outcome, rating: int) -> Outcome: ...
    def undo(self) -> Card | None: ...
    def suspend(self, card: Card) -> None: ...
    def bury(self, card: Card) -> None: ...
    def summary(self) -> ReviewSummary: ...


class SpeedRunAPI(Protocol):
    """What the speed-drill loop asks of a speed run."""

    @property
    def tasks(self) -> list[Card]: ...
    def attempt(self, card: Card, typed: str, elapsed_ms: int, first_key_ms: int | None) -> Verdict: ...
    def self_grade(self, card: Card, ok: bool, elapsed_ms: int, first_key_ms: int | None) -> None: ...
    def skip(self, card: Card, elapsed_ms: int, first_key_ms: int | None) -> None: ...
    def personal_best_ms(self) -> int | None: ...
    def finish(self, *, stopped_at: str | None = None, stopped_as: str = "interrupted") -> SpeedResult: ...


def speed_tasks(deck: Deck) -> list[Card]:
    """A week's speed-drill tasks: its command cards, in page order (known without the store, so the
    first task can be shown before the store is opened)."""
    return [c for c in deck.cards if c.kind == CardKind.COMMAND]
