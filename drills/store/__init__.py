"""The store: SQLite (stdlib sqlite3) holding cards, FSRS state, the review log and speed runs.
Nothing else in drills touches SQL.

    Store.open(path=None) -> Store      # None -> $DRILLS_DB or platformdirs.user_data_dir("drills")/drills.db
    store.sync(decks, now) -> {"added", "updated", "retired", "revived"}
    store.deck_counts(now) -> {week: {"new", "learning", "due"}}
    store.close()
"""

from drills.store.connection import default_db_path
from drills.store.core import Store
from drills.store.records import CardRecord, CardUpdate, from_ms, to_ms
from drills.store.schema import SCHEMA_VERSION

__all__ = ["Store", "CardRecord", "CardUpdate", "default_db_path", "SCHEMA_VERSION", "to_ms", "from_ms"]
