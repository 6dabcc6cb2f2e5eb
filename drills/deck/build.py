"""Week -> Deck (pure). The kubectl lint is injected (callers choose whether to load kubectl's flag
table); whether an answer is a manifest is drills.kubectl.shape's one rule, shared with the grader.

    build_deck(week, lint=None) -> BuildResult(deck, notices)

Card kinds, in page order: concept (cloze + definition), step, challenge, command, pitfall.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from drills.course.model import Notice, Pitfall, Week
from drills.deck.commands import NO_ANSWER_BACK, command_cards
from drills.deck.concepts import concept_cards
from drills.deck.ids import card_id
from drills.deck.model import KINDS, Card, Deck
from drills.deck.rules import quality_notices
from drills.deck.steps import challenge_card, step_cards
from drills.kubectl.shape import is_manifest
from drills.text_safety import deck_text

Lint = Callable[[str], list[str]]


@dataclass
class BuildResult:
    """The deck and everything worth telling the user about it."""

    deck: Deck
    notices: list[Notice] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Cards per kind, plus ``command_answered`` (command cards with an answer to check)."""
        c = Counter(card.kind for card in self.deck.cards)
        out = {kind: c.get(kind, 0) for kind in KINDS}
        out["command_answered"] = sum(1 for card in self.deck.cards if card.kind == "command" and card.answers)
        return out


def build_deck(week: Week, lint: Lint | None = None) -> BuildResult:
    """Every card of a week; ``lint(command) -> problems`` flags answers kubectl would reject."""
    notices = list(week.notices)
    cards: list[Card] = []
    for concept in week.concepts:
        cards += concept_cards(week.number, concept)
    steps = step_cards(week.number, week.steps, notices, frozenset(t.step for t in week.hidden_drills if t.step))
    cards += [c for c in steps if c.kind == "concept"] + [c for c in steps if c.kind != "concept"]
    for ch in week.challenges:
        cards.append(challenge_card(week.number, ch))
    cards += command_cards(week, notices)
    cards += pitfall_cards(week.number, week.pitfalls)
    cards = [_visible(card) for card in cards]
    _unique_ids(cards, notices)
    for card in cards:
        if not card.front.strip() or not card.back.strip():
            side = "front" if not card.front.strip() else "back"
            notices.append(Notice(card.source_line, f"{card.id}: empty {side}"))
        if lint is not None:
            _apply_lint(card, lint)
            for problem in card.problems:
                notices.append(Notice(card.source_line, f"{card.id}: {problem}"))
        notices += quality_notices(card)
    deck = Deck(week=week.number, title=deck_text(week.title), source=week.source and deck_text(week.source),
                cards=cards)
    return BuildResult(deck, notices)


def _visible(card: Card) -> Card:
    """Page text as a card holds it: control characters shown as escapes, never sent raw to a terminal."""
    card.front, card.back = deck_text(card.front), deck_text(card.back)
    card.answers = [deck_text(a) for a in card.answers]
    card.tags = [deck_text(t) for t in card.tags]
    if card.cloze is not None:
        card.cloze = deck_text(card.cloze)
    return card


def _unique_ids(cards: list[Card], notices: list[Notice]) -> None:
    """Two items with the same number (two "### 3." steps) would share an id: suffix the later ones."""
    seen: set[str] = set()
    for card in cards:
        if card.id in seen:
            base = card.id
            n = 2
            while f"{base}.{n}" in seen:
                n += 1
            card.id = f"{base}.{n}"
            notices.append(Notice(card.source_line, f"number used twice: this card's id is {card.id}"))
        seen.add(card.id)


def _apply_lint(card: Card, lint: Lint) -> None:
    """Record lint problems; an answer kubectl would reject is never something to grade against.

    The rejected answer stays visible on the back (it is what the page says) but leaves ``answers``;
    a command or step card left without answers becomes self-graded.
    """
    rejected = []
    for answer in card.answers:
        if is_manifest(answer):
            continue  # YAML is graded by comparing parsed manifests, not by kubectl's flags
        problems = lint(answer)
        first = answer.split("\n", 1)[0]
        card.problems += [f"{p} (in: {first})" for p in problems]
        if problems:
            rejected.append(answer)
    if rejected:
        card.answers = [a for a in card.answers if a not in rejected]
        if not card.answers:
            card.self_graded = True
        # Say so where the answer is shown (review, `drill cards`, Anki), not only in a log.
        card.back += "\n\n" + "\n".join(f"Warning: kubectl 1.37 rejects this: {p}" for p in card.problems)


def pitfall_cards(week: int, pitfalls: list[Pitfall]) -> list[Card]:
    """Title / explanation; a title that repeats (a category word) gets the statement's start."""
    counts = Counter(p.title for p in pitfalls)
    cards = []
    for p in pitfalls:
        front = p.title
        # A category word ("**RBAC**: …") repeated, or alone, says too little: add the statement's start.
        if counts[p.title] > 1 or (p.category and len(p.title.split()) == 1):
            front = f"{p.title}: {_start(p.explanation)}"
        cards.append(Card(
            id=card_id(week, "pitfall", p.index), week=week, kind="pitfall", front=front,
            back=p.explanation, source_line=p.line,
        ))
    fronts = Counter(c.front for c in cards)
    for c in cards:
        if fronts[c.front] > 1:
            c.front = f"{c.front} (#{c.id.rsplit('.', 1)[1]})"
    return cards


def _start(text: str, words: int = 6) -> str:
    first = _TOKEN.findall(text.split("\n", 1)[0])  # a code span is one word: never cut inside it
    words = max(3, min(words, len(first) // 2))  # never the whole statement: it is the back
    out = " ".join(first[:words])
    return out + (" …" if len(first) > words else "")


_TOKEN = re.compile(r"`[^`]*`|\S+")


__all__ = ["build_deck", "BuildResult", "Lint", "NO_ANSWER_BACK"]
