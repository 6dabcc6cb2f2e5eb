"""Every test runs with its own empty data, config and cache folders: nothing touches the real HOME.

Property and fuzz tests (hypothesis) draw the same examples on every run: a green CI run is not luck,
and a failure seen once is seen again. `DRILLS_FUZZ_RANDOM=1` draws new ones, to explore; whatever it
finds becomes a fixed regression test.

Temporary files stay inside pytest's own temporary folder (which pytest prunes to its last three runs),
never loose in /tmp: the code under test makes its temporary files in a folder of the session's, and
every test gives the processes it starts a TMPDIR of its own (a `drill` killed with SIGKILL cannot
remove its sandbox's files). Whatever the code under test leaves in the session's folder is named at
the end of the run: a leak to fix."""

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("drills-fixed", derandomize=True)
settings.register_profile("drills-random", derandomize=False)
settings.load_profile("drills-random" if os.environ.get("DRILLS_FUZZ_RANDOM") == "1" else "drills-fixed")


_session_tmp: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def session_tmp(tmp_path_factory):
    """The folder the code under test (this process) makes its temporary files in."""
    folder = tmp_path_factory.mktemp("tmp", numbered=False)
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    _session_tmp.append(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before


def pytest_terminal_summary(terminalreporter):
    left = sorted(p.name for folder in _session_tmp if folder.is_dir() for p in folder.iterdir())
    if left:
        terminalreporter.write_line(f"temporary files left behind by the code under test ({_session_tmp[0]}): "
                                    + ", ".join(left), yellow=True)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("home")
    (root / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(root / "tmp"))  # for the processes a test starts
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        (root / sub).mkdir()
        monkeypatch.setenv(var, str(root / sub))
    monkeypatch.setenv("HOME", str(root))
    monkeypatch.delenv("DRILLS_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return root


@pytest.fixture
def lab_context(tmp_path, monkeypatch):
    """A factory for "your cluster": ``lab_context(*commands)`` starts a sandbox on 127.0.0.1, runs
    ``commands`` there (setup), and writes a kubeconfig (``KUBECONFIG`` set, returned as ``.kubeconfig``
    beside ``.sandbox``) where it is context `lab` and the CURRENT context `prod` is a dead 127.0.0.1
    port, so using the current context by mistake fails. Stopped after the test."""
    from types import SimpleNamespace

    import yaml

    started = []

    def start(*commands: str) -> SimpleNamespace:
        from drills.execute.runner import Runner, find_kubectl
        from drills.sandbox import Sandbox

        sb = Sandbox.start()
        started.append(sb)
        cfg = yaml.safe_load(sb.kubeconfig.read_text())
        cfg["contexts"][0]["name"] = "lab"
        cfg["clusters"].append({"name": "prod", "cluster": {"server": "https://127.0.0.1:1"}})
        cfg["contexts"].append({"name": "prod", "context": {"cluster": "prod", "user": cfg["users"][0]["name"]}})
        cfg["current-context"] = "prod"
        path = tmp_path / f"kubeconfig-{len(started)}"
        path.write_text(yaml.safe_dump(cfg))
        monkeypatch.setenv("KUBECONFIG", str(path))
        setup = Runner(find_kubectl(), sb.kubeconfig, tmp_path / f"setup-{len(started)}")
        for command in commands:
            assert setup.execute(command).ok, command
        return SimpleNamespace(sandbox=sb, kubeconfig=path)

    yield start
    for sb in started:
        sb.stop()
