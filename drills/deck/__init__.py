"""Decks: turn a `Week` into cards; the deck YAML format; user overrides. Only `files.py` does I/O."""

from drills.deck.model import DECK_SCHEMA, KINDS, Card, Deck

__all__ = ["Card", "Deck", "KINDS", "DECK_SCHEMA"]
