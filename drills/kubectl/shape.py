"""What a card's answer looks like, for the screens that ask for it: one command, a sequence of
commands, a command with a here-document, or a manifest; and whether it is typed on several lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from drills.kubectl.manifest import looks_like_manifest
from drills.kubectl.tokenizer import PIPE, ShellSyntaxError, tokenize

COMMAND, SEQUENCE, HEREDOC, MANIFEST = "command", "sequence", "heredoc", "manifest"


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
    if looks_like_manifest(first):
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
    return looks_like_manifest(text) or not open_heredoc(text)


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
