"""Opening the database: location, pragmas, migrations, and turning sqlite errors into DrillsError."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from drills.errors import DrillsError
from drills.store.integrity import check_schema_version
from drills.store.schema import MIGRATIONS, SCHEMA_VERSION

# How long a write waits for another drill's write lock before giving up with one line. Generous: a
# drill starting on the same database holds the lock through its migrations and deck sync, one
# transaction after another (SQLite's waiter, polling every 100 ms, rarely gets in between): two
# drills starting together at load 10 on 2 cores waited up to 1.8 s, within a factor 3 of the old
# 5 s. An answer that waits is better than one refused.
BUSY_TIMEOUT_MS = 30_000


def one_of(column: str, values: Iterable[Any]) -> tuple[str, list[Any]]:
    """`` AND column IN (...)`` for a list of values (one JSON parameter, so the SQL text is the same
    for any number of them), and its parameters."""
    return f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(list(values))]


def default_db_path() -> Path:
    """$DRILLS_DB, else platformdirs.user_data_dir("drills")/drills.db."""
    env = os.environ.get("DRILLS_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("drills")) / "drills.db"


def friendly_error(e: sqlite3.Error, path: Path | str) -> DrillsError:
    """One clear line for the sqlite failures a user can meet."""
    name = getattr(e, "sqlite_errorname", "") or ""
    text = str(e)
    if name == "SQLITE_FULL" or "disk is full" in text:
        msg = "cannot save: the disk (or the database size limit) is full; earlier answers are safe"
    elif name.startswith("SQLITE_BUSY") or "locked" in text:
        msg = f"the database stayed busy for over {BUSY_TIMEOUT_MS // 1000} s (another drill writing?); try again"
    elif name.startswith("SQLITE_READONLY") or "readonly" in text:
        msg = "cannot save: the database is read-only"
    elif name == "SQLITE_NOTADB" or "not a database" in text:
        msg = "this is not a drills database (not SQLite)"
    elif name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        msg = "the database is damaged (run `sqlite3 FILE 'PRAGMA integrity_check'`)"
    elif name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        msg = "cannot open the database file (does the folder exist and is it writable?)"
    elif name.startswith("SQLITE_IOERR") or "disk I/O" in text:
        msg = f"cannot write the database: {text}"
    else:
        msg = f"database error: {text}"
    return DrillsError(msg, file=str(path))


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN IMMEDIATE ourselves), WAL, busy timeout."""
    if str(path) != ":memory:":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DrillsError(f"cannot create the data folder: {e.strerror}", file=str(path.parent)) from e
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _enable_wal(conn)
        # FULL: an answer survives a power cut, not only a crash, once the method returned.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as e:
        raise friendly_error(e, path) from e
    return conn


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL once; wait (up to the busy timeout) while another process holds the file.

    Changing the journal mode needs an exclusive lock that SQLite does not wait for through the busy
    handler: two terminals opening a brand-new database at the same moment would otherwise see
    "database is locked". Once the file is in WAL mode (persistent), this is a plain read.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path | str) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT; on any failure ROLLBACK and (for sqlite errors) a DrillsError.

    IMMEDIATE takes the write lock up front, so two terminals queue on the busy timeout instead of
    failing with "database is locked" when a reader upgrades to a writer.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as e:
        raise friendly_error(e, path) from e
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as e:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        if isinstance(e, sqlite3.Error):
            raise friendly_error(e, path) from e
        raise


def migrate(conn: sqlite3.Connection, path: Path | str) -> int:
    """Bring the schema up to SCHEMA_VERSION; returns the version found before."""
    try:
        # One statement, so one snapshot: read apart, another process creating the database could
        # commit in between (version 0 read before, its tables seen after: "edited or damaged").
        row = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cards')").fetchone()
        found: int = row[0]
        has_tables = found <= 0 and bool(row[1])
    except sqlite3.Error as e:
        raise friendly_error(e, path) from e
    check_schema_version(found, has_tables, path)
    if found > SCHEMA_VERSION:
        raise DrillsError(
            f"this database has schema v{found}, written by a newer drills (this one knows v{SCHEMA_VERSION});"
            " upgrade drills", file=str(path),
        )
    if found < SCHEMA_VERSION and found > 0 and str(path) != ":memory:":
        _backup(conn, Path(path), found)
    if any(callable(MIGRATIONS[v]) for v in range(found, SCHEMA_VERSION)):
        # Loaded before the write lock, not inside it: on a busy machine the import takes a second or
        # more, and another drill opening the same database would spend it waiting on the lock.
        import sqlite_utils  # noqa: F401
    for version in range(found, SCHEMA_VERSION):
        with transaction(conn, path):
            # Re-check inside the write lock: another process may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] != version:
                continue
            step = MIGRATIONS[version]
            if callable(step):
                import sqlite_utils  # loaded above: only when a migration is due (and at sync, history export)

                step(sqlite_utils.Database(conn))
            else:
                for statement in step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
    return found


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """A copy of the database before migrating it (drills.db.v1.bak); kept if one already exists."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    if target.exists():
        return
    tmp = target.with_name(target.name + ".tmp")
    try:
        dest = sqlite3.connect(str(tmp))
        with dest:
            conn.backup(dest)
        dest.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as e:
        tmp.unlink(missing_ok=True)
        raise DrillsError(f"cannot back up the database before upgrading it: {e}", file=str(target)) from e



class Database:
    """One open connection and its path; the table objects of a Store share it.

    ``write()`` is a transaction (BEGIN IMMEDIATE ... COMMIT) that nests: inside an outer one (a
    unit of work) it joins it, so a table method that writes alone commits at once, and the same
    method inside ``Store.unit_of_work()`` commits with everything else in it, or not at all.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self._depth = 0

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        with transaction(self.conn, self.path) as c:
            self._depth = 1
            try:
                yield c
            finally:
                self._depth = 0

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        try:
            return [dict(r) for r in self.conn.execute(sql, list(params))]
        except sqlite3.Error as e:
            raise friendly_error(e, self.path) from e

    def value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        try:
            row = self.conn.execute(sql, list(params)).fetchone()
        except sqlite3.Error as e:
            raise friendly_error(e, self.path) from e
        return None if row is None else row[0]

    def close(self) -> None:
        self.conn.close()
