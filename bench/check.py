#!/usr/bin/env python3
"""Benchmark drills.kubectl.check over week 6's answers and mutations of them.

    python bench/check.py [--rounds N]

Prints checks per second and p50/p99 latency per check, and the same for a baseline measured in
the same run on the same strings: ``shlex.split`` of the accepted answer and of the typed answer
(the least any shell-aware checker must do). Target: <= 1 ms per check.
"""

from __future__ import annotations

import argparse
import platform
import shlex
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drills.kubectl import check  # noqa: E402


def week6_answers() -> list[str]:
    from drills.deck.files import load_decks

    for deck in load_decks():
        if deck.week == 6:
            return [a for c in deck.cards if c.kind == "command" for a in c.answers]
    raise SystemExit("no week-6 deck found")


def mutations(cmd: str) -> list[str]:
    """Meaning-preserving rewrites and meaning-changing mutations of one answer."""
    out = [cmd, cmd.replace("kubectl ", "k ", 1), cmd + " -n dev", cmd.replace("web", "webb", 1),
           cmd.replace("=", " ", 1), cmd.replace("svc", "service").replace("deployment", "deploy"),
           cmd.replace("80", "8080", 1), cmd + " --dry-run=client -o yaml", "$ " + cmd, cmd[: len(cmd) // 2] + "'"]
    return list(dict.fromkeys(out))


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def timed(fn, pairs, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for exp, ans in pairs:
            t0 = time.perf_counter_ns()
            fn(exp, ans)
            samples.append((time.perf_counter_ns() - t0) / 1e6)
    return samples


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    answers = week6_answers()
    pairs = [(a, m) for a in answers for m in mutations(a)]

    def baseline(exp, ans):
        try:
            shlex.split(exp)
            shlex.split(ans)
        except ValueError:
            pass

    timed(check, pairs, 1)  # warm the flag table and caches
    timed(baseline, pairs, 1)
    ours = timed(check, pairs, args.rounds)
    base = timed(baseline, pairs, args.rounds)
    verdicts = {}
    for exp, ans in pairs:
        verdicts[check(exp, ans).status] = verdicts.get(check(exp, ans).status, 0) + 1

    def line(name, xs):
        return (f"{name:<16} {len(xs) / (sum(xs) / 1000):>10.0f} checks/s   p50 {percentile(xs, 50):.3f} ms   "
                f"p99 {percentile(xs, 99):.3f} ms   mean {statistics.fmean(xs):.3f} ms")

    print(f"python {platform.python_version()} on {platform.machine()}; {len(answers)} week-6 answers, "
          f"{len(pairs)} (answer, typed) pairs x {args.rounds} rounds; verdicts {verdicts}")
    print(line("drills check", ours))
    print(line("shlex.split x2", base))
    print(f"ratio (check / shlex baseline): p50 {percentile(ours, 50) / percentile(base, 50):.1f}x   "
          f"p99 {percentile(ours, 99) / percentile(base, 99):.1f}x")
    ok = percentile(ours, 99) <= 1.0
    print(f"target p99 <= 1 ms per check: {'met' if ok else 'NOT met'}")
    shapes = timed(check, shape_pairs(), args.rounds)
    print(line("other shapes", shapes) + "   (2-command sequences, a heredoc manifest, a manifest, docker, helm)")
    return 0


def shape_pairs() -> list[tuple[str, str]]:
    """Multi-line answers (made up): the cost of the shapes beyond one kubectl command."""
    seq = "kubectl create namespace lab\nkubectl create quota small --hard=pods=5 -n lab"
    pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n"
           "    image: nginx:1.27\n    ports:\n    - containerPort: 80\n")
    heredoc = "kubectl apply -f - <<EOF\n" + pod + "EOF"
    return [(seq, "kubectl create ns lab && kubectl create quota small -n lab --hard pods=5"),
            (seq, "kubectl create ns lab"), (heredoc, "cat <<EOF | kubectl apply -f -\n" + pod + "EOF"),
            (heredoc, "kubectl apply -f -"), (pod, pod.replace("1.27", "1.26")), (pod, pod),
            ("docker run -d --name web -p 8080:80 nginx:1.27", "docker run --name=web -dp 8080:80 nginx:1.27"),
            ("helm install web bitnami/nginx -n web --create-namespace", "helm -n web install web bitnami/nginx")]


if __name__ == "__main__":
    sys.exit(main())
