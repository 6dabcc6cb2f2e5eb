"""Concept units -> cloze and definition cards (pure).

Cloze card ids follow the fact, not its position: ``w06.concept.04.c-30000-32767`` is the card
hiding 30000–32767 in paragraph 4, whatever other blanks are added or removed around it. All cards
of one unit share ``group`` (siblings: one shown, the others wait for the next day).
"""

from __future__ import annotations

import hashlib
import re

from drills.course.model import Concept
from drills.deck.cloze import cloze_text, find_facts, mask
from drills.deck.ids import card_id
from drills.deck.model import Card

SINGULAR_S = {"kubernetes", "ingress", "dns", "status", "https", "tls", "rbac", "kustomize", "helm", "alias",
              "process", "address", "class", "access", "progress", "bus", "ns", "canvas"}
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_IMPERATIVE = {"use", "run", "spend", "make", "always", "never", "remember", "avoid", "check", "set", "add",
               "create", "try", "do", "don't", "keep", "read", "write", "note", "see", "start", "be", "prefer",
               "put", "give", "get", "apply", "delete", "expect", "practice", "learn", "skip", "focus", "think"}
_ADVERBS = {"always", "sometimes", "perhaps", "this", "its", "thus", "less", "unless", "was", "has", "does", "is"}


def slug(text: str) -> str:
    """A fact as an id part: lower case, runs of other characters as one dash, at most 32 characters
    (symbols only: ``x`` and a digest of the fact)."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    # A fact of symbols only (`!=`, `*`) has no letters: its digest keeps the id its own, never "x".
    return s[:32].rstrip("-") or "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def group_id(week: int, concept: Concept) -> str:
    return card_id(week, "concept", concept.group or concept.index)


def concept_cards(week: int, concept: Concept) -> list[Card]:
    """Cloze cards of the unit's facts, then a definition card when a sentence defines its term."""
    group = group_id(week, concept)
    tags = [concept.subtopic] if concept.subtopic else []
    cards: list[Card] = []
    facts = find_facts(concept)
    if facts:
        cloze = cloze_text(concept, facts)
        if concept.lead:
            cloze = f"{concept.lead}\n- {cloze}"
        used: set[str] = set()
        for n, fact in enumerate(facts, 1):
            part = "c-" + slug(fact.text)
            k = 2
            while part in used:
                part, k = f"c-{slug(fact.text)}-{k}", k + 1
            used.add(part)
            cards.append(Card(
                id=card_id(week, "concept", concept.index, part), week=week, kind="concept",
                front=mask(cloze, n), back=fact.text, cloze=cloze, cloze_index=n,
                source_line=concept.line, tags=list(tags), group=group,
            ))
    definition = definition_back(concept)
    if concept.term and definition and not concept.lead:
        front = definition_question(concept.term, definition)
        if front.strip() != definition.strip():
            cards.append(Card(
                id=card_id(week, "concept", concept.index, "def"), week=week, kind="concept",
                front=front, back=definition, source_line=concept.line, tags=list(tags), group=group,
            ))
    described = re.match(re.escape(concept.term or "\0") + r"\s*[—–:]\s*(\S.*)", concept.text, re.S)
    if not cards and concept.lead and described:
        # One item of a "X — does Y" list whose X is given away by its own text ("`limits` — … over
        # its memory limit"): ask for what X does instead.
        cards.append(Card(
            id=card_id(week, "concept", concept.index, "def"), week=week, kind="concept",
            front=f"{concept.lead}\n- {concept.term} — [...]", back=described.group(1),
            source_line=concept.line, tags=list(tags), group=group,
        ))
    if not cards:
        # No fact and no definition: a plain recall card keeps the paragraph in the deck.
        head = concept.subtopic or whole_words(concept.text.split(". ")[0], 60)
        cards.append(Card(
            id=card_id(week, "concept", concept.index, "def"), week=week, kind="concept",
            front=f"Explain: {head}", back=concept.text, source_line=concept.line, tags=list(tags), group=group,
        ))
    return cards


def whole_words(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-")
    if cut.count("`") % 2:
        cut = cut[: cut.rindex("`")].rstrip()
    return cut + " …"


def definition_back(concept: Concept) -> str | None:
    """The defining text, only when it defines (not advice after a bold topic), never ending at ':'."""
    d = concept.definition
    if not d or not concept.term:
        return None
    if not concept.explicit and not defines(d, concept.term):
        return None
    if d.rstrip().endswith(":"):
        lines = [ln for ln in concept.text.split("\n") if re.match(r"^(?:-|\d+\.)\s", ln)]
        if not lines:
            return None
        d = d.rstrip() + "\n" + "\n".join(lines)
    return d


def defines(definition: str, term: str) -> bool:
    """Does this text define ``term`` (is/are, an article, a verb in the third person)?"""
    words = definition.split()
    if not words:
        return False
    first = words[0].strip("*_`")
    low = first.lower()
    if re.match(r"^(?:an?|the|one|each|every)$", low) and len(words) > 1:
        return True
    if re.match(re.escape(term) + r"\s+(?:is|are)\b", definition, re.I) or low in ("is", "are"):
        return True
    if low in _IMPERATIVE or low in _ADVERBS:
        return False
    if first[0].isupper():
        return False  # "Spend the first…": a capitalised word opening advice, not a definition
    return True


def plural_term(term: str) -> bool:
    """A term that reads as a plural noun ("Deployments"; not "Ingress", "DNS", "Kubernetes")."""
    last = term.split()[-1] if term.split() else term
    return last.endswith("s") and not last.endswith("ss") and last.lower() not in SINGULAR_S and last[:-1].isalpha()


def _article(term: str) -> str:
    return "an" if term[0].lower() in "aeiou" else "a"


def definition_question(term: str, definition: str) -> str:
    """"What is a Service?", "What are Endpoints?", "What does `kubectl get` do?"."""
    term = _ARTICLE.sub("", term).strip() or term
    first = definition.split()[0].lower() if definition.split() else ""
    verb = bool(re.match(r"^[a-z]+s$", first)) and first not in ("is", "has", "was", "does") \
        and not re.match(re.escape(term), definition, re.I)
    if verb:
        the = "" if term.startswith("`") or not term[0].isupper() else "the "
        return f"What does {the}{term} do?"
    if term.startswith("`"):
        return f"What is {term}?"
    if re.match(r"^The\s+" + re.escape(term) + r"\b", definition):
        return f"What is the {term}?"
    m = re.match(r"^(An?)\s+([\w-]+)", definition)
    if m:
        if plural_term(term) and m.group(2).lower() == term[:-1].lower():
            term = term[:-1]  # "**Deployments.** A Deployment manages …": the question is about one
        elif plural_term(term):
            return f"What are {term}?"  # "**QoS classes.** A Pod whose …": the text is about another noun
        return f"What is {_article(term)} {term}?"
    plural = re.match(re.escape(term) + r"\s+are\b", definition) or (
        term.endswith("s") and not term.endswith("ss") and term.lower() not in SINGULAR_S
        and not re.match(re.escape(term) + r"\s+is\b", definition))
    if plural:
        return f"What are {term}?"
    if term.endswith("s") and re.match(re.escape(term) + r"\s+is\b", definition):
        return f"What is {term}?"  # "Requests is the amount …": no article for a plural-looking name
    if re.match(r"^[A-Z][a-z]", term):
        return f"What is {_article(term)} {term}?"
    return f"What is {term}?"
