"""Sequences: an answer of several commands, all required, in order.

A *step* is one command as the student thinks of it: a pipeline (``kubectl get … | base64 -d`` is one
step), with its redirections and here-document. Steps are separated by newlines, ``&&``, ``;``,
``||`` or "then" (the tokenizer's sequence operators, all equivalent here). ``cat <<EOF | kubectl
apply -f -`` is the same step as ``kubectl apply -f - <<EOF`` (both feed the same text to kubectl's
stdin), so the ``cat`` is folded into the command it feeds.

The student's steps are aligned to the expected ones in order (an edit-distance alignment: a
matched pair costs its number of differences, a step left out or added costs a fixed amount), so a
missing first command is reported as missing rather than shifting every later comparison.

A block of commands (a page's code block, a deck answer) is cut into its commands, one logical line
each, by :func:`logical_commands`: the one reading of where a command ends that the course reader
(``drills.course.shell``) and the grader share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from drills.kubectl.form import Canon, render
from drills.kubectl.tokenizer import PIPE, ShellSyntaxError, command_spans, tokenize

Step = list[Canon]
# Leaving a step out (or adding one) costs this much; a pair compared with a different command path
# costs more (see ``PATH_MISMATCH``), so an unrelated pair is reported as one missing + one unexpected.
SKIP_COST = 2
PATH_MISMATCH = 3


@dataclass(frozen=True)
class LogicalCommand:
    """One command of a block as bash reads it, kept as written: continuations, quotes open across
    lines, ``&&``/``||``/``|`` at a line end and here-document bodies stay in it; a ``$ `` prompt
    before it and trailing spaces of its lines are dropped. ``line`` and ``end_line`` are the 0-based
    lines of the block where it starts and ends; ``readable`` is False when bash could not read it
    (a quote or here-document that never closes runs to the end of the block)."""

    text: str
    line: int
    end_line: int
    readable: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "line": self.line, "end_line": self.end_line, "readable": self.readable}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LogicalCommand:
        return cls(text=d["text"], line=d["line"], end_line=d["end_line"], readable=d.get("readable", True))


def logical_commands(block: str) -> list[LogicalCommand]:
    """The commands of ``block`` (blank and comment-only lines belong to none), each with the lines
    it spans. Never raises: a command bash could not read is still one (``readable`` False); a quote
    or here-document that never closes runs to the end of the block, a mistake inside a line (``>``
    with no target) ends with its line."""
    text, spans, _ = command_spans(block)
    out: list[LogicalCommand] = []
    line = counted = 0  # lines counted incrementally: a block of many commands stays linear
    for start, end, readable in spans:
        written = "\n".join(ln.rstrip() for ln in text[start:end].split("\n")).strip()
        line += text.count("\n", counted, start)
        counted = start
        out.append(LogicalCommand(written, line, line + written.count("\n"), readable))
    return out


def without_heredoc_bodies(text: str) -> str:
    """``text`` without its here-document bodies and their delimiter lines (``image: bitnami/kubectl``
    in a manifest is no command), as the grader reads them; text that cannot be read loses a body
    that never ends from its first line on."""
    whole, _, bodies = command_spans(text)
    kept: list[str] = []
    at = 0
    for start, end in bodies:
        kept.append(whole[at:start])
        at = end
    return ("".join(kept) + whole[at:]).rstrip("\n")


def fold_cat_heredocs(canons: list[Canon]) -> list[Canon]:
    """``cat <<EOF | CMD`` -> ``CMD <<EOF`` (same stdin); every other segment unchanged."""
    out: list[Canon] = []
    i = 0
    while i < len(canons):
        c = canons[i]
        if (c.program == "cat" and not c.args and c.op == PIPE and i + 1 < len(canons)
                and [op for op, _ in c.redirects] == ["<<"]
                and not any(op in ("<<", "<") for op, _ in canons[i + 1].redirects)):
            nxt = canons[i + 1]
            out.append(replace(nxt, redirects=nxt.redirects + c.redirects))
            i += 2
            continue
        out.append(c)
        i += 1
    return out


def split_steps(canons: list[Canon]) -> list[Step]:
    """Group segments into steps: a pipeline stays together."""
    steps: list[Step] = []
    current: Step = []
    for c in canons:
        current.append(c)
        if c.op != PIPE:
            steps.append(current)
            current = []
    if current:
        steps.append(current)
    return steps


def step_text(step: Step, source: str | None = None, limit: int = 70) -> str:
    """A short rendering of a step for a reason (``kubectl create quota q --hard=pods=5 -n q``): its
    text as written (``source``) when known, else its canonical form."""
    text = source if source is not None else render(step)
    if source is None and any(op == "<<" for c in step for op, _ in c.redirects):
        text += " <<EOF …"
    if len(text) <= limit:
        return text
    cut = text[: limit - 2]
    if cut.rfind(" ") > limit // 2:  # end at a word, not inside one
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip() + " …"


def source_steps(text: str) -> list[str] | None:
    """Each step of ``text`` as written (words as typed, a here-document shown as ``<<EOF …``), or
    None when it cannot be read."""
    try:
        segments = tokenize(text)
    except (ShellSyntaxError, RecursionError):
        return None
    out: list[str] = []
    current: list[str] = []
    for seg in segments:
        words = " ".join(w.raw for w in seg.words)
        for r in seg.redirects:
            words += " <<EOF …" if r.op == "<<" else f" {r.op}" + (f" {r.target}" if r.target else "")
        current.append(words)
        if seg.op != PIPE:
            out.append(" | ".join(current))
            current = []
    if current:
        out.append(" | ".join(current))
    return out


def align(exp: list[Step], got: list[Step], cost: Callable[[Step, Step], int]) -> list[tuple[int | None, int | None]]:
    """The cheapest in-order alignment: pairs (i, j), (i, None) = expected step i missing,
    (None, j) = the student's step j has no counterpart."""
    n, m = len(exp), len(got)
    pair = [[cost(exp[i], got[j]) for j in range(m)] for i in range(n)]
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    best[n][m] = 0
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            options = []
            if i < n and j < m:
                options.append(pair[i][j] + best[i + 1][j + 1])
            if i < n:
                options.append(SKIP_COST + best[i + 1][j])
            if j < m:
                options.append(SKIP_COST + best[i][j + 1])
            best[i][j] = min(options)
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and best[i][j] == pair[i][j] + best[i + 1][j + 1]:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif i < n and best[i][j] == SKIP_COST + best[i + 1][j]:
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    return out
