"""``Outcome``: what one answer in a review session did (plain data, no I/O).

Its own module so code that only handles outcomes (the UI loops' test fakes) does not import the
study orchestration in ``drills.study``, which makes and re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from drills.deck.model import Card
from drills.kubectl.verdict import Verdict


@dataclass
class Outcome:
    """What one answer did: the verdict (typed answers), the rating (auto or the student's) and
    when the card is due next."""

    card: Card
    verdict: Verdict | None
    rating: int
    auto: bool
    due: datetime
    review_id: int
    elapsed_ms: int = 0
    target_ms: int | None = None  # the time the auto-rating compared against (typed answers)
    answered_at: datetime | None = None
