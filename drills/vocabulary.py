"""The words every package shares, as enums: what kind a card is, what a verdict says, what a
session does. (Ratings and memory states are fsrs's own ``Rating`` and ``State``.)

They are ``StrEnum``s: each member *is* its string, so YAML, JSON and SQL keep the plain words
("command", "correct", "review") and older code comparing with strings still agrees.
"""

from __future__ import annotations

from enum import StrEnum


class CardKind(StrEnum):
    """What a card asks, in the order ``drill cards`` and the decks list them."""

    CONCEPT = "concept"
    PITFALL = "pitfall"
    COMMAND = "command"
    STEP = "step"
    CHALLENGE = "challenge"


class VerdictStatus(StrEnum):
    """What the checker (or the student, on a speed task) says about one answer."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    UNREADABLE = "unreadable"  # not a command that can be read (bad quoting, not kubectl)
    SKIPPED = "skipped"  # speed drill: the student gave up on the task
    NOT_REACHED = "not reached"  # speed drill: the run ended before the task


class SessionMode(StrEnum):
    """Why an answer was given: it is stored with every review-log row."""

    REVIEW = "review"  # the daily review: the answer reschedules the card
    CRAM = "cram"  # practice outside the schedule: logged, schedule untouched
    SPEED = "speed"  # the timed speed drill: the first attempt at a task reschedules it
