"""Comparing two manifests as data, with reasons that name the field path.

- documents match by ``kind`` + ``metadata.name``, in any order; the rest pair up in order;
- every field the expected manifest sets must be present and equal; a field one side sets and the
  other leaves out is accepted only where the API server would fill in that very value
  (``drills.kubectl.server_defaults``), with a note; ``status`` and ``metadata.creationTimestamp:
  null`` (what ``--dry-run=client -o yaml`` prints) are ignored;
- lists whose items Kubernetes merges by a key (containers, env, ports, volumes, …) compare by that
  key in any order; lists that are sets (``policyTypes``, ``accessModes``, RBAC ``verbs``, …) compare
  without order; every other list item by item;
- resource quantities compare by value (``500m`` = ``0.5``); everything else by type and value
  (``80`` is not ``"80"``: an int field given a string is rejected by the API server).

Reasons look like ``spec.policyTypes: expected [Ingress, Egress], got missing`` or
``Service web: spec.ports[port=80].targetPort: expected 8080, got 80``. The documents' data is
whatever the YAML held (hence ``Any``); :mod:`drills.kubectl.manifest` reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drills.kubectl import server_defaults
from drills.kubectl import canonical_values as values
from drills.kubectl.manifest import Document, FieldPath, YamlList, YamlMapping
from drills.kubectl.verdict import capped

_QUANTITY_PARENTS = {"requests", "limits", "hard", "capacity", "allocatable"}
_QUANTITY_KEYS = {"sizeLimit", "storage"}

Matcher = Callable[[str, str], bool]


@dataclass
class Comparison:
    """Reasons (differences) and notes (accepted differences of form) of one comparison."""

    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def compare(expected: list[Document], got: list[Document], match: Matcher | None = None,
            show: Callable[[str], str] | None = None) -> Comparison:
    """Compare two loaded manifests. ``match(expected_text, got_text)`` compares strings (a
    placeholder-aware matcher from the checker; plain equality by default); ``show`` writes an
    expected string with the placeholders bound so far."""
    out = Comparison()
    same = match or (lambda a, b: a == b)
    pairs, missing, extra = _pair_documents(expected, got, same)
    several = len(expected) > 1 or len(got) > 1
    for e, g in pairs:
        prefix = f"{_doc_label(e)}: " if several else ""
        walker = _Walker(out, same, show or (lambda x: x), prefix)
        walker.node(e.data, g.data, (), _kind(e.data) or "")
    for e in missing:
        out.reasons.append(f"missing the document {_doc_label(e)}")
    for g in extra:
        out.reasons.append(f"unexpected document {_doc_label(g)}")
    out.notes = list(dict.fromkeys(out.notes))
    out.reasons = capped(out.reasons)
    return out


def _kind(doc: Any) -> str | None:
    if isinstance(doc, Document):
        doc = doc.data
    return doc.get("kind") if isinstance(doc, dict) and isinstance(doc.get("kind"), str) else None


def _name(doc: Any) -> str | None:
    if isinstance(doc, Document):
        doc = doc.data
    meta = doc.get("metadata") if isinstance(doc, dict) else None
    name = meta.get("name") if isinstance(meta, dict) else None
    return name if isinstance(name, str) else None


def _doc_label(doc: Document) -> str:
    kind, name = _kind(doc), _name(doc)
    if kind and name:
        return f"{kind} {name}"
    if doc.file:
        return doc.file
    if kind:
        return kind
    return "a document without a kind" if isinstance(doc.data, dict) else f"`{_show(doc.data)}`"


def _pair_documents(expected: list[Document], got: list[Document],
                    same: Matcher) -> tuple[list[tuple[Document, Document]], list[Document], list[Document]]:
    """Pairs by kind + name, then by file name, then by kind in order; what is left over is missing
    or unexpected (one of each left: paired, so the reasons name the fields that differ)."""
    rest = list(range(len(got)))
    pairs: list[tuple[Document, Document]] = []
    unpaired: list[Document] = []
    for e in expected:
        kind, name = _kind(e), _name(e)
        hit = next((j for j in rest if kind and kind == _kind(got[j]) and name is not None
                    and _same_name(name, _name(got[j]), same)), None)
        if hit is None and e.file:
            hit = next((j for j in rest if got[j].file == e.file), None)
        if hit is None:
            unpaired.append(e)
        else:
            rest.remove(hit)
            pairs.append((e, got[hit]))
    missing: list[Document] = []
    for e in unpaired:
        hit = next((j for j in rest if _kind(got[j]) == _kind(e) and not (e.file and got[j].file)), None)
        if hit is None and len(unpaired) == 1 and len(rest) == 1:
            hit = rest[0]
        if hit is None:
            missing.append(e)
        else:
            rest.remove(hit)
            pairs.append((e, got[hit]))
    return pairs, missing, [got[j] for j in rest]


def _same_name(expected: str, got: str | None, same: Matcher) -> bool:
    return got is not None and same(expected, got)


class _Walker:
    def __init__(self, out: Comparison, same: Matcher, show: Callable[[str], str], prefix: str) -> None:
        self.out = out
        self.same = same
        self.show = show
        self.prefix = prefix

    def shown(self, v: Any) -> str:
        return _show(self.show(v)) if isinstance(v, str) else _show(v)

    def reason(self, path: FieldPath, text: str) -> None:
        self.out.reasons.append(f"{self.prefix}{_path(path)}: {text}")

    def node(self, e: Any, g: Any, path: FieldPath, role: str) -> None:
        if isinstance(e, dict) and isinstance(g, dict):
            self.mapping(e, g, path, role)
        elif isinstance(e, list) and isinstance(g, list):
            self.sequence(e, g, path, role)
        elif not self.scalar_equal(e, g, path):
            self.reason(path, f"expected {self.shown(e)}, got {_show(g)}")

    def scalar_equal(self, e: Any, g: Any, path: FieldPath) -> bool:
        if isinstance(e, str) and isinstance(g, str):
            if self.same(e, g):
                return True
            return _is_quantity_path(path) and values.quantity(e) == values.quantity(g) != e
        if _is_quantity_path(path) and isinstance(e, (str, int, float)) and isinstance(g, (str, int, float)) \
                and not isinstance(e, bool) and not isinstance(g, bool):
            return values.quantity(str(e)) == values.quantity(str(g))
        return type(e) is type(g) and e == g

    def mapping(self, e: YamlMapping, g: YamlMapping, path: FieldPath, role: str) -> None:
        for key in list(e) + [k for k in g if k not in e]:
            sub = path + (key,)
            if _ignored(sub, e.get(key, g.get(key))):
                continue
            child_role = server_defaults.child_role(role, key)
            if key in e and key in g:
                self.node(e[key], g[key], sub, child_role)
                continue
            present, side = (e, "expected") if key in e else (g, "got")
            default = server_defaults.default_for(role, key, e if key not in e else g)
            value = present[key]
            if default is not server_defaults.NONE and server_defaults.is_default(value, default):
                who = "the deck's answer sets" if side == "expected" else "you set"
                self.out.notes.append(f"also right; {who} {_path(sub)}: {_show(value)}, "
                                      f"which the API server fills in anyway")
            elif side == "expected":
                extra = "" if default is server_defaults.NONE else f" (the API server would set {_show(default)})"
                self.reason(sub, f"expected {_show(value)}, got missing{extra}")
            elif default is not server_defaults.NONE:
                self.reason(sub, f"unexpected {_show(value)} (the task leaves it to the default, {_show(default)})")
            else:
                self.reason(sub, f"unexpected {_show(value)} (the expected manifest does not set it)")

    def sequence(self, e: YamlList, g: YamlList, path: FieldPath, role: str) -> None:
        key = server_defaults.merge_key(path, role, e, g)
        item_role = server_defaults.item_role(role)
        if key is not None:
            self.keyed(e, g, path, key, item_role)
        elif server_defaults.is_set_list(path) and all(not isinstance(x, (dict, list)) for x in e + g):
            if not self._same_multiset(e, g, path):
                self.reason(path, f"expected {_show(e)}, got {_show(g)} (order does not matter here)")
        else:
            for i, (x, y) in enumerate(zip(e, g)):
                self.node(x, y, path + (i,), item_role)
            for i in range(len(g), len(e)):
                self.reason(path + (i,), f"expected {_show(e[i])}, got missing")
            for i in range(len(e), len(g)):
                self.reason(path + (i,), f"unexpected item {_show(g[i])}")

    def _exact(self, v: Any, path: FieldPath) -> tuple[str, Any] | None:
        """A hashable form of ``v`` when equality is plain equality (no placeholder, no quantity)."""
        if isinstance(v, str) and "<" in v or _is_quantity_path(path) or isinstance(v, (dict, list)):
            return None
        return (type(v).__name__, v)

    def _same_multiset(self, e: YamlList, g: YamlList, path: FieldPath) -> bool:
        rest = self._match_exact(e, list(range(len(g))), g, lambda v: v, path)
        leftover = [x for i, x in enumerate(e) if i not in rest[0]]
        others = [g[j] for j in rest[1]]
        if any(self._exact(x, path) is not None for x in leftover):
            return False  # a plain value with no equal on the other side
        for x in leftover:
            hit = next((k for k, y in enumerate(others) if self.scalar_equal(x, y, path)), None)
            if hit is None:
                return False
            others.pop(hit)
        return not others

    def _match_exact(self, e: YamlList, candidates: list[int], g: YamlList, key_of: Callable[[Any], Any],
                     path: FieldPath) -> tuple[dict[int, int], list[int]]:
        """Pairs (expected index -> got index) whose keys are plainly equal, found by hashing (a long
        list costs linear time, not quadratic); and the got indices left."""
        index: dict[tuple[str, Any], list[int]] = {}
        for j in candidates:
            k = self._exact(key_of(g[j]), path)
            if k is not None:
                index.setdefault(k, []).append(j)
        pairs: dict[int, int] = {}
        for i, x in enumerate(e):
            k = self._exact(key_of(x), path)
            if k is not None and index.get(k):
                pairs[i] = index[k].pop(0)
        used = set(pairs.values())
        return pairs, [j for j in candidates if j not in used]

    def keyed(self, e: YamlList, g: YamlList, path: FieldPath, key: str, role: str) -> None:
        pairs, rest = self._match_exact(e, list(range(len(g))), g, lambda item: item[key], path + (key,))
        unmatched: list[Any] = []
        for i, x in enumerate(e):
            hit = pairs.get(i)
            if hit is None:
                if self._exact(x[key], path + (key,)) is None:  # a placeholder or a quantity: try each
                    hit = next((j for j in rest if self.scalar_equal(x[key], g[j][key], path + (key,))), None)
                if hit is None:
                    unmatched.append(x)
                    continue
                rest.remove(hit)
            self.node(x, g[hit], path + (f"{key}={self.shown(x[key])}",), role)
        if len(unmatched) == len(rest) <= 2:  # one or two left on each side: renamed items, compare in order
            for x, j in zip(unmatched, rest):
                self.node(x, g[j], path + (f"{key}={self.shown(x[key])}",), role)
            return
        for x in unmatched:
            self.reason(path + (f"{key}={self.shown(x[key])}",), f"expected {_show(x)}, got missing")
        for j in rest:
            self.reason(path + (f"{key}={_show(g[j][key])}",), f"unexpected item {_show(g[j])}")


def _ignored(path: FieldPath, value: Any) -> bool:
    if path == ("status",):
        return True
    return path[-2:] == ("metadata", "creationTimestamp") and value is None


def _is_quantity_path(path: FieldPath) -> bool:
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return False
    return names[-1] in _QUANTITY_KEYS or (len(names) > 1 and names[-2] in _QUANTITY_PARENTS)


def _path(path: FieldPath) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        elif isinstance(p, str) and "=" in p and out:
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or "(the document)"


def _show(v: Any, limit: int = 80) -> str:
    """``_flow(v)`` cut to ``limit`` characters (reasons stay one line)."""
    text = _flow(v)
    return text if len(text) <= limit else text[: limit - 2] + " …"


def _flow(v: Any) -> str:
    """A value as flow-style YAML: ``[Ingress, Egress]``, ``{app: web}``, ``'80'`` for a string that
    reads as a number, ``true``, ``null``."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, str):
        if v == "" or re.fullmatch(r"[-+]?[\d.]+(e[-+]?\d+)?|true|false|yes|no|on|off|null|~", v, re.I) \
                or v != v.strip() or any(c in v for c in ",[]{}#&*!|>'\"%@`\n") or ": " in v:
            return "'" + v.replace("'", "''").replace("\n", "\\n") + "'"
        return v
    if isinstance(v, list):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(x)}" for k, x in v.items()) + "}"
    return str(v)
