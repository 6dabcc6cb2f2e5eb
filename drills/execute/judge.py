"""Judging an answer by its effect: run the deck's answer and the student's from the same state and
compare what they leave (objects, the kubeconfig's namespace, saved files) and, for read commands,
what they print.

A :class:`Task` is prepared once per card (the deck's answer is run, its end state remembered, the
world put back), ideally while the student is still reading; :meth:`Task.judge` then runs only the
student's answer. Afterwards the world moves on: ``keep()`` the student's state (right answers),
``retry()`` from the task's start (a speed drill's wrong attempt) or ``advance()`` to the deck's end
state (a wrong or skipped answer in a review, so later tasks find what they need).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from drills.execute.compare import Comparison, compare_output, compare_state_maps, state
from drills.execute.policy import Refused, plan
from drills.execute.runner import Execution
from drills.execute.world import Snapshot, World
from drills.kubectl.reads import READ_ONLY_PATHS
from drills.kubectl.tokenizer import PLACEHOLDER

CORRECT, INCORRECT, UNJUDGED = "correct", "incorrect", "unjudged"


@dataclass
class EffectVerdict:
    """``status``: correct / incorrect, or unjudged (nothing could be compared: ``reasons`` say why and
    the grammar checker decides). ``evidence``: what ran and printed, for ``drill check --execute``."""

    status: str
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "reasons": list(self.reasons), "notes": list(self.notes),
                "evidence": self.evidence}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EffectVerdict:
        return cls(d["status"], list(d.get("reasons", [])), list(d.get("notes", [])), dict(d.get("evidence", {})))


@dataclass
class _End:
    """Where an execution left the world."""

    execution: Execution
    objects: list[dict[str, Any]]
    kubeconfig: str
    files: dict[str, bytes]


class Task:
    """One card's deck answer, run in ``world`` from its current state."""

    def __init__(self, world: World, expected: list[str]) -> None:
        self.world = world
        self.expected = [e for e in expected if e.strip()]
        self.start: Snapshot = world.snapshot()
        self.before = world.objects()
        self.deck_error: str | None = None
        self.deck: _End | None = None
        self.deck_end: Snapshot | None = None
        self._states: tuple[Any, _End, Any] | None = None
        self._at_start = True  # the world is known to be at ``start`` (no restore needed)
        # a deck answer with placeholders (`kubectl run <pod> …`) waits for the student's names
        self.deferred = any(PLACEHOLDER.search(e) for e in self.expected)
        if not self.deferred:
            self._prepare(self.expected)

    def _prepare(self, expected: list[str]) -> None:
        problems = []
        for answer in expected:  # the first alternative that runs
            try:
                plan(answer)
            except Refused as e:
                problems.append(f"the deck's answer `{_one_line(answer)}` is not executed ({e})")
                continue
            end = self._run(answer)
            if end.execution.ok:
                self.deck = end
                self.deck_end = self.world.snapshot()
                self.world.restore(self.start)
                self._at_start = True
                return
            problems.append(f"the deck's answer failed in the sandbox: {end.execution.failure}")
            self.world.restore(self.start)
            self._at_start = True
        self.deck_error = problems[0] if problems else "the card has no answer to run"

    def _run(self, answer: str) -> _End:
        ex = self.world.runner.execute(answer)
        self._at_start = False
        return _End(ex, self.world.objects(), *self.world.local_state())

    @property
    def runnable(self) -> bool:
        return self.deck is not None

    def _prepare_bound(self, bindings: dict[str, str], prefer: str | None) -> None:
        """Run the deck's answer now, its placeholders named as the student named them."""
        ordered = sorted(self.expected, key=lambda e: e != prefer)  # the alternative the checker matched first
        self.deck = self.deck_end = None
        self._prepare([bind(e, bindings) for e in ordered])
        self.deferred = False

    def judge(self, answer: str, bindings: dict[str, str] | None = None, prefer: str | None = None,
              reads_required: bool = False) -> EffectVerdict:
        """Run ``answer`` from the task's start and compare; the world is left at the answer's end.
        ``bindings`` name the deck answer's placeholders (the checker's, from the student's answer);
        ``prefer`` is the deck alternative to run first; ``reads_required``: the card's front asks to
        see something, so what the deck answer's reads print is part of the answer even after a change
        ("create X and display it")."""
        if not self._at_start:
            self.world.restore(self.start)
            self._at_start = True
        if self.deferred or (bindings and any(PLACEHOLDER.search(e) for e in self.expected)):
            self._prepare_bound(bindings or {}, prefer)
        if self.deck is None:
            return EffectVerdict(UNJUDGED, [self.deck_error or "nothing to compare with"])
        try:
            plan(answer)
        except Refused as e:
            return EffectVerdict(UNJUDGED, [f"not executed: {e}"])
        got = self._run(answer)
        evidence = {"expected": self.deck.execution.to_dict(), "answer": got.execution.to_dict()}
        if not got.execution.ok:
            return EffectVerdict(INCORRECT, [got.execution.failure or "it failed"], evidence=evidence)
        cmp = self._compare(self.deck, got, reads_required)
        evidence["differences"] = cmp.to_dict()
        return EffectVerdict(CORRECT if cmp.same else INCORRECT, cmp.reasons, cmp.notes, evidence)

    def _compare(self, exp: _End, got: _End, reads_required: bool = False) -> Comparison:
        if self._states is None or self._states[1] is not exp:  # normalised once per task
            self._states = (state(self.before), exp, state(exp.objects))
        before, exp_state = self._states[0], self._states[2]
        cmp = compare_state_maps(before, exp_state, state(got.objects))
        ns_e, ns_g = _namespace(exp.kubeconfig), _namespace(got.kubeconfig)
        if ns_e != ns_g:
            cmp.reasons.append(f"the current context's namespace is {ns_g}, expected {ns_e}")
        start_files = self.start.files
        for name in sorted(set(exp.files) | set(got.files)):
            if exp.files.get(name) == got.files.get(name):
                continue
            if name not in got.files:
                cmp.reasons.append(f"{name} was not written")
            elif name not in exp.files:
                cmp.notes.append(f"also saved {name} in the working directory")
            else:
                cmp.reasons.append(f"{name} holds something else than the deck's answer writes")
        changed = (before != exp_state or exp.kubeconfig != self.start.kubeconfig
                   or exp.files != start_files)
        if not changed and cmp.same:  # a read: what it prints is the answer
            why = compare_output(exp.execution.stdout, got.execution.stdout)
            if why:
                cmp.reasons.append(why)
        elif reads_required and cmp.same and read_output(exp.execution).strip():
            # only the reads' output: `expose` says "exposed" where `create service` says "created"
            why = compare_output(read_output(exp.execution), read_output(got.execution))
            if why:
                cmp.reasons.append(why)
        return cmp

    def keep(self) -> None:
        """Stay where the last judged answer left the world."""

    def retry(self) -> None:
        """Back to the task's start (the student tries again)."""
        self.world.restore(self.start)
        self._at_start = True

    def advance(self) -> None:
        """To the deck answer's end state (or the start, when the deck's answer could not run)."""
        if self.deferred:
            self.world.restore(self.start)
            self._prepare_bound({}, None)
        self.world.restore(self.deck_end or self.start)
        self._at_start = self.deck_end is None


def read_output(ex: Execution) -> str:
    """What the read-only steps of an execution printed."""
    return "".join(r.result.stdout for r in ex.runs if r.step.path in READ_ONLY_PATHS)


def bind(answer: str, bindings: dict[str, str]) -> str:
    """``answer`` with each ``<placeholder>`` replaced: the student's value, else a plain name made
    from the placeholder (``<pod>`` -> ``pod``), so an answer with placeholders can run."""
    def value(m: re.Match[str]) -> str:
        given = bindings.get(m.group(0))
        if given:
            return given
        return re.sub(r"[^a-z0-9-]+", "-", m.group(0)[1:-1].lower()).strip("-") or "x"

    return PLACEHOLDER.sub(value, answer)


@lru_cache(maxsize=16)
def _namespace(kubeconfig: str) -> str:
    import yaml

    try:
        cfg = yaml.safe_load(kubeconfig) or {}
        current = cfg.get("current-context")
        for c in cfg.get("contexts") or []:
            if c.get("name") == current:
                return (c.get("context") or {}).get("namespace") or "default"
    except (yaml.YAMLError, AttributeError):
        pass
    return "default"


def _one_line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first + (" …" if "\n" in text.strip() else "")


def evidence_lines(v: EffectVerdict, width: int = 6) -> list[str]:
    """What ran and what it printed, for `drill check --execute` (plain text lines)."""
    out: list[str] = []
    for side, title in (("expected", "the deck's answer"), ("answer", "your answer")):
        ex = v.evidence.get(side)
        if not ex:
            continue
        out.append(f"{title}:")
        for run in ex.get("runs", []):
            out.append(f"  $ kubectl {' '.join(_quote(a) for a in run['step']['args'])}")
            if len(run.get("processes", [])) > 1:
                out.append("    (sent as JSON: rendered with --dry-run=client -o json, then kubectl create -f -)")
            last = run["processes"][-1] if run.get("processes") else {}
            text = (last.get("stdout") or "").rstrip("\n").splitlines()
            err = [ln for ln in (last.get("stderr") or "").splitlines() if ln.strip()]
            for ln in text[:width]:
                out.append(f"    {ln}")
            if len(text) > width:
                out.append(f"    … ({len(text) - width} more lines)")
            if last.get("returncode"):
                out.append(f"    exit code {last['returncode']}: {err[0] if err else ''}".rstrip(": "))
    return out


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)
