"""The review queue's policy, pure: which cards may come next and in what order.

The store turns these rules into SQL (``drills/store/cards.py``); this module says what they are:

- due cards first, most overdue first; then new cards, week by week, the kinds interleaved
  (``new_card_order``), at most ``new_cards_per_day`` a study day (``new_allowance``);
- siblings (cards sharing a ``group``: made from one paragraph or one source item): once one of
  them has been answered in a review this study day, the others wait until the next study day
  (Anki's sibling burying), unless they are already in their learning steps;
- dependencies: a new card is never introduced before the cards in its ``depends_on`` (drill task 2
  continues task 1's deployment); a dependency that is retired or suspended no longer holds it back;
- cramming ignores siblings, dependencies and the daily limit: it is practice, not scheduling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Protocol

from drills.vocabulary import CardKind

# New cards of a week come interleaved: the first card of each kind in this order, then the second...
# (schema V3 backfills the same order in SQL; a change here re-sorts every card at the next sync).
KIND_INTERLEAVE: tuple[CardKind, ...] = (
    CardKind.COMMAND, CardKind.CONCEPT, CardKind.PITFALL, CardKind.STEP, CardKind.CHALLENGE,
)


class QueuedCard(Protocol):  # noqa: D101
    """What the policy needs to know about a card (drills.deck.model.Card has it)."""

    @property
    def id(self) -> str: ...
    @property
    def week(self) -> int: ...
    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class Selection:
    """Which cards a session draws from: ``weeks`` (None: all), one ``kind`` (None: all), minus the
    ids in ``exclude`` (cram shows each card once)."""

    weeks: tuple[int, ...] | None = None
    kind: str | None = None
    exclude: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, weeks: Iterable[int] | None = None, kind: str | None = None,
           exclude: Iterable[str] = ()) -> "Selection":
        return cls(None if weeks is None else tuple(sorted(set(weeks))), kind, tuple(exclude))


@dataclass(frozen=True)
class QueueRules:
    """The rules a review applies on top of a selection.

    ``siblings_since``: the start of the study day; a card whose sibling was answered in a review
    since then waits (None: no sibling rule). ``dependencies``: new cards wait for their
    ``depends_on`` to be introduced first."""

    siblings_since: datetime | None = None
    dependencies: bool = True


REVIEW_RULES_OFF = QueueRules(siblings_since=None, dependencies=False)  # cramming


def new_card_order(cards: Iterable[QueuedCard]) -> dict[str, tuple[int, int]]:
    """{card id: (kind_rank, kind_order)}: the card's 0-based rank among its week's cards of the same
    kind (in the order given) and its kind's place in KIND_INTERLEAVE (other kinds after those).
    New cards are shown ordered by (week, kind_rank, kind_order, position)."""
    keys: dict[str, tuple[int, int]] = {}
    counts: dict[tuple[int, str], int] = {}
    for card in cards:
        if card.id in keys:
            continue
        rank = counts.get((card.week, card.kind), 0)
        counts[(card.week, card.kind)] = rank + 1
        order = KIND_INTERLEAVE.index(CardKind(card.kind)) if card.kind in KIND_INTERLEAVE else len(KIND_INTERLEAVE)
        keys[card.id] = (rank, order)
    return keys


def new_allowance(new_per_day: int, introduced_today: int) -> int:
    """How many more new cards may be introduced today."""
    return max(0, new_per_day - introduced_today)


