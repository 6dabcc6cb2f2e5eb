"""Hands-On Lab challenges and Solution Key entries, paired by number."""

from __future__ import annotations

import itertools
import re

from drills.course.blocks import Block, render
from drills.course.concepts import _lead_bold
from drills.course.model import Challenge, CodeBlock, Solution
from drills.course.shell import is_kubectl, shell_lines
from drills.course.tutorial import (CHOICE_LABEL, OR_COMMENT, block_commands, inline_commands,
                                    is_typed_command, item_answer_alternatives)
from drills.kubectl.targets import replaces_one

_NUMBERED = re.compile(r"^\s*(?:(?:challenge|question|exercise|task|lab|problem)\s*#?\s*)?(\d+)\b\s*[.:)]?", re.I)
_WEIGHT = re.compile(r"\(\s*weight\s*:?[^)]*\)", re.I)
_BUDGET = re.compile(r"\(\s*~?\d+\s*(?:min(?:utes?)?|m|s|sec)\s*\)\s*$", re.I)
_NEXT = re.compile(r"^(?:up\s+)?next\b\s*:?", re.I)
_OPTION = re.compile(r"^\W*option\b", re.I)
MAX_ALTERNATIVES = 8  # choices multiply; past this many whole sequences the rest are not worth listing


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


class _Slots:
    """A solution as consecutive slots, each a list of alternatives (each a list of commands).

    Commands go into a new slot, or into the alternative opened by a choice ("Or …", "# Or …",
    "**Alternative — …:**", "**Option B:**"), which replaces the slot before it: a paragraph, or a
    group of a shell block (its commands up to a blank line).
    """

    def __init__(self) -> None:
        self.slots: list[list[list[str]]] = []
        self.open_alternative = False  # commands go into the alternative a choice opened
        self.new_group = True  # the next command (in sequence) starts a slot of its own
        self.in_options = False  # inside "**Option A:** … **Option B:** …"

    def add(self, command: str) -> None:
        if self.open_alternative:
            self.slots[-1][-1].append(command)
        elif self.new_group or not self.slots:
            self.slots.append([[command]])
            self.new_group = False
        else:
            self.slots[-1][-1].append(command)

    def choice(self, *, first_option: bool = False) -> None:
        """Open an alternative to the last slot (or, for the first of a list of options, a new slot)."""
        if first_option or not self.slots:
            self.slots.append([[]])
        else:
            self.slots[-1].append([])
        self.open_alternative = True

    def end_group(self) -> None:
        self.open_alternative = False
        self.new_group = True

    def paragraph(self, text: str, commands: list[str]) -> None:
        if CHOICE_LABEL.match(text):
            option = bool(_OPTION.match(text))
            self.choice(first_option=option and not self.in_options)
            self.in_options = self.in_options or option
            for c in commands:
                self.add(c)
            if commands:  # "Or edit: `kubectl edit svc web`": the alternative is complete
                self.open_alternative = bool(self.in_options)
            return
        self.in_options = False
        self.end_group()
        for c in commands:
            self.add(c)
        self.end_group()

    def block(self, block: CodeBlock) -> None:
        typed = set(block_commands(block))
        outer = self.open_alternative
        if not outer:
            self.end_group()
        for sl in shell_lines(block.code):
            if sl.kind == "comment" and OR_COMMENT.match(sl.text) and self.slots:
                self.choice()
            elif sl.kind == "blank" and not outer:
                self.end_group()
            elif sl.kind == "command" and sl.text in typed and is_typed_command(sl.text):
                self.add(sl.text)
        if not outer:
            self.end_group()

    def items(self, alternatives: list[list[str]]) -> None:
        """A list of commands: one slot per item, the item's own choices ("`a` or `b`") kept."""
        for alts in alternatives:
            if not alts:
                continue
            if self.open_alternative:
                self.slots[-1][-1].append(alts[0])
            else:
                self.slots.append([[a] for a in alts])
        if not self.open_alternative:
            self.end_group()

    def answers(self) -> list[str]:
        slots = [_completed([alt for alt in slot if alt]) for slot in self.slots]
        out: list[str] = []
        for combo in itertools.islice(itertools.product(*[s for s in slots if s]), 64):
            text = "\n".join(c for alt in combo for c in alt)
            if text and text not in out:
                out.append(text)
        return out[:MAX_ALTERNATIVES]


def _completed(slot: list[list[str]]) -> list[list[str]]:
    """A slot's alternatives, each whole: one command that names the same object as one command of
    the first ("Or edit: `kubectl edit quota q`" after `create namespace x` + `create quota q`)
    stands for that command only; the rest of the first alternative is still needed."""
    if not slot or len(slot[0]) < 2:
        return slot
    out = [slot[0]]
    for alt in slot[1:]:
        at = replaces_one(slot[0], alt[0]) if len(alt) == 1 else None
        out.append(alt if at is None else slot[0][:at] + alt + slot[0][at + 1:])
    return out


def solution_answers(body: list[Block]) -> list[str]:
    """A Solution Key entry's answers: see ``Solution.answers``."""
    slots = _Slots()
    label: str | None = None
    for b in body:
        if b.details is not None:
            continue  # hints, not the solution
        if b.kind == "paragraph":
            text = b.text()
            if not _NEXT.match(text):
                slots.paragraph(text, inline_commands(b.segs))
            label = text
            continue
        if b.kind == "fence" and b.info != "mermaid":
            slots.block(CodeBlock(b.info, b.code, b.line, label if label and label.rstrip().endswith(":") else None))
        elif b.kind in ("bullet_list", "ordered_list"):
            slots.items([item_answer_alternatives(it) for it in b.items])
        label = None
    return slots.answers()


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
        solutions.setdefault(number, Solution(number, clean_title(title), h.line, text, cmds,
                                              solution_answers(body)))
    return solutions, references
