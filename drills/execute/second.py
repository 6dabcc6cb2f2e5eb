"""The second opinion (on by default, without --execute): when the grammar checker rejects an answer,
render both it and the deck's answer with the real kubectl (``--dry-run=client -o json``: kubectl
builds the object it would send, asking the session's sandbox for discovery and the objects it reads,
e.g. the Deployment ``expose`` copies its selector from), and accept the answer when the objects are
equal after the defaults the API server fills in (the sandbox's defaulting). One kubectl run per
answer; the deck's is rendered while the card is read.

Only for answers whose effect IS the object: one command that creates or generates an object
(``create …``, ``run`` without attaching, ``expose``, ``apply -f -``/a manifest), with the same
``--dry-run`` and ``-o`` as the deck's answer. Rendering alone would accept ``kubectl run web
--image=nginx --dry-run=client -o yaml`` for ``kubectl run web --image=nginx`` (same object, but one
creates nothing; FACTS.md): differing printing flags, redirects (refused) and everything else keep the
grammar verdict.
"""

from __future__ import annotations

from typing import Any

from drills.execute.cluster import objects_printed, server_dry_run
from drills.execute.compare import compare_states
from drills.execute.policy import Plan, Refused, _flags, plan
from drills.execute.runner import Execution
from drills.execute.world import World
from drills.kubectl import flagtable

SAME_OBJECT = "same object as the deck's answer, checked by kubectl"
_MAKERS = ("run", "expose", "apply", "create")
_PRINTING = ("dry-run", "output")


def renderable(answer: str) -> Plan:
    """The one-step plan of an object-making ``answer``; Refused otherwise."""
    p = plan(answer)
    if len(p.steps) != 1:
        raise Refused("a sequence: its effect is more than one object")
    step = p.steps[0]
    if step.path.split()[0] not in _MAKERS:
        raise Refused(f"`kubectl {step.path}` does not make an object")
    return p


def printing_flags(p: Plan) -> set[tuple[str, str | None]]:
    """The --dry-run and -o flags of a one-step plan (values normalised as kubectl reads them)."""
    step = p.steps[0]
    spec = flagtable.command(step.path) or flagtable.global_command()
    out = set()
    for name, value in _flags(step.args, spec):
        if name == "dry-run":
            out.add((name, "client" if value in (None, "true", "unchanged", "client") else value))
        elif name == "output":
            out.add((name, value))
    return out


def could_be_same(expected: list[str], answer: str) -> bool:
    """Without running anything: whether rendering could accept ``answer`` (it makes one object and
    prints it as one of ``expected`` that makes one does), so nothing starts for answers it never accepts."""
    from drills.execute.judge import bind

    try:
        flags = printing_flags(renderable(answer))
    except Refused:
        return False
    for e in expected:
        try:
            if printing_flags(renderable(bind(e, {}))) == flags:
                return True
        except Refused:
            continue
    return False


class Rendering:
    """One card's deck answer rendered in ``world`` (call from the world's thread)."""

    def __init__(self, world: World, expected: list[str]) -> None:
        self.world = world
        self.deck: Execution | None = None
        self.deck_plan: Plan | None = None
        for e in expected:
            try:
                p = renderable(e)
                ex = world.runner.run_plan(e, server_dry_run(p, "json", "client"))
            except Refused:
                continue
            if ex.ok:
                self.deck, self.deck_plan = ex, p
                return

    def same_object(self, answer: str) -> bool:
        """True when ``answer`` makes the object the deck's answer makes (and prints the same way)."""
        if self.deck is None or self.deck_plan is None:
            return False
        try:
            p = renderable(answer)
            if printing_flags(p) != printing_flags(self.deck_plan):
                return False
            got = self.world.runner.run_plan(answer, server_dry_run(p, "json", "client"))
        except Refused:
            return False
        if not got.ok:
            return False
        e, g = map(_defaulted, objects_printed(self.deck)), map(_defaulted, objects_printed(got))
        e_list, g_list = list(e), list(g)
        return bool(e_list) and compare_states([], e_list, g_list).same


def _defaulted(obj: dict[str, Any]) -> dict[str, Any]:
    """``obj`` with the defaults the API server would fill in (the sandbox's defaulting), so an
    explicit default (``--type=ClusterIP``) and its absence render alike."""
    import json

    from drills.sandbox.defaults import apply_defaults
    from drills.sandbox.discovery import served

    api_version, kind = obj.get("apiVersion", ""), obj.get("kind")
    group, _, version = api_version.rpartition("/")
    for s in served():
        if s.res.kind == kind and s.res.group == group and s.res.version == version:
            out: dict[str, Any] = json.loads(json.dumps(obj))
            apply_defaults(s.key, out)
            return out
    return obj
