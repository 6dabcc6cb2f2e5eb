"""Reading a manifest answer: YAML text, one or more documents, each maybe after a ``# file.yaml``
comment. It is parsed with ``yaml.CSafeLoader`` (or the pure ``SafeLoader``; plain data only, never
Python objects) under size limits; ``drills.kubectl.manifest_compare`` then compares it with the
expected manifest, and ``drills.kubectl.manifest_check`` turns that into a verdict. (Whether a text
is a manifest at all is :func:`drills.kubectl.shape.is_manifest`.)

PyYAML is imported only when a manifest is read: the screens that merely ask for an answer never
load it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yaml import Event

MAX_CHARS = 100_000  # a manifest typed or pasted by a student is a few KB
MAX_NODES = 20_000  # aliases can make a small text a huge tree; stop walking well before that hurts
MAX_DEPTH = 60

# A manifest's data is whatever the YAML held: mappings and lists of anything (hence Any).
YamlMapping = dict[Any, Any]
YamlList = list[Any]
FieldPath = tuple[object, ...]  # mapping keys, list indices and ``key=value`` list items, from the root


class ManifestError(ValueError):
    """The text is not readable YAML (with 1-based line and column when known)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"{message}{where}")
        self.line = line
        self.column = column


@dataclass
class Document:
    """One YAML document: its data and the file it is named after (``# base/kustomization.yaml``
    just before it), if any."""

    data: Any
    file: str | None = None


def load(text: str) -> list[Document]:
    """The documents of ``text`` (empty ones dropped). Raises :class:`ManifestError`."""
    import yaml

    if len(text) > MAX_CHARS:
        raise ManifestError(f"the manifest is longer than {MAX_CHARS} characters")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = list(yaml.load_all(text, Loader=loader))
        files = _file_names(text, yaml.parse(text, Loader=loader), len(data))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "not YAML"
        if mark is None:
            raise ManifestError(f"cannot read this manifest: {problem}") from None
        raise ManifestError(f"cannot read this manifest: {problem}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as e:
        raise ManifestError(f"cannot read this manifest: {e}") from None
    except RecursionError:
        raise ManifestError("cannot read this manifest: nested too deeply") from None
    docs = [Document(d, f) for d, f in zip(data, files) if d is not None]
    _check_size([d.data for d in docs])
    return docs


_FILE_COMMENT = re.compile(r"#\s*(?:file:\s*)?([\w./-]+\.(?:ya?ml|json))\s*$")


def _file_names(text: str, events: Iterable[Event], count: int) -> list[str | None]:
    """For each document, the ``# name.yaml`` comment between the previous document and its first
    value (the course writes several files in one block this way)."""
    import yaml

    lines = text.splitlines()
    names: list[str | None] = []
    region_start = 0
    first_value: int | None = None
    for ev in events:
        if isinstance(ev, yaml.DocumentStartEvent):
            first_value = None
        elif isinstance(ev, yaml.NodeEvent) and first_value is None:
            first_value = ev.start_mark.line if ev.start_mark is not None else region_start
            found = None
            for line in lines[region_start:first_value]:
                m = _FILE_COMMENT.match(line.strip())
                if m:
                    found = m.group(1)
            names.append(found)
        elif isinstance(ev, yaml.DocumentEndEvent):
            if first_value is None:
                names.append(None)
            region_start = ev.end_mark.line if ev.end_mark is not None else region_start
    return (names + [None] * count)[:count]


def _check_size(docs: list[Any]) -> None:
    budget = [MAX_NODES]

    def walk(node: Any, depth: int) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise ManifestError(f"the manifest has more than {MAX_NODES} values")
        if depth > MAX_DEPTH:
            raise ManifestError("cannot read this manifest: nested too deeply")
        if isinstance(node, dict):
            for k, v in node.items():
                walk(k, depth + 1)
                walk(v, depth + 1)
        elif isinstance(node, list):
            for v in node:
                walk(v, depth + 1)

    walk(docs, 0)
