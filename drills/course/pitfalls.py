"""Exam Pitfalls -> (title, explanation) pairs, whatever the bullet's shape."""

from __future__ import annotations

import re

from drills.course.blocks import Block, Item, render
from drills.course.concepts import _lead_bold, sentences
from drills.course.model import Pitfall


def _split_plain(text: str) -> tuple[str, str]:
    """A statement with no bold title: first sentence / rest, else a cut at a separator."""
    parts = sentences(text)
    if len(parts) > 1:
        return parts[0], " ".join(parts[1:])
    for sep in (" — ", " – ", ": ", "; ", " because ", ", "):
        i = text.find(sep)
        if 0 < i and text[:i].count("`") % 2 == 0:
            return text[:i].strip() + (" …" if sep.strip() not in (":",) else ""), text
    words = text.split()
    return " ".join(words[: max(3, len(words) // 2)]) + " …", text


def _from_item(index: int, item: Item) -> Pitfall:
    segs = item.segs
    bold, after, at_start = _lead_bold(segs)
    text = render(segs)
    title, expl, category = "", "", False
    if bold and at_start:
        title = render(bold).strip()
        rest = render(after)
        stripped = rest.lstrip()
        if stripped.startswith(("—", "–")) or re.match(r"^-\s", stripped):
            expl = stripped[1:].strip()
        elif title.endswith(":"):
            title, expl = title[:-1].strip(), stripped
        elif stripped.startswith(":"):
            title, expl, category = title, stripped[1:].strip(), True
        elif re.search(r"[.!?]$", title):
            expl = stripped  # a whole sentence in bold, explained after
        elif rest and not rest[0].isspace() and rest[0] not in ".,;":
            # bold glued into a word: not a title, just emphasis
            title, expl = _split_plain(text)
        elif stripped and not re.match(r"^[.,;]", stripped) and stripped[0].islower():
            # bold runs straight into the sentence: the sentence is the statement
            first = sentences(text)
            title, expl = (first[0], " ".join(first[1:])) if len(first) > 1 else (title + " …", text)
        else:
            expl = stripped.lstrip(".,; ").strip()
    else:
        title, expl = _split_plain(text)
    if not expl:
        expl = text
    if _gives_away(title, expl):
        # one statement and nothing more ("**Capabilities live on containers, not Pods.**", or a plain
        # sentence cut at its comma): the front is its opening, the back the whole statement
        title = opening(expl)
    # A list item's other blocks (a nested list, a code block) continue its explanation.
    extra = _continuation(item.blocks[1:])
    if extra:
        expl = f"{expl}\n\n{extra}"
    return Pitfall(index=index, title=title, explanation=expl, line=item.line, category=category)


_TOKEN = re.compile(r"`[^`]*`|\S+")


def opening(text: str, share: float = 0.4) -> str:
    """The first words of a statement (about ``share`` of them, at least three; a code span is one
    word, never cut), then " …"."""
    words = _TOKEN.findall(text.split("\n", 1)[0])
    n = max(3, min(len(words) - 1, round(len(words) * share)))
    return " ".join(words[:n]).rstrip(",;:—–") + " …"


def _gives_away(title: str, explanation: str) -> bool:
    """The title shows most of the explanation's words (so the card would show its answer)."""
    said = set(_TOKEN.findall(title.lower().rstrip(" …")))
    told = _TOKEN.findall(explanation.split("\n", 1)[0].lower())
    return len(told) >= 4 and sum(w in said for w in told) >= 0.6 * len(told)


def _continuation(blocks: list[Block]) -> str:
    parts = []
    for b in blocks:
        if b.kind == "paragraph":
            parts.append(b.text())
        elif b.kind == "fence" and b.info != "mermaid":
            parts.append(f"```{b.info}\n{b.code.rstrip()}\n```")
        elif b.kind in ("bullet_list", "ordered_list"):
            parts.append("\n".join(f"- {it.text()}" for it in b.items))
    return "\n\n".join(parts)


def read_pitfalls(blocks: list[Block]) -> list[Pitfall]:
    out: list[Pitfall] = []
    seen_list = False
    for b in blocks:
        if b.details is not None or b.kind == "heading":
            continue
        if b.kind == "bullet_list" or (b.kind == "ordered_list" and not seen_list):
            seen_list = True
            for it in b.items:
                if it.text():
                    out.append(_from_item(len(out) + 1, it))
        elif seen_list and out and b.kind in ("fence", "paragraph"):
            # A YAML block and a paragraph outside the list still explain the item above them.
            extra = _continuation([b])
            if extra:
                out[-1].explanation += "\n\n" + extra
    return out
