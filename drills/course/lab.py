"""Hands-On Lab challenges and Solution Key entries, paired by number."""

from __future__ import annotations

import re

from drills.course.blocks import Block, render
from drills.course.concepts import _lead_bold
from drills.course.model import Challenge, CodeBlock, Solution
from drills.course.shell import is_kubectl
from drills.course.tutorial import block_commands, inline_commands

_NUMBERED = re.compile(r"^\s*(?:(?:challenge|question|exercise|task|lab|problem)\s*#?\s*)?(\d+)\b\s*[.:)]?", re.I)
_WEIGHT = re.compile(r"\(\s*weight\s*:?[^)]*\)", re.I)
_BUDGET = re.compile(r"\(\s*~?\d+\s*(?:min(?:utes?)?|m|s|sec)\s*\)\s*$", re.I)
_NEXT = re.compile(r"^(?:up\s+)?next\b\s*:?", re.I)


def heading_number(text: str) -> int | None:
    m = _NUMBERED.match(text)
    return int(m.group(1)) if m else None


def clean_title(text: str) -> str:
    """Drop the "Challenge N:" part, a weight, a time budget and surrounding quotes."""
    title = _NUMBERED.sub("", text, count=1)
    title = _WEIGHT.sub("", title)
    title = _BUDGET.sub("", title).strip()
    title = title.strip(" :—–-").strip()
    if len(title) >= 2 and title[0] in "\"'“" and title[-1] in "\"'”":
        title = title[1:-1].strip()
    return title


def split_h3(blocks: list[Block]) -> tuple[list[Block], list[tuple[Block, list[Block]]]]:
    """(blocks before the first ###, [(### heading, its blocks)])."""
    intro: list[Block] = []
    groups: list[tuple[Block, list[Block]]] = []
    for b in blocks:
        if b.kind == "heading" and b.level == 3:
            groups.append((b, []))
        elif b.kind == "heading" and b.level < 3:
            groups.append((b, [])) if groups else intro.append(b)
        elif groups:
            groups[-1][1].append(b)
        else:
            intro.append(b)
    return intro, [g for g in groups if g[0].level == 3]


def _label(b: Block) -> tuple[str | None, str]:
    """A paragraph opening with a bold label ("**Scenario:** …") -> (label, rest)."""
    bold, after, at_start = _lead_bold(b.segs)
    if not bold or not at_start:
        return None, b.text()
    label = render(bold).strip()
    rest = render(after)
    if not (label.endswith(":") or rest.lstrip().startswith(":")):
        return None, b.text()
    return label.rstrip(":").strip(), rest.lstrip().lstrip(":").strip()


def read_challenges(blocks: list[Block]) -> list[Challenge]:
    _, groups = split_h3(blocks)
    out: list[Challenge] = []
    for n, (h, body) in enumerate(groups, 1):
        number = heading_number(h.text()) or n
        ch = Challenge(number=number, title=clean_title(h.text()) or f"Challenge {number}", line=h.line, scenario="")
        parts: list[str] = []
        criteria: list[str] = []
        in_criteria = False
        for b in body:
            if b.details is not None:
                for it in b.items:
                    ch.hints.append(it.text())
                if b.kind == "paragraph":
                    ch.hints.append(b.text())
                continue
            if b.kind == "paragraph":
                label, rest = _label(b)
                if label and re.match(r"success|criteria|done when|verify", label, re.I):
                    in_criteria = True
                    if rest:
                        criteria.append(rest)
                    continue
                in_criteria = False
                if label and not re.match(r"scenario", label, re.I):
                    parts.append(f"{label}: {rest}" if rest else f"{label}:")
                else:
                    parts.append(rest)
            elif b.kind in ("bullet_list", "ordered_list"):
                lines = "\n".join(f"- {it.text()}" for it in b.items)
                (criteria if in_criteria else parts).append(lines)
            elif b.kind == "fence" and b.info != "mermaid":
                parts.append(f"```{b.info}\n{b.code.rstrip()}\n```")
        ch.scenario = "\n\n".join(p for p in parts if p)
        ch.criteria = "\n".join(criteria) or None
        out.append(ch)
    return out


def is_drill_reference(title: str) -> bool:
    return bool(re.search(r"drill|speed", title, re.I))


def render_body(body: list[Block]) -> tuple[str, list[str], list[CodeBlock]]:
    """A Solution Key body as text, its kubectl commands and its code blocks."""
    parts: list[str] = []
    cmds: list[str] = []
    blocks: list[CodeBlock] = []
    label: str | None = None
    for b in body:
        if b.kind == "paragraph":
            text = b.text()
            if _NEXT.match(text):
                continue  # the trailing "*Next: …*" line is navigation, not solution
            parts.append(text)
            label = text
            cmds += [c for c in inline_commands(b.segs) if c not in cmds]
            continue
        if b.kind == "fence" and b.info != "mermaid":
            cb = CodeBlock(b.info, b.code, b.line, label if label and label.rstrip().endswith(":") else None)
            blocks.append(cb)
            parts.append(f"```{b.info}\n{b.code.rstrip()}\n```")
            cmds += [c for c in block_commands(cb) if is_kubectl(c) and c not in cmds]
        elif b.kind in ("bullet_list", "ordered_list"):
            parts.append("\n".join(f"- {it.text()}" for it in b.items))
            for it in b.items:
                cmds += [c for c in inline_commands(it.segs) if c not in cmds]
        label = None
    return "\n\n".join(p for p in parts if p), cmds, blocks


def read_solutions(blocks: list[Block]) -> tuple[dict[int, Solution], list[tuple[Block, list[Block]]]]:
    """(challenge solutions by number, speed-drill reference entries)."""
    _, groups = split_h3(blocks)
    solutions: dict[int, Solution] = {}
    references: list[tuple[Block, list[Block]]] = []
    for h, body in groups:
        title = h.text()
        number = heading_number(title)
        if is_drill_reference(title) and not re.match(r"^\s*(challenge|question)", title, re.I):
            references.append((h, body))
            continue
        if number is None:
            continue
        text, cmds, _ = render_body(body)
        solutions.setdefault(number, Solution(number, clean_title(title), h.line, text, cmds))
    return solutions, references
