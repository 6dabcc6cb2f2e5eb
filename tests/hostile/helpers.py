"""Shared by the hostile-input tests: run the CLI, and say what one bad input must produce."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner, Result

from drills.cli import main


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def one_line_error(result: Result, *words: str) -> str:
    """Exit 2, nothing on stdout, one line ``drill: error: …`` on stderr holding ``words``."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("drill: error: "), lines[0]
    assert "\x1b" not in lines[0] and len(lines[0]) < 600
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def data_dir() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "drills"


def config_file() -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "drills" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def user_deck(week: int = 6) -> Path:
    path = data_dir() / "decks" / f"week-{week:02d}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def overrides_file(week: int = 6) -> Path:
    path = data_dir() / "overrides" / f"week-{week:02d}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
