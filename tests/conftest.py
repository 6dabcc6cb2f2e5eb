"""Every test runs with its own empty data, config and cache folders: nothing touches the real HOME."""

import pytest


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
