"""What bare `drill` prints before the command list: today's status and the command to run next.

Read-only: it never creates the study database (a first run shows every card as new). The figures
are the ones `drill decks` (due and new per week) and `drill stats` (the streak) show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass
class WeekStatus:
    """One deck's line: cards a review would show now (due = learning + review cards due) and new cards."""

    week: int
    title: str
    due: int
    new: int
    has_speed_drill: bool


@dataclass
class TodayStatus:
    """Everything bare `drill` says about today."""

    weeks: list[WeekStatus] = field(default_factory=list)
    new_today: int = 0  # new cards a review would introduce today (daily limit left, capped by new cards)
    new_per_day: int = 0
    streak_days: int = 0
    has_history: bool = False

    @property
    def due(self) -> int:
        return sum(w.due for w in self.weeks)

    def next_command(self) -> str:
        """The command a student should type next."""
        if not self.weeks:
            return "drill build PAGE|DIR"
        if self.due or self.new_today:
            return "drill review"
        drills = [w.week for w in self.weeks if w.has_speed_drill]
        return f"drill speed --week {drills[0]}" if drills else "drill stats"


def today_status(now: datetime | None = None) -> TodayStatus:
    """Today's status from the decks and (when it exists) the study database."""
    from drills.app.progress import today_figures
    from drills.config import load_config
    from drills.deck.files import deck_entries
    from drills.schedule import new_allowance

    now = now or datetime.now(timezone.utc)
    config = load_config()
    decks = [e.deck for e in deck_entries()]
    figures = today_figures(decks, now, config)
    counts, introduced = figures.counts, figures.introduced_today
    status = TodayStatus(new_per_day=config.new_cards_per_day, streak_days=figures.streak_days,
                         has_history=figures.has_history)
    for d in decks:
        c = counts[d.week]
        status.weeks.append(WeekStatus(d.week, d.title, c.due, c.new, any(card.kind == "command" for card in d.cards)))
    status.new_today = min(sum(w.new for w in status.weeks), new_allowance(config.new_cards_per_day, introduced))
    return status


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 day``, ``2 days`` (``words``: the plural when it is not ``word`` + s)."""
    return f"{n} {word if n == 1 else words or word + 's'}"


def status_lines(status: TodayStatus, width: int = 80) -> list[str]:
    """A few lines a person reads at a glance, wrapped to ``width`` columns."""
    import textwrap

    if not status.weeks:
        return ["No decks yet.", f"Next: {status.next_command()}   (turn a course page into a deck)"]
    lines = [f"Today: {plural(status.due, 'card')} due, {status.new_today} new "
             f"(daily limit {status.new_per_day})."]
    for w in status.weeks:  # numbers first, the title last: a long title wraps under itself, never cut
        head = f"  week {w.week:<3}{w.due:>4} due {w.new:>5} new   "
        lines += textwrap.wrap(w.title, max(width, len(head) + 20), initial_indent=head,
                               subsequent_indent=" " * len(head), break_long_words=False,
                               break_on_hyphens=False) or [head]
    if status.has_history:
        lines.append(f"Streak: {plural(status.streak_days, 'day')}.")
    nxt = status.next_command()
    if nxt == "drill review":
        why = "due cards first, then new ones"
    elif nxt.startswith("drill speed"):
        why = "nothing due now: practise against the clock"
    else:
        why = "nothing due now"
    lines.append(f"Next: {nxt}   ({why})")
    return lines
