"""A study database edited by hand or damaged on disk: every command ends with its normal output or
one line naming the row and column (exit 2): never a traceback, and nothing is written."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import one_line_error, run

CARD_COLUMNS = ("tags", "snapshot", "state", "step", "stability", "difficulty", "due", "last_review",
                "buried_until", "reps", "lapses", "retired", "suspended", "week", "id")
REVIEW_COLUMNS = ("before", "verdict", "rating", "duration_ms", "at", "state_before", "typed")
COMMANDS = (["review", "--week", "6", "--limit", "3"], ["stats", "--json"], ["decks", "--json"],
            ["suspended", "--json"], ["unsuspend", "--leeches"])

WEIRD = st.one_of(
    st.none(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.floats(allow_nan=True),
    st.sampled_from(["", "x", "[", "{}", "[]", "[1]", '["leech", 5]', "nan", "tomorrow", "2026-01-01",
                     '{"state": "x"}', "null", "1e999", "-1"]),
    st.text(max_size=20), st.binary(max_size=8),
)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory) -> Path:
    """A database with history: ten answers to week 6, some right, some wrong."""
    import os

    home = tmp_path_factory.mktemp("seed")
    db = home / "seed.db"
    old = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    os.environ["XDG_DATA_HOME"], os.environ["XDG_CONFIG_HOME"] = str(home / "d"), str(home / "c")
    try:
        answers = "1\n3\nkubectl get po\n4\n2\n" * 2
        assert run("review", "--week", "6", "--db", str(db), input=answers).exit_code == 0
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert sqlite3.connect(db).execute("SELECT count(*) FROM reviews").fetchone()[0] >= 5
    return db


def damaged_copy(seed: Path, where: Path, table: str, column: str, value: object, every: bool) -> Path:
    db = where / "damaged.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy(seed, db)
    conn = sqlite3.connect(db)
    key = "num" if table == "cards" else "id"
    target = "" if every else f" WHERE {key} = (SELECT min({key}) FROM {table})"
    try:
        conn.execute(f"UPDATE {table} SET {column} = ?{target}", (value,))
        conn.commit()
    except sqlite3.IntegrityError:  # NOT NULL / UNIQUE: SQLite itself refuses this damage
        pass
    conn.close()
    return db


def check_every_command(db: Path) -> None:
    for command in COMMANDS:
        before = sqlite3.connect(db).execute("SELECT count(*) FROM reviews").fetchone()[0]
        result = run(*command, "--db", str(db), input="1\n3\n")
        assert result.exit_code in (0, 1, 2), (command, result.output)
        if result.exit_code == 2:
            one_line_error(result)
            after = sqlite3.connect(db).execute("SELECT count(*) FROM reviews").fetchone()[0]
            assert after == before  # a refused database is not written to


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(column=st.sampled_from(CARD_COLUMNS), value=WEIRD, every=st.booleans())
def test_damaged_card_rows_never_crash_a_command(seeded_db, tmp_path_factory, column, value, every):
    check_every_command(damaged_copy(seeded_db, tmp_path_factory.mktemp("db"), "cards", column, value, every))


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(column=st.sampled_from(REVIEW_COLUMNS), value=WEIRD)
def test_damaged_review_rows_never_crash_a_command(seeded_db, tmp_path_factory, column, value):
    check_every_command(damaged_copy(seeded_db, tmp_path_factory.mktemp("db"), "reviews", column, value, True))


@pytest.mark.parametrize(("column", "value", "words"), [
    ("tags", "{not json", "tags"), ("due", "tomorrow", "due = 'tomorrow'"), ("state", 7, "state = 7"),
    ("stability", 1e308, "stability"), ("due", 2**63 - 1, "due")])
def test_the_first_damaged_row_is_named(seeded_db, tmp_path, column, value, words):
    db = damaged_copy(seeded_db, tmp_path, "cards", column, value, every=False)
    one_line_error(run("review", "--week", "6", "--db", str(db)), str(db), "card w06.", words)


@pytest.mark.parametrize("version", [-1, 0, -(2**31)])
def test_a_schema_version_no_drills_writes_is_one_line(seeded_db, tmp_path, version):
    db = tmp_path / "v.db"
    shutil.copy(seeded_db, db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    line = one_line_error(run("stats", "--db", str(db)), "schema version")
    assert str(version) in line or "version 0" in line
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == version  # untouched
