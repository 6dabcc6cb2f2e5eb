"""The study settings as a plain value, each declared once here: its default, its section in
config.toml, the rule a value must follow and what the rule says (drills.config reads the file by
these declarations; docs/study.md shows them and a test keeps the two in step)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Callable


def is_number(x: object) -> bool:
    """An int or float, not a bool (TOML's true is no number)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo  # the IANA database that ships with Python or tzdata: package data

    try:
        ZoneInfo(name)
    except Exception:  # noqa: BLE001 -- any failure means "not a zone we can use"
        return False
    return True


def setting(default: Any, section: str, ok: Callable[[Any], bool], expected: str) -> Any:
    """A StudyConfig field: ``default``; its ``[section]`` in config.toml; ``ok(value)`` says whether a
    value (already of the default's type) is allowed; ``expected`` says what is, for the error."""
    return field(default=default, metadata={"section": section, "ok": ok, "expected": expected})


def _positive_minutes(v: list[Any]) -> bool:
    # Bounded above too: a value allowed here must not overflow later (timedelta, SQLite integers).
    return len(v) <= 100 and all(is_number(x) and 0 < x <= 525_600 for x in v)


_MINUTES = "a list of minutes, each > 0 and at most 525600 (a year)"


@dataclass(frozen=True)
class StudyConfig:
    """Every knob of the scheduler, the auto-rating rule and grading, with its default.

    Steps are in minutes, intervals in days, times in milliseconds. ``timezone`` is an IANA name
    ("Europe/Berlin") or "" for the system's local time; it decides where a study day begins.
    """

    desired_retention: float = setting(0.9, "study", lambda v: 0.5 <= v < 1.0, "a number from 0.5 to 0.99")
    maximum_interval_days: int = setting(36500, "study", lambda v: 1 <= v <= 36500,
                                         "a whole number of days from 1 to 36500")
    learning_steps_minutes: tuple[float, ...] = setting((1.0, 10.0), "study", _positive_minutes, _MINUTES)
    relearning_steps_minutes: tuple[float, ...] = setting((10.0,), "study", _positive_minutes, _MINUTES)
    fuzzing: bool = setting(True, "study", lambda v: True, "true or false")
    new_cards_per_day: int = setting(20, "study", lambda v: 0 <= v <= 100_000, "a whole number from 0 to 100000")
    day_starts_at_hour: int = setting(4, "study", lambda v: 0 <= v <= 23, "an hour from 0 to 23")
    timezone: str = setting("", "study", lambda v: v == "" or _known_zone(v),
                            "an IANA time zone name like Europe/Berlin")
    learn_ahead_minutes: int = setting(20, "study", lambda v: 0 <= v <= 1440,
                                       "a whole number of minutes from 0 to 1440")
    leech_threshold: int = setting(8, "study", lambda v: 0 <= v <= 1000,
                                   "a whole number from 0 to 1000 (0 turns leech detection off)")
    leech_action: str = setting("suspend", "study", lambda v: v in ("suspend", "tag"), '"suspend" or "tag"')
    # Auto-rating of typed command answers (see rating.py).
    target_base_ms: int = setting(5000, "rating", lambda v: 0 <= v <= 3_600_000,
                                  "milliseconds from 0 to 3600000 (an hour)")
    target_per_char_ms: int = setting(250, "rating", lambda v: 0 <= v <= 3_600_000,
                                      "milliseconds from 0 to 3600000 (an hour)")
    easy_factor: float = setting(0.6, "rating", lambda v: 0 < v < 1, "a number between 0 and 1")
    history_size: int = setting(5, "rating", lambda v: 1 <= v <= 1000, "a whole number from 1 to 1000")
    history_min: int = setting(3, "rating", lambda v: 1 <= v <= 1000, "a whole number from 1 to 1000")
    # Grading: render a rejected answer with the real kubectl and accept the same object.
    second_opinion: bool = setting(True, "check", lambda v: True, "true or false")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["learning_steps_minutes"] = list(self.learning_steps_minutes)
        d["relearning_steps_minutes"] = list(self.relearning_steps_minutes)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "StudyConfig":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in d.items() if k in known}
        for key in ("learning_steps_minutes", "relearning_steps_minutes"):
            if key in values:
                values[key] = tuple(float(x) for x in values[key])
        return cls(**values)
