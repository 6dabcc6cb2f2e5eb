"""Screen text as plain data: lines of ``(style, text)`` pieces.

The first screen of `drill speed` (the task list and the first task) is built from these so that a
terminal can draw it with prompt_toolkit alone: rich (a third of prompt_toolkit's import time) is only
needed once the first verdict is shown. Style names: ``""``, ``"bold"``, ``"dim"``, ``"code"``.
"""

from __future__ import annotations

import re

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


def to_text(lines: list[Line]) -> str:
    """The lines as plain text (no styles), newline-terminated."""
    return "".join("".join(text for _, text in line) + "\n" for line in lines)
