"""User overrides: answers and wording a rebuild never overwrites (pure: text -> Overrides -> Deck).

File: ``$XDG_DATA_HOME/drills/overrides/week-NN.yaml``::

    schema: 1
    cards:
      w06.command.03:
        answers: ["kubectl get svc web -o jsonpath='{.spec.clusterIP}'"]   # replaces the page's
        add_answers: ["kubectl get svc web -o wide"]                        # accepted as well
        front: Show the ClusterIP of service web
        back: ...
        self_graded: false

Supplying ``answers``/``add_answers`` to a card without answers (shape C) makes it graded unless
``self_graded`` says otherwise. An id the deck renamed (``drills.deck.renames``) applies to the new id,
with a notice naming the file, the old and the new id; an id not in the deck is ignored with a
warning (it may be a typo, or a card that a rebuild retired).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import yaml

from drills.deck.model import Deck
from drills.deck.yamlfmt import check_schema, compose, fail, mapping, value
from drills.errors import DrillsError
from drills.text_safety import deck_text

OVERRIDE_KEYS = {"answers": list, "add_answers": list, "front": str, "back": str, "self_graded": bool}


@dataclass
class Overrides:
    """Per-card changes, keyed by card id."""

    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # the 1-based line of each card id in the file


@dataclass
class OverrideNotice:
    """Something the user should fix in their overrides file: a renamed id (``warning`` False: it
    still applies) or an id no card has (``warning`` True: it is ignored)."""

    line: int | None
    message: str
    warning: bool = False


def parse_overrides(text: str, file: str) -> Overrides:
    root = compose(text, file)
    if root is None:
        return Overrides()
    pairs = mapping(root, file, "overrides")
    check_schema(pairs, root, file, "overrides")
    out = Overrides()
    for key, kn, vn in pairs:
        if key == "schema":
            continue
        if key != "cards":
            raise fail(f"unknown overrides field '{key}' (expected 'schema' and 'cards')", kn, file)
        if isinstance(vn, yaml.ScalarNode) and value(vn, file) is None:
            continue
        for cid, cn, card_node in mapping(vn, file, "cards"):
            changes: dict[str, Any] = {}
            out.lines[cid] = cn.start_mark.line + 1
            if isinstance(card_node, yaml.ScalarNode) and value(card_node, file) is None:
                continue
            for field_name, fkn, fvn in mapping(card_node, file, f"override {cid}"):
                if field_name not in OVERRIDE_KEYS:
                    raise fail(f"override {cid}: unknown field '{field_name}' "
                               f"(known: {', '.join(OVERRIDE_KEYS)})", fkn, file)
                val = value(fvn, file)
                if isinstance(val, str) and OVERRIDE_KEYS[field_name] is list:
                    val = [val]  # a single answer written without brackets
                if not isinstance(val, OVERRIDE_KEYS[field_name]) or (
                        isinstance(val, list) and not all(isinstance(x, str) for x in val)):
                    wanted = {list: "a list of commands", str: "text", bool: "true/false"}[OVERRIDE_KEYS[field_name]]
                    raise fail(f"override {cid}: '{field_name}' must be {wanted}", fvn, file)
                changes[field_name] = [deck_text(x) for x in val] if isinstance(val, list) else (
                    deck_text(val) if isinstance(val, str) else val)
            out.cards[cid] = changes
    return out


def resolve_ids(overrides: Overrides, deck: Deck, renamed: dict[str, str],
                retired: tuple[str, ...] = ()) -> tuple[Overrides, list[OverrideNotice]]:
    """The overrides keyed by the deck's current ids, and what the user should know about them.

    An old id in ``renamed`` moves to its new id (unless the file also overrides the new id: that
    one wins); an id the deck does not have is dropped with a warning, ``retired`` ids saying so.
    """
    ids = {card.id for card in deck.cards}
    out = Overrides()
    notices: list[OverrideNotice] = []
    for cid, changes in overrides.cards.items():
        line = overrides.lines.get(cid)
        new = renamed.get(cid)
        if cid not in ids and new is not None and new in ids:
            if new in overrides.cards:
                notices.append(OverrideNotice(line, f"override for old card id {cid} is ignored: its new id "
                                                    f"{new} has an override of its own", warning=True))
                continue
            notices.append(OverrideNotice(line, f"override for old card id {cid} applies to {new} "
                                                f"(the card was renamed; use the new id)"))
            cid = new
        if cid in ids:
            out.cards[cid] = changes
            if line is not None:
                out.lines[cid] = line
        else:
            why = ("the card was retired: a rebuild no longer makes it" if cid in retired
                   else f"week {deck.week} has no such card; `drill cards --week {deck.week}` lists the ids")
            notices.append(OverrideNotice(line, f"override for unknown card id {cid} is ignored ({why})",
                                          warning=True))
    return out, notices


def apply_overrides(deck: Deck, overrides: Overrides, file: str | None = None) -> Deck:
    """A copy of ``deck`` with the user's changes applied."""
    if not overrides.cards:
        return deck
    deck = copy.deepcopy(deck)
    for card in deck.cards:
        changes = overrides.cards.get(card.id)
        if not changes:
            continue
        if "answers" in changes:
            card.answers = list(changes["answers"])
            card.problems = []  # lint findings were about the page's answers
        if "add_answers" in changes:
            card.answers += [a for a in changes["add_answers"] if a not in card.answers]
        if "front" in changes:
            card.front = changes["front"]
        if "back" in changes:
            card.back = changes["back"]
        elif ("answers" in changes or "add_answers" in changes) and card.kind == "command":
            card.back = "\n".join(card.answers)
        if "self_graded" in changes:
            card.self_graded = changes["self_graded"]
        elif "answers" in changes or "add_answers" in changes:
            card.self_graded = not card.answers if card.kind == "command" else card.self_graded
        if card.kind == "command" and not card.answers and not card.self_graded:
            raise DrillsError(f"override {card.id}: a command card without answers must stay self-graded", file)
        card.tags = card.tags + ["overridden"] if "overridden" not in card.tags else card.tags
    return deck
