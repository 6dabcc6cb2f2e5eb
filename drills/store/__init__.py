"""The store: SQLite holding the cards with their FSRS state, the review log and speed runs.
Nothing else in drills touches SQL; only the application layer (drills.app) opens it.

A ``Store`` is one small object per table, sharing one connection:

    store = Store.open(path)          # creating and migrating the database
    store.cards        Cards          # synced deck cards, their schedule, the queue queries
    store.reviews      Reviews        # the review log
    store.speed_runs   SpeedRuns      # timed runs and their attempts
    store.suspensions  Suspensions    # suspend, bury, list and bring back
    with store.unit_of_work():        # one transaction: everything inside commits together or not at all
        ...

stdlib ``sqlite3`` runs the hot queries; sqlite-utils is loaded only to migrate, to sync changed
decks (bulk upserts) and to export the history.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from drills.store.cards import Cards
from drills.store.connection import Database, connect, default_db_path, migrate
from drills.store.integrity import check_rows
from drills.store.records import Attempt, CardRecord, from_ms, to_ms, with_memory
from drills.store.reviews import Reviews
from drills.store.schema import SCHEMA_VERSION
from drills.store.speed_runs import SpeedRuns
from drills.store.suspensions import Suspensions

__all__ = ["Store", "CardRecord", "Attempt", "default_db_path", "SCHEMA_VERSION", "to_ms", "from_ms",
           "with_memory"]


class Store:
    """One open drills database: its tables, and units of work over them."""

    def __init__(self, db: Database):
        self.db = db
        self.cards = Cards(db)
        self.reviews = Reviews(db)
        self.speed_runs = SpeedRuns(db)
        self.suspensions = Suspensions(db)

    @classmethod
    def open(cls, path: str | Path | None = None) -> "Store":
        """Open (creating and migrating) the database; None -> $DRILLS_DB or the user data dir."""
        path = Path(path).expanduser() if path is not None else default_db_path()
        conn = connect(path)
        try:
            migrate(conn, path)
            check_rows(conn, path)  # a hand-edited or damaged row: one line now, not a crash later
        except BaseException:
            conn.close()
            raise
        return cls(Database(conn, path))

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def conn(self) -> Any:
        """The sqlite3 connection (tests and benchmarks look underneath)."""
        return self.db.conn

    @contextmanager
    def unit_of_work(self) -> Iterator["Store"]:
        """BEGIN IMMEDIATE ... COMMIT around everything the block does through the tables; on any
        error nothing of it is kept. The write lock is held from the start, so what the block reads
        is what it changes (two terminals answering the same card queue up, they do not overwrite)."""
        with self.db.write():
            yield self

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
