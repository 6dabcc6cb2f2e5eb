"""`make bench`: run every bench/*.py script and write bench/RESULTS.md.

    python bench/run_all.py [--only NAME ...] [--timeout SECONDS]

Each script measures its figures against a baseline measured in the same run and prints them as
ratios; this runner records, for one run of all of them: the date, the machine (CPU model, cores,
memory, OS, Python), each script's command line, its wall time, its exit code and its output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GB memory"
    except (OSError, ValueError, IndexError):
        pass
    try:
        load = ", load average {:.1f} {:.1f} {:.1f} at the start".format(*os.getloadavg())
    except OSError:
        load = ""
    return (f"{cpu}, {os.cpu_count()} cores{memory}{load}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="run only these scripts (file names without .py)")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name)
    if args.only:
        scripts = [p for p in scripts if p.stem in args.only]
    started = dt.datetime.now(dt.timezone.utc)
    sections = []
    worst = 0
    for script in scripts:
        command = [sys.executable, str(script.relative_to(HERE.parent))]
        print(f"== {script.name}", flush=True)
        t = time.monotonic()
        try:
            p = subprocess.run(command, cwd=HERE.parent, capture_output=True, text=True, timeout=args.timeout)
            code, output = p.returncode, (p.stdout + p.stderr).rstrip()
        except subprocess.TimeoutExpired as e:
            code = -1
            output = ((e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or ""))
            output += f"\n(stopped after {args.timeout:.0f} s)"
        spent = time.monotonic() - t
        worst = max(worst, 1 if code else 0)
        print(output, flush=True)
        doc = (script.read_text(encoding="utf-8").split('"""')[1].strip().splitlines() or [""])[0]
        sections.append(f"## {script.name}\n\n{doc}\n\n`{' '.join(['python', *command[1:]])}`: "
                        f"exit {code}, {spent:.0f} s\n\n```\n{output}\n```\n")
    text = (f"# Benchmark results\n\nWritten by `make bench` (bench/run_all.py); every figure is printed by "
            f"its script as a ratio to a baseline measured in the same run, on the same machine.\n\n"
            f"- date: {started:%Y-%m-%d %H:%M} UTC\n- machine: {machine()}\n\n" + "\n".join(sections))
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
