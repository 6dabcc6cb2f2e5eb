"""Reads the study settings from ``$XDG_CONFIG_HOME/drills/config.toml`` (edge: file I/O).

A missing file means the defaults. A broken file is a DrillsError naming the file and line. The
settings, their sections, defaults and rules are declared once, on ``StudyConfig``
(drills/schedule/settings.py); docs/study.md shows the layout.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import fields
from datetime import tzinfo
from pathlib import Path
from typing import Any, Callable

from drills.errors import DrillsError
from drills.safe_io import CONFIG_LIMIT, decode_utf8, read_bounded
from drills.schedule.settings import StudyConfig, is_number


def _sections() -> dict[str, dict[str, tuple[type, Callable[[Any], bool], str]]]:
    """{section: {key: (type in TOML, rule, what the rule says)}} from StudyConfig's declarations."""
    sections: dict[str, dict[str, tuple[type, Callable[[Any], bool], str]]] = {}
    for f in fields(StudyConfig):
        kind = list if isinstance(f.default, tuple) else type(f.default)
        sections.setdefault(f.metadata["section"], {})[f.name] = (kind, f.metadata["ok"], f.metadata["expected"])
    return sections


SECTIONS = _sections()


def config_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("drills")) / "config.toml"


def _line_of(text: str, section: str, key: str | None) -> int | None:
    """1-based line of ``key`` inside ``[section]`` (or of the section header)."""
    current = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        header = re.match(r"^\[\s*([A-Za-z0-9_.-]+)\s*\]", line)
        if header:
            current = header.group(1)
            if key is None and current == section:
                return number
            continue
        if key is not None and current == section and re.match(rf"^{re.escape(key)}\s*=", line):
            return number
    return None


def load_config(path: str | os.PathLike[str] | None = None) -> StudyConfig:
    """The settings from ``path`` (default: config_path()); defaults when the file does not exist."""
    path = Path(path) if path is not None else config_path()
    if not os.path.lexists(path):
        return StudyConfig()
    # Bounded, regular files only: a FIFO or a device here would hang or exhaust memory.
    text = decode_utf8(read_bounded(path, CONFIG_LIMIT, "config file"), str(path))
    try:
        data = tomllib.loads(text)
    except RecursionError:  # arrays or tables nested hundreds deep
        raise DrillsError("not valid TOML: nested too deeply", file=str(path)) from None
    except tomllib.TOMLDecodeError as e:
        # Python 3.11 puts the position only in the message: "... (at line 3, column 7)".
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e)) or "not valid TOML"
        raise DrillsError(
            f"not valid TOML: {message}", file=str(path),
            line=int(m.group(1)) if m else None, column=int(m.group(2)) if m else None,
        ) from e
    except ValueError:  # int() of a number with more than 4300 digits
        raise DrillsError("not valid TOML: a number with too many digits", file=str(path)) from None
    values: dict[str, Any] = {}
    for section, table in data.items():
        if section not in SECTIONS or not isinstance(table, dict):
            raise DrillsError(
                f"unknown section [{section}] (known: {', '.join('[' + s + ']' for s in SECTIONS)})",
                file=str(path), line=_line_of(text, section, None) or _line_of(text, "", section),
            )
        for key, value in table.items():
            spec = SECTIONS[section].get(key)
            line = _line_of(text, section, key)
            if spec is None:
                raise DrillsError(
                    f"unknown setting {key!r} in [{section}] (known: {', '.join(SECTIONS[section])})",
                    file=str(path), line=line,
                )
            kind, ok, expected = spec
            if kind is float and is_number(value):
                value = float(value)
            type_ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
            if not type_ok or not ok(value):
                raise DrillsError(f"{key} must be {expected}, got {value!r}", file=str(path), line=line)
            values[key] = value
    config = StudyConfig.from_dict(values)
    if config.history_min > config.history_size:
        raise DrillsError(
            "history_min must not be larger than history_size", file=str(path),
            line=_line_of(text, "rating", "history_min"),
        )
    return config


def timezone_of(config: StudyConfig) -> tzinfo | None:
    """The tzinfo for day boundaries: the configured zone, or None for the system's local time."""
    if not config.timezone:
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(config.timezone)
