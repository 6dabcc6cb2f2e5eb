"""The checker's answer about one typed command."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from drills.vocabulary import VerdictStatus

CORRECT: str = VerdictStatus.CORRECT
INCORRECT: str = VerdictStatus.INCORRECT
UNREADABLE: str = VerdictStatus.UNREADABLE
MAX_REASONS = 20  # beyond this, more lines help nobody


def capped(reasons: list[str]) -> list[str]:
    """``reasons`` cut to :data:`MAX_REASONS` lines, the last saying how many more there were."""
    if len(reasons) <= MAX_REASONS:
        return reasons
    return reasons[:MAX_REASONS] + [f"… and {len(reasons) - MAX_REASONS} more differences"]


@dataclass
class Verdict:
    """What the student is told.

    - ``status``: ``correct`` | ``incorrect`` | ``unreadable``.
    - ``reasons``: for incorrect/unreadable, one short line per problem, each naming the token
      (``--type: expected NodePort, got LoadBalancer``; ``missing --name=web-np``;
      ``cannot read this answer: unbalanced ' at column 34``).
    - ``notes``: for correct answers that differ in form from the deck's
      (``also right; the deck's answer uses --port=80``).
    - ``matched``: the accepted answer this was judged against (the closest one when incorrect).
    - ``bindings``: placeholder -> value the student used (``<pod>`` -> ``web-1``).
    """

    status: str
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    matched: str | None = None
    bindings: dict[str, str] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Verdict":
        return cls(**d)
