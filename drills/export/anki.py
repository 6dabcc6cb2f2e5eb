"""Write decks as an Anki package (.apkg) with genanki, so that re-importing updates notes in place.

Identity rules (Anki matches an imported note to an existing one by GUID, then updates it only if the
note type's field list is unchanged and the imported note is newer):
- note GUID = ``genanki.guid_for(stable id)``: the card id, or the paragraph id for a cloze note;
  never a hash of the text, so a wording fix updates the note instead of duplicating it;
- note-type ids and deck ids are hard-coded constants (deck ids derived from the week and kind);
- the field list ``notes.FIELDS`` is frozen (spare fields included);
- notes carry the real build time as their modification time (``built_at``; the CLI passes now).

genanki is imported inside the functions: `drill` commands other than export never pay for it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drills.atomic import write_atomically
from drills.deck.model import KINDS, Deck
from drills.export.notes import FIELDS, NoteSpec, kind_deck_name, notes_for_deck, week_deck_name

# Hard-coded forever: changing one makes every user's next import create new note types/decks.
MODEL_IDS = {"basic": 1846203901, "typed": 1846203902, "cloze": 1846203903}
MODEL_NAMES = {"basic": "drills basic", "typed": "drills typed command", "cloze": "drills cloze"}
DECK_ID_BASE = 1846210000000  # week deck = base + 10*week; its kind sub-decks follow (+1..+5)

CSS = """\
.card { font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; font-size: 20px;
  text-align: left; color: black; background-color: white; line-height: 1.4; }
.nightMode.card, .night_mode .card { color: #eee; background-color: #1e1e1e; }
code, pre, kbd, #typeans, .typed {
  font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace; }
code { background: rgba(127,127,127,.15); padding: 0 .2em; border-radius: 3px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: rgba(127,127,127,.12);
  padding: .5em .7em; border-radius: 4px; }
pre code { background: none; padding: 0; }
#typeans { width: 100%; }
.cloze { font-weight: bold; color: #1565c0; }
.nightMode .cloze { color: #90caf9; }
.also, .source { font-size: 13px; color: #888; margin-top: .8em; }
.problem { color: #c62828; font-size: 15px; }
"""

_SOURCE = "{{#Source}}<div class=source>{{Source}}</div>{{/Source}}"
_ALSO = "{{#Extra}}<div class=also>Also accepted:</div>{{Extra}}{{/Extra}}"
_TEMPLATES = {
    "basic": {
        "name": "Card",
        "qfmt": "<div class=front>{{Front}}</div>",
        "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"
        "{{#Answer}}<pre><code>{{Answer}}</code></pre>{{/Answer}}" + _ALSO + _SOURCE,
    },
    "typed": {
        "name": "Type the command",
        "qfmt": "<div class=front>{{Front}}</div>{{type:Answer}}",
        "afmt": "<div class=front>{{Front}}</div><hr id=answer>{{type:Answer}}"
        "<pre><code>{{Answer}}</code></pre>" + _ALSO + "{{Back}}" + _SOURCE,
    },
    "cloze": {
        "name": "Cloze",
        "qfmt": "{{cloze:Front}}",
        "afmt": "{{cloze:Front}}{{#Back}}<hr>{{Back}}{{/Back}}" + _SOURCE,
    },
}
_MONO = "DejaVu Sans Mono"

ProgressFn = Callable[[int, int], None]


def week_deck_id(week: int) -> int:
    return DECK_ID_BASE + 10 * week


def kind_deck_id(week: int, kind: str) -> int:
    return week_deck_id(week) + 1 + KINDS.index(kind)


def _models() -> dict[str, Any]:
    import genanki

    def fields() -> list[dict[str, Any]]:
        return [{"name": n, "font": _MONO if n == "Answer" else "Arial", "size": 20} for n in FIELDS]

    return {
        kind: genanki.Model(
            MODEL_IDS[kind],
            MODEL_NAMES[kind],
            fields=fields(),
            templates=[dict(_TEMPLATES[kind])],
            css=CSS,
            model_type=genanki.Model.CLOZE if kind == "cloze" else genanki.Model.FRONT_BACK,
        )
        for kind in MODEL_IDS
    }


def plan(decks: list[Deck]) -> list[tuple[Deck, list[NoteSpec]]]:
    """Every deck with its notes, in week order."""
    return [(deck, notes_for_deck(deck)) for deck in sorted(decks, key=lambda d: d.week)]


def summary(planned: list[tuple[Deck, list[NoteSpec]]], file: str) -> dict[str, Any]:
    """The ``--json`` shape: ``{"file", "decks": [{"week", "name", "notes", "cards"}], "notes", "cards"}``."""
    decks = [
        {
            "week": deck.week,
            "name": week_deck_name(deck),
            "notes": len(notes),
            "cards": sum(n.cards for n in notes),
        }
        for deck, notes in planned
    ]
    return {
        "file": file,
        "decks": decks,
        "notes": sum(d["notes"] for d in decks),
        "cards": sum(d["cards"] for d in decks),
    }


def build_package(planned: list[tuple[Deck, list[NoteSpec]]], progress: ProgressFn | None = None):
    """A ``genanki.Package``: per week a parent deck plus one sub-deck per card kind present."""
    import genanki

    models = _models()
    total = sum(len(notes) for _, notes in planned)
    written = [0]

    class _Note(genanki.Note):
        # Reports each note as genanki writes it: the write is the slow part of an export.
        def write_to_db(self, *args: Any, **kwargs: Any) -> None:
            super().write_to_db(*args, **kwargs)
            written[0] += 1
            if progress:
                progress(written[0], total)

    anki_decks = []
    for deck, notes in planned:
        parent = genanki.Deck(week_deck_id(deck.week), week_deck_name(deck),
                              description=f"drills: CKAD week {deck.week} ({deck.source or deck.title})")
        anki_decks.append(parent)
        by_kind: dict[str, Any] = {}
        for position, spec in enumerate(notes):
            if spec.kind not in by_kind:
                by_kind[spec.kind] = genanki.Deck(kind_deck_id(deck.week, spec.kind),
                                                  kind_deck_name(deck, spec.kind))
                anki_decks.append(by_kind[spec.kind])
            by_kind[spec.kind].add_note(_Note(
                model=models[spec.model],
                fields=[spec.fields[name] for name in FIELDS],
                tags=spec.tags,
                guid=genanki.guid_for(spec.key),
                due=position,  # new cards come in page order
            ))
    return genanki.Package(anki_decks)


def _write_package(package: Any, file: str, built_at: float) -> None:
    """genanki's ``Package.write_to_file``, minus its leak: genanki leaves its temporary database in
    the system temp folder (always, and on failure too); ours lives in a folder removed afterwards."""
    import itertools
    import sqlite3
    import zipfile

    with tempfile.TemporaryDirectory(prefix="drills-apkg-") as work:
        db = os.path.join(work, "collection.anki2")
        conn = sqlite3.connect(db)
        # A scratch database zipped right after: no fsync per statement (was 0.3 s of a 0.4 s write).
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA journal_mode = MEMORY")
        try:
            package.write_to_db(conn.cursor(), built_at, itertools.count(int(built_at * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as apkg:
            apkg.write(db, "collection.anki2")
            apkg.writestr("media", "{}")


def write_apkg(
    decks: list[Deck],
    path: str | Path,
    *,
    built_at: float,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Write ``decks`` to ``path`` atomically and return the summary (see ``summary``).

    ``built_at`` (seconds since the epoch) becomes every note's modification time: Anki updates an
    existing note only from a newer one, so pass the real time of the build (the CLI passes now).
    Raises ``DrillsError`` when the file cannot be written (see ``drills.atomic.write_atomically``).
    """
    import warnings

    planned = plan(decks)
    result = summary(planned, os.path.abspath(path))
    package = build_package(planned, progress)

    def write(tmp: str) -> None:
        with warnings.catch_warnings():
            # genanki warns about "invalid HTML tags" it does not know (<pre>); our HTML is ours.
            warnings.simplefilter("ignore")
            _write_package(package, tmp, built_at)

    import sqlite3  # genanki builds the package database in SQLite: "disk I/O error", "disk is full"

    write_atomically(path, write, what="package", failures=(sqlite3.Error,))
    return result
