"""Weekly Speed Drill -> tasks with their answers, in every answer shape of the course.

Where answers come from, first match wins per task:
  D  inline on the task line after a colon ("Get logs: `kubectl logs <pod> -c <c>`")
  F  the item is only a command ("`k get po -A`")
  A  a bash block in the drill section with ``# N`` marker lines
  B  the same in a Solution Key entry about the drill
  E  a Solution Key drill entry without markers: one command per task, in order
  D' the wording itself holds a complete kubectl command ("Check `kubectl auth can-i …`")
  C  nothing: the task stays self-graded
"""

from __future__ import annotations

import re

from drills.course.blocks import Block, Item, Seg, render
from drills.course.lab import split_h3
from drills.course.model import CodeBlock, DrillTask, Notice
from drills.course.shell import is_kubectl, shell_lines
from drills.course.tutorial import (OR_COMMENT, SHELL_LANGS, block_commands, is_output_label,
                                    item_answer_alternatives)
from drills.errors import DrillsError

_CMD_START = re.compile(r"^(kubectl|k)\s+\S")


def _is_command(code: str) -> bool:
    return bool(_CMD_START.match(code)) or is_kubectl(code)


def _inline_answer(segs: list[Seg]) -> tuple[str, list[str]] | None:
    """Split "wording: `cmd` [or `cmd2`] [remark]" into (wording, answers)."""
    for i, s in enumerate(segs):
        if s.kind != "text" or not s.text.rstrip().endswith(":") or i + 1 >= len(segs):
            continue
        nxt = segs[i + 1]
        if nxt.kind != "code" or not _is_command(nxt.text):
            continue
        wording = render(segs[:i] + [Seg("text", s.text.rstrip()[:-1])]).strip()
        answers = [nxt.text]
        j = i + 2
        while j + 1 < len(segs) and segs[j].kind == "text" and segs[j + 1].kind == "code" \
                and _is_command(segs[j + 1].text):
            between = segs[j].text.strip().lower()
            if between in ("or", ",", "/", "or:"):
                answers.append(segs[j + 1].text)  # an alternative
            elif between in ("then", ", then", "and then", "&&", "and"):
                answers[-1] += "\n" + segs[j + 1].text  # a chain: one answer, a sequence
            else:
                break
            j += 2
        return wording, answers
    return None


def _bare_command(segs: list[Seg]) -> str | None:
    """Shape F: the item is just one command in backticks (maybe with a final period)."""
    meaningful = [s for s in segs if not (s.kind == "text" and s.text.strip() in ("", ".", ";"))]
    if len(meaningful) == 1 and meaningful[0].kind == "code" and _CMD_START.match(meaningful[0].text):
        return meaningful[0].text
    return None


def _wording_command(segs: list[Seg]) -> str | None:
    """Shape D': a complete kubectl command in the wording (``kubectl expose`` alone is wording)."""
    for s in segs:
        if s.kind == "code" and re.match(r"^kubectl\s+\S+\s+\S+", s.text) and is_kubectl(s.text):
            return s.text
    return None


_SETUP = re.compile(r"^(alias|complete|source)\b")


def marker_answers(code: str) -> dict[int, list[str]]:
    """``# N`` groups of a bash block -> {N: answers}; only a line that is exactly ``# N`` counts.

    The commands of one group are ONE answer, a sequence (one command a line, all required); an
    ``# Or …`` comment starts another accepted answer.
    """
    groups: dict[int, list[list[str]]] = {}
    current: int | None = None
    for sl in shell_lines(code):
        if sl.kind == "marker" and sl.number is not None:
            current = sl.number
            groups.setdefault(current, [[]])
        elif current is None:
            continue
        elif sl.kind == "comment" and OR_COMMENT.match(sl.text) and groups[current][-1]:
            groups[current].append([])
        elif sl.kind == "command" and not _SETUP.match(sl.text):
            groups[current][-1].append(sl.text)
    out: dict[int, list[str]] = {}
    for n, alternatives in groups.items():
        answers = []
        for cmds in alternatives:
            kube = [c for c in cmds if is_kubectl(c)]
            if kube or cmds:
                answers.append("\n".join(kube or cmds))
        out[n] = answers
    return out


def _fences(blocks: list[Block]) -> list[CodeBlock]:
    out: list[CodeBlock] = []
    label: str | None = None
    for b in blocks:
        if b.kind == "paragraph":
            label = b.text()
        elif b.kind == "fence":
            out.append(CodeBlock(b.info, b.code, b.line, label))
            label = None
        elif b.kind in ("bullet_list", "ordered_list"):
            for it in b.items:
                out += _fences(it.blocks)
            label = None
        else:
            label = None
    return out


def drill_lead_in(blocks: list[Block]) -> str:
    """The prose before the task list ("All tasks run in namespace `shop`."): context for every task."""
    intro, _ = split_h3(blocks)
    parts = []
    for b in intro:
        if b.kind == "ordered_list":
            break
        if b.kind == "paragraph" and b.details is None:
            parts.append(b.text())
    return "\n\n".join(parts)


def read_drill(blocks: list[Block], heading: Block, references: list[tuple[Block, list[Block]]],
               file: str) -> tuple[list[DrillTask], list[Notice]]:
    notices: list[Notice] = []
    intro, subsections = split_h3(blocks)
    task_list = next((b for b in intro if b.kind == "ordered_list" and b.details is None and b.items), None)
    if task_list is None:
        raise DrillsError("empty speed drill: no numbered task list under the heading", file, heading.line)
    tasks: list[DrillTask] = []
    for k, item in enumerate(task_list.items, 1):
        tasks.append(_task(item.number or k, item))

    # A: marker blocks anywhere in the drill section; a <details> answer list counts too.
    marked: dict[int, list[str]] = {}
    detail_items: list[Item] = []
    for cb in _fences(blocks):
        if cb.lang in SHELL_LANGS:
            for n, cmds in marker_answers(cb.code).items():
                marked.setdefault(n, cmds)
    for b in blocks:
        if b.details is not None and b.kind == "ordered_list":
            detail_items += b.items
    _fill(tasks, marked, "block")
    _fill(tasks, {it.number or k: item_answer_alternatives(it) for k, it in enumerate(detail_items, 1)}, "details")

    # B / E: a Solution Key entry about the drill.
    for h, body in references:
        fences = [cb for cb in _fences(body) if cb.lang in SHELL_LANGS and not is_output_label(cb.label)]
        by_marker: dict[int, list[str]] = {}
        for cb in fences:
            for n, cmds in marker_answers(cb.code).items():
                by_marker.setdefault(n, cmds)
        if by_marker:
            _fill(tasks, by_marker, "solution-markers")
            continue
        ordered = [c for cb in fences for c in block_commands(cb) if not re.match(r"^(alias|complete|source)\b", c)]
        groups = _blank_groups(fences)
        if ordered and len(ordered) != len(tasks) and len(groups) == len(tasks):
            # more commands than tasks, and exactly one blank-line group per task: each group is
            # its task's answer, a sequence ("create namespace q" then "create quota … -n q")
            _fill(tasks, {t.number: ["\n".join(g)] for t, g in zip(tasks, groups)}, "solution-order")
        elif ordered:
            if len(ordered) != len(tasks):
                notices.append(Notice(h.line, f"Solution Key drill answers: {len(ordered)} commands for "
                                              f"{len(tasks)} tasks; paired in order"))
            _fill(tasks, {t.number: [c] for t, c in zip(tasks, ordered)}, "solution-order")

    # D': the complete command in the wording.
    for t, item in zip(tasks, task_list.items):
        if not t.answers:
            cmd = _wording_command(item.segs)
            if cmd:
                t.answers, t.answer_shape = [cmd], "wording"
    return tasks, notices


def _blank_groups(fences: list[CodeBlock]) -> list[list[str]]:
    """The commands of shell blocks, in groups separated by blank lines (or by the blocks)."""
    groups: list[list[str]] = []
    for cb in fences:
        typed = set(block_commands(cb))
        groups.append([])
        for sl in shell_lines(cb.code):
            if sl.kind == "blank" and groups[-1]:
                groups.append([])
            elif sl.kind == "command" and sl.text in typed and not _SETUP.match(sl.text):
                groups[-1].append(sl.text)
    return [g for g in groups if g]


def _task(number: int, item: Item) -> DrillTask:
    segs = item.segs
    bare = _bare_command(segs)
    if bare:
        return DrillTask(number, bare, item.line, [bare], "command", bare_command=True)
    inline = _inline_answer(segs)
    if inline:
        wording, answers = inline
        return DrillTask(number, wording, item.line, answers, "inline")
    return DrillTask(number, item.text(), item.line)


def _fill(tasks: list[DrillTask], answers: dict[int, list[str]], shape: str) -> None:
    for t in tasks:
        if not t.answers and answers.get(t.number):
            t.answers, t.answer_shape = list(answers[t.number]), shape
