"""`drill history export`: your review log as CSV or JSON (read-only)."""

from __future__ import annotations

import click

from drills.cli import db_option, main


@main.group()
def history() -> None:
    """Your review history (every answer you gave)."""


@history.command("export")
@click.option("--csv", "fmt", flag_value="csv", default=True, help="Comma-separated values with a header (default).")
@click.option("--json", "fmt", flag_value="json", help='JSON: {"schema": 1, "reviews": [...]}.')
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE (atomically) instead of standard output.")
@db_option()
def history_export(fmt: str, output: str | None, db_path: str | None) -> None:
    """Export the review log, oldest answer first: when, which card, the mode (review, cram, speed),
    the rating and the card's state before it (fsrs's names), time taken, verdict and what you typed.
    """
    from drills.app.history import export_history

    text, count = export_history(db_path, fmt, output)
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {output}: {count} answer{'s' if count != 1 else ''}", err=True)
