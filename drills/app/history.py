"""`drill history export`: the review log as CSV or JSON, one row per answer, in the words of the
rest of drills (fsrs's Rating and State names, the session mode, the verdict's status).

The store reads the log with sqlite-utils (``Reviews.history``), loaded only there, for migrations
and for deck syncs; the file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator, TypedDict

from drills.app.storage import open_store
from drills.app.store_protocols import StudyStore

COLUMNS = ("review_id", "at", "card_id", "week", "kind", "mode", "rating", "state_before", "duration_ms",
           "auto", "verdict", "typed")
HISTORY_JSON_SCHEMA = 1
NEW = "New"  # FSRS has no state for a card never answered; Anki calls it New


class HistoryRow(TypedDict):
    """One answer in the export (a CSV line, an object of the JSON's "reviews"); keys are ``COLUMNS``."""

    review_id: int
    at: str  # ISO 8601, UTC
    card_id: str
    week: int
    kind: str
    mode: str  # review | cram | speed
    rating: str  # fsrs Rating name: Again | Hard | Good | Easy
    state_before: str  # fsrs State name, or New
    duration_ms: int | None
    auto: bool
    verdict: str | None  # correct | incorrect | unreadable; empty for self-rated cards
    typed: str | None


class HistoryJSON(TypedDict):
    """`drill history export --json`."""

    schema: int
    reviews: list[HistoryRow]


def history_rows(store: StudyStore) -> Iterator[HistoryRow]:
    """Every logged answer, oldest first, as the export's rows."""
    for e in store.reviews.history():
        yield {
            "review_id": e.review_id,
            "at": e.at.isoformat(),
            "card_id": e.card_id,
            "week": e.week,
            "kind": e.kind,
            "mode": e.mode,
            "rating": e.rating.name,
            "state_before": NEW if e.state_before is None else e.state_before.name,
            "duration_ms": e.duration_ms,
            "auto": e.auto,
            "verdict": e.verdict,
            "typed": e.typed,
        }


def render(rows: list[HistoryRow], fmt: str) -> str:
    """The rows as ``csv`` (a header line, then one line per answer) or ``json`` ({"schema", "reviews"})."""
    if fmt == "json":
        document: HistoryJSON = {"schema": HISTORY_JSON_SCHEMA, "reviews": rows}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def export_history(db_path: str | Path | None, fmt: str, output: str | Path | None = None) -> tuple[str, int]:
    """The history at ``db_path`` as text in ``fmt``; written atomically to ``output`` when given.
    Returns (the text, number of answers). Never creates a database (none: an empty history)."""
    with open_store(db_path, create=False) as store:
        rows = list(history_rows(store))
    text = render(rows, fmt)
    if output is not None:
        from drills.atomic import write_text_atomically

        write_text_atomically(output, text, what="export")
    return text, len(rows)
