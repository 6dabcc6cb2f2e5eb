"""Rows this drills can read back, checked once when the database is opened (edge: SQL).

Everything the store writes is valid; a row edited by hand or damaged on disk may not be (tags that
are not JSON, a due time that is text or past year 9999, an unknown FSRS state, a negative or huge
stability). Read as is, such a value crashes a command far from its cause, or every command. One
scan of ``cards`` at open finds the first such row and names it: one line, exit 2, nothing written.

The review log is not scanned here (it can hold a million rows, and a start-up must stay fast):
its few readers convert defensively.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from drills.errors import DrillsError

MAX_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z: the last moment a datetime can hold
MAX_STABILITY_DAYS = 100_000  # FSRS keeps stability under its maximum interval (36,500 days)

# (column, SQL that is true when the value cannot be read back, what the value must be)
_CARD_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("id", "typeof(id) != 'text'", "text"),
    ("snapshot", "NOT json_valid(snapshot) OR json_type(snapshot) != 'object'", "a JSON object"),
    ("tags", "tags IS NOT NULL AND (NOT json_valid(tags) OR json_type(tags) != 'array' OR "
             "EXISTS (SELECT 1 FROM json_each(cards.tags) WHERE json_each.type != 'text'))",
     "a JSON list of strings"),
    ("week", "typeof(week) != 'integer'", "a whole number"),
    ("state", "state IS NOT NULL AND (typeof(state) != 'integer' OR state NOT IN (1, 2, 3))",
     "empty (new) or 1, 2, 3 (learning, review, relearning)"),
    ("step", "step IS NOT NULL AND (typeof(step) != 'integer' OR step NOT BETWEEN 0 AND 1000)",
     "empty or a step number"),
    ("stability", "stability IS NOT NULL AND (typeof(stability) NOT IN ('integer', 'real') OR "
                  f"NOT (stability > 0 AND stability <= {MAX_STABILITY_DAYS}))",
     f"empty or a number of days above 0 and at most {MAX_STABILITY_DAYS}"),
    ("difficulty", "difficulty IS NOT NULL AND (typeof(difficulty) NOT IN ('integer', 'real') OR "
                   "NOT (difficulty BETWEEN 1 AND 10))", "empty or a number from 1 to 10"),
    *((col, f"{col} IS NOT NULL AND (typeof({col}) != 'integer' OR {col} NOT BETWEEN 0 AND {MAX_MS})",
       "empty or a time (milliseconds since 1970, before year 10000)")
      for col in ("due", "last_review", "buried_until")),
    # A card that has been reviewed (state set) has all of its memory: FSRS and the stats need it.
    *((col, f"state IS NOT NULL AND {col} IS NULL", "set, since the card has been reviewed (state is set)")
      for col in ("due", "last_review", "stability", "difficulty")),
    *((col, f"typeof({col}) != 'integer' OR {col} NOT BETWEEN 0 AND 1000000000", "a count")
      for col in ("reps", "lapses")),
    *((col, f"typeof({col}) != 'integer' OR {col} NOT IN (0, 1)", "0 or 1") for col in ("retired", "suspended")),
)


def check_schema_version(found: int, has_tables: bool, path: Path | str) -> None:
    """``PRAGMA user_version`` that no drills writes: negative, or 0 on a database that has tables."""
    if found < 0:
        raise DrillsError(f"the database's schema version is {found}, which no drills writes: it was "
                          "edited or damaged (restore a backup)", file=str(path))
    if found == 0 and has_tables:
        raise DrillsError("the database has drills tables but schema version 0: it was edited or "
                          "damaged (restore a backup, or set PRAGMA user_version back)", file=str(path))


def check_rows(conn: sqlite3.Connection, path: Path | str) -> None:
    """DrillsError naming the first card row with a value this drills cannot use, and the column."""
    problem = " ".join(f"WHEN {bad} THEN {n}" for n, (_, bad, _) in enumerate(_CARD_CHECKS))
    where = " OR ".join(f"({bad})" for _, bad, _ in _CARD_CHECKS)
    try:
        row = conn.execute(f"SELECT id, CASE {problem} END FROM cards WHERE {where} LIMIT 1").fetchone()
    except sqlite3.Error as e:
        from drills.store.connection import friendly_error

        raise friendly_error(e, path) from e
    if row is None:
        return
    card_id, n = row[0], row[1]
    column, _, expected = _CARD_CHECKS[n]
    value = conn.execute(f"SELECT {column} FROM cards WHERE id IS ?", (card_id,)).fetchone()[0]
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    raise DrillsError(f"card {card_id!s} in the database has {column} = {shown}, which must be {expected}: "
                      "the row was edited or damaged (fix it with sqlite3, or restore a backup)", file=str(path))


def review_int(review_id: object, column: str, value: object, path: Path | str, *, low: int = 0,
               high: int = MAX_MS) -> int:
    """A whole-number column of the review log, checked where it is read (the log is not scanned at
    open); anything else is a DrillsError naming the review and the column."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    raise DrillsError(f"review {review_id} in the database has {column} = {shown}, which must be a whole "
                      f"number from {low} to {high}: the row was edited or damaged (fix it with sqlite3, "
                      "or restore a backup)", file=str(path))
