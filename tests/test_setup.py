"""Setting up from a fresh clone: `make run` installs the app only, `make test` adds the test extras,
and the editable install prints no setuptools warning."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def fresh_copy(dest: Path) -> Path:
    """The committed files of the checkout (symlinks kept as links), as a fresh clone has them."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    if not files:
        pytest.skip("not a git checkout")
    for name in files.decode().split("\0"):
        if not name:
            continue
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        if (REPO / name).is_symlink():
            os.symlink(os.readlink(REPO / name), dest / name)
        elif (REPO / name).is_file():
            shutil.copy2(REPO / name, dest / name)
    return dest


def dry_run(copy: Path, target: str) -> list[str]:
    """The pip commands `make -n TARGET` would run in a clone without a .venv."""
    if shutil.which("make") is None:
        pytest.skip("no make")
    out = subprocess.run(["make", "-n", target], cwd=copy, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if "pip install" in line]


def test_make_run_installs_the_app_only_and_make_test_adds_the_extras(tmp_path):
    copy = fresh_copy(tmp_path / "clone")
    run = dry_run(copy, "run")
    assert run and all("[test]" not in line for line in run)
    assert any(line.endswith("pip install -q -e .") for line in run)
    test = dry_run(copy, "test")
    assert any("'.[test]'" in line for line in test)


def test_an_editable_install_prints_no_setuptools_warning(tmp_path):
    copy = fresh_copy(tmp_path / "clone")
    env = dict(os.environ, PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    # The venv's own setuptools builds it (no build isolation, no index): the editable wheel and its
    # .pth are what a fresh `make run` gets.
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--prefix",
         str(tmp_path / "prefix"), "-e", str(copy)],
        capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower(), result.stderr
    pth = list((tmp_path / "prefix").rglob("__editable__.drills-*.pth"))
    assert [p.read_text().strip() for p in pth] == [str(copy)]  # a plain path entry, no import hook
    assert (copy / "drills" / "_decks" / "week-06.yaml").is_file()  # what resources.py reads there
