"""Startup time of `drill speed --week 6` in a real pseudo-terminal, against importing prompt_toolkit.

Measures, over N runs each (median):
  drill     -- process start -> the first task's prompt is on screen (its toolbar text drawn)
  baseline  -- `python -c "import prompt_toolkit"` start -> exit, in the same kind of pty
and prints the ratio drill/baseline (target <= 2.0). Each drill run uses a fresh temporary database
and data folders, so the first-run cost (creating the store, syncing the deck) is included.

Wall time on a busy machine is noisy, so the CPU time (user+sys) of each process is reported too:
the drill is killed (SIGKILL) the moment its first prompt is seen, so its CPU time is what it spent
getting there.

    .venv/bin/python bench/startup.py [--runs 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

BIN = Path(sys.executable).parent
FIRST_PROMPT = "Enter check"  # the speed drill's toolbar: drawn together with the first prompt
# prompt_toolkit asks the terminal where the cursor is and draws the toolbar once it knows.
CPR_REQUEST = "\x1b[6n"


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        (tmp / var).mkdir(exist_ok=True)
        env[var] = str(tmp / var)
    env.update(HOME=str(tmp), DRILLS_DB=str(tmp / "drills.db"), TERM="xterm", COLUMNS="80", LINES="24")
    env.pop("NO_COLOR", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_drill(reuse_db: bool = False) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from start to the first prompt."""
    with tempfile.TemporaryDirectory() as d:
        env = _env(Path(d))
        if reuse_db:  # a second start on an existing store (the daily case): answer once, stop
            child = pexpect.spawn(str(BIN / "drill"), ["speed", "--week", "6"], env=env, encoding="utf-8",
                                  timeout=30)
            while child.expect_exact([CPR_REQUEST, FIRST_PROMPT]) == 0:
                child.send("\x1b[20;1R")
            child.send("kubectl create deployment web --image=nginx --replicas=2\r")
            child.expect_exact("2/10")
            child.sendcontrol("c")
            child.expect(pexpect.EOF)
            child.close()
        return _run_drill(env)


def _run_drill(env) -> tuple[float, float]:
    cpu = _children_cpu()
    start = time.perf_counter()
    child = pexpect.spawn(str(BIN / "drill"), ["speed", "--week", "6"], env=env, dimensions=(24, 80),
                          encoding="utf-8", timeout=30)
    while child.expect_exact([CPR_REQUEST, FIRST_PROMPT]) == 0:
        child.send("\x1b[20;1R")  # answer "where is the cursor?" as a real terminal does
    elapsed = time.perf_counter() - start
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    return elapsed, _children_cpu() - cpu


def time_baseline() -> tuple[float, float]:
    cpu = _children_cpu()
    start = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-c", "import prompt_toolkit"], dimensions=(24, 80),
                          encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    elapsed = time.perf_counter() - start
    child.close()
    return elapsed, _children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    time_baseline(), time_drill()  # warm the OS file cache and the .pyc files
    samples: dict[str, list[tuple[float, float]]] = {"baseline": [], "fresh": [], "existing": []}
    for _ in range(args.runs):  # interleaved, so a noisy moment hits both sides alike
        samples["baseline"].append(time_baseline())
        samples["fresh"].append(time_drill())
        samples["existing"].append(time_drill(reuse_db=True))
    result: dict[str, float | int] = {"runs": args.runs}
    for name, values in samples.items():
        result[f"{name}_ms"] = round(statistics.median(v[0] for v in values) * 1000, 1)
        result[f"{name}_cpu_ms"] = round(statistics.median(v[1] for v in values) * 1000, 1)
    for name in ("fresh", "existing"):
        result[f"{name}_ratio"] = round(result[f"{name}_ms"] / result["baseline_ms"], 2)
        result[f"{name}_cpu_ratio"] = round(result[f"{name}_cpu_ms"] / result["baseline_cpu_ms"], 2)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"median of {args.runs} runs            wall ms  ratio   cpu ms  ratio   (target ratio <= 2.0)")
        labels = {"baseline": "import prompt_toolkit", "fresh": "drill speed, new store",
                  "existing": "drill speed, used store"}
        for name, label in labels.items():
            ratio = result.get(f"{name}_ratio", 1.0)
            cpu_ratio = result.get(f"{name}_cpu_ratio", 1.0)
            wall, cpu = result[f"{name}_ms"], result[f"{name}_cpu_ms"]
            print(f"{label:<25} {wall:9.1f} {ratio:6.2f} {cpu:8.1f} {cpu_ratio:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
