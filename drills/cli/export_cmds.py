"""`drill export anki`: the decks as an Anki package (genanki, imported lazily)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator

import click

from drills.cli import main
from drills.cli.params import WEEK
from drills.errors import DrillsError

DEFAULT_APKG = "ckad-drills.apkg"


@main.group("export", short_help="Export the decks for Anki.")
def export_group() -> None:
    """Export decks for other apps (Anki)."""


@contextlib.contextmanager
def _status(message: str) -> Iterator[None]:
    """A transient spinner on stderr while something slow runs, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


def select_weeks(decks: list, weeks: tuple[int, ...]) -> list:
    """The decks of the asked weeks (all when none asked); an unknown week is a DrillsError."""
    if not weeks:
        return decks
    from drills.deck.files import deck_for_week

    return [deck_for_week(decks, w) for w in sorted(set(weeks))]


def apkg_name(output: str) -> str:
    """The package file to write: Anki's File > Import goes by the `.apkg` ending, so a name without
    an ending gets it (said on stderr) and a name with another ending is refused (exit 2)."""
    from pathlib import PurePath

    suffix = PurePath(output).suffix
    if suffix.lower() == ".apkg" or os.path.isdir(output):  # a folder: the write says it is one
        return output
    if not suffix:
        click.echo(f"drill: writing {output}.apkg (Anki imports only files ending in .apkg)", err=True)
        return output + ".apkg"
    stem = output[: -len(suffix)]
    raise DrillsError(f"an Anki package must end in .apkg, not {suffix} (Anki imports only .apkg files); "
                      f"use -o {stem}.apkg", output)


@export_group.command("anki", short_help="Write the decks as an Anki package.")
@click.option("--week", "weeks", type=WEEK, multiple=True, metavar="N",
              help="Export this week only (repeat for several). Default: every deck.")
@click.option("-o", "--output", default=DEFAULT_APKG, show_default=True, metavar="FILE.apkg",
              help="Package file to write (replaced atomically).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary instead of text.")
@click.option("--with-progress", is_flag=True,
              help="Also carry review history and FSRS state (needs the optional 'anki' package).")
def export_anki(weeks: tuple[int, ...], output: str, as_json: bool, with_progress: bool) -> None:
    """Write the decks as an Anki package: one deck per week, one sub-deck per card kind.

    \b
    Import it in Anki with File > Import. Re-importing a newer export updates the
    notes in place (stable note ids); importing the same file twice adds nothing.
    """
    import time

    from drills.deck.files import load_decks
    from drills.export.anki import write_apkg

    output = apkg_name(output)
    decks = select_weeks(load_decks(), weeks)
    if not decks:
        raise DrillsError("no decks to export (build one with `drill build PAGE`)")
    if with_progress:
        from drills.app.storage import open_store
        from drills.export.progress import require_anki, write_apkg_with_progress

        require_anki()
        # Loading the anki package and round-tripping a collection takes seconds: say so on a tty.
        with _status("writing the package with your review history"), open_store(create=False) as store:
            summary = write_apkg_with_progress(decks, output, built_at=time.time(), store=store)
    else:
        from drills.ui.progress import progress_bar

        # Many weeks: a bar from the start; one week: only if writing it takes a while.
        with progress_bar("writing notes", show_now=len(decks) > 1) as progress:
            summary = write_apkg(decks, output, built_at=time.time(), progress=progress)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    for d in summary["decks"]:
        click.echo(f"{d['name']}: {d['notes']} notes, {d['cards']} cards")
    click.echo(f"wrote {output}: {summary['notes']} notes, {summary['cards']} cards "
               f"(import in Anki with File > Import)")
    if "progress" in summary:
        carried = summary["progress"]
        click.echo(f"with the progress of {carried['cards']} reviewed cards ({carried['reviews']} reviews); "
                   "tick 'Import any learning progress' in Anki's import dialog")
