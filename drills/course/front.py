"""Front matter and the week number.

The front matter is read key by key, not as YAML: titles are unquoted and contain an em dash, ``&``
and sometimes ``: ``, which YAML would reject or misread.
"""

from __future__ import annotations

import re

from drills.errors import DrillsError

_WEEK_IN_TITLE = re.compile(r"\bweek\s+(\d{1,2})\b", re.I)
_TITLE_PREFIX = re.compile(r"^\s*week\s+\d{1,2}\s*(?:[—–:\-|]\s*)?", re.I)
_SLUG_NUMBER = re.compile(r"(?:^|/)(\d{1,2})-[\w-]+")


def split_front_matter(text: str, file: str) -> tuple[dict[str, str], str, int]:
    """Return (fields, body, number of lines before the body)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise DrillsError("no front matter: a course page starts with a '---' line", file, 1)
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise DrillsError("front matter is not closed by a '---' line", file, 1)
    fields: dict[str, str] = {}
    for ln in lines[1:end]:
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", ln)
        if not m:
            continue
        value = m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1].replace("\\\"", '"') if value[0] == '"' else value[1:-1].replace("''", "'")
        fields[m.group(1).lower()] = value
    body = "\n".join(lines[end + 1 :])
    return fields, body, end + 1


def week_number(fields: dict[str, str], heading: str | None, file: str) -> int:
    """The week: from the title, else the ``NN-`` slug (permalink, then file name), else the H1.

    ``nav_order`` is a position inside a phase, never the week.
    """
    title = fields.get("title", "")
    m = _WEEK_IN_TITLE.search(title)
    if m:
        return int(m.group(1))
    for source in (fields.get("permalink", ""), file.replace("\\", "/")):
        m = _SLUG_NUMBER.search(source)
        if m:
            return int(m.group(1))
    if heading:
        m = _WEEK_IN_TITLE.search(heading)
        if m:
            return int(m.group(1))
    raise DrillsError("cannot tell the week number (no 'Week N' in the title, no NN- slug)", file, 1)


def week_title(fields: dict[str, str], heading: str | None) -> str:
    """The title without its "Week N —" prefix; the front-matter title wins over the H1."""
    for candidate in (fields.get("title"), heading):
        if candidate:
            cleaned = _TITLE_PREFIX.sub("", candidate).strip()
            if cleaned:
                return cleaned
    return ""
