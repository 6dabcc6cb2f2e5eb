"""The study settings as a plain value (read from config.toml by drills.config)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class StudyConfig:
    """Every knob of the scheduler and the auto-rating rule, with its default.

    Steps are in minutes, intervals in days, times in milliseconds. ``timezone`` is an IANA name
    ("Europe/Berlin") or "" for the system's local time; it decides where a study day begins.
    """

    desired_retention: float = 0.9
    maximum_interval_days: int = 36500
    learning_steps_minutes: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_minutes: tuple[float, ...] = (10.0,)
    fuzzing: bool = True
    new_cards_per_day: int = 20
    day_starts_at_hour: int = 4
    timezone: str = ""
    learn_ahead_minutes: int = 20
    leech_threshold: int = 8
    leech_action: str = "suspend"  # "suspend" or "tag"
    # Auto-rating of typed command answers (see rating.py).
    target_base_ms: int = 5000
    target_per_char_ms: int = 250
    easy_factor: float = 0.6
    history_size: int = 5
    history_min: int = 3
    # Grading: render a rejected answer with the real kubectl and accept the same object ([check]).
    second_opinion: bool = True

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
