"""Standard streams in odd states (closed, ASCII-only, invalid UTF-8): no traceback, no lost answer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DRILL = shutil.which("drill", path=str(Path(sys.executable).parent)) or "drill"


def drill(*args: str, stdin=subprocess.DEVNULL, input: bytes | None = None, env: dict | None = None,
          shell_redirect: str = "") -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    if shell_redirect:  # e.g. "<&-": a closed stdin, which subprocess cannot express directly
        cmd = " ".join([f"'{DRILL}'", *(f"'{a}'" for a in args), shell_redirect])
        return subprocess.run(["/bin/sh", "-c", cmd], capture_output=True, env=full_env, timeout=60)
    kwargs = {"input": input} if input is not None else {"stdin": stdin}
    return subprocess.run([DRILL, *args], capture_output=True, env=full_env, timeout=60, **kwargs)


def no_traceback(p: subprocess.CompletedProcess) -> None:
    assert b"Traceback" not in p.stderr, p.stderr.decode(errors="replace")


@pytest.mark.parametrize("args", [["review", "--week", "6"], ["speed", "--week", "6"], ["check", "--batch", "-"]])
def test_a_closed_stdin_reads_as_empty_input(args, tmp_path):
    p = drill(*args, "--db", str(tmp_path / "d.db"), shell_redirect="<&-") if args[0] != "check" else \
        drill(*args, shell_redirect="<&-")
    no_traceback(p)
    assert p.returncode == 0


def test_an_ascii_only_terminal_gets_escapes_not_a_crash(tmp_path):
    env = {"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    for args in (["cards", "--week", "6"], ["decks"], ["check", "-e", "kubectl get po", "kubectl get pö"]):
        p = drill(*args, env=env)
        no_traceback(p)
        assert p.returncode in (0, 1)
    p = drill("cards", "--week", "6", env=env)
    assert b"\\u2014" in p.stdout or b"\\xe2" in p.stdout or b"-" in p.stdout


def test_an_ascii_stdin_with_non_ascii_answers_is_read(tmp_path):
    env = {"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    p = drill("review", "--week", "6", "--db", str(tmp_path / "d.db"), input="pö\n1\n".encode(), env=env)
    no_traceback(p)
    assert p.returncode == 0


def test_invalid_utf8_answers_are_saved_as_replacement_characters(tmp_path):
    db = tmp_path / "d.db"
    p = drill("review", "--week", "6", "--kind", "command", "--db", str(db), input=b"kubectl get \xff\xfe\n\n")
    no_traceback(p)
    assert p.returncode == 0
    import sqlite3

    rows = sqlite3.connect(db).execute("SELECT * FROM reviews").fetchall()
    assert any(isinstance(v, str) and "kubectl get \ufffd" in v for v in rows[0])


def test_invalid_utf8_in_an_argument_is_not_a_traceback():
    p = subprocess.run([DRILL.encode(), b"check", b"-e", b"kubectl get po", b"kubectl get po \xff"],
                       capture_output=True, timeout=60)
    no_traceback(p)
    assert p.returncode in (1, 2)


def test_a_reader_that_leaves_early_ends_quietly():
    p = subprocess.run(f"'{DRILL}' cards --week 6 | head -c 10 >/dev/null; exit ${{PIPESTATUS:-0}}",
                       shell=True, capture_output=True, timeout=60, executable="/bin/bash")
    no_traceback(p)
    assert b"Exception" not in p.stderr
