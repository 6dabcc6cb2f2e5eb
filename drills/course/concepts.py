"""The Concept section -> concept units (paragraphs with their lead-in term)."""

from __future__ import annotations

import re

from drills.course.blocks import Block, Item, Seg, render
from drills.course.model import Concept

_WHAT_IS = re.compile(r"^(?:what|who)\s+(?:is|are)\s+(?:an?\s+|the\s+)?(.+?)\??$", re.I)
_DEFINES = re.compile(
    r"^(?:(?:A|An|The)\s+)?(?P<term>[A-Z`][\w`.:/<>-]*(?:\s+[A-Z`][\w`.:/<>-]*){0,3})\s+(?:is|are)\s+"
    r"(?:a|an|the|one|two|three|four|five)\s",
)
_SENTENCE_END = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<=[.!?])\s+(?=[A-Z`\"(*<])")
_NOT_TERMS = {"there", "this", "that", "it", "these", "those", "each", "every", "some", "all", "here", "they"}
_DASH_LEAD = ("—", "–", "-", ":", ".")
_ADMONITIONS = {"note", "tip", "hint", "warning", "important", "caution", "info", "remember", "heads up"}


def sentences(text: str) -> list[str]:
    """Split prose into sentences, never inside a code span."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[: m.start()].count("`") % 2:
            continue
        out.append(text[start : m.start()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _runs(segs: list[Seg]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for s in segs:
        if runs and runs[-1][0] == s.kind == "text":
            runs[-1] = ("text", runs[-1][1] + s.text)
        else:
            runs.append((s.kind, s.text))
    return runs


def _lead_code(segs: list[Seg]) -> bool:
    """A list item that opens with a plain code span and a separator ("`Guaranteed` — every …")."""
    return len(segs) > 1 and segs[0].kind == "code" and not segs[0].bold and segs[1].kind == "text" \
        and bool(re.match(r"^\s*(?:—|–|-|:)\s*\S", segs[1].text))


def _lead_bold(segs: list[Seg]) -> tuple[list[Seg], list[Seg], bool]:
    """(first bold group, the segments after it, whether the bold opens the paragraph)."""
    i = 0
    while i < len(segs) and not segs[i].bold:
        i += 1
    if i == len(segs):
        return [], segs, False
    j = i
    while j < len(segs) and segs[j].bold:
        j += 1
    at_start = all(s.kind == "text" and not s.text.strip() for s in segs[:i])
    return segs[i:j], segs[j:], at_start


def clean_term(raw: str) -> str:
    """`What is X?` -> X; strip trailing separators and punctuation."""
    term = raw.strip()
    m = _WHAT_IS.match(term)
    if m:
        term = m.group(1)
    term = term.rstrip(" :.?—–-").strip()
    # "**The Kubelet** is …": the term is Kubelet ("What is a The Kubelet?" otherwise).
    return re.sub(r"^(?:the|a|an)\s+(?=\S)", "", term, flags=re.I) if " " in term else term


def _strip_separator(text: str) -> str:
    text = text.lstrip()
    for sep in _DASH_LEAD:
        if text.startswith(sep):
            return text[len(sep) :].lstrip()
    return text


def _make(index: int, segs: list[Seg], line: int, subtopic: str | None, item: bool = False) -> Concept:
    """One unit; ``item``: a list item, whose opening code span and dash name its term like bold would."""
    text = render(segs)
    runs = _runs(segs)
    codes = [s.text for s in segs if s.kind == "code"]
    concept = Concept(index=index, text=text, line=line, subtopic=subtopic, codes=codes, runs=runs)
    bold, after, at_start = (segs[:1], segs[1:], True) if item and _lead_code(segs) else _lead_bold(segs)
    if bold:
        concept.term = clean_term(render(bold)) or None
        concept.explicit = bool(_WHAT_IS.match(render(bold).strip()))
        rest = render(after)
        if at_start and concept.term:
            if re.match(r"^\s*(is|are)\b", rest):
                concept.definition = sentences(text)[0] if text else None
            elif rest.strip():
                concept.definition = _strip_separator(rest) or None
        elif concept.term:
            first = sentences(text)[0] if text else ""
            if re.search(r"\b" + re.escape(concept.term) + r"\s+(is|are)\s", first):
                concept.definition = first
        if concept.term and concept.term.lower() in _ADMONITIONS:
            concept.term = concept.definition = None  # "**Note:** …" labels a remark, it names nothing
            concept.explicit = False
    else:
        first = sentences(text)[0] if text else ""
        m = _DEFINES.match(first)
        if m and m.group("term").strip().lower() not in _NOT_TERMS and not first.endswith(":"):
            concept.term = m.group("term").strip()
            concept.definition = first
    return concept


def _append_list(concept: Concept, block: Block) -> None:
    lines = []
    for n, item in enumerate(block.items, 1):
        marker = f"{item.number or n}." if block.kind == "ordered_list" else "-"
        lines.append(f"{marker} {item.text()}")
        concept.runs.append(("text", f"\n{marker} "))
        concept.runs.extend(_runs(item.segs))
        concept.codes.extend(s.text for s in item.segs if s.kind == "code")
    concept.text = concept.text + "\n" + "\n".join(lines)


def _is_term_item(item: Item) -> bool:
    """A list item opening with a bold span (often a bold code span), or a code span and a dash, then
    its text."""
    if _lead_code(item.segs):
        return True
    bold, after, at_start = _lead_bold(item.segs)
    return bool(bold) and at_start and bool(render(after).strip())


def read_concepts(blocks: list[Block]) -> list[Concept]:
    units: list[Concept] = []
    subtopic: str | None = None
    question: str | None = None  # the term of a "**What is X?**" line standing alone
    last_paragraph: Concept | None = None  # a unit that may still take the list after it
    for b in blocks:
        if b.details is not None:
            continue
        if b.kind == "heading":
            subtopic = b.text() or None
            last_paragraph = question = None
        elif b.kind == "paragraph":
            segs = b.segs
            if segs and all(s.bold or not s.text.strip() for s in segs) and len(render(segs)) < 80 \
                    and not render(segs).endswith(":"):
                subtopic = clean_term(render(segs)) or None  # a **pseudo-heading** line
                question = subtopic if _WHAT_IS.match(render(segs).strip()) else None
                last_paragraph = None
                continue
            concept = _make(len(units) + 1, segs, b.line, subtopic)
            if not concept.text:
                continue
            if question and not concept.term:
                # "**What is a Pod?**" on its own line answers itself in the next paragraph.
                concept.term, concept.definition, concept.explicit = question, concept.text, True
            question = None
            units.append(concept)
            last_paragraph = concept
        elif b.kind in ("bullet_list", "ordered_list"):
            if last_paragraph is not None and last_paragraph.text.rstrip().endswith(":"):
                if len(b.items) > 1 and all(_is_term_item(it) for it in b.items):
                    # "The control plane has four parts:" + "**Scheduler** — picks the node …":
                    # one fact per item, each shown with the lead-in; a lead-in without a term of
                    # its own is no card ("**Quality of Service.** … one of:" still is one).
                    lead = units[-1] if last_paragraph.term else units.pop()
                    for it in b.items:
                        unit = _make(len(units) + 1, it.segs, it.line, subtopic, item=True)
                        unit.lead, unit.group = lead.text, lead.index
                        units.append(unit)
                else:
                    _append_list(last_paragraph, b)
                last_paragraph = None
                continue
            if all(_is_term_item(it) for it in b.items):
                for it in b.items:
                    units.append(_make(len(units) + 1, it.segs, it.line, subtopic, item=True))
            else:
                holder = Concept(index=len(units) + 1, text="", line=b.line, subtopic=subtopic)
                _append_list(holder, b)
                holder.text = holder.text.strip()
                holder.runs = holder.runs[1:] if holder.runs and holder.runs[0][1].startswith("\n") else holder.runs
                if holder.runs and holder.runs[0][0] == "text":
                    holder.runs[0] = ("text", holder.runs[0][1].lstrip("\n"))
                units.append(holder)
            last_paragraph = None
        else:
            # Fences (mermaid diagrams, YAML), html and rules are never concept text.
            last_paragraph = None if b.kind != "hr" else last_paragraph
    return _drop_intro(units)


_INTRO = re.compile(r"^(?:this|in this|here,? we|today|these|the following)\b.{0,40}?\b(?:week|section|"
                    r"module|page|lesson|chapter|part)\b|^(?:this|the) (?:week|section|module|lesson)\b", re.I)


_WELCOME = re.compile(r"^(?:welcome\b|in this (?:week|module|lesson|section|page|chapter)\b)", re.I)


def _drop_intro(units: list[Concept]) -> list[Concept]:
    """A one-sentence intro line ("This week covers …") is not a concept."""
    if len(units) > 1:
        first = units[0]
        plain = (not first.term and not first.codes and len(first.text) < 120 and not re.search(r"\d", first.text))
        one = len(sentences(first.text)) == 1
        # "This week covers … You will use them daily." / "Welcome to week 9! …": an intro of up to
        # three sentences with no code and no term is about the page, not a fact
        intro = bool(_INTRO.match(first.text) or _WELCOME.match(first.text)) and not first.term \
            and not first.codes and len(sentences(first.text)) <= 3
        if first.lead is None and "\n" not in first.text and ((one and plain) or (one and _INTRO.match(first.text))
                                                                or intro):
            units = units[1:]
            for n, u in enumerate(units, 1):
                if u.group is not None:
                    u.group -= 1
                u.index = n
    return units
