"""`--week N` checked the same way by every command: a week without a deck is an error (exit 2)."""

from __future__ import annotations

from pathlib import Path


def require_week(week: int | None, *, history: bool = False, db_path: str | Path | None = None) -> None:
    """Raise the error `drill review` and `drill speed` give for a week without a deck.

    With ``history``, the commands that read your history (stats, suspended, unsuspend) also accept a
    week whose deck is gone but whose cards the study database (``db_path``) still has."""
    if week is None:
        return
    from drills.deck.files import load_decks, no_deck_error

    decks = load_decks()
    if any(d.week == week for d in decks):
        return
    if history:
        from drills.app.progress import weeks_in_history

        if week in weeks_in_history(db_path):
            return
    raise no_deck_error(week, decks)
