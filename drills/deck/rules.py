"""The card rules, checked on every card `drill build` makes (pure). Each breach is a warning.

| rule | why |
|---|---|
| every value a graded answer requires is on the front | in review a card comes alone |
| the front does not contain the answer | otherwise the drill is copy-typing |
| a cloze hides a fact not shown elsewhere on the card | else the card answers itself |
| a cloze is never a stop word, a bare number word or an example name | nothing to learn |
| front and back differ; a back never stops at a colon; questions are grammatical | broken text |
"""

from __future__ import annotations

import re

from drills.course.model import Notice
from drills.deck.cloze import _COUNT, STOP_WORDS, given_away
from drills.deck.concepts import plural_term
from drills.deck.model import Card
from drills.deck.values import manifest_literals, missing
from drills.kubectl.shape import is_manifest


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9][a-z0-9-]+", text.lower()) if len(w) > 3]


def problems(card: Card) -> list[str]:
    """Every rule this card breaks, as short messages."""
    out: list[str] = []
    front, back = card.front.strip(), card.back.strip()
    if front and front == back:
        out.append("front equals back")
    if back.endswith(":"):
        out.append("back stops at a colon (the list after it is missing)")
    asked = re.match(r"^What is an? (.+)\?$", front)
    if re.search(r"\b(?:a|an|the)\s+(?:a|an|the)\b", front, re.I) or (
            card.kind == "concept" and asked and plural_term(asked.group(1))):
        out.append(f"ungrammatical question: {front.splitlines()[0]}")
    if card.answers and not card.self_graded:
        page = card.answers[0]
        if is_manifest(page):
            lost = [v for _, v in manifest_literals(page, front)]
        else:
            lost = [f"`{lit.text}`" for lit in missing(page, front)]
            if any(_plain(a) in _plain(front) for a in card.answers if len(a.split()) > 2):
                out.append("the front contains the answer (copy-typing)")
        if lost:
            out.append("required value not on the front: " + ", ".join(dict.fromkeys(lost)))
    if card.kind in ("pitfall", "concept") and card.cloze is None:
        said = set(_words(front))
        told = _words(back)
        if len(told) >= 3 and sum(w in said for w in told) >= 0.8 * len(told):
            out.append("the front states the answer")
    if card.cloze is not None:
        fact = back.strip("`").strip()
        if len(fact) < 2 or fact.lower() in STOP_WORDS or _COUNT.fullmatch(fact):
            out.append(f"trivial cloze: {back}")
        elif given_away(back, front.replace("[...]", " ")):
            out.append(f"cloze given away: {back} shows elsewhere on the card")
    return out


def quality_notices(card: Card) -> list[Notice]:
    return [Notice(card.source_line, f"{card.id}: {p}") for p in problems(card)]
