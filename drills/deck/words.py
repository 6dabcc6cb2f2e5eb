"""Words of a command as the deck reads them (pure): a value the answer requires, a flag's name and
value, the kind of object a resource word names. Shared by the value readers (``values``,
``tool_values``) and the context and borrowing rules."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Literal:
    """One value an answer requires: the text, and what it is ("deployment", "port", "namespace")."""

    text: str
    role: str


def split_flag(word: str) -> tuple[str, str | None] | None:
    """``--port=80`` -> ("port", "80"); ``-n`` -> ("n", None); not a flag -> None."""
    if not word.startswith("-") or word in ("-", "--") or re.match(r"^-\d", word):
        return None
    name, _, val = word.lstrip("-").partition("=")
    return name, (val if "=" in word else None)


def object_kind(word: str) -> str:
    from drills.deck.describe import RESOURCES

    plural = RESOURCES.get(word.lower(), word.lower())
    if plural in ("endpoints", "all resources"):
        return plural
    return plural[:-1] if plural.endswith("s") and not plural.endswith("ss") else plural
