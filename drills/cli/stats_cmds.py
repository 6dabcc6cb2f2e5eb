"""`drill stats`: review heatmap, due forecast, retention and speed-drill bests (read-only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from drills.cli import db_option, main
from drills.cli.params import WEEK

if TYPE_CHECKING:
    from drills.app.progress import StatsReport

HEAT_CHARS = "·░▒▓█"  # readable without colour (NO_COLOR); colour only adds to it
HEAT_STYLES = ("grey42", "green4", "green3", "green1", "bright_green")
SPARK = " ▁▂▃▄▅▆▇█"


def _heatmap(data: StatsReport):
    from datetime import date

    from rich.text import Text

    from drills.schedule.stats import heat_levels

    days = data["reviews_per_day"]
    levels = heat_levels([d["reviews"] for d in days])
    first = date.fromisoformat(days[0]["date"])
    columns = (len(days) + 6) // 7
    # Month names above the first column (week) that starts in that month, when there is room.
    label = [" "] * (2 * columns)
    last_month = None
    for col in range(columns):
        monday = date.fromordinal(first.toordinal() + 7 * col)
        if monday.month != last_month:
            last_month = monday.month
            name = monday.strftime("%b")
            at = 2 * col
            if at + 3 <= len(label) and all(ch == " " for ch in label[max(0, at - 1):at + 3]):
                label[at:at + 3] = name
    months = Text("    " + "".join(label).rstrip())
    lines = [months]
    for weekday in range(7):
        line = Text(("Mon", "", "Wed", "", "Fri", "", "Sun")[weekday].ljust(4))
        for c in range(columns):
            i = 7 * c + weekday
            if i < len(days):
                line.append(" " if c else "")
                line.append(HEAT_CHARS[levels[i]], style=HEAT_STYLES[levels[i]])
        lines.append(line)
    legend = Text("    less")
    for level in range(5):
        legend.append(" ")
        legend.append(HEAT_CHARS[level], style=HEAT_STYLES[level])
    legend.append(" more")
    lines.append(legend)
    return lines


def _ms(ms: int | None) -> str:
    if ms is None:
        return "—"
    minutes, seconds = divmod(ms / 1000, 60)
    return f"{int(minutes)}:{seconds:04.1f}" if minutes else f"{seconds:.1f} s"


def render(console, data: StatsReport) -> None:
    from rich.table import Table

    from drills.cli.status import plural
    from rich.text import Text

    scope = f"week {data['week']}" if data["week"] is not None else "all weeks"
    c = data["cards"]
    console.print(Text(f"drill stats — {scope}, today {data['today']}", style="bold"))
    # The five places add up to the total; due now and leeches are counted within them.
    console.print(f"Cards: {c['total']} = {c['new']} new + {c['learning']} learning + {c['review']} in review"
                  f" + {c['suspended']} suspended + {c['buried']} buried")
    console.print(f"  due now: {c['due']} · {plural(c['leech'], 'leech', 'leeches')}")
    console.print()
    heat_weeks = (len(data["reviews_per_day"]) + 6) // 7  # the span is app.progress.HEAT_WEEKS
    console.print(Text(f"Reviews, last {heat_weeks} weeks: {data['reviews_total']}"
                       f" (streak: {plural(data['streak_days'], 'day')})", style="bold"))
    for line in _heatmap(data):
        console.print(line, no_wrap=True, overflow="crop")
    console.print()
    fc = data["forecast"]
    counts = [d["due"] for d in fc]
    top = max(counts, default=0)
    spark = "".join(SPARK[0 if n == 0 else max(1, -(-8 * n // top))] for n in counts) if top else " " * len(counts)
    console.print(Text(f"Due in the next {len(fc)} days: {sum(counts)}", style="bold"))
    console.print(f"  today {counts[0]} (incl. overdue), tomorrow {counts[1]}, next 7 days {sum(counts[:7])}")
    console.print(Text(f"  {fc[0]['date'][5:]} ") + Text(spark, style="cyan") + Text(f" {fc[-1]['date'][5:]}"))
    console.print()
    r = data["retention"]
    if r["rate"] is not None:  # None: no answer to a review card in the period
        console.print(Text(f"Retention, last {r['days']} days: {100 * r['rate']:.0f}%", style="bold")
                      + Text(f" ({r['passed']} of {r['reviews']} answers to review cards were not Again)"))
    else:
        console.print(Text(f"Retention, last {r['days']} days: no answers to review cards yet", style="bold"))
    console.print()
    if not data["speed"]:
        console.print(Text("Speed drills: none finished yet (drill speed --week N)", style="bold"))
        return
    table = Table(title="Speed drills", title_justify="left", title_style="bold", box=None, pad_edge=False)
    for name in ("week", "runs", "all correct", "personal best", "set on"):
        table.add_column(name, justify="left" if name == "set on" else "right")
    for s in data["speed"]:
        table.add_row(str(s["week"]), str(s["runs"]), str(s["complete_runs"]), _ms(s["best_ms"]),
                      (s["best_at"] or "—")[:10])
    console.print(table)


@main.command(short_help="Show your review history, forecast and bests.")
@click.option("--week", type=WEEK, help="Only this week's cards and speed drills.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (shape: docs/study.md).")
@db_option()
def stats(week, as_json, db_path) -> None:
    """Your study history: review heatmap, due forecast, retention, speed-drill bests.

    \b
    The heatmap shows answers per day for the last 16 weeks (Mon..Sun rows);
    · none, ░ ▒ ▓ █ up to your busiest day. NO_COLOR turns colour off.
    """
    import json
    from datetime import datetime, timezone

    from rich.console import Console

    from drills.app.progress import stats as gather_stats
    from drills.cli.weeks import require_week
    from drills.config import load_config

    require_week(week, history=True, db_path=db_path)  # as in review and speed: exit 2, one line
    # Statistics never create a database: without one, show the empty history.
    data = gather_stats(db_path, datetime.now(timezone.utc), load_config(), week)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    render(Console(highlight=False), data)
