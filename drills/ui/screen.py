"""Screen text as plain data: lines of ``(style, text)`` pieces.

The first screen of `drill speed` (the task list and the first task) is built from these so that a
terminal can draw it with prompt_toolkit alone: rich (a third of prompt_toolkit's import time) is only
needed once the first verdict is shown. Style names: ``""``, ``"bold"``, ``"dim"``, ``"code"``.
"""

from __future__ import annotations

import re

from drills.kubectl.shape import AnswerShape

Piece = tuple[str, str]
Line = list[Piece]

_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def with_code(text: str, style: str = "", *, plain: bool) -> Line:
    """``text`` with its backtick code spans as ``code`` pieces (backticks kept when ``plain``)."""
    if plain:
        return [(style, text)]
    line: Line = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        if m.start() > pos:
            line.append((style, text[pos : m.start()]))
        line.append(("code", m.group(1)))
        pos = m.end()
    if pos < len(text):
        line.append((style, text[pos:]))
    return line


def wrap(line: Line, width: int) -> list[Line]:
    """Word-wrap one line to ``width`` columns, continuing under the text after a leading
    ``" 3. "``-style number (a hanging indent). A word longer than the width is cut."""
    label = re.match(r"\s*\d+[./]?\d*\.?\s+", line[0][1]) if line else None
    indent = len(label.group(0)) if label else 0
    if indent >= width // 2:
        indent = 0
    out: list[Line] = [[]]
    col = 0
    for style, text in line:
        for word in re.findall(r"\S+|\s+", text):
            if "\n" in word:  # the text's own line breaks (a front's "(continues: ...)" paragraph)
                out.extend([] for _ in range(word.count("\n")))
                col = 0
                continue
            if word.isspace():
                # keep spaces inside a line and at its very start; drop them where a wrap begins
                if (col or len(out) == 1) and col + len(word) < width:
                    out[-1].append((style, word))
                    col += len(word)
                continue
            while word:
                room = width - col
                if len(word) <= room:
                    out[-1].append((style, word))
                    col += len(word)
                    word = ""
                elif col > indent:  # break the line before this word
                    while out[-1] and out[-1][-1][1].isspace():
                        out[-1].pop()
                    out.append([("", " " * indent)] if indent else [])
                    col = indent
                else:  # the word alone is wider than the line: cut it
                    out[-1].append((style, word[:room]))
                    word = word[room:]
                    out.append([("", " " * indent)] if indent else [])
                    col = indent
    return out


def to_text(lines: list[Line]) -> str:
    """The lines as plain text (no styles), newline-terminated."""
    return "".join("".join(text for _, text in line) + "\n" for line in lines)


def answer_hint(shape: AnswerShape, interactive: bool) -> str | None:
    """The line under a multi-line card's front: what to type and how to finish it."""
    if not shape.multiline:
        return None
    how = {"sequence": "one per line", "heredoc": "the here-document up to its end line (EOF)",
           "manifest": "as YAML"}.get(shape.kind, "one per line")
    done = "an empty line or Esc Enter checks it" if interactive else "an empty line ends it"
    return f"answer: {shape.label}, {how}; {done}"
