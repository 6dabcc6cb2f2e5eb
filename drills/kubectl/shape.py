"""What a card's answer looks like: one command, a sequence of commands, a command with a
here-document, or a manifest; and whether it is typed on several lines.

:func:`is_manifest` is the one "is this a manifest" rule: the grader, the deck builder and the
executor all use it. It is plain text matching (no YAML parser): the screens ask it on every
keystroke, and the first prompt must not pay for loading the manifest grader or PyYAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drills.kubectl.tokenizer import PIPE, ShellSyntaxError, tokenize

COMMAND, SEQUENCE, HEREDOC, MANIFEST = "command", "sequence", "heredoc", "manifest"

_YAML_KEY = re.compile(r"[A-Za-z_][\w.\-/]*:(\s|$)")


def is_manifest(text: str) -> bool:
    """True when ``text`` is YAML (its first line that is not blank or a comment is ``key:`` or
    ``---``), not a shell command. A shell command never starts with ``word:``; a YAML list
    (``- name: x``) or a command with a here-document is not a manifest answer."""
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        return s == "---" or s.startswith("--- ") or bool(_YAML_KEY.match(s))
    return False


@dataclass(frozen=True)
class AnswerShape:
    """``kind``: command | sequence | heredoc | manifest; ``steps``: commands in it (0 for a
    manifest); ``multiline``: the deck writes it on several lines, so the input takes several lines
    (an empty line finishes it)."""

    kind: str
    steps: int = 1
    multiline: bool = False

    @property
    def label(self) -> str:
        """``2 commands``, ``a command and its manifest``, ``a manifest (YAML)``, ``1 command``."""
        if self.kind == MANIFEST:
            return "a manifest (YAML)"
        if self.kind == HEREDOC:
            return "a command and its manifest" if self.steps == 1 else f"{self.steps} commands, one with a manifest"
        return "1 command" if self.steps == 1 else f"{self.steps} commands"


def answer_shape(answers: list[str]) -> AnswerShape:
    """The shape of a card's first accepted answer; multi-line when any alternative is."""
    if not answers:
        return AnswerShape(COMMAND)
    multiline = any("\n" in a.strip() for a in answers)
    first = answers[0]
    if is_manifest(first):
        return AnswerShape(MANIFEST, 0, True)
    try:
        segments = tokenize(first)
    except (ShellSyntaxError, RecursionError):
        return AnswerShape(COMMAND, 1, multiline)
    steps = sum(1 for s in segments if s.op != PIPE) or 1
    if any(r.op == "<<" for s in segments for r in s.redirects):
        return AnswerShape(HEREDOC, steps, True)
    return AnswerShape(SEQUENCE if steps > 1 else COMMAND, steps, multiline)


def blank_line_ends(text: str) -> bool:
    """Whether an empty line typed after ``text`` finishes a multi-line answer: yes, unless it is
    inside a here-document still waiting for its end line."""
    return is_manifest(text) or not open_heredoc(text)


def open_heredoc(text: str) -> bool:
    """True while ``text`` has a here-document whose end line has not been typed yet (an empty line
    there is part of the document, not the end of the answer)."""
    if "<<" not in text:
        return False
    try:
        tokenize(text)
    except ShellSyntaxError as e:
        return "here-document never ends" in str(e)
    except RecursionError:
        return False
    return False
