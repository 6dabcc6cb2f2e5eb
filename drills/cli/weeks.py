"""`--week N` checked the same way by every command: a week without a deck is an error (exit 2)."""

from __future__ import annotations

from typing import Any


def require_week(week: int | None, store: Any = None) -> None:
    """Raise the error `drill review` and `drill speed` give for a week without a deck.

    With ``store``, the commands that read your history (stats, suspended, unsuspend) also accept a
    week whose deck is gone but whose cards the store still has."""
    if week is None:
        return
    from drills.deck.files import load_decks, no_deck_error

    decks = load_decks()
    if any(d.week == week for d in decks):
        return
    if store is not None and any(r.week == week for r in store.card_records(include_retired=True)):
        return
    raise no_deck_error(week, decks)
