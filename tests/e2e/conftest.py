"""Fixtures for driving the installed `drill` in a real pseudo-terminal, as a student at an 80x24 xterm."""

from __future__ import annotations

import os

import pytest

from .pty import Term


@pytest.fixture
def drill_env(tmp_path, isolated_dirs):
    env = dict(os.environ)
    env.update(
        HOME=str(isolated_dirs),
        XDG_DATA_HOME=os.environ["XDG_DATA_HOME"],
        XDG_CONFIG_HOME=os.environ["XDG_CONFIG_HOME"],
        XDG_CACHE_HOME=os.environ["XDG_CACHE_HOME"],
        DRILLS_DB=str(tmp_path / "drills.db"),
        TERM="xterm",
        LINES="24",
        COLUMNS="80",
    )
    env.pop("NO_COLOR", None)
    return env


@pytest.fixture
def spawn(drill_env):
    started: list[Term] = []

    def start(*args: str) -> Term:
        term = Term(list(args), drill_env)
        started.append(term)
        return term

    yield start
    for term in started:
        if term.child.isalive():
            term.child.terminate(force=True)
