"""Startup time of `drill speed --week 6` in a real pseudo-terminal, against importing prompt_toolkit.

Measures, over N runs each (median):
  drill     -- process start -> the first task's prompt is on screen (its toolbar text drawn)
  baseline  -- `python -c "import prompt_toolkit"` start -> exit, in the same kind of pty
and prints the ratio drill/baseline (target <= 2.0). Each drill run uses a fresh temporary database
and data folders, so the first-run cost (creating the store, syncing the deck) is included.

    .venv/bin/python bench/startup.py [--runs 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
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


def time_drill(reuse_db: bool = False) -> float:
    with tempfile.TemporaryDirectory() as d:
        env = _env(Path(d))
        if reuse_db:  # a second start on an existing store (the daily case)
            _run_drill(env)
        return _run_drill(env)


def _run_drill(env) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(str(BIN / "drill"), ["speed", "--week", "6"], env=env, dimensions=(24, 80),
                          encoding="utf-8", timeout=30)
    while child.expect_exact([CPR_REQUEST, FIRST_PROMPT]) == 0:
        child.send("\x1b[20;1R")  # answer "where is the cursor?" as a real terminal does
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def time_baseline() -> float:
    start = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-c", "import prompt_toolkit"], dimensions=(24, 80),
                          encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    elapsed = time.perf_counter() - start
    child.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    time_baseline(), time_drill()  # warm the OS file cache and the .pyc files
    drill, warm, base = [], [], []
    for _ in range(args.runs):  # interleaved, so a noisy moment hits both sides alike
        base.append(time_baseline())
        drill.append(time_drill())
        warm.append(time_drill(reuse_db=True))
    result = {
        "runs": args.runs,
        "baseline_ms": round(statistics.median(base) * 1000, 1),
        "drill_first_prompt_ms": round(statistics.median(drill) * 1000, 1),
        "drill_existing_db_ms": round(statistics.median(warm) * 1000, 1),
    }
    result["ratio"] = round(result["drill_first_prompt_ms"] / result["baseline_ms"], 2)
    result["ratio_existing_db"] = round(result["drill_existing_db_ms"] / result["baseline_ms"], 2)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"import prompt_toolkit (baseline): {result['baseline_ms']:7.1f} ms median of {args.runs}")
        print(f"drill speed, fresh store        : {result['drill_first_prompt_ms']:7.1f} ms"
              f"  ratio {result['ratio']:.2f}")
        print(f"drill speed, existing store     : {result['drill_existing_db_ms']:7.1f} ms"
              f"  ratio {result['ratio_existing_db']:.2f}   (target <= 2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
