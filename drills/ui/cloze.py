"""Cloze text (Anki's ``{{cN::answer}}`` / ``{{cN::answer::hint}}``) split into what to show.

A concept paragraph carries several deletions; a card asks for one (``card.cloze_index``). The others
are shown plainly so the sentence stays readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
HIDDEN = "[...]"


@dataclass(frozen=True)
class Segment:
    """A run of cloze text; ``asked`` marks the deletion this card asks for."""

    text: str
    asked: bool = False


def segments(cloze: str, index: int | None, *, reveal: bool) -> list[Segment]:
    """The paragraph as segments: deletion ``index`` hidden as ``[...]`` (or ``[hint]``) unless
    ``reveal``; every other deletion shown as its plain text."""
    out: list[Segment] = []
    pos = 0
    for m in _DELETION.finditer(cloze):
        if m.start() > pos:
            out.append(Segment(cloze[pos : m.start()]))
        number, answer, hint = int(m.group(1)), m.group(2), m.group(3)
        if number == index:
            shown = answer if reveal else (f"[{hint}]" if hint else HIDDEN)
            out.append(Segment(shown, asked=True))
        else:
            out.append(Segment(answer))
        pos = m.end()
    if pos < len(cloze):
        out.append(Segment(cloze[pos:]))
    return out


def plain(cloze: str, index: int | None, *, reveal: bool) -> str:
    """The paragraph as one string; when revealed, the asked deletion is marked ``[answer]``."""
    parts = []
    for seg in segments(cloze, index, reveal=reveal):
        parts.append(f"[{seg.text}]" if (seg.asked and reveal) else seg.text)
    return "".join(parts)


def answers(cloze: str, index: int | None) -> list[str]:
    """The text(s) of deletion ``index`` (Anki allows one number on several spans)."""
    return [m.group(2) for m in _DELETION.finditer(cloze) if int(m.group(1)) == index]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"(\[{])")


def asked_sentence(cloze: str, index: int | None) -> str:
    """The sentence(s) holding deletion ``index`` (still in cloze syntax): what to show again on
    reveal instead of the whole paragraph. Falls back to the whole paragraph."""
    sentences = _SENTENCE_END.split(cloze)
    # a split inside a deletion (``{{c1::Dr. Who}}``) would cut it: glue such pieces back
    merged: list[str] = []
    for sentence in sentences:
        if merged and merged[-1].count("{{") > merged[-1].count("}}"):
            merged[-1] += " " + sentence
        else:
            merged.append(sentence)
    hits = [s for s in merged if any(int(m.group(1)) == index for m in _DELETION.finditer(s))]
    return " ".join(hits) if hits else cloze
