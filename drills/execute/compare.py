"""Comparing what two answers left behind (pure: lists of JSON objects in, reasons out).

Both answers ran from the same starting state, so their end states are compared directly, object by
object, after dropping what differs between any two runs: uids, resourceVersions, timestamps,
generations, managed fields, the last-applied annotation, status (the controllers' report, derived
from spec), allocated ClusterIPs and NodePorts, Pod IPs, and the random part of generated names. Empty
maps and lists count as absent (``resources: {}`` = no resources).

Two differences are tolerated and reported as notes rather than failures, because nothing a CKAD
task checks depends on them: the labels of a (non-Pod) object the answer created (``kubectl create
service`` labels it ``app=NAME``, ``expose`` copies the Deployment's labels), and the name of a
Service's only port (``--tcp=80:80`` names it ``80-80``, ``expose`` leaves it unnamed).

Endpoints and EndpointSlices are compared by their number of addresses and their ports, not by Pod
IPs: "Endpoints web has 0 addresses, expected 2".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]
Key = tuple[str, str, str]  # (Kind, namespace, name with the generated part replaced by "*")

_DROP_META = ("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink",
              "deletionTimestamp", "deletionGracePeriodSeconds")
_DROP_ANNOTATIONS = ("kubectl.kubernetes.io/last-applied-configuration",)
_DROP_ANNOTATION_PREFIXES = ("deployment.kubernetes.io/",)  # a controller's bookkeeping (revision, max-replicas)
_WHOLE_MAPS = ("labels", "selector", "matchLabels", "annotations", "data", "stringData", "binaryData")
ALLOCATED = "(allocated)"
_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$|^[0-9a-f:]+:[0-9a-f:]*$")
_AGE = re.compile(r"(?<![\w.-])\d+(?:y|d|h|m|s)(?:\d+(?:d|h|m|s))?(?![\w.-])")
MAX_REASONS = 4


@dataclass
class Comparison:
    """``reasons``: why the two states differ (empty = the same effect); ``notes``: tolerated differences."""

    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.reasons

    def to_dict(self) -> dict:
        return {"reasons": list(self.reasons), "notes": list(self.notes)}


def key_of(obj: Obj) -> Key:
    meta = obj.get("metadata") or {}
    name = meta.get("name", "")
    gen = meta.get("generateName")
    if gen and name.startswith(gen):
        name = gen + "*"
    elif _owned_by_workload(obj):
        name = _generic_pod_name(name)
    return (obj.get("kind", "?"), meta.get("namespace", ""), name)


def _owned_by_workload(obj: Obj) -> bool:
    refs = (obj.get("metadata") or {}).get("ownerReferences") or []
    return any(r.get("kind") in ("ReplicaSet", "Deployment", "Job", "CronJob", "DaemonSet") for r in refs)


def _generic_pod_name(name: str) -> str:
    # web-7c9f8d6b5d-x2k4q -> web-7c9f8d6b5d-*  (a ReplicaSet's pods: the hash is the template's)
    return re.sub(r"-[a-z0-9]{5}$", "-*", name)


def normalize(obj: Obj) -> Obj:
    """``obj`` without what differs between two runs of the same command (see the module doc)."""
    o = json.loads(json.dumps(obj))  # a deep copy, several times faster than copy.deepcopy
    o.pop("status", None)
    meta = o.get("metadata") or {}
    for k in _DROP_META:
        meta.pop(k, None)
    for ref in meta.get("ownerReferences") or []:
        ref.pop("uid", None)
        if "name" in ref:
            ref["name"] = _generic_pod_name(ref["name"])
    ann = meta.get("annotations") or {}
    for k in list(ann):
        if k in _DROP_ANNOTATIONS or k.startswith(_DROP_ANNOTATION_PREFIXES):
            del ann[k]
    meta["name"] = key_of(obj)[2]
    meta.pop("generateName", None)
    kind = o.get("kind")
    spec = o.get("spec") or {}
    if kind == "Service":
        for k in ("clusterIP", "clusterIPs"):
            if k in spec and spec[k] not in ("None", ["None"]):
                spec[k] = ALLOCATED
        for p in spec.get("ports") or []:
            if "nodePort" in p:
                p["nodePort"] = ALLOCATED
    if kind == "Pod":
        for k in ("nodeName", "hostname"):
            spec.pop(k, None)
    if kind == "Endpoints":
        o = {"kind": kind, "metadata": {"name": meta["name"], "namespace": meta.get("namespace", "")},
             "addresses": sum(len(s.get("addresses") or []) for s in o.get("subsets") or []),
             "ports": _ports(p for s in o.get("subsets") or [] for p in s.get("ports") or [])}
    if kind == "EndpointSlice":
        service = (meta.get("labels") or {}).get("kubernetes.io/service-name", meta["name"])
        o = {"kind": kind, "metadata": {"name": service, "namespace": meta.get("namespace", "")},
             "addresses": len(o.get("endpoints") or []),
             "ports": _ports(o.get("ports") or [])}
    return _prune(o)


def _ports(ports: Any) -> list[str]:
    # an endpoint port's name is the Service port's (tolerated there, so here too)
    return sorted(f"{p.get('port')}/{p.get('protocol', 'TCP')}" for p in ports)


def _prune(v: Any) -> Any:
    if isinstance(v, dict):
        out = {k: _prune(x) for k, x in v.items()}
        return {k: x for k, x in out.items() if x not in (None, {}, [], "")}
    if isinstance(v, list):
        return [_prune(x) for x in v]
    return v


def state(objects: list[Obj]) -> dict[Key, list[Obj]]:
    """Normalised objects by key (several under one key when only a generated suffix told them apart)."""
    out: dict[Key, list[Obj]] = {}
    for obj in objects:
        if obj.get("kind") == "EndpointSlice":
            svc = ((obj.get("metadata") or {}).get("labels") or {}).get("kubernetes.io/service-name")
            k: Key = ("EndpointSlice", (obj.get("metadata") or {}).get("namespace", ""), svc or key_of(obj)[2])
        else:
            k = key_of(obj)
        out.setdefault(k, []).append(normalize(obj))
    for v in out.values():
        v.sort(key=lambda o: json.dumps(o, sort_keys=True))
    return out


def compare_states(before: list[Obj], expected: list[Obj], got: list[Obj]) -> Comparison:
    """How the state ``got`` (the answer's) differs from ``expected`` (the deck answer's), both reached
    from ``before``."""
    return compare_state_maps(state(before), state(expected), state(got))


def compare_state_maps(b: dict[Key, list[Obj]], e: dict[Key, list[Obj]], g: dict[Key, list[Obj]]) -> Comparison:
    """:func:`compare_states` on states already normalised by :func:`state`."""
    primary: list[str] = []
    derived: list[str] = []
    notes: list[str] = []
    for k in sorted(set(e) | set(g), key=_order):
        ev, gv = e.get(k, []), g.get(k, [])
        if ev == gv:
            continue
        out = derived if _is_derived(k, ev or gv) else primary
        kind, ns, name = k
        what = _what(k)
        if not gv:
            out.append(f"{what} was deleted" if k in b else f"no {kind} {name} was created")
        elif not ev:
            out.append(f"{what} should have been deleted" if k in b else f"your answer also created {what}")
        elif len(ev) != len(gv):
            out.append(f"{what}: {len(gv)} of them, expected {len(ev)}")
        else:
            created = k not in b
            for eo, go in zip(ev, gv):
                diffs, tolerated = _diff_fields(eo, go, kind, created)
                out += [f"{what}: {d}" for d in diffs]
                notes += [f"{what}: {t}" for t in tolerated]
    reasons = primary or derived
    if len(reasons) > MAX_REASONS:
        reasons = reasons[:MAX_REASONS] + [f"and {len(reasons) - MAX_REASONS} more difference(s)"]
    return Comparison(reasons, notes)


def _order(k: Key) -> tuple:
    return (k[0] in ("ReplicaSet", "Pod", "Endpoints", "EndpointSlice"), k)


def _is_derived(k: Key, objs: list[Obj]) -> bool:
    if k[0] in ("Endpoints", "EndpointSlice"):
        return True
    return any((o.get("metadata") or {}).get("ownerReferences") for o in objs)


def _what(k: Key) -> str:
    kind, ns, name = k
    return f"{kind} {name}" + (f" (namespace {ns})" if ns and ns != "default" else "")


def _diff_fields(expected: Obj, got: Obj, kind: str, created: bool) -> tuple[list[str], list[str]]:
    """Field differences as "PATH is X, expected Y", split into failures and tolerated notes."""
    diffs: list[tuple[str, Any, Any]] = []
    _walk("", expected, got, diffs)
    fails: list[str] = []
    notes: list[str] = []
    diffs.sort(key=lambda d: (d[1] is None or d[2] is None))  # "is X, expected Y" before "is not set"
    for path, ev, gv in diffs:
        if kind in ("Endpoints", "EndpointSlice") and path == "addresses":
            fails.append(f"has {gv or 0} address(es), expected {ev or 0}")
            continue
        text = _phrase(path, ev, gv)
        if _tolerated(path, kind, created, expected, got):
            notes.append(text + " (does not change what it does)")
        else:
            fails.append(text)
    return fails, notes


def _walk(path: str, e: Any, g: Any, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(e, dict) and isinstance(g, dict):
        if path.rsplit(".", 1)[-1] in _WHOLE_MAPS and e != g:
            out.append((path, e, g))  # a map judged whole: "selector is app=web-np, expected app=web"
            return
        for k in sorted(set(e) | set(g)):
            _walk(f"{path}.{k}" if path else k, e.get(k), g.get(k), out)
        return
    if isinstance(e, list) and isinstance(g, list) and len(e) == len(g):
        for i, (a, b) in enumerate(zip(e, g)):
            _walk(f"{path}[{i}]", a, b, out)
        return
    if e != g:
        out.append((path, e, g))


def _shown(v: Any) -> str:
    if v is None:
        return "not set"
    if v == ALLOCATED:
        return "one allocated"
    if isinstance(v, dict) and all(isinstance(x, (str, int, float, bool)) for x in v.values()):
        return ",".join(f"{k}={x}" for k, x in sorted(v.items())) or "empty"
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True, separators=(",", ":"))
    return str(v)


def _phrase(path: str, ev: Any, gv: Any) -> str:
    if gv is None:
        return f"{path} is not set, expected {_shown(ev)}"
    if ev is None:
        return f"{path} is {_shown(gv)}, expected it not set"
    return f"{path} is {_shown(gv)}, expected {_shown(ev)}"


def _tolerated(path: str, kind: str, created: bool, expected: Obj, got: Obj) -> bool:
    if created and kind != "Pod" and path == "metadata.labels":
        return True
    if kind == "Service" and re.fullmatch(r"spec\.ports\[0\]\.name", path):
        return len((expected.get("spec") or {}).get("ports") or []) == 1
    return False


def compare_output(expected: str, got: str) -> str | None:
    """None when two read commands printed the same (ages like ``5s``/``2m3s`` masked, trailing space
    ignored); else the reason."""
    e, g = _mask(expected), _mask(got)
    if e == g:
        return None
    if not g.strip():
        return "printed nothing, expected:\n" + _clip(expected)
    return "printed:\n" + _clip(got) + "\nexpected:\n" + _clip(expected)


def _mask(text: str) -> str:
    # repeated lines once: `run -it` with --restart=Always may print a container's output twice
    lines = [_AGE.sub("<age>", ln).rstrip() for ln in text.strip().splitlines()]
    return "\n".join(dict.fromkeys(lines))


def _clip(text: str, lines: int = 6) -> str:
    rows = text.rstrip("\n").splitlines() or [""]
    shown = rows[:lines] + ([f"… ({len(rows) - lines} more lines)"] if len(rows) > lines else [])
    return "\n".join("    " + r for r in shown)
