"""Beginner Tutorial -> steps (``### N. Title``) and any drill hidden in a step."""

from __future__ import annotations

import re

from drills.course.blocks import Block, Item, Seg
from drills.course.model import CodeBlock, DrillTask, Step
from drills.course.shell import commands, is_kubectl, shell_lines

_STEP = re.compile(r"^(?:step\s+)?(\d+)\s*[.):]?\s*(?:[—–-]\s*)?(.*)$", re.I)
SHELL_LANGS = {"bash", "sh", "shell", "console", "zsh", "shell-session", ""}
DATA_LANGS = {"yaml", "yml", "json"}


# A paragraph offering a choice ("**Option B:**", "Alternatively, …", "Or edit: `…`"), and the same
# choice as a comment inside a shell block ("# Or, declaratively:").
CHOICE_LABEL = re.compile(r"^\W*(?:option\b|alternative|alternatively|or\b)", re.I)
OR_COMMENT = re.compile(r"^#\s*(?:or|alternatively|alternative)\b", re.I)
_TOOL = re.compile(r"^(?:sudo\s+)?(docker|helm|kustomize)\s")


def is_typed_command(command: str) -> bool:
    """A command a student types for a step: kubectl, docker or helm (not minikube, curl, …)."""
    return is_kubectl(command) or bool(_TOOL.match(command))


def _add_variant_commands(variants: list[list[str]], cmds: list[str]) -> None:
    for c in cmds:
        if is_typed_command(c) and c not in variants[-1]:
            variants[-1].append(c)


def _block_variants(variants: list[list[str]], block: CodeBlock) -> None:
    """A block's commands; an ``# Or …`` comment inside it starts another variant."""
    cmds = set(block_commands(block))
    for sl in shell_lines(block.code):
        if sl.kind == "comment" and OR_COMMENT.match(sl.text) and variants[-1]:
            variants.append([])
        elif sl.kind == "command" and sl.text in cmds:
            _add_variant_commands(variants, [sl.text])


def is_output_label(label: str | None) -> bool:
    return label is not None and bool(re.search(r"(output|result|you should see|returns?)\s*:?\s*$", label, re.I))


def block_commands(block: CodeBlock) -> list[str]:
    """Commands of a shell block; a bare fence counts only if it looks like commands."""
    if block.lang not in SHELL_LANGS or block.lang == "mermaid" or is_output_label(block.label):
        return []
    cmds = commands(block.code)
    if block.lang == "" and not any(re.match(r"^(\$\s*)?(kubectl|k)\s", c) for c in cmds):
        return []
    return cmds


def inline_commands(segs_owner: list[Seg]) -> list[str]:
    """kubectl commands written as code spans in prose or list items."""
    out = []
    for s in segs_owner:
        if s.kind == "code" and re.match(r"^(kubectl|k)\s+\S", s.text) and is_kubectl(s.text):
            out.append(s.text)
    return out


def item_answers(item: Item) -> list[str]:
    """Answers written in a list item: its code-span commands ("`a` then `b`" gives both)."""
    found = inline_commands(item.segs)
    if not found:
        text = item.text()
        if re.match(r"^(kubectl|k)\s", text):
            found = [text.rstrip(".")]
    for b in item.blocks:
        if b.kind == "fence":
            found += [c for c in commands(b.code) if is_kubectl(c)]
    return found


def item_answer_alternatives(item: Item) -> list[str]:
    """A list item's answer: its commands are one sequence ("`a` then `b`", "`a`, `b`"), unless
    the item offers a choice ("`a` or `b`": two accepted answers)."""
    cmds = item_answers(item)
    if len(cmds) < 2:
        return cmds
    between = []
    seen_code = False
    for s in item.segs:
        if s.kind == "code" and s.text in cmds:
            seen_code = True
        elif seen_code and s.kind == "text":
            between.append(s.text)
    if any(re.search(r"\bor\b", t, re.I) for t in between) and not any(
            re.search(r"\bthen\b|\band\b|&&", t, re.I) for t in between):
        return cmds
    return ["\n".join(cmds)]


def read_steps(blocks: list[Block]) -> tuple[list[Step], list[DrillTask]]:
    steps: list[Step] = []
    hidden: list[DrillTask] = []
    current: list[Block] | None = None
    head: Block | None = None
    groups: list[tuple[Block, list[Block]]] = []
    for b in blocks:
        if b.kind == "heading" and b.level == 3:
            head, current = b, []
            groups.append((head, current))
        elif b.kind == "heading" and b.level < 3:
            current = None
        elif current is not None:
            current.append(b)
    for n, (h, body) in enumerate(groups, 1):
        m = _STEP.match(h.text())
        number = int(m.group(1)) if m else n
        title = (m.group(2) if m else h.text()).strip() or f"Step {number}"
        step, tasks = _read_step(number, title, h.line, body)
        steps.append(step)
        hidden.extend(tasks)
    return steps, hidden


def _read_step(number: int, title: str, line: int, body: list[Block]) -> tuple[Step, list[DrillTask]]:
    step = Step(number=number, title=title, line=line, text="")
    prose: list[str] = []
    notes: list[str] = []
    label: str | None = None
    task_list: Block | None = None
    answer_items: list[Item] = []
    variants: list[list[str]] = [[]]
    for b in body:
        if b.details is not None:
            for it in b.items if b.kind == "ordered_list" else []:
                answer_items.append(it)
            continue
        if b.kind == "paragraph":
            text = b.text()
            (notes if step.blocks else prose).append(text)
            label = text
            if CHOICE_LABEL.match(text) and variants[-1]:
                variants.append([])
            found = inline_commands(b.segs)
            step.commands += [c for c in found if c not in step.commands]
            _add_variant_commands(variants, found)
            continue
        if b.kind == "fence" and b.info == "mermaid":
            continue  # diagrams are never commands nor card text, even with "kubectl" in a label
        if b.kind == "fence":
            # A paragraph just above a block labels it ("Apply and verify:", "**Option B: edit it**").
            labels = label is not None and (label.endswith(":") or bool(CHOICE_LABEL.match(label)))
            cb = CodeBlock(b.info, b.code, b.line, label if labels else None)
            if labels and label in (notes if step.blocks else prose):
                (notes if step.blocks else prose).remove(label)  # shown with its block, not apart from it
            step.blocks.append(cb)
            for c in block_commands(cb):
                (step.commands if is_kubectl(c) else step.other_commands).append(c)
            _block_variants(variants, cb)
        elif b.kind in ("bullet_list", "ordered_list"):
            if b.kind == "ordered_list" and task_list is None:
                task_list = b
            lines = []
            for k, it in enumerate(b.items, 1):
                marker = f"{it.number or k}." if b.kind == "ordered_list" else "-"
                lines.append(f"{marker} {it.text()}")
                if b is not task_list:
                    found = item_answers(it)
                    step.commands += [c for c in found if c not in step.commands]
                    _add_variant_commands(variants, found)
            (notes if step.blocks else prose).append("\n".join(lines))
        label = None
    step.text = "\n\n".join(p for p in prose if p)
    step.notes = "\n\n".join(p for p in notes if p and not p.rstrip().endswith(":"))
    tasks: list[DrillTask] = []
    if task_list is not None and answer_items:
        answers = {it.number or k: item_answer_alternatives(it) for k, it in enumerate(answer_items, 1)}
        for k, it in enumerate(task_list.items, 1):
            num = it.number or k
            found = answers.get(num, [])
            tasks.append(DrillTask(number=num, text=it.text(), line=it.line, answers=found,
                                   answer_shape="details" if found else None, step=number))
    elif task_list is not None:
        found = [c for it in task_list.items for c in item_answers(it)]
        step.commands += [c for c in found if c not in step.commands]
        _add_variant_commands(variants, found)
    step.variants = [v for v in variants if v]
    return step, tasks
