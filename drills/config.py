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
from drills.safe_io import CONFIG_LIMIT, decode_utf8, read_bounded
from drills.schedule.settings import StudyConfig


def _num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _steps(v: list[Any]) -> bool:
    # Upper bounds too: a value that passes here must not overflow later (timedelta, SQLite).
    return len(v) <= 100 and all(_num(x) and 0 < x <= 525_600 for x in v)


_STEPS = "a list of minutes, each > 0 and at most 525600 (a year)"

SECTIONS: dict[str, dict[str, Any]] = {
    "study": {
        "desired_retention": (float, lambda v: 0.5 <= v < 1.0, "a number from 0.5 to 0.99"),
        "maximum_interval_days": (int, lambda v: 1 <= v <= 36500, "a whole number of days from 1 to 36500"),
        "learning_steps_minutes": (list, _steps, _STEPS),
        "relearning_steps_minutes": (list, _steps, _STEPS),
        "fuzzing": (bool, lambda v: True, "true or false"),
        "new_cards_per_day": (int, lambda v: 0 <= v <= 100_000, "a whole number from 0 to 100000"),
        "day_starts_at_hour": (int, lambda v: 0 <= v <= 23, "an hour from 0 to 23"),
        "timezone": (str, lambda v: v == "" or _known_zone(v), "an IANA time zone name like Europe/Berlin"),
        "learn_ahead_minutes": (int, lambda v: 0 <= v <= 1440, "a whole number of minutes from 0 to 1440"),
        "leech_threshold": (int, lambda v: 0 <= v <= 1000,
                            "a whole number from 0 to 1000 (0 turns leech detection off)"),
        "leech_action": (str, lambda v: v in ("suspend", "tag"), '"suspend" or "tag"'),
    },
    "rating": {
        "target_base_ms": (int, lambda v: 0 <= v <= 3_600_000, "milliseconds from 0 to 3600000 (an hour)"),
        "target_per_char_ms": (int, lambda v: 0 <= v <= 3_600_000, "milliseconds from 0 to 3600000 (an hour)"),
        "easy_factor": (float, lambda v: 0 < v < 1, "a number between 0 and 1"),
        "history_size": (int, lambda v: 1 <= v <= 1000, "a whole number from 1 to 1000"),
        "history_min": (int, lambda v: 1 <= v <= 1000, "a whole number from 1 to 1000"),
    },
    "check": {
        "second_opinion": (bool, lambda v: True, "true or false"),
    },
}



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
    if not os.path.lexists(path):
        return StudyConfig()
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
