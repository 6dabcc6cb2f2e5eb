"""A code block of a course page, line by line: commands and the page structure around them.

Where a command ends is the grader's knowledge (``drills.kubectl.sequences.logical_commands``): a
deck answer built from a block must be read by the grader as the block means, so both read it one
way (continuations, quotes left open across lines, heredoc bodies and ``&&``/``|`` at a line end keep
a command going). What is left here is the page's own structure: comment lines (``# or`` between
alternatives), ``# N`` task markers and blank lines. Nothing is rewritten: commands are kept exactly
as written, but for a ``$ `` prompt before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drills.kubectl.sequences import logical_commands
from drills.kubectl.tokenizer import ShellSyntaxError, tokenize

_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
# kubectl (or the `k` alias) as a command word: at the start, or after a pipe, `&&`, `;`, `$(`.
# `bitnami/kubectl` or `--image=…kubectl` never match: the word must follow a separator.
_KUBECTL_WORD = re.compile(r"(?:^|[|;&(]\s*|\$\(\s*|\b(?:sudo|watch|time)\s+)(kubectl|k)(?=\s|$)")
_MARKER = re.compile(r"^#\s*(\d+)\s*$")


@dataclass
class ShellLine:
    """A logical line of a code block: a command, a comment, a blank, or an ``# N`` marker."""

    kind: str  # "command" | "comment" | "blank" | "marker"
    text: str
    line: int  # 0-based line inside the block where it starts
    number: int | None = None  # for markers


def shell_lines(code: str) -> list[ShellLine]:
    """Cut a bash block into logical lines: the grader's commands, and each line outside them."""
    lines = code.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # as the grader counts lines
    if lines and lines[-1] == "":
        lines.pop()
    starting = {c.line: c for c in logical_commands(code)}
    out: list[ShellLine] = []
    i = 0
    while i < len(lines):
        command = starting.get(i)
        if command is not None:
            out.append(ShellLine("command", command.text, i))
            i = command.end_line + 1
            continue
        stripped = lines[i].strip()
        m = _MARKER.match(stripped)
        if not stripped:
            out.append(ShellLine("blank", "", i))
        elif m:
            out.append(ShellLine("marker", stripped, i, int(m.group(1))))
        else:  # a comment line (``# or``, ``$ # …``): no command of the grader's starts here
            out.append(ShellLine("comment", stripped, i))
        i += 1
    return out


def commands(code: str) -> list[str]:
    """Every command of a bash block, comments and blanks dropped."""
    return [sl.text for sl in shell_lines(code) if sl.kind == "command"]


def is_kubectl(command: str) -> bool:
    """True when kubectl (or its ``k`` alias) runs in this command.

    ``alias k=kubectl`` and ``complete -F __start_kubectl k`` are setup, not commands; heredoc bodies
    do not count (an ``image: bitnami/kubectl`` line in YAML is not a command).
    """
    first = command.split("\n", 1)[0]
    if re.match(r"^\s*(alias|complete|source|export|echo)\b", first):
        return False
    return bool(_KUBECTL_WORD.search(_without_heredoc_bodies(command)))


def _without_heredoc_bodies(command: str) -> str:
    lines = command.split("\n")
    out = []
    delims: list[str] = []
    for ln in lines:
        if delims:
            if ln.strip() == delims[0]:
                delims.pop(0)
            continue
        out.append(ln)
        delims += [h.group(2) for h in _HEREDOC.finditer(ln)]
    return "\n".join(out)


def heredoc_bodies(command: str) -> list[str]:
    """The bodies of the heredocs of a command (e.g. the YAML after ``kubectl apply -f - <<EOF``), as
    the grader reads them (``<<-`` strips leading tabs); none when the command cannot be read."""
    try:
        segments = tokenize(command)
    except ShellSyntaxError:
        return []
    return [r.target for seg in segments for r in seg.redirects if r.op == "<<"]
