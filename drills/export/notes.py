"""Decks -> the Anki notes to write: which note type, which fields, which deck, which tags.

No genanki here (pure values), so the note plan and its note/card counts are testable on their own.

Which note type a card becomes:
- concept cards with a cloze paragraph -> ONE ``cloze`` note per paragraph (the drills cards of a
  paragraph share ``Card.cloze`` and differ by ``cloze_index``); Anki makes one card per distinct
  ``{{cN::}}`` number in the paragraph.
- command cards with an accepted answer on one line, not self-graded, no lint problem -> ``typed`` (a type-in box;
  the answer field is the first accepted answer, the others are shown on the back).
- everything else (definition, pitfall, step, challenge, self-graded or multi-line command cards,
  commands kubectl 1.37 rejects) -> ``basic`` front/back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drills.deck.model import Deck, Card
from drills.export.html import cloze_html, cloze_numbers, code_html, escape, split_cloze, text_html
from drills.export.ordinals import fact_key, ordinals

# Frozen: these names and their order are the note types' field lists from the first release.
# Anki treats notes of a note type whose field list changed as conflicting and skips them on
# re-import, so a new need goes into a spare field; the list itself never changes.
FIELDS = ("Front", "Back", "Answer", "Extra", "Source", "CardId", "Spare1", "Spare2")

PARENT_DECK = "CKAD"
KIND_DECKS = {
    "concept": "Concepts",
    "pitfall": "Pitfalls",
    "command": "Commands",
    "step": "Steps",
    "challenge": "Challenges",
}
_CLOZE_SUFFIX = re.compile(r"\.c(?:\d+|-[a-z0-9-]+(?:-\d+)?)$")
_WEEK_PREFIX = re.compile(r"^\s*week\s*0*\d+\b[\s—–:.\-]*", re.I)


@dataclass
class NoteSpec:
    """One Anki note to write.

    ``model`` is ``basic``, ``typed`` or ``cloze``; ``key`` is the stable id its GUID is derived from
    (the card id, or for a cloze note the paragraph id: the card id without ``.cN``); ``fields``
    holds HTML by name (every name of ``FIELDS``); ``cards`` is how many Anki cards it makes;
    ``card_ids`` are the drills cards behind it; ``ordinals`` the Anki card ordinal of each (0 but for
    a cloze note, whose ordinals follow the fact: see ``drills.export.ordinals``).
    """

    model: str
    key: str
    week: int
    kind: str
    fields: dict[str, str]
    tags: list[str]
    cards: int
    card_ids: list[str] = field(default_factory=list)
    ordinals: dict[str, int] = field(default_factory=dict)

    def ordinal(self, card_id: str) -> int:
        """The Anki card ordinal (``cards.ord``) of the drills card ``card_id`` in this note."""
        return self.ordinals.get(card_id, 0)


def week_deck_name(deck: Deck) -> str:
    """``CKAD::Week 06 — Services & Networking`` (from the deck title, whatever its ``Week N`` form)."""
    topic = _WEEK_PREFIX.sub("", deck.title).strip()
    name = f"Week {deck.week:02d} — {topic}" if topic else f"Week {deck.week:02d}"
    # "::" separates Anki deck levels: a title must not create levels of its own.
    return f"{PARENT_DECK}::{name.replace('::', ':')}"


def kind_deck_name(deck: Deck, kind: str) -> str:
    """``CKAD::Week 06 — Services & Networking::Commands``."""
    return f"{week_deck_name(deck)}::{KIND_DECKS.get(kind, kind.title())}"


def paragraph_id(card: Card) -> str:
    """``w06.concept.03.c-nodeport`` (or the older ``w06.concept.03.c2``) -> ``w06.concept.03``: the
    identity of a cloze note, so the cloze siblings of one paragraph are one note (Anki buries them)."""
    return _CLOZE_SUFFIX.sub("", card.id)


def _tags(card: Card) -> list[str]:
    tags = [f"week{card.week:02d}", f"kind::{card.kind}"]
    if card.self_graded:
        tags.append("self-graded")
    if card.problems:
        tags.append("kubectl-lint")
    # Anki splits tags on whitespace.
    tags += [re.sub(r"\s+", "_", t.strip()) for t in card.tags if t.strip()]
    return list(dict.fromkeys(tags))


def _source(deck: Deck, card: Card) -> str:
    if deck.source and card.source_line:
        return escape(f"{deck.source}:{card.source_line}")
    return escape(deck.source or "")


def _fields(**given: str) -> dict[str, str]:
    return {name: given.get(name, "") for name in FIELDS}


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def _front(card: Card) -> str:
    # Anki skips a note whose first field is empty: an empty front shows the card id instead.
    return text_html(card.front) if card.front.strip() else escape(card.id)


def _problems_html(card: Card) -> str:
    return "".join(f"<div class=problem>kubectl 1.37: {escape(p)}</div>" for p in card.problems)


def _command_note(deck: Deck, card: Card) -> NoteSpec:
    first, others = card.answers[0], card.answers[1:]
    typed = "\n" not in first.strip() and not card.problems and not card.self_graded
    back = card.back
    # The back often repeats the answer; the answer is shown anyway.
    if _plain(back) in {_plain(a) for a in card.answers}:
        back = ""
    fields = _fields(
        Front=_front(card),
        Back=text_html(back) + _problems_html(card) if back or card.problems else "",
        Answer=escape(first.strip() if typed else first),
        Extra="".join(code_html(a) for a in others),
        Source=_source(deck, card),
        CardId=escape(card.id),
    )
    return NoteSpec("typed" if typed else "basic", card.id, card.week, card.kind, fields,
                    _tags(card), 1, [card.id])


def _basic_note(deck: Deck, card: Card) -> NoteSpec:
    # Answers (e.g. a tutorial step's commands) are shown unless the back already shows them. Each
    # answer is an alternative (a sequence is one answer, its commands one per line): the first goes
    # in the code block, the others under "Also accepted", never joined into what reads as a sequence.
    missing = [a for a in card.answers if not card.back_shows(a)]
    fields = _fields(
        Front=_front(card),
        Back=text_html(card.back) + _problems_html(card),
        Answer=escape(missing[0]) if missing else "",
        Extra="".join(code_html(a) for a in missing[1:]),
        Source=_source(deck, card),
        CardId=escape(card.id),
    )
    return NoteSpec("basic", card.id, card.week, card.kind, fields, _tags(card), 1, [card.id])


def _cloze_note(deck: Deck, cards: list[Card]) -> NoteSpec:
    first = cards[0]
    key = paragraph_id(first)
    tags = list(dict.fromkeys(t for c in cards for t in _tags(c)))
    cloze = first.cloze or ""
    # Each deletion's Anki number follows its fact (the card id), never its place in the paragraph.
    by_number = {c.cloze_index: c.id for c in cards if c.cloze_index is not None}
    contents = dict(reversed(split_cloze(cloze)[1]))  # a number without a card: keyed by its text
    names = {n: by_number.get(n, f"{key}#text:{contents.get(n, '')}") for n in cloze_numbers(cloze)}
    anki = ordinals({name: fact_key(name, key) for name in names.values()})
    fields = _fields(
        Front=cloze_html(cloze, {n: anki[name] + 1 for n, name in names.items()}),
        Source=_source(deck, first),
        CardId=escape(key),
    )
    return NoteSpec("cloze", key, first.week, first.kind, fields, tags, len(names), [c.id for c in cards],
                    {c.id: anki[c.id] for c in cards if c.id in anki})


def _note(deck: Deck, card: Card) -> NoteSpec:
    if card.kind == "command" and card.answers:
        return _command_note(deck, card)
    return _basic_note(deck, card)


def notes_for_deck(deck: Deck) -> list[NoteSpec]:
    """The deck's notes in card order (a cloze note sits where its paragraph's first card is)."""
    slots: list[Card | str] = []  # a card, or the paragraph id of a cloze group
    paragraphs: dict[str, list[Card]] = {}
    for card in deck.cards:
        if card.cloze and cloze_numbers(card.cloze):
            key = paragraph_id(card)
            if key not in paragraphs:
                paragraphs[key] = []
                slots.append(key)
            paragraphs[key].append(card)
        else:
            slots.append(card)
    return [_cloze_note(deck, paragraphs[s]) if isinstance(s, str) else _note(deck, s) for s in slots]
