"""Every test runs with its own empty data, config and cache folders: nothing touches the real HOME.

Property and fuzz tests (hypothesis) draw the same examples on every run: a green CI run is not luck,
and a failure seen once is seen again. `DRILLS_FUZZ_RANDOM=1` draws new ones, to explore; whatever it
finds becomes a fixed regression test."""

import os

import pytest
from hypothesis import settings

settings.register_profile("drills-fixed", derandomize=True)
settings.register_profile("drills-random", derandomize=False)
settings.load_profile("drills-random" if os.environ.get("DRILLS_FUZZ_RANDOM") == "1" else "drills-fixed")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        (root / sub).mkdir()
        monkeypatch.setenv(var, str(root / sub))
    monkeypatch.setenv("HOME", str(root))
    monkeypatch.delenv("DRILLS_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return root
