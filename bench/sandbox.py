"""Sandbox speed, each figure as a ratio to `kubectl version --client` measured in the same run.

  start      -- a fresh Python process that imports the sandbox and starts one (process start ->
                "ready" printed: interpreter, imports, TLS certificate, bootstrap, listening), and
                `Sandbox.start()` alone once its imports are done (as inside the app)
  round trip -- one kubectl command against a warm sandbox (discovery cached in its HOME):
                `kubectl get pods` and `kubectl get svc web -o jsonpath=...` (reads),
                `kubectl label pod ... --overwrite` (a write with a GET before it)
  cold       -- the first kubectl command against a new sandbox (fills the discovery cache)

Median and p95 over N runs each; ratios are median/median and p95/p95.

    .venv/bin/python bench/sandbox.py [--runs 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drills.sandbox import Sandbox, run_kubectl  # noqa: E402
from drills.sandbox.sandbox import kubectl_path  # noqa: E402

START_SCRIPT = """import time
t0 = time.perf_counter()
from drills.sandbox.sandbox import Sandbox
t1 = time.perf_counter()
sb = Sandbox.start()
t2 = time.perf_counter()
print('ready', (t1 - t0) * 1000, (t2 - t1) * 1000, flush=True)
sb.stop()
"""


def _p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def _time(fn: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    kubectl = kubectl_path()

    def baseline() -> None:
        subprocess.run([kubectl, "version", "--client"], capture_output=True, check=True)

    inner: list[float] = []

    def start() -> None:
        proc = subprocess.Popen([sys.executable, "-c", START_SCRIPT], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        word, _imports, started = proc.stdout.readline().split()
        assert word == "ready"
        inner.append(float(started))
        proc.wait()

    baseline()
    results: dict[str, list[float]] = {"kubectl version --client": _time(baseline, args.runs),
                                       "sandbox start (new process)": _time(start, max(5, args.runs // 2))}
    results["Sandbox.start() (imports done)"] = inner
    cold = []
    for _ in range(max(3, args.runs // 4)):
        with Sandbox.start() as sb:
            t = time.perf_counter()
            run_kubectl(sb, ["kubectl", "get", "pods"])
            cold.append((time.perf_counter() - t) * 1000)
    results["first kubectl (cold discovery)"] = cold
    with Sandbox.start() as sb:
        for line in (["create", "deployment", "web", "--image=nginx", "--replicas=2"],
                     ["expose", "deployment", "web", "--port=80"]):
            assert run_kubectl(sb, ["kubectl", *line]).code == 0
        pod = run_kubectl(sb, ["kubectl", "get", "pods", "-o", "name"]).stdout.split()[0]
        env = sb.env
        for name, argv in (("kubectl get pods (warm)", ["get", "pods"]),
                           ("kubectl get svc -o jsonpath (warm)", ["get", "svc", "web", "-o",
                                                                   "jsonpath={.spec.clusterIP}"]),
                           ("kubectl label --overwrite (warm)", ["label", pod, "bench=1", "--overwrite"])):
            results[name] = _time(lambda argv=argv: subprocess.run([kubectl, *argv], env=env, capture_output=True,
                                                                   check=True), args.runs)
    base = results["kubectl version --client"]
    base_med, base_p95 = statistics.median(base), _p95(base)
    report = {name: {"median_ms": round(statistics.median(xs), 1), "p95_ms": round(_p95(xs), 1),
                     "ratio_median": round(statistics.median(xs) / base_med, 2),
                     "ratio_p95": round(_p95(xs) / base_p95, 2), "runs": len(xs)} for name, xs in results.items()}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{'':38} {'median':>9} {'p95':>9} {'x median':>9} {'x p95':>7}")
    for name, r in report.items():
        print(f"{name:38} {r['median_ms']:>7}ms {r['p95_ms']:>7}ms {r['ratio_median']:>9} {r['ratio_p95']:>7}")
    print("(ratios are against `kubectl version --client` in this run)")


if __name__ == "__main__":
    main()
