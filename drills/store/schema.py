"""The database layout and its forward migrations.

``PRAGMA user_version`` holds the schema version. ``MIGRATIONS[i]`` upgrades version i to i+1; each
runs in one transaction (a failure anywhere in it leaves the database as it was). Migrations only
ever add (tables, columns, indexes, foreign keys) and backfill; a table that SQLite cannot alter in
place (a new foreign key) is rebuilt by sqlite-utils' ``transform``, which copies every row. No row
is ever dropped, so an older database opened by a newer drills keeps every review. Never edit a
released migration: append a new one.

Foreign keys (enforced: drills connects with ``PRAGMA foreign_keys = ON``): reviews.card_num and
speed_attempts.card_num -> cards.num, speed_attempts.run_id -> speed_runs.id (since v1/v2),
speed_attempts.review_id -> reviews.id (v5). Nothing in drills deletes a card (a card leaving its
deck is retired, with its history) or a speed run; undo deletes a review-mode answer only.

Times are integer milliseconds since the Unix epoch (UTC): they sort and index as numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Union

if TYPE_CHECKING:
    import sqlite_utils

V1 = [
    # The first release: cards with their FSRS state, the review log, speed runs.
    """CREATE TABLE cards (
        num INTEGER PRIMARY KEY,            -- the integer card_id given to FSRS; never reused
        id TEXT NOT NULL UNIQUE,            -- stable deck id, e.g. w06.command.03
        week INTEGER NOT NULL,
        kind TEXT NOT NULL,
        front_hash TEXT NOT NULL,
        snapshot TEXT NOT NULL,             -- Card.to_dict() JSON as last synced
        retired INTEGER NOT NULL DEFAULT 0, -- gone from its deck; kept for its history
        suspended INTEGER NOT NULL DEFAULT 0,
        buried_until INTEGER,
        tags TEXT NOT NULL DEFAULT '[]',    -- JSON list, e.g. ["leech"]
        state INTEGER,                      -- NULL = new; 1 learning, 2 review, 3 relearning
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due INTEGER,
        last_review INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        added_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )""",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        card_num INTEGER NOT NULL REFERENCES cards(num),
        at INTEGER NOT NULL,
        rating INTEGER NOT NULL,
        duration_ms INTEGER,
        typed TEXT,
        verdict TEXT,                       -- Verdict.to_dict() JSON, NULL for self-rated cards
        auto INTEGER NOT NULL DEFAULT 0,
        before TEXT NOT NULL                -- JSON: the card's schedule columns before (for undo)
    )""",
    "CREATE INDEX reviews_at ON reviews(at)",
    """CREATE TABLE speed_runs (
        id INTEGER PRIMARY KEY,
        week INTEGER NOT NULL,
        started INTEGER NOT NULL,
        total_ms INTEGER,
        tasks TEXT                          -- JSON list of per-task results
    )""",
]

V2 = [
    # Deck order for new cards; review modes (cram, speed); columns the queue and stats filter on,
    # backfilled from the JSON already stored; per-attempt speed rows; queue indexes.
    "ALTER TABLE cards ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE reviews ADD COLUMN mode TEXT NOT NULL DEFAULT 'review'",  # review | cram | speed
    "ALTER TABLE reviews ADD COLUMN state_before INTEGER",
    "ALTER TABLE reviews ADD COLUMN correct INTEGER",
    "UPDATE reviews SET state_before = json_extract(before, '$.state')",
    """UPDATE reviews SET correct = CASE json_extract(verdict, '$.status')
        WHEN 'correct' THEN 1 WHEN 'incorrect' THEN 0 WHEN 'unreadable' THEN 0 END
        WHERE verdict IS NOT NULL""",
    "ALTER TABLE speed_runs ADD COLUMN finished INTEGER",
    "ALTER TABLE speed_runs ADD COLUMN shuffled INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE speed_runs ADD COLUMN complete INTEGER NOT NULL DEFAULT 0",
    "UPDATE speed_runs SET finished = started + total_ms WHERE total_ms IS NOT NULL",
    """UPDATE speed_runs SET complete = 1 WHERE total_ms IS NOT NULL AND tasks IS NOT NULL
        AND json_array_length(tasks) > 0
        AND NOT EXISTS (SELECT 1 FROM json_each(speed_runs.tasks)
                        WHERE json_extract(value, '$.verdict') IS NOT 'correct')""",
    """CREATE TABLE speed_attempts (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES speed_runs(id),
        card_num INTEGER NOT NULL REFERENCES cards(num),
        attempt INTEGER NOT NULL,
        at INTEGER NOT NULL,
        typed TEXT,
        verdict TEXT NOT NULL,              -- correct | incorrect | unreadable | skipped
        ms INTEGER NOT NULL,
        first_key_ms INTEGER
    )""",
    "CREATE INDEX speed_attempts_run ON speed_attempts(run_id)",
    "CREATE INDEX speed_runs_week ON speed_runs(week, complete, total_ms)",
    # Partial indexes matching the queue queries exactly, so "next due card" is an index seek.
    """CREATE INDEX cards_due ON cards(due)
        WHERE retired = 0 AND suspended = 0 AND state IS NOT NULL""",
    """CREATE INDEX cards_new ON cards(week, position)
        WHERE retired = 0 AND suspended = 0 AND state IS NULL""",
    "CREATE INDEX reviews_card ON reviews(card_num, at)",
]

V3 = [
    # New cards interleave kinds within a week: ordered by (week, kind_rank, kind_order, position).
    # kind_rank is the card's 0-based rank among the cards of its week and kind by position;
    # kind_order the kind's place in the interleave (command, concept, pitfall, step, challenge; other
    # kinds after them). Both are written by sync (store/core.py, _new_card_keys); here they are
    # backfilled the same way for the active cards, so the first sync after the upgrade moves nothing.
    "ALTER TABLE cards ADD COLUMN kind_rank INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE cards ADD COLUMN kind_order INTEGER NOT NULL DEFAULT 0",
    """UPDATE cards SET kind_rank = ranked.kind_rank FROM (
           SELECT num, row_number() OVER (PARTITION BY week, kind ORDER BY position, num) - 1 AS kind_rank
           FROM cards WHERE retired = 0) AS ranked
       WHERE cards.num = ranked.num""",
    """UPDATE cards SET kind_order = CASE kind WHEN 'command' THEN 0 WHEN 'concept' THEN 1
           WHEN 'pitfall' THEN 2 WHEN 'step' THEN 3 WHEN 'challenge' THEN 4 ELSE 5 END""",
    # The queue's "next new card" as an index seek (cards_new, on (week, position), stays: add-only).
    """CREATE INDEX cards_new_order ON cards(week, kind_rank, kind_order, position)
        WHERE retired = 0 AND suspended = 0 AND state IS NULL""",
]



def v4(db: "sqlite_utils.Database") -> None:
    """Siblings and dependencies (Card.group, Card.depends_on), written by sync: the queue keeps a
    card back while a sibling was answered today, and a new card until its dependencies were shown.
    Backfilled from each card's snapshot (the card as last synced), so the first sync after the
    upgrade changes nothing that did not change in the deck."""
    cards = db.table("cards")
    cards.add_column("card_group", str)  # Card.group; NULL: no siblings
    cards.add_column("depends_on", str, not_null_default="[]")  # JSON list of card ids
    db.execute("UPDATE cards SET card_group = json_extract(snapshot, '$.group'),"
               " depends_on = coalesce(json_extract(snapshot, '$.depends_on'), '[]')")
    cards.create_index(["card_group"], index_name="cards_group")


# Parents for rows whose parent is gone. drills never deletes a card (a card that leaves its deck is
# retired) nor a speed run, and it runs with PRAGMA foreign_keys = ON, so it leaves no orphans; but
# the sqlite3 shell does not enforce foreign keys, and a row deleted there by hand would leave its
# reviews pointing nowhere. They are the student's history: kept, under a retired stand-in card.
_LOST_CARDS = """
    INSERT INTO cards (num, id, week, kind, front_hash, snapshot, retired, added_at, updated_at)
    SELECT card_num, 'lost-card-' || card_num, 0, 'removed', '',
           json_object('id', 'lost-card-' || card_num, 'week', 0, 'kind', 'removed',
                       'front', '(a card deleted from the database by hand)', 'back', '', 'answers', json('[]')),
           1, min(at), min(at)
    FROM (SELECT card_num, at FROM reviews UNION ALL SELECT card_num, at FROM speed_attempts)
    WHERE card_num NOT IN (SELECT num FROM cards)
    GROUP BY card_num"""
_LOST_RUNS = """
    INSERT INTO speed_runs (id, week, started, shuffled, complete)
    SELECT run_id, 0, min(at), 0, 0 FROM speed_attempts
    WHERE run_id NOT IN (SELECT id FROM speed_runs)
    GROUP BY run_id"""


def v5(db: "sqlite_utils.Database") -> None:
    """Each speed attempt that reviewed its card names that review: ``speed_attempts.review_id``, a
    foreign key to ``reviews(id)`` (sqlite-utils adds the column and rebuilds the table with the key:
    ``transform``; every row, index and the other keys are carried over). Backfilled: a task's first
    attempt and its review were written in one unit of work, with the same card and moment.
    Orphans (see ``_LOST_CARDS``) get stand-in parents first, so the foreign-key check that the
    rebuild runs finds none, and none of their rows is lost."""
    db.execute(_LOST_CARDS)
    db.execute(_LOST_RUNS)
    attempts = db.table("speed_attempts")
    attempts.add_column("review_id", int, fk="reviews", fk_col="id")
    db.execute("UPDATE speed_attempts SET review_id = (SELECT r.id FROM reviews r WHERE r.card_num ="
               " speed_attempts.card_num AND r.at = speed_attempts.at AND r.mode = 'speed' ORDER BY r.id LIMIT 1)"
               " WHERE attempt = 1")
    # Foreign-key columns get an index (reviews.card_num has reviews_card; speed_attempts.run_id has
    # speed_attempts_run).
    attempts.create_index(["card_num"], index_name="speed_attempts_card")
    attempts.create_index(["review_id"], index_name="speed_attempts_review")


# From V4 on, migrations are written with sqlite-utils (add_column, create_index, add_foreign_key,
# which rebuilds the table with transform): a function of the open database, run inside the
# migration's transaction. sqlite-utils is imported only when a migration is due.
Migration = Union[list[str], Callable[["sqlite_utils.Database"], None]]
MIGRATIONS: list[Migration] = [V1, V2, V3, v4, v5]
SCHEMA_VERSION = len(MIGRATIONS)
