"""sqlite-utils is for creating and migrating the database, syncing changed decks and exporting the
history: a review or speed drill on a store that is up to date never loads it, answers included."""

from __future__ import annotations

import subprocess
import sys

RIGHT1 = "kubectl create deployment web --image=nginx --replicas=2"

# Runs one drill command in a fresh interpreter (answers on stdin, line mode) and reports whether
# sqlite_utils was imported by the end, answers committed included.
PROBE = """
import sys
from drills.cli import main
try:
    main(sys.argv[1:])
except SystemExit as e:
    assert e.code in (0, None), e.code
print("SQLITE_UTILS=" + str("sqlite_utils" in sys.modules), file=sys.stderr)
"""


def drill(db, *args, stdin=""):
    out = subprocess.run([sys.executable, "-c", PROBE, *args, "--db", str(db)], input=stdin,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out


def loaded_sqlite_utils(out) -> bool:
    line = [x for x in out.stderr.splitlines() if x.startswith("SQLITE_UTILS=")][-1]
    return line == "SQLITE_UTILS=True"


def test_review_and_speed_on_an_existing_store_never_load_sqlite_utils(tmp_path):
    db = tmp_path / "drills.db"
    # The first run creates the database and syncs the decks: that is sqlite-utils' job.
    first = drill(db, "speed", "--week", "6", stdin=f"{RIGHT1}\n")
    assert loaded_sqlite_utils(first)
    # Every later run: first prompt, answer, commit, summary, all on stdlib sqlite3.
    assert not loaded_sqlite_utils(drill(db, "speed", "--week", "6", stdin=f"{RIGHT1}\nskip\n"))
    review = drill(db, "review", "--limit", "2", stdin="\n3\n\n4\n")
    assert "rated" in review.stdout and not loaded_sqlite_utils(review)
    with __import__("sqlite3").connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM reviews WHERE mode = 'review'").fetchone()[0] == 2
