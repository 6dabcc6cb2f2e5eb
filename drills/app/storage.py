"""Opening the study database: the one place that decides where it is and whether to create it."""

from __future__ import annotations

from pathlib import Path

from drills.app.store_protocols import StudyStore
from drills.store import Store, default_db_path


def db_path_of(path: str | Path | None) -> Path:
    """``path`` (``~`` expanded), else $DRILLS_DB, else the user data dir's drills.db."""
    return Path(path).expanduser() if path else default_db_path()


def open_store(path: str | Path | None = None, *, create: bool = True) -> Store:
    """The store at ``path`` (see ``db_path_of``), created and migrated as needed.

    ``create=False`` is for commands that only look (stats, suspended, decks, export): they never
    create a database; without one they get an empty in-memory store (no history, every id unknown).
    """
    where = db_path_of(path)
    if not create and not where.exists():
        return Store.open(":memory:")
    return Store.open(where)


def as_study_store(store: Store) -> StudyStore:
    """``store`` as what the application layer asks of it: mypy checks here that the SQLite store
    satisfies every Protocol of ``drills.app.store_protocols``."""
    return store
