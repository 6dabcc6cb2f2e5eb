"""`drill history export`: the review log as CSV or JSON, one row per answer, in the words of the
rest of drills (fsrs's Rating and State names, the session mode, the verdict's status).

Read with sqlite-utils (its rows-as-dicts query), which is loaded only here and for migrations and
deck syncs; the file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterator

from drills.app.storage import open_store
from drills.schedule.memory import Rating, State
from drills.store import Store, from_ms

COLUMNS = ("review_id", "at", "card_id", "week", "kind", "mode", "rating", "state_before", "duration_ms",
           "auto", "verdict", "typed")
HISTORY_JSON_SCHEMA = 1
NEW = "New"  # FSRS has no state for a card never answered; Anki calls it New


def history_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every logged answer, oldest first, as the export's rows."""
    import sqlite_utils

    db = sqlite_utils.Database(store.conn)
    for r in db.query(
        "SELECT r.id, r.at, c.id AS card_id, c.week, c.kind, r.mode, r.rating, r.state_before, r.duration_ms,"
        " r.auto, json_extract(r.verdict, '$.status') AS verdict, r.typed"
        " FROM reviews r JOIN cards c ON c.num = r.card_num ORDER BY r.at, r.id"
    ):
        yield {
            "review_id": r["id"],
            "at": from_ms(r["at"]).isoformat(),
            "card_id": r["card_id"],
            "week": r["week"],
            "kind": r["kind"],
            "mode": r["mode"],
            "rating": Rating(r["rating"]).name,
            "state_before": NEW if r["state_before"] is None else State(r["state_before"]).name,
            "duration_ms": r["duration_ms"],
            "auto": bool(r["auto"]),
            "verdict": r["verdict"],  # correct | incorrect | unreadable; empty for self-rated cards
            "typed": r["typed"],
        }


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    """The rows as ``csv`` (a header line, then one line per answer) or ``json`` ({"schema", "reviews"})."""
    if fmt == "json":
        return json.dumps({"schema": HISTORY_JSON_SCHEMA, "reviews": rows}, indent=2, ensure_ascii=False) + "\n"
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
