"""The typed model of one weekly course page (what ``drills.course.read_week`` returns).

Everything is plain text: Markdown-ish, code spans kept in backticks, bold markers dropped.
Line numbers are 1-based lines of the page, for messages and "edit this card" hints.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Notice:
    """Something the reader or the card builder could not use as-is (shown by ``drill build``)."""

    line: int | None
    message: str


@dataclass
class Concept:
    """One unit of The Concept: a prose paragraph (with the bullet list it introduces, if any) or
    one item of a numbered list of bold-code terms.

    ``term`` is the lead-in term (first bold span, or the subject of "A X is a ..."); ``definition``
    is the text that defines it when the unit is a definition; ``codes`` are its inline code spans.
    """

    index: int  # 1-based position among the concept units (stable id part)
    text: str
    line: int
    term: str | None = None
    definition: str | None = None
    subtopic: str | None = None  # the ### heading or **pseudo-heading** it sits under
    codes: list[str] = field(default_factory=list)
    # The same text split into runs, so facts inside code spans and prose can be told apart.
    runs: list[tuple[str, str]] = field(default_factory=list)  # ("text"|"code", content)
    explicit: bool = False  # the term was asked as "**What is X?**": its answer defines it
    lead: str | None = None  # for one item of a "X — does Y" list: the lead-in sentence above it
    group: int | None = None  # units made from one paragraph and its list share the first one's index


@dataclass
class CodeBlock:
    """A fenced block (language as written, lower-cased; "" for a bare fence)."""

    lang: str
    code: str
    line: int
    label: str | None = None  # the text just before it ("Expected output:", "**Fix:**", ...)


@dataclass
class Step:
    """A Beginner Tutorial step ``### N. Title``."""

    number: int
    title: str
    line: int
    text: str  # prose of the step before its first code block (what to do)
    blocks: list[CodeBlock] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)  # kubectl commands, exactly as written
    other_commands: list[str] = field(default_factory=list)  # e.g. minikube, curl
    notes: str = ""  # prose after the first code block (what you should see, how to stop it)
    # The commands to type (kubectl, docker, helm) in page order, one list per variant the step
    # offers ("**Option A:**", "# Or", "Alternative"); one variant when it offers no choice.
    variants: list[list[str]] = field(default_factory=list)


@dataclass
class Solution:
    """A Solution Key entry paired with a challenge by number."""

    number: int
    title: str
    line: int
    text: str  # the entry rendered as Markdown-ish text, code blocks included
    commands: list[str] = field(default_factory=list)  # kubectl commands, exactly as written
    # The whole solution as accepted answers: each one sequence (the commands to type, kubectl, docker
    # or helm, one a line, in page order); several only where the entry offers a choice ("Or edit:
    # `…`", "# Or …", "**Alternative — …:**"), each then the full sequence with that choice made.
    answers: list[str] = field(default_factory=list)


@dataclass
class Challenge:
    """A Hands-On Lab challenge (``### Challenge N: …`` or ``### Question N (Weight: X%) — "…"``)."""

    number: int
    title: str
    line: int
    scenario: str
    criteria: str | None = None
    hints: list[str] = field(default_factory=list)
    solution: Solution | None = None


@dataclass
class DrillTask:
    """One speed-drill task and its accepted answers (empty when the page gives none).

    ``answer_shape`` records where the answer came from: "block" (A: ``# N`` markers after the list),
    "solution-markers" (B), "solution-order" (E), "inline" (D), "wording" (D'), "command" (F: the
    item is only a command), "details" (a drill hidden in a tutorial step), or None (C: no answer).
    """

    number: int
    text: str
    line: int
    answers: list[str] = field(default_factory=list)
    answer_shape: str | None = None
    bare_command: bool = False  # shape F: the wording is the command itself
    step: int | None = None  # tutorial step number for a drill hidden in a step


@dataclass
class Pitfall:
    """One Exam Pitfalls bullet: a title (card front) and its explanation (card back)."""

    index: int  # 1-based position in the list
    title: str
    explanation: str
    line: int
    category: bool = False  # the title is a repeated category word ("Networking")


@dataclass
class Week:
    """One weekly page, read."""

    number: int
    title: str
    source: str  # file name of the page (no directory)
    concepts: list[Concept] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    drill: list[DrillTask] = field(default_factory=list)
    hidden_drills: list[DrillTask] = field(default_factory=list)
    drill_intro: str = ""  # the drill's lead-in prose (may name the namespace every task uses)
    pitfalls: list[Pitfall] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    heading: str | None = None  # the H1, which may differ from the title
