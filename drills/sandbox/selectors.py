"""Label and field selectors as the API server parses them (`?labelSelector=`, `?fieldSelector=`).

Label: ``a=b``, ``a==b``, ``a!=b``, ``a in (x,y)``, ``a notin (x)``, ``a``, ``!a``, joined by commas.
Field: ``path=value`` / ``path!=value`` on dotted paths (``metadata.name``, ``status.phase``,
``spec.nodeName``, ``type``), which is what kubectl and the CKAD tasks use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Obj = dict[str, Any]
Matcher = Callable[[dict[str, str]], bool]


class SelectorError(ValueError):
    """An unparsable selector; the message names the offending part."""


def _split_top(text: str) -> list[str]:
    """Split on commas outside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


_SET = re.compile(r"^([\w./-]+)\s+(in|notin)\s+\((.*)\)$")
_EQ = re.compile(r"^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$")
_KEY = re.compile(r"^(!?)\s*([\w./-]+)$")


def _label_term(term: str) -> Matcher:
    if m := _SET.match(term):
        key, op, values = m.group(1), m.group(2), {v.strip() for v in m.group(3).split(",")}
        if op == "in":
            return lambda labels: labels.get(key) in values
        return lambda labels: labels.get(key) not in values
    if m := _EQ.match(term):
        key, op, value = m.groups()
        if op == "!=":
            return lambda labels: labels.get(key) != value
        return lambda labels: labels.get(key) == value
    if m := _KEY.match(term):
        neg, key = m.group(1) == "!", m.group(2)
        return lambda labels: (key in labels) != neg
    raise SelectorError(f"unable to parse requirement: {term!r}")


def label_matcher(selector: str | None) -> Matcher:
    """A predicate over a labels dict; the empty selector matches everything."""
    terms = [_label_term(t) for t in _split_top(selector or "")]
    return lambda labels: all(t(labels) for t in terms)


def match_labels_selector(sel: dict[str, Any] | None) -> Matcher:
    """A LabelSelector object (matchLabels + matchExpressions) as a predicate."""
    if sel is None:
        return lambda labels: False
    wanted: dict[str, str] = dict(sel.get("matchLabels") or {})
    exprs: list[tuple[str, str, set[str]]] = [(str(e.get("key", "")), str(e.get("operator", "")),
                                               set(e.get("values") or [])) for e in sel.get("matchExpressions") or []]

    def expr_ok(labels: dict[str, str], key: str, op: str, values: set[str]) -> bool:
        if op == "In":
            return labels.get(key) in values
        if op == "NotIn":
            return labels.get(key) not in values
        if op == "Exists":
            return key in labels
        if op == "DoesNotExist":
            return key not in labels
        return True

    return lambda labels: all(labels.get(k) == v for k, v in wanted.items()) and all(
        expr_ok(labels, *e) for e in exprs)


def selector_string(sel: dict[str, Any] | None) -> str:
    """A LabelSelector object in the string form (``app=web,tier in (a,b)``)."""
    if not sel:
        return ""
    parts = [f"{k}={v}" for k, v in sorted((sel.get("matchLabels") or {}).items())]
    for expr in sel.get("matchExpressions") or []:
        key, op, values = expr.get("key", ""), expr.get("operator", ""), ",".join(expr.get("values") or [])
        parts.append({"In": f"{key} in ({values})", "NotIn": f"{key} notin ({values})", "Exists": key,
                      "DoesNotExist": f"!{key}"}.get(op, key))
    return ",".join(parts)


def field_value(obj: Obj, path: str) -> str:
    cur: Any = obj
    for part in path.split("."):
        cur = cur.get(part) if isinstance(cur, dict) else None
    if cur is None:
        return ""
    if isinstance(cur, bool):
        return "true" if cur else "false"
    return str(cur)


def field_matcher(selector: str | None) -> Callable[[Obj], bool]:
    """A predicate over an object for a field selector."""
    terms: list[tuple[str, bool, str]] = []
    for term in _split_top(selector or ""):
        m = re.match(r"^([\w.]+)\s*(==|=|!=)\s*(.*)$", term)
        if not m:
            raise SelectorError(f"invalid field selector: {term!r}")
        terms.append((m.group(1), m.group(2) != "!=", m.group(3)))
    return lambda obj: all((field_value(obj, p) == v) == eq for p, eq, v in terms)
