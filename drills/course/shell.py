"""Just enough shell reading to cut a code block into commands.

A "command" is a logical line: backslash continuations, quotes left open across lines (multi-line
JSON patches) and heredoc bodies stay part of the command that started them. Comment lines are
dropped. Nothing is rewritten: commands are kept exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
# kubectl (or the `k` alias) as a command word: at the start, or after a pipe, `&&`, `;`, `$(`.
# `bitnami/kubectl` or `--image=…kubectl` never match: the word must follow a separator.
_KUBECTL_WORD = re.compile(r"(?:^|[|;&(]\s*|\$\(\s*|\b(?:sudo|watch|time)\s+)(kubectl|k)(?=\s|$)")
_MARKER = re.compile(r"^#\s*(\d+)\s*$")
_PROMPT = re.compile(r"^\$\s+")


@dataclass
class ShellLine:
    """A logical line of a code block: a command, a comment, a blank, or an ``# N`` marker."""

    kind: str  # "command" | "comment" | "blank" | "marker"
    text: str
    line: int  # 0-based line inside the block where it starts
    number: int | None = None  # for markers


def _open_quote(s: str, quote: str | None) -> str | None:
    """Quote state after reading ``s`` starting in state ``quote``."""
    i = 0
    while i < len(s):
        ch = s[i]
        if quote is None:
            if ch == "\\":
                i += 2
                continue
            if ch in "'\"":
                quote = ch
            elif ch == "#" and (i == 0 or s[i - 1] in " \t"):
                break  # a comment: the rest of the line does not count
        elif ch == quote:
            quote = None
        elif ch == "\\" and quote == '"':
            i += 2
            continue
        i += 1
    return quote


def shell_lines(code: str) -> list[ShellLine]:
    """Cut a bash block into logical lines."""
    lines = code.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out: list[ShellLine] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        if not stripped:
            out.append(ShellLine("blank", "", i))
            i += 1
            continue
        m = _MARKER.match(stripped)
        if m:
            out.append(ShellLine("marker", stripped, i, int(m.group(1))))
            i += 1
            continue
        if stripped.startswith("#"):
            out.append(ShellLine("comment", stripped, i))
            i += 1
            continue
        start = i
        parts = [_PROMPT.sub("", raw.rstrip())]
        quote = _open_quote(parts[0], None)
        heredocs = [h.group(2) for h in _HEREDOC.finditer(parts[0])] if quote is None else []
        i += 1
        while i < len(lines):
            last = parts[-1]
            if quote is not None:
                parts.append(lines[i].rstrip())
                quote = _open_quote(lines[i], quote)
                if quote is None:
                    heredocs += [h.group(2) for h in _HEREDOC.finditer(lines[i])]
                i += 1
            elif last.endswith("\\") or last.rstrip().endswith(("|", "&&")):
                parts.append(lines[i].rstrip())
                quote = _open_quote(lines[i], None)
                heredocs += [h.group(2) for h in _HEREDOC.finditer(lines[i])]
                i += 1
            elif heredocs:
                delim = heredocs.pop(0)
                while i < len(lines) and lines[i].strip() != delim:
                    parts.append(lines[i].rstrip())
                    i += 1
                if i < len(lines):
                    parts.append(lines[i].rstrip())
                    i += 1
            else:
                break
        out.append(ShellLine("command", "\n".join(parts).strip(), start))
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
    """The bodies of the heredocs of a command (e.g. the YAML after ``kubectl apply -f - <<EOF``)."""
    lines = command.split("\n")
    bodies: list[str] = []
    delims: list[str] = []
    current: list[str] = []
    for ln in lines:
        if delims:
            if ln.strip() == delims[0]:
                delims.pop(0)
                bodies.append("\n".join(current))
                current = []
            else:
                current.append(ln)
            continue
        delims += [h.group(2) for h in _HEREDOC.finditer(ln)]
    return bodies
