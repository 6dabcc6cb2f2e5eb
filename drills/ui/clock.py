"""Stopwatches and time formatting for the study screens.

The UI measures with a monotonic clock (wall-clock jumps must not change a drill time); the clock is a
parameter so tests can drive it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


def format_ms(ms: int | None, *, tenths: bool = True) -> str:
    """``83456`` -> ``1:23.4`` (``1:23`` without tenths); ``None`` -> ``-`` (no time recorded)."""
    if ms is None:
        return "-"
    t = max(0, int(ms)) // 100
    minutes, t = divmod(t, 600)
    return f"{minutes}:{t // 10:02d}.{t % 10}" if tenths else f"{minutes}:{t // 10:02d}"


@dataclass
class Stopwatch:
    """Time since ``start()``, plus when the first key of the current answer was pressed."""

    now: Callable[[], float] = time.monotonic
    started: float = field(default=0.0)
    first_key: float | None = None

    def __post_init__(self) -> None:
        self.started = self.now()

    def start(self) -> None:
        self.started = self.now()
        self.first_key = None

    def elapsed_ms(self) -> int:
        return int((self.now() - self.started) * 1000)

    def key_pressed(self) -> None:
        """Remember the first keystroke since ``start()`` (later ones are ignored)."""
        if self.first_key is None:
            self.first_key = self.now()

    def first_key_ms(self) -> int | None:
        if self.first_key is None:
            return None
        return int((self.first_key - self.started) * 1000)
