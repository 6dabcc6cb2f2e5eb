"""`drill build`, `drill decks`, `drill cards`: course pages to decks, and looking at them.

Only click is imported at module level; the course reader, the deck files and rich are imported
inside the commands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NotRequired, TypedDict

import click

from drills.cli import db_option, main
from drills.cli.params import WEEK

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

KINDS = ("concept", "pitfall", "command", "step", "challenge")
_PAGE = re.compile(r"^\d{1,2}-[^/]*\.md$")
_PAGE_DIR = re.compile(r"^\d{1,2}-")


def find_pages(paths: list[Path]) -> list[Path]:
    """Pages named on the command line; a folder gives its ``NN-slug.md`` and ``NN-slug/README.md``."""
    from drills.errors import DrillsError

    pages: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and _PAGE.match(p.name))
            found += sorted(p / "README.md" for p in path.iterdir()
                            if p.is_dir() and _PAGE_DIR.match(p.name) and (p / "README.md").is_file())
            if not found:
                raise DrillsError("no course pages here (expected NN-slug.md or NN-slug/README.md)", str(path))
            pages += found
        elif path.exists():
            pages.append(path)  # a FIFO or a device is refused, unread, when the page is read
        else:
            raise DrillsError("no such file or folder", str(path))
    return pages


def build_pages(pages: list[Path], progress: Callable[[int, int], None] | None = None):
    """Read and build every page before writing anything: one bad page and nothing is written.
    ``progress(done, total)`` is called after each page."""
    from drills.course import decode_page, read_week
    from drills.deck.build import build_deck
    from drills.deck.yamlfmt import dump_deck_checked
    from drills.errors import DrillsError
    from drills.safe_io import PAGE_LIMIT, read_bounded
    from drills.kubectl import lint
    results = []
    weeks: dict[int, Path] = {}
    for page in pages:
        data = read_bounded(page, PAGE_LIMIT, "course page")
        week = read_week(decode_page(data, str(page)), str(page))
        if week.number in weeks:
            raise DrillsError(f"week {week.number} again (also in {weeks[week.number]})", str(page), 1)
        weeks[week.number] = page
        result = build_deck(week, lint=lint)
        dump_deck_checked(result.deck, str(page))  # a deck that would not load back is never written
        results.append((page, result))
        if progress:
            progress(len(results), len(pages))
    return results


@main.command("build", short_help="Turn course pages into decks.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for week-NN.yaml (default: your decks folder, $XDG_DATA_HOME/drills/decks).")
@click.option("--json", "as_json", is_flag=True, help="Print what was built as JSON.")
def build_cmd(paths: tuple[Path, ...], out: Path | None, as_json: bool) -> None:
    """Turn course pages (files or folders of NN-slug.md) into decks.

    Without PATH, rebuilds the built-in course page(s). Every page is read and checked first; if one
    is bad nothing is written. Each deck file is replaced atomically.
    """
    from drills.deck.files import user_decks_dir, write_deck
    from drills.bundled import builtin_weeks_dir
    from drills.text_safety import for_terminal, json_safe, one_line

    from drills.ui.progress import progress_bar

    pages = find_pages(list(paths) or [builtin_weeks_dir()])
    with progress_bar("building decks", show_now=len(pages) > 1) as progress:
        results = build_pages(pages, progress)
    out_dir = out or user_decks_dir()
    report = []
    for page, result in results:
        path = write_deck(result.deck, out_dir)
        report.append({
            "week": result.deck.week,
            "title": result.deck.title,
            "file": str(page),
            "path": str(path),
            "counts": result.counts(),
            "warnings": [_where(page, n.line) + n.message for n in result.notices],
        })
    if as_json:
        click.echo(json_safe(json.dumps({"weeks": report}, ensure_ascii=False, indent=2)))
        return
    for r in report:
        c = r["counts"]
        click.echo(for_terminal(f"week {r['week']}: {r['title']} -> {r['path']}"))
        click.echo(f"  {c['concept']} concept, {c['step']} step, {c['challenge']} challenge, "
                   f"{c['command']} command ({c['command_answered']} with answers), {c['pitfall']} pitfall")
        for w in r["warnings"]:
            click.echo(one_line(f"  warning: {w}", 2000))  # page text quoted in a warning stays inert


def _where(page: Path, line: int | None) -> str:
    return f"{page}:{line}: " if line else f"{page}: "


class DeckRow(TypedDict):
    """One deck as `drill decks` lists it (and prints it with --json, as {"decks": [rows]})."""

    week: int
    title: str
    source: str  # built-in | yours
    path: str
    overrides: str | None  # the user's overrides file for it, if any
    counts: dict[str, int]  # cards per kind
    total: int
    study: NotRequired[dict[str, int]]  # where its cards stand (CardCounts.to_dict()), added by `drill decks`


def deck_rows(entries) -> list[DeckRow]:
    """One row per deck: week, title, origin, path, card counts per kind and the total."""
    rows: list[DeckRow] = []
    for e in entries:
        counts = {k: 0 for k in KINDS}
        for card in e.deck.cards:
            counts[card.kind] = counts.get(card.kind, 0) + 1
        rows.append({
            "week": e.deck.week,
            "title": e.deck.title,
            "source": e.origin,
            "path": str(e.path),
            "overrides": str(e.overrides) if e.overrides else None,
            "counts": counts,
            "total": len(e.deck.cards),
        })
    return rows


@main.command("decks", short_help="List the decks and what a review would show.")
@click.option("--json", "as_json", is_flag=True, help="Print the decks as JSON.")
@db_option("Study database for the new/learning/due counts (default: $DRILLS_DB or the data dir).")
def decks_cmd(as_json: bool, db_path: str | None) -> None:
    """List the decks: week, title, built-in or yours, cards per kind, and where they stand: new,
    learning, in review, and due now (as `drill stats` counts them). Listing never creates the study
    database."""
    from drills.deck.files import deck_entries
    from drills.app.progress import study_counts

    entries = deck_entries()
    rows = deck_rows(entries)
    progress = study_counts([e.deck for e in entries], db_path)
    for r in rows:
        r["study"] = progress[r["week"]].to_dict()
    if as_json:
        click.echo(json.dumps({"decks": rows}, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no decks yet: build one with `drill build PAGE`")
        return
    from rich.console import Console

    console = Console(markup=False, highlight=False)
    if not console.is_terminal:
        console = Console(markup=False, highlight=False, width=160)  # pipes and files: no wrapping
    console.print(decks_table(rows, console.width))


_STUDY = ("new", "learning", "review", "due")


def decks_table(rows: list[DeckRow], width: int) -> Table:
    """The decks as a rich table that fits ``width`` columns without cutting a title.

    Tried in order, the first that fits wins: every column; the per-kind counts stacked under the
    title (one dim line, e.g. ``31 concept · 8 pitfall``); that and the source stacked too. When
    nothing fits, the last layout wraps its cells (words stay whole) rather than cutting them."""
    layouts = ("columns", "kinds-under-title", "all-under-title")
    title_width = max([len("title"), *(len(r["title"]) for r in rows)])
    for layout in layouts:
        # The columns the title may take; the stacked lines are wrapped to it.
        room = width - (_natural_width(_decks_table(rows, layout, title_width)) - title_width)
        if room >= title_width:
            return _decks_table(rows, layout, title_width, room)
    # Too narrow even so: titles wrap at spaces (the longest word stays whole), never cut.
    room = max(room, *(len(w) for r in rows for w in r["title"].split()))
    return _decks_table(rows, layout, room, room)


def _natural_width(table: Table) -> int:
    """Columns the table takes when nothing has to wrap."""
    import io

    from rich.console import Console

    probe = Console(width=10_000, file=io.StringIO(), markup=False, highlight=False)
    lines = probe.render_lines(table, probe.options, pad=False)
    return max((sum(len(seg.text) for seg in line) for line in lines), default=0)


def _decks_table(rows: list[DeckRow], layout: str, title_width: int,
                 stack_width: int | None = None) -> Table:
    """The table in one ``layout``; with ``stack_width``, the stacked lines are wrapped to it (without,
    they are left out: the table is being measured)."""
    import textwrap

    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False)
    kinds = KINDS if layout == "columns" else ()
    table.add_column("week", justify="right", no_wrap=True)
    table.add_column("title", min_width=title_width)
    if layout != "all-under-title":
        table.add_column("source", no_wrap=True)
    for col in (*kinds, "total" if kinds else "cards", *_STUDY):
        table.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        source = r["source"] + (" +overrides" if r["overrides"] else "")
        title = Text(r["title"])
        stack: list[str] = []
        if stack_width is not None:
            if not kinds:  # the no-break space keeps each count with its kind (textwrap keeps it whole)
                stack.append(" · ".join(f"{r['counts'][k]}\u00a0{k}" for k in KINDS if r["counts"][k]))
            if layout == "all-under-title":
                stack.append(source)
        for line in filter(None, stack):
            wrapped = textwrap.wrap(line, stack_width or len(line), break_long_words=False) or [""]
            title.append("\n" + "\n".join(wrapped).replace("\u00a0", " "), style="dim")
        cells: list[Text | str] = [str(r["week"]), title]
        if layout != "all-under-title":
            cells.append(source)
        cells += [str(r["counts"][k]) for k in kinds] + [str(r["total"])]
        table.add_row(*cells, *(str(r["study"][k]) for k in _STUDY))
    return table


@main.command("cards", short_help="Show the cards of one week.")
@click.option("--week", "week", type=WEEK, required=True, help="Week number.")
@click.option("--kind", "kind", type=click.Choice(KINDS), help="Only cards of this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print the cards as a JSON list.")
def cards_cmd(week: int, kind: str | None, as_json: bool) -> None:
    """Show the cards of one week (text is printed as is: placeholders like <pod> stay)."""
    from drills.deck.files import load_deck

    cards = [c for c in load_deck(week).cards if kind is None or c.kind == kind]
    if as_json:
        out = []
        for c in cards:
            d = c.to_dict()
            d.setdefault("answers", [])
            d.setdefault("self_graded", False)
            d.setdefault("problems", [])
            out.append(d)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from drills.text_safety import for_terminal

    for c in cards:  # deck text is clean when loaded; for_terminal once more costs nothing
        flags = " self-graded" if c.self_graded else ""
        click.echo(for_terminal(f"{c.id}  [{c.kind}{flags}]"))
        click.echo(for_terminal(_indent("front: ", c.front)))
        click.echo(for_terminal(_indent("back:  ", c.back)))
        for a in c.answers if c.kind == "command" or not c.self_graded else []:
            click.echo(for_terminal(_indent("answer: ", a)))
        for p in c.problems:
            click.echo(for_terminal(_indent("problem: ", p)))
        click.echo("")


def _indent(label: str, text: str) -> str:
    lines = text.split("\n") or [""]
    pad = " " * (2 + len(label))
    return "  " + label + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:])
