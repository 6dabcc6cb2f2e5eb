"""What `pip install .` gives a user: the wheel alone (no checkout beside it) carries the built-in
decks and course page, and `drill` works from it."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    if not files:
        pytest.skip("not a git checkout")
    for name in files.decode().split("\0"):
        if name and (REPO / name).is_symlink():  # drills/_decks -> ../decks: copied as the link it is
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(REPO / name), src / name)
        elif name and (REPO / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    out = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(src)], check=True, capture_output=True)
    (wheel,) = out.glob("drills-*.whl")
    site = tmp / "site"
    with zipfile.ZipFile(wheel) as z:  # a pure-Python wheel installed = its files unpacked
        z.extractall(site)
    return site


def drill(site, *args, home):
    # -S: no site-packages processing, so the checkout's editable install cannot leak in; the
    # dependencies come from this venv's site-packages, drills only from the unpacked wheel.
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "LANG": "C.UTF-8",
           "PYTHONPATH": os.pathsep.join([str(site), sysconfig.get_paths()["purelib"]])}
    return subprocess.run([sys.executable, "-S", "-c", "from drills.cli import main; main()", *args],
                          cwd=home, env=env, capture_output=True, text=True, timeout=60)


def test_the_wheel_alone_serves_the_builtin_week6_deck(installed_wheel, tmp_path):
    r = drill(installed_wheel, "cards", "--week", "6", "--kind", "command", "--json", home=tmp_path)
    assert r.returncode == 0, r.stderr
    cards = json.loads(r.stdout)
    assert len(cards) == 10 and all(c["answers"] for c in cards)
    r = drill(installed_wheel, "decks", "--json", home=tmp_path)
    (deck,) = json.loads(r.stdout)["decks"]
    assert deck["source"] == "builtin" and deck["path"].startswith(str(installed_wheel))
    r = drill(installed_wheel, "build", "--json", home=tmp_path)  # rebuilds the built-in page
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["weeks"][0]["counts"]["command_answered"] == 10


def test_the_wheel_alone_runs_a_speed_drill_and_a_review(installed_wheel, tmp_path):
    # Every package the commands import must be in the wheel (pyproject's package list), not only
    # in the checkout: a speed drill and a review read from stdin, answer once, and end cleanly.
    answer = "kubectl create deployment web --image=nginx --replicas=2\n"
    env_db = ["--db", str(tmp_path / "drills.db")]
    for args in (["speed", "--week", "6", *env_db], ["review", "--limit", "1", *env_db]):
        r = subprocess.run([sys.executable, "-S", "-c", "from drills.cli import main; main()", *args],
                           cwd=tmp_path, input=answer, capture_output=True, text=True, timeout=120,
                           env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8",
                                "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                                "PYTHONPATH": os.pathsep.join([str(installed_wheel),
                                                               sysconfig.get_paths()["purelib"]])})
        assert r.returncode == 0, r.stderr
