"""What the student's history adds up to: `drill stats`, the study counts of `drill decks`, and the
cards review hides on purpose (`drill suspended` / `drill unsuspend`). Read-only except unsuspend;
none of these ever creates the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterable, TypedDict

from drills.app.storage import db_path_of, open_store
from drills.deck.model import Deck
from drills.schedule import StudyConfig
from drills.schedule.counts import CardCounts, count_cards
from drills.app.store_protocols import StudyStore
from drills.store.records import Hidden, SpeedWeek, Unsuspended

HEAT_WEEKS = 16
FORECAST_DAYS = 30
RETENTION_DAYS = 30
STATS_JSON_SCHEMA = 1


class DayReviews(TypedDict):
    """Answers given on one study day (ISO date)."""

    date: str
    reviews: int


class DayDue(TypedDict):
    """Cards falling due on one study day (ISO date)."""

    date: str
    due: int


class Retention(TypedDict):
    """Answers to cards in the Review state over the last ``days``, how many passed (not Again), and
    the rate (None without any)."""

    days: int
    reviews: int
    passed: int
    rate: float | None


class StatsReport(TypedDict):
    """Everything `drill stats` shows: the documented `drill stats --json` shape (docs/study.md)."""

    schema: int
    generated_at: str  # ISO time
    week: int | None  # the week asked for; None: all weeks
    today: str  # the study day (ISO date)
    cards: dict[str, int]  # drills.schedule.counts.CardCounts.to_dict()
    reviews_per_day: list[DayReviews]  # the heatmap: whole calendar weeks ending with this one
    reviews_total: int
    streak_days: int
    forecast: list[DayDue]
    retention: Retention
    speed: list[SpeedWeek]


def study_streak(store: StudyStore, now: datetime, config: StudyConfig, *, weeks: Iterable[int] | None = None,
                 longest: int = 3660) -> int:
    """Consecutive study days with answers, ending today (or yesterday); what `drill stats` and bare
    `drill` call the streak. Counted over up to ``longest`` days, not just the heatmap's 16 weeks."""
    from drills.config import timezone_of
    from drills.schedule.days import local_date
    from drills.schedule.stats import reviews_per_day, streak

    tz, hour = timezone_of(config), config.day_starts_at_hour
    today = local_date(now, hour, tz)
    times = store.reviews.times(now - timedelta(days=longest + 1), weeks=weeks)
    return streak(reviews_per_day(times, today, longest, hour, tz))


def gather_stats(store: StudyStore, now: datetime, config: StudyConfig, week: int | None) -> StatsReport:
    """Everything `drill stats` shows, as the documented --json shape (docs/study.md)."""
    from drills.config import timezone_of
    from drills.schedule.days import local_date
    from drills.schedule.stats import due_forecast, reviews_per_day

    tz, hour = timezone_of(config), config.day_starts_at_hour
    weeks = None if week is None else [week]
    today = local_date(now, hour, tz)
    # Whole calendar weeks (Mon..Sun) for the heatmap: the 16 weeks ending with this one.
    first = today - timedelta(days=today.weekday() + 7 * (HEAT_WEEKS - 1))
    span = (today - first).days + 1
    times = store.reviews.times(now - timedelta(days=span + 1), weeks=weeks)
    per_day = reviews_per_day(times, today, span, hour, tz)
    reviews, passed = store.reviews.retention(now - timedelta(days=RETENTION_DAYS), weeks=weeks)
    speed = store.speed_runs.summary(week)
    return {
        "schema": STATS_JSON_SCHEMA,
        "generated_at": now.isoformat(),
        "week": week,
        "today": today.isoformat(),
        "cards": count_cards((standing for _, standing in store.cards.standings(weeks=weeks).values()),
                             now).to_dict(),
        "reviews_per_day": [{"date": d.isoformat(), "reviews": n} for d, n in per_day],
        "reviews_total": sum(n for _, n in per_day),
        "streak_days": study_streak(store, now, config, weeks=weeks),
        "forecast": [{"date": d.isoformat(), "due": n}
                     for d, n in due_forecast(store.cards.due_times(weeks=weeks), now, FORECAST_DAYS, hour, tz)],
        "retention": {"days": RETENTION_DAYS, "reviews": reviews, "passed": passed,
                      "rate": round(passed / reviews, 4) if reviews else None},
        "speed": [{"week": r["week"], "runs": r["runs"], "complete_runs": r["complete_runs"],
                   "best_ms": r["best_ms"], "best_at": r["best_at"]} for r in speed],
    }


def stats(db_path: str | Path | None, now: datetime, config: StudyConfig, week: int | None) -> StatsReport:
    """`drill stats` figures from the database at ``db_path`` (an empty history if there is none)."""
    with open_store(db_path, create=False) as store:
        return gather_stats(store, now, config, week)


def deck_card_counts(store: StudyStore | None, decks: list[Deck], now: datetime) -> dict[int, CardCounts]:
    """{week: its deck's card counts} (``drills.schedule.counts``: the definitions `drill stats` uses
    too); a card the store has not seen yet (or no store at all) is new."""
    standings = store.cards.standings() if store is not None else {}
    out: dict[int, CardCounts] = {}
    for deck in decks:
        known = (standings.get(card.id) for card in deck.cards)
        out[deck.week] = count_cards((k[1] if k is not None else None for k in known), now)
    return out


def study_counts(decks: list[Deck], db_path: str | Path | None = None,
                 now: datetime | None = None) -> dict[int, CardCounts]:
    """{week: card counts} for `drill decks`: new, learning, review, suspended, buried, and the
    cards due now. Reads the store only if it exists (listing decks never creates a database)."""
    from drills.app.answering import utc_now

    now = now or utc_now()
    if not db_path_of(db_path).exists():
        return deck_card_counts(None, decks, now)
    with open_store(db_path) as store:
        return deck_card_counts(store, decks, now)


def hidden_cards(db_path: str | Path | None, now: datetime,
                 weeks: Iterable[int] | None = None) -> Hidden:
    """Suspended and buried cards (see ``Suspensions.hidden``)."""
    with open_store(db_path, create=False) as store:
        return store.suspensions.hidden(now, weeks=weeks)


def unsuspend(db_path: str | Path | None, card_ids: Iterable[str], now: datetime, *, leeches: bool = False,
              weeks: Iterable[int] | None = None, clear_leech: bool = False) -> list[Unsuspended]:
    """Bring cards back into the queue, all or nothing (see ``Suspensions.unsuspend``)."""
    with open_store(db_path, create=False) as store:
        return store.suspensions.unsuspend(card_ids, now, leeches=leeches, weeks=weeks, clear_leech=clear_leech)


def weeks_in_history(db_path: str | Path | None) -> set[int]:
    """The weeks the study database has cards of (retired ones included); empty without a database."""
    with open_store(db_path, create=False) as store:
        return {r.week for r in store.cards.all(include_retired=True)}


@dataclass
class TodayFigures:
    """What bare `drill` says about today, per week and overall."""

    counts: dict[int, CardCounts]  # week -> its deck's counts, as `drill decks` shows them
    introduced_today: int  # new cards already introduced this study day
    streak_days: int
    has_history: bool


def today_figures(decks: list[Deck], now: datetime, config: StudyConfig,
                  db_path: str | Path | None = None) -> TodayFigures:
    """Today's figures from the decks and (when it exists) the study database; never creates it."""
    if not db_path_of(db_path).exists():
        return TodayFigures(deck_card_counts(None, decks, now), 0, 0, False)
    from drills.config import timezone_of
    from drills.schedule.days import day_start

    with open_store(db_path) as store:
        since = day_start(now, config.day_starts_at_hour, timezone_of(config))
        return TodayFigures(deck_card_counts(store, decks, now), store.reviews.new_introduced_since(since),
                            study_streak(store, now, config), bool(store.reviews.log(limit=1)))
