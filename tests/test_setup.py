"""Setting up from a fresh clone: `make run` installs the app only, `make test` adds the test extras,
and the editable install prints no setuptools warning."""

import os
import re
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
    import zipfile

    copy = fresh_copy(tmp_path / "clone")
    # What pip runs for `pip install -e .` (PEP 660's build_editable), with this venv's setuptools and
    # nothing installed anywhere: the warnings a fresh `make run` would print, and the editable wheel.
    build = ("import sys; from setuptools import build_meta; "
             "print(build_meta.build_editable(sys.argv[1]))")
    result = subprocess.run([sys.executable, "-W", "default", "-c", build, str(tmp_path / "dist")], cwd=copy,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    # Python warnings print as "FILE:LINE: Category: message" (setuptools' is InformationOnly, which
    # pip shows as a BuildBackendWarning); the build log itself is not a warning.
    assert not re.search(r"\.py:\d+: \w+: ", result.stderr), result.stderr
    assert "Editable installation" not in result.stderr
    with zipfile.ZipFile(tmp_path / "dist" / result.stdout.split()[-1]) as wheel:
        names = wheel.namelist()
        [pth] = [n for n in names if n.endswith(".pth")]
        assert wheel.read(pth).decode().strip() == str(copy)  # a plain path entry ...
    assert not [n for n in names if "finder" in n]  # ... not the import hook that warns
    assert (copy / "drills" / "_decks" / "week-06.yaml").is_file()  # what resources.py reads there
