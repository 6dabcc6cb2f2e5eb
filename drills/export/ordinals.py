"""Anki cloze ordinals that follow the fact, not its position in the paragraph (pure).

Anki keeps a card's review history on (note, ordinal): the note is found again by its GUID (the
paragraph id) and the card by its ordinal, which is the ``{{cN::}}`` number minus one. Numbering
the deletions 1, 2, 3 in page order would hand a card's history to another fact as soon as a
course edit adds, removes or reorders a blank in the paragraph. So each fact gets its own number:

- a fact's slot is a hash of its card id's fact part (``c-nodeport`` of ``w06.concept.04.c-nodeport``),
  taken modulo 500: Anki caps cloze numbers at 500 (``{{c501::}}`` and above all become ordinal 499);
- two facts of one paragraph with the same slot: the one whose id sorts first keeps it, the other
  takes the next free slot (so a number only moves when a newly added fact collides with it, about
  one chance in 500 per added fact);
- the cards of the built-in week 6 exported before this rule keep the ordinal they had then
  (``FROZEN``), so a student who re-imports keeps their history on the same facts; later facts
  avoid those slots.
"""

from __future__ import annotations

import hashlib

ANKI_MAX_CLOZE = 500  # Anki makes cards for {{c1::}} .. {{c500::}}; higher numbers all land on 499

# Ordinals the built-in week 6 deck was exported with when deletions were numbered by position
# (decks/week-06.yaml before fact-based ordinals): card id -> Anki ordinal. Never edit an entry.
FROZEN: dict[str, int] = {
    "w06.concept.01.c-ephemeral": 0,
    "w06.concept.01.c-rolling-update": 1,
    "w06.concept.01.c-virtual-ip": 2,
    "w06.concept.01.c-dns": 3,
    "w06.concept.02.c-service": 0,
    "w06.concept.02.c-clusterip": 1,
    "w06.concept.03.c-clusterip": 0,
    "w06.concept.04.c-nodeport": 0,
    "w06.concept.04.c-30000-32767": 1,
    "w06.concept.04.c-loadbalancer": 2,
    "w06.concept.05.c-loadbalancer": 0,
    "w06.concept.05.c-pending": 1,
    "w06.concept.06.c-externalname": 0,
    "w06.concept.06.c-dns": 1,
    "w06.concept.06.c-cname": 2,
    "w06.concept.07.c-label-selectors": 0,
    "w06.concept.08.c-kubectl-get-endpoints": 0,
    "w06.concept.09.c-dns": 0,
    "w06.concept.09.c-service-name-namespace-svc-clust": 1,
    "w06.concept.10.c-loadbalancer": 0,
    "w06.concept.10.c-30000-32767": 1,
    "w06.concept.11.c-clusterip-none": 0,
    "w06.concept.11.c-statefulsets": 1,
}


def slot(key: str) -> int:
    """A stable slot in 0..499 for ``key`` (not Python's ``hash``: that changes with every run)."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % ANKI_MAX_CLOZE


def fact_key(card_id: str, paragraph: str) -> str:
    """The fact part of a cloze card id: ``w06.concept.04.c-nodeport`` in ``w06.concept.04`` -> ``c-nodeport``."""
    return card_id[len(paragraph) + 1:] if card_id.startswith(paragraph + ".") else card_id


def ordinals(keys: dict[str, str], frozen: dict[str, int] | None = None) -> dict[str, int]:
    """{name: Anki ordinal} for the deletions of one cloze note.

    ``keys`` maps each deletion's name (a card id) to the key its slot comes from (the fact part);
    ``frozen`` ordinals are kept as they are. Distinct names get distinct ordinals (up to Anki's 500).
    """
    frozen = FROZEN if frozen is None else frozen
    out: dict[str, int] = {name: frozen[name] for name in keys if name in frozen}
    taken = set(out.values())
    for name in sorted((n for n in keys if n not in out), key=lambda n: (slot(keys[n]), keys[n], n)):
        ordinal = slot(keys[name])
        while ordinal in taken and len(taken) < ANKI_MAX_CLOZE:
            ordinal = (ordinal + 1) % ANKI_MAX_CLOZE
        out[name] = ordinal
        taken.add(ordinal)
    return out
