"""Cards and decks: the values every other room passes around.

A card's ``id`` is stable: derived from the week, the kind and the card's position in its source
section (task number, step number, pitfall index, paragraph index + cloze index), never from its
text, so a wording edit keeps the id and therefore the card's review history.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from drills.vocabulary import CardKind

KINDS: tuple[str, ...] = tuple(k.value for k in CardKind)  # the kinds in display order (drills.vocabulary)
DECK_SCHEMA = 1


@dataclass
class Card:
    """One reviewable item.

    - ``front``/``back``: plain text (Markdown-ish, code spans kept in backticks). Never HTML.
    - ``answers``: accepted answers, kept exactly as written (placeholders like ``<pod>`` included).
      Each entry is an ALTERNATIVE; a sequence is one entry, one command a line; a manifest is one
      entry of YAML. A self-graded card's answers (a challenge's solution) are shown, never graded.
    - ``self_graded``: True when there is no answer to check against (the student rates themself).
    - ``cloze``: for concept cloze cards, the paragraph with ``{{cN::text}}`` deletions; ``cloze_index``
      says which deletion this card asks for. None for other cards.
    - ``source_line``: 1-based line in the course page, for error messages and "edit this card".
    - ``problems``: lint findings on the answers (e.g. a flag kubectl 1.37 rejects); a card with
      problems is not auto-graded against the bad answer.
    - ``group``: cards made from one paragraph / one source item share it (siblings: once one is
      shown in review, the others wait until the next day; the Anki export keeps them in one note).
    - ``depends_on``: ids of cards that must be introduced before this one (drill task 2 continues
      the deployment task 1 made).
    """

    id: str
    week: int
    kind: str
    front: str
    back: str
    answers: list[str] = field(default_factory=list)
    self_graded: bool = False
    cloze: str | None = None
    cloze_index: int | None = None
    source_line: int | None = None
    tags: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    group: str | None = None
    depends_on: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict, omitting empty optional fields (the deck YAML and --json shape)."""
        d = asdict(self)
        for key in ("cloze", "cloze_index", "source_line", "group"):
            if d[key] is None:
                del d[key]
        for key in ("tags", "problems", "depends_on"):
            if not d[key]:
                del d[key]
        return d

    def back_shows(self, answer: str) -> bool:
        """True when the back already shows every line of ``answer`` (backticks and spacing aside):
        a solution's back has a sequence's commands in blocks of their own, between comments and
        prose, so a screen or note showing the back needs no second copy of them."""
        back = _plain(self.back)
        return all(_plain(line) in back for line in answer.split("\n") if line.strip())

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Card":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in d.items() if k in known})


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


@dataclass
class Deck:
    """All cards of one week, plus where they came from."""

    week: int
    title: str
    cards: list[Card] = field(default_factory=list)
    source: str | None = None  # file name of the course page (no directory: decks are portable)
    schema: int = DECK_SCHEMA

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "week": self.week,
            "title": self.title,
            "source": self.source,
            "cards": [c.to_dict() for c in self.cards],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Deck":
        return cls(
            week=d["week"],
            title=d["title"],
            source=d.get("source"),
            schema=d.get("schema", DECK_SCHEMA),
            cards=[Card.from_dict(c) for c in d.get("cards", [])],
        )

    def by_id(self) -> dict[str, Card]:
        return {c.id: c for c in self.cards}
