"""The LimitRanger admission plugin, for Pods being created: the namespace's LimitRanges of type
Container fill in each container's missing requests and limits (`defaultRequest`, `default`) and
refuse a container outside `min` / `max` / `maxLimitRequestRatio`; type Pod bounds the sums over the
Pod's containers. A refusal is `Forbidden` with the plugin's own wording:

    pods "big" is forbidden: maximum cpu usage per Container is 500m, but limit is 1

The LimitRange's own defaulting (a `max` becomes the `default`, a `default` the `defaultRequest`, a
`min` the `defaultRequest`) is `default_limit_range`, applied when the LimitRange is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from drills.sandbox import errors
from drills.sandbox.quantity import Quantity, QuantityError, canonical_text, parse

if TYPE_CHECKING:
    from drills.sandbox.api import Api

Obj = dict[str, Any]
ANNOTATION = "kubernetes.io/limit-ranger"
SECTIONS = ("min", "max", "default", "defaultRequest", "maxLimitRequestRatio")


def default_limit_range(obj: Obj) -> None:
    """The API server's defaulting of a LimitRange (SetDefaults_LimitRangeItem), quantities canonical."""
    for item in (obj.get("spec") or {}).get("limits") or []:
        if not isinstance(item, dict):
            continue
        for section in SECTIONS:
            if isinstance(item.get(section), dict):
                item[section] = {k: canonical_text(v) for k, v in item[section].items()}
        if item.get("type") != "Container":
            continue
        default = item["default"] = item.get("default") or {}
        request = item["defaultRequest"] = item.get("defaultRequest") or {}
        for k, v in (item.get("max") or {}).items():
            default.setdefault(k, v)
        for k, v in default.items():
            request.setdefault(k, v)
        for k, v in (item.get("min") or {}).items():
            request.setdefault(k, v)
        for section in ("default", "defaultRequest"):
            if not item[section]:
                del item[section]


def _containers(pod: Obj) -> Iterator[tuple[str, Obj]]:
    spec = pod.get("spec") or {}
    for prefix, group in (("container", "containers"), ("init container", "initContainers")):
        for c in spec.get(group) or []:
            if isinstance(c, dict):
                yield prefix, c


def _items(api: Api, namespace: str, kind: str) -> Iterator[Obj]:
    for lr in api.store.iter("limitranges", namespace):
        for item in (lr.get("spec") or {}).get("limits") or []:
            if isinstance(item, dict) and item.get("type") == kind:
                yield item


def apply_limit_ranges(api: Api, pod: Obj) -> None:
    """Default the Pod's containers' resources from the namespace's LimitRanges, then check the
    bounds; raises Forbidden (naming every broken bound) when the Pod is outside them."""
    ns, name = pod["metadata"].get("namespace", ""), pod["metadata"].get("name", "")
    try:
        for item in _items(api, ns, "Container"):
            _fill_defaults(pod, item)
        problems = [p for item in _items(api, ns, "Container") for _, c in _containers(pod)
                    for p in _bounds(item, "Container", *_resources(c))]
        problems += [p for item in _items(api, ns, "Pod") for p in _bounds(item, "Pod", *_pod_totals(pod))]
    except QuantityError as e:
        raise errors.bad_request(f'Pod in version "v1" cannot be handled as a Pod: {e}') from None
    if problems:
        unique = list(dict.fromkeys(problems))
        text = unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"
        raise errors.forbidden("pods", name, text)


def _fill_defaults(pod: Obj, item: Obj) -> None:
    notes: list[str] = []
    for prefix, c in _containers(pod):
        resources = c.setdefault("resources", {})
        for section, source, word in (("limits", "default", "limit"), ("requests", "defaultRequest", "request")):
            have = resources.get(section) or {}
            missing = sorted(k for k in (item.get(source) or {}) if k not in have)
            if missing:
                resources[section] = {**have, **{k: item[source][k] for k in missing}}
            notes.append(f"{', '.join(missing)} {word} for {prefix} {c.get('name')}" if missing else "")
    # the plugin lists the requests it set before the limits, container by container
    ordered = [n for i in range(0, len(notes), 2) for n in (notes[i + 1], notes[i]) if n]
    if ordered:
        pod["metadata"].setdefault("annotations", {})[ANNOTATION] = "LimitRanger plugin set: " + "; ".join(ordered)


def _resources(c: Obj) -> tuple[dict[str, Quantity], dict[str, Quantity]]:
    resources = c.get("resources") or {}
    return ({k: parse(v) for k, v in (resources.get("requests") or {}).items()},
            {k: parse(v) for k, v in (resources.get("limits") or {}).items()})


def _pod_totals(pod: Obj) -> tuple[dict[str, Quantity], dict[str, Quantity]]:
    """The Pod's requests and limits: sums over its containers (a limit only when all set it)."""
    per_container = [_resources(c) for prefix, c in _containers(pod) if prefix == "container"]
    requests: dict[str, Quantity] = {}
    for req, _ in per_container:
        for k, q in req.items():
            requests[k] = requests.get(k, Quantity(Fraction(0))) + q
    names = {k for _, lim in per_container for k in lim}
    limits = {k: sum((lim[k] for _, lim in per_container), Quantity(Fraction(0))) for k in names
              if all(k in lim for _, lim in per_container)}
    return requests, limits


def _bounds(item: Obj, kind: str, requests: dict[str, Quantity], limits: dict[str, Quantity]) -> list[str]:
    """The LimitRanger's messages for one item's min, max and ratio (resources in name order)."""
    problems: list[str] = []
    for k, v in sorted((item.get("min") or {}).items()):
        bound = parse(v)
        if k not in requests:
            problems.append(f"minimum {k} usage per {kind} is {bound}.  No request is specified")
        elif requests[k].value < bound.value:
            problems.append(f"minimum {k} usage per {kind} is {bound}, but request is {requests[k]}")
        elif k in limits and limits[k].value < bound.value:
            problems.append(f"minimum {k} usage per {kind} is {bound}, but limit is {limits[k]}")
    for k, v in sorted((item.get("max") or {}).items()):
        bound = parse(v)
        if k not in limits:
            problems.append(f"maximum {k} usage per {kind} is {bound}.  No limit is specified")
        elif limits[k].value > bound.value:
            problems.append(f"maximum {k} usage per {kind} is {bound}, but limit is {limits[k]}")
        elif k in requests and requests[k].value > bound.value:
            problems.append(f"maximum {k} usage per {kind} is {bound}, but request is {requests[k]}")
    for k, v in sorted((item.get("maxLimitRequestRatio") or {}).items()):
        bound = parse(v)
        if k not in requests or requests[k].value == 0:
            problems.append(f"{k} max limit to request ratio per {kind} is {bound}, but no request is specified "
                            "or request is 0")
        elif k not in limits or limits[k].value == 0:
            problems.append(f"{k} max limit to request ratio per {kind} is {bound}, but no limit is specified "
                            "or limit is 0")
        elif limits[k].value / requests[k].value > bound.value:
            problems.append(f"{k} max limit to request ratio per {kind} is {bound}, but provided ratio is "
                            f"{float(limits[k].value / requests[k].value):f}")
    return problems


def request_over_limit_causes(pod: Obj) -> list[tuple[str, str, str]]:
    """Pod validation: a request above its limit (`Invalid`, naming the field), as a LimitRange's
    default limit below an explicit request makes."""
    causes: list[tuple[str, str, str]] = []
    spec = pod.get("spec") or {}
    for group in ("initContainers", "containers"):
        for i, c in enumerate(spec.get(group) or []):
            try:
                requests, limits = _resources(c)
            except QuantityError:
                continue
            for k in sorted(requests):
                if k in limits and requests[k].value > limits[k].value:
                    causes.append((f"spec.{group}[{i}].resources.requests", "FieldValueInvalid",
                                   f'Invalid value: "{requests[k]}": must be less than or equal to {k} limit of '
                                   f"{limits[k]}"))
    return causes
