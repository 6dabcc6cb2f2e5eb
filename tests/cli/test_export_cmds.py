"""`drill export anki` through click: the --json shape, bad input in one line, atomic output."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from datetime import datetime, timezone

from click.testing import CliRunner

from drills.cli import main


def _run(*args: str):
    return CliRunner().invoke(main, ["export", "anki", *args])


def test_json_summary_shape(tmp_path):
    out = tmp_path / "week6.apkg"
    result = _run("--week", "6", "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert set(summary) == {"file", "decks", "notes", "cards"}
    assert summary["file"] == str(out)
    (deck,) = summary["decks"]
    assert set(deck) == {"week", "name", "notes", "cards"}
    assert deck["week"] == 6 and deck["name"] == "CKAD::Week 06 — Services & Networking"
    assert 0 < deck["notes"] < deck["cards"] and summary["cards"] == deck["cards"]
    assert out.stat().st_size > 0
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    assert [p.name for p in tmp_path.iterdir()] == ["week6.apkg"]


def test_default_output_file_and_text_summary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run()
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ckad-drills.apkg").is_file()
    assert "wrote ckad-drills.apkg:" in result.stdout
    assert "CKAD::Week 06 — Services & Networking:" in result.stdout


def test_unknown_week_is_one_line_exit_2(tmp_path):
    out = tmp_path / "x.apkg"
    result = _run("--week", "6", "--week", "7", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == "drill: error: no deck for week 7 (have: 6); build one with `drill build PAGE`\n"
    assert not out.exists()


def test_unwritable_output_path_is_one_line_exit_2(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a folder should be")
    result = _run("-o", str(blocker / "x.apkg"))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"drill: error: {blocker / 'x.apkg'}: cannot write")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-dir"]


def test_output_is_a_directory_is_one_line_exit_2(tmp_path):
    result = _run("-o", str(tmp_path))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "directory" in result.stderr


def test_disk_full_mid_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    # A real write failure: the kernel refuses to grow any file past 8 KB (like a full disk).
    out = tmp_path / "ckad.apkg"
    out.write_bytes(b"the previous export")

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8_000, 8_000))

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", "from drills.cli import main; main()", "export", "anki", "-o", str(out)],
        capture_output=True, text=True, env=env, preexec_fn=limit_file_size, timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "nothing was written" in proc.stderr
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ckad.apkg"]


def test_with_progress_without_the_anki_package_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "anki", None)  # as on a machine without the optional package
    monkeypatch.setitem(sys.modules, "anki.collection", None)
    out = tmp_path / "x.apkg"
    result = _run("-o", str(out), "--with-progress")
    assert result.exit_code == 2
    assert result.stderr == ("drill: error: exporting progress needs the optional 'anki' package: "
                             "pip install 'drills[progress]'\n")
    assert not out.exists()


def test_with_progress_reports_the_reviewed_cards(tmp_path, monkeypatch):
    from drills.deck.files import load_deck
    from drills.store import Store
    from drills.app.review import ReviewSession

    monkeypatch.setenv("DRILLS_DB", str(tmp_path / "drills.db"))
    deck = load_deck(6)
    store = Store.open()
    session = ReviewSession(store, [deck], clock=lambda: datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    session.rate(deck.cards[0], 3, 3000)
    store.close()

    out = tmp_path / "p.apkg"
    result = _run("--week", "6", "-o", str(out), "--json", "--with-progress")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["progress"] == {"cards": 1, "reviews": 1}
    assert summary["file"] == str(out) and out.stat().st_size > 0
