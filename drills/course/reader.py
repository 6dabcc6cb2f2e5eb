"""One weekly page (text) -> Week. Pure: no files; the caller passes the text and its file name."""

from __future__ import annotations

import re
from pathlib import PurePath

from drills.course.blocks import Block, parse_blocks
from drills.course.concepts import read_concepts
from drills.course.drill import drill_lead_in, read_drill
from drills.course.front import split_front_matter, week_number, week_title
from drills.course.lab import read_challenges, read_solutions
from drills.course.model import Notice, Week
from drills.course.pitfalls import read_pitfalls
from drills.course.tutorial import read_steps
from drills.errors import DrillsError

# (key, words that identify the ## heading, name in messages); always in this order on a page.
SECTIONS = (
    ("concept", r"concept", "The Concept"),
    ("tutorial", r"tutorial", "Beginner Tutorial"),
    ("lab", r"\blab\b|hands-on", "Hands-On Lab"),
    ("drill", r"drill", "Weekly Speed Drill"),
    ("pitfalls", r"pitfall", "Exam Pitfalls"),
    ("solutions", r"solution", "Solution Key"),
)


def decode_page(data: bytes, file: str) -> str:
    """Bytes of a page -> text; binary or non-UTF-8 content is a DrillsError with its line."""
    if b"\x00" in data[:8192]:
        line = data[:8192].count(b"\n", 0, data.index(b"\x00")) + 1
        raise DrillsError("not a text file (binary content)", file, line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise DrillsError(f"not UTF-8 text (byte 0x{data[e.start]:02x})", file, line, col) from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_week(text: str, file: str = "<page>") -> Week:
    """Read one course page into a Week. Raises DrillsError (with file and line) on bad input."""
    name = PurePath(file).name
    if "\x00" in text:
        raise DrillsError("not a text file (binary content)", file, text[: text.index("\x00")].count("\n") + 1)
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    fields, body, offset = split_front_matter(text, file)
    try:
        blocks = parse_blocks(body, offset)
    except DrillsError as e:
        e.file = e.file or file
        raise
    heading = next((b.text() for b in blocks if b.kind == "heading" and b.level == 1), None)
    number = week_number(fields, heading, file)
    if not 1 <= number <= 99:  # a deck is for weeks 1-99: week 0 would build a deck no command loads
        raise DrillsError(f"week {number} is not a week number (1-99)", file, 1)
    # A page inside weeks/NN-slug/README.md is known by its folder.
    source = name if not re.match(r"(?i)readme\.md$", name) else "/".join(PurePath(file).parts[-2:])
    week = Week(number=number, title=week_title(fields, heading), source=source, heading=heading)
    sections, heads = _sections(blocks, week, file)
    end_line = offset + body.count("\n") + 1
    for key, _, label in SECTIONS:
        if key not in sections:
            following = [heads[k].line for k, _, _ in SECTIONS[SECTIONS.index((key, _, label)) + 1 :] if k in heads]
            raise DrillsError(f"missing section '## {label}'", file, following[0] if following else end_line)
    week.concepts = read_concepts(sections["concept"])
    week.steps, week.hidden_drills = read_steps(sections["tutorial"])
    week.challenges = read_challenges(sections["lab"])
    solutions, references = read_solutions(sections["solutions"])
    for ch in week.challenges:
        ch.solution = solutions.get(ch.number)
        if ch.solution is None:
            week.notices.append(Notice(ch.line, f"challenge {ch.number} has no Solution Key entry"))
    week.drill, notices = read_drill(sections["drill"], heads["drill"], references, file)
    week.notices += notices
    week.drill_intro = drill_lead_in(sections["drill"])
    week.pitfalls = read_pitfalls(sections["pitfalls"])
    if not week.concepts:
        week.notices.append(Notice(heads["concept"].line, "The Concept has no paragraphs"))
    if not week.pitfalls:
        week.notices.append(Notice(heads["pitfalls"].line, "Exam Pitfalls has no bullet list"))
    return week


def _sections(blocks: list[Block], week: Week, file: str) -> tuple[dict[str, list[Block]], dict[str, Block]]:
    sections: dict[str, list[Block]] = {}
    heads: dict[str, Block] = {}
    current: list[Block] | None = None
    for b in blocks:
        if b.kind == "heading" and b.level <= 2 and b.details is None:
            current = None
            if b.level == 2:
                title = b.text()
                key = next((k for k, pat, _ in SECTIONS if re.search(pat, title, re.I)), None)
                if key is None:
                    week.notices.append(Notice(b.line, f"unknown section '## {title}' ignored"))
                elif key in sections:
                    week.notices.append(Notice(b.line, f"second '## {title}' section ignored"))
                else:
                    current = sections[key] = []
                    heads[key] = b
            continue
        if current is not None:
            current.append(b)
    return sections, heads
