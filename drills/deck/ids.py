"""Stable card ids: week, kind and source position; never the text (a wording edit keeps the id)."""

from __future__ import annotations


def card_id(week: int, kind: str, *parts: int | str) -> str:
    """card_id(6, "concept", 4, "c2") -> "w06.concept.04.c2"; ints are zero-padded to two digits."""
    rendered = [f"{p:02d}" if isinstance(p, int) else p for p in parts]
    return ".".join([f"w{week:02d}", kind, *rendered])


def kind_of(card_id_: str) -> str:
    """The kind is always the second dot-separated part."""
    parts = card_id_.split(".")
    return parts[1] if len(parts) > 1 else ""
