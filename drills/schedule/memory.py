"""One card's FSRS memory state and one review of it (py-fsrs 6.3 underneath).

A card that was never reviewed has ``state`` None ("new"); FSRS itself has no New state.
``reps`` and ``lapses`` are our counters (a lapse is Again on a card in the Review state, as in Anki).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import fsrs
from fsrs import Rating, State

from drills.schedule.settings import StudyConfig

__all__ = ["Memory", "Rating", "State", "make_scheduler", "review_memory"]


@dataclass
class Memory:
    """FSRS fields plus counters. Datetimes are aware UTC."""

    state: State | None = None
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.state is None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("due", "last_review"):
            d[key] = d[key].isoformat() if d[key] else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Memory":
        d = dict(d)
        for key in ("due", "last_review"):
            if d.get(key):
                d[key] = datetime.fromisoformat(d[key])
        if d.get("state") is not None:
            d["state"] = State(d["state"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})


def make_scheduler(config: StudyConfig) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        desired_retention=config.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in config.learning_steps_minutes),
        relearning_steps=tuple(timedelta(minutes=m) for m in config.relearning_steps_minutes),
        maximum_interval=config.maximum_interval_days,
        enable_fuzzing=config.fuzzing,
    )


def _utc(moment: datetime) -> datetime:
    # py-fsrs accepts only datetime.timezone.utc (not ZoneInfo("UTC")).
    return moment.astimezone(timezone.utc)


def review_memory(
    scheduler: fsrs.Scheduler, memory: Memory, card_num: int, rating: Rating, now: datetime,
    duration_ms: int | None = None,
) -> Memory:
    """The memory state after answering ``rating`` at ``now``."""
    now = _utc(now)
    if memory.is_new:
        card = fsrs.Card(card_id=card_num, due=now)
    else:
        card = fsrs.Card(
            card_id=card_num,
            state=memory.state or State.Learning,  # not new here: the state is set
            step=memory.step,
            stability=memory.stability,
            difficulty=memory.difficulty,
            due=_utc(memory.due) if memory.due else now,
            last_review=_utc(memory.last_review) if memory.last_review else None,
        )
    after, _log = scheduler.review_card(card, Rating(rating), now, duration_ms)
    lapse = memory.state == State.Review and rating == Rating.Again
    return Memory(
        state=after.state,
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        due=after.due,
        last_review=after.last_review,
        reps=memory.reps + 1,
        lapses=memory.lapses + (1 if lapse else 0),
    )
