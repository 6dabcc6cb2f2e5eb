"""Reads the study settings from ``$XDG_CONFIG_HOME/drills/config.toml`` (edge: file I/O).

A missing file means the defaults. A broken file is a DrillsError naming the file and line.
Layout (every key optional; these are the defaults):

    [study]
    desired_retention = 0.9
    maximum_interval_days = 36500
    learning_steps_minutes = [1, 10]
    relearning_steps_minutes = [10]
    fuzzing = true
    new_cards_per_day = 20
    day_starts_at_hour = 4
    timezone = ""                # IANA name, "" = system local time
    learn_ahead_minutes = 20
    leech_threshold = 8
    leech_action = "suspend"     # or "tag"

    [rating]
    target_base_ms = 5000
    target_per_char_ms = 250
    easy_factor = 0.6
    history_size = 5
    history_min = 3

    [check]
    second_opinion = true        # a rejected answer is rendered by the real kubectl; same object = right
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from drills.errors import DrillsError
from drills.schedule.settings import StudyConfig

SECTIONS: dict[str, dict[str, Any]] = {
    "study": {
        "desired_retention": (float, lambda v: 0.5 <= v < 1.0, "a number from 0.5 to 0.99"),
        "maximum_interval_days": (int, lambda v: v >= 1, "a whole number of days >= 1"),
        "learning_steps_minutes": (list, lambda v: all(_num(x) and x > 0 for x in v), "a list of minutes > 0"),
        "relearning_steps_minutes": (list, lambda v: all(_num(x) and x > 0 for x in v), "a list of minutes > 0"),
        "fuzzing": (bool, lambda v: True, "true or false"),
        "new_cards_per_day": (int, lambda v: v >= 0, "a whole number >= 0"),
        "day_starts_at_hour": (int, lambda v: 0 <= v <= 23, "an hour from 0 to 23"),
        "timezone": (str, lambda v: v == "" or _known_zone(v), "an IANA time zone name like Europe/Berlin"),
        "learn_ahead_minutes": (int, lambda v: v >= 0, "a whole number of minutes >= 0"),
        "leech_threshold": (int, lambda v: v >= 0, "a whole number >= 0 (0 turns leech detection off)"),
        "leech_action": (str, lambda v: v in ("suspend", "tag"), '"suspend" or "tag"'),
    },
    "rating": {
        "target_base_ms": (int, lambda v: v >= 0, "milliseconds >= 0"),
        "target_per_char_ms": (int, lambda v: v >= 0, "milliseconds >= 0"),
        "easy_factor": (float, lambda v: 0 < v < 1, "a number between 0 and 1"),
        "history_size": (int, lambda v: v >= 1, "a whole number >= 1"),
        "history_min": (int, lambda v: v >= 1, "a whole number >= 1"),
    },
    "check": {
        "second_opinion": (bool, lambda v: True, "true or false"),
    },
}


def _num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except Exception:
        return False
    return True


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


def load_config(path: str | os.PathLike | None = None) -> StudyConfig:
    """The settings from ``path`` (default: config_path()); defaults when the file does not exist."""
    path = Path(path) if path is not None else config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return StudyConfig()
    except (OSError, UnicodeDecodeError) as e:
        raise DrillsError(f"cannot read the config file: {e}", file=str(path)) from e
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # Python 3.11 puts the position only in the message: "... (at line 3, column 7)".
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e)) or "not valid TOML"
        raise DrillsError(
            f"not valid TOML: {message}", file=str(path),
            line=int(m.group(1)) if m else None, column=int(m.group(2)) if m else None,
        ) from e
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
            if kind is float and _num(value):
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


def timezone_of(config: StudyConfig):
    """The tzinfo for day boundaries: the configured zone, or None for the system's local time."""
    if not config.timezone:
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(config.timezone)
