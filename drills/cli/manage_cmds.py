"""`drill suspended` and `drill unsuspend`: see and undo what review's suspend, bury and leech rule hid."""

from __future__ import annotations

import click

from drills.cli import db_option, main
from drills.cli.params import WEEK
from drills.cli.weeks import require_week

FRONT_WIDTH = 60


def _short(front: str, width: int = FRONT_WIDTH) -> str:
    """The front's first line, cut to ``width`` characters."""
    line = " ".join(front.strip().splitlines()[0].split()) if front.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


@main.command(short_help="List suspended and buried cards.")
@click.option("--week", type=WEEK, metavar="N", help="Only cards of this week.")
@click.option("--json", "as_json", is_flag=True, help="Print the lists as JSON (shape: docs/study.md).")
@db_option()
def suspended(week, as_json, db_path) -> None:
    """List suspended cards (leeches included) and cards buried until tomorrow.

    \b
    Bring them back with: drill unsuspend CARD_ID...   (or --leeches)
    """
    import json
    from datetime import datetime, timezone

    from drills.config import load_config, timezone_of

    tz = timezone_of(load_config())
    from drills.app.progress import hidden_cards

    require_week(week, history=True, db_path=db_path)
    hidden = hidden_cards(db_path, datetime.now(timezone.utc), weeks=None if week is None else [week])
    if as_json:
        click.echo(json.dumps({
            "suspended": [{k: r[k] for k in ("id", "week", "kind", "front", "leech", "lapses")}
                          for r in hidden["suspended"]],
            "buried": [{"id": r["id"], "week": r["week"], "kind": r["kind"], "front": r["front"],
                        "until": r["until"].isoformat()} for r in hidden["buried"]],
        }, indent=2, ensure_ascii=False))
        return
    scope = f" (week {week})" if week is not None else ""
    rows = hidden["suspended"]
    if rows:
        click.echo(f"Suspended{scope}: {len(rows)}")
        width = max(len(r["id"]) for r in rows)
        click.echo(f"  {'id'.ljust(width)}  week  {'kind'.ljust(8)}  leech  lapses  front")
        for r in rows:
            leech = "yes" if r["leech"] else "no"
            click.echo(f"  {r['id'].ljust(width)}  {r['week']:>4}  {r['kind'].ljust(8)}  {leech:<5}"
                       f"  {r['lapses']:>6}  {_short(r['front'])}")
    else:
        click.echo(f"Suspended{scope}: none")
    buried = hidden["buried"]
    if buried:
        click.echo(f"Buried{scope}: {len(buried)}")
        width = max(len(b["id"]) for b in buried)
        click.echo(f"  {'id'.ljust(width)}  week  {'kind'.ljust(8)}  {'until'.ljust(16)}  front")
        for b in buried:
            until = b["until"].astimezone(tz).strftime("%Y-%m-%d %H:%M")
            click.echo(f"  {b['id'].ljust(width)}  {b['week']:>4}  {b['kind'].ljust(8)}  {until}  {_short(b['front'])}")
    else:
        click.echo(f"Buried{scope}: none")
    if hidden["suspended"] or hidden["buried"]:
        click.echo("Bring cards back with: drill unsuspend CARD_ID... (or --leeches)")


@main.command(short_help="Put suspended or buried cards back in the queue.")
@click.argument("card_ids", nargs=-1, metavar="CARD_ID...")
@click.option("--leeches", is_flag=True, help="Also every suspended card tagged leech.")
@click.option("--week", type=WEEK, metavar="N", help="With --leeches: only leeches of this week.")
@click.option("--clear-leech", is_flag=True, help="Also remove the cards' leech tag (kept by default, as in Anki).")
@db_option()
def unsuspend(card_ids, leeches, week, clear_leech, db_path) -> None:
    """Put suspended or buried cards back in the review queue.

    \b
    All or nothing: an unknown CARD_ID changes no card. The leech tag stays
    (so `drill stats` still counts the card as a leech) unless --clear-leech.
    """
    from datetime import datetime, timezone

    if not card_ids and not leeches:
        raise click.UsageError("give at least one CARD_ID, or --leeches")
    if week is not None and not leeches:
        raise click.UsageError("--week only narrows --leeches; card ids are exact already")
    from drills.app.progress import unsuspend as bring_back

    require_week(week, history=True, db_path=db_path)
    changes = bring_back(db_path, card_ids, datetime.now(timezone.utc), leeches=leeches,
                         weeks=None if week is None else [week], clear_leech=clear_leech)
    back = 0
    for ch in changes:
        what = [w for w, done in (("unsuspended", ch["unsuspended"]), ("unburied", ch["unburied"]),
                                  ("leech tag cleared", ch["leech_cleared"])) if done]
        back += ch["unsuspended"] or ch["unburied"]
        click.echo(f"{ch['id']}: {', '.join(what) if what else 'was neither suspended nor buried; unchanged'}")
    if not changes:
        click.echo("no suspended leeches" + (f" in week {week}" if week is not None else ""))
    elif back:
        click.echo(f"{back} card{'s' if back != 1 else ''} back in the review queue")
