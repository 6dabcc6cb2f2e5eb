"""ResourceQuota: the quota controller (each quota's `status.hard` and `status.used`, kept current
after every write, so `kubectl describe quota` shows used/hard) and the ResourceQuota admission
plugin (a create that would go over a quota is refused with kube-apiserver's words):

    pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2
    pods "d" is forbidden: failed quota: q: must specify limits.cpu for: d; requests.cpu for: d

What a quota can count: `pods`, `services`, `configmaps`, `secrets`, `persistentvolumeclaims`,
`resourcequotas`, `replicationcontrollers`, `count/<resource>[.<group>]` for any stored kind, the
compute resources of non-terminal Pods (`requests.cpu`, `cpu`, `limits.memory`, ...,
`ephemeral-storage`), `services.nodeports`, `services.loadbalancers`, `requests.storage` and the
per-StorageClass forms for claims; the scopes BestEffort, NotBestEffort, Terminating, NotTerminating
and PriorityClass (`scopes` or `scopeSelector`). Creates are checked (dry runs too, without counting);
updates are not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from drills.sandbox import errors
from drills.sandbox.quantity import ZERO, Quantity, QuantityError, canonical_text, parse

if TYPE_CHECKING:
    from drills.sandbox.api import Api

Obj = dict[str, Any]
Usage = dict[str, Quantity]
LEGACY_COUNTS = {"pods", "services", "configmaps", "secrets", "persistentvolumeclaims", "resourcequotas",
                 "replicationcontrollers"}
COMPUTE = ("cpu", "memory", "ephemeral-storage")
# the resources a Pod must request explicitly once a quota limits them (a Kubernetes backward-compatibility rule)
MUST_SPECIFY = {"cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"}
ONE = parse(1)


def default_quota(obj: Obj) -> None:
    """A ResourceQuota's hard limits as the API server stores them (quantities canonical)."""
    hard = (obj.get("spec") or {}).get("hard")
    if isinstance(hard, dict):
        obj["spec"]["hard"] = {k: canonical_text(v) for k, v in hard.items()}


def _add(total: Usage, more: Usage) -> None:
    for k, q in more.items():
        total[k] = total.get(k, ZERO) + q


def _pod_usage(pod: Obj) -> Usage:
    if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
        return {}  # a finished Pod uses nothing (but `count/pods` still counts it)
    spec = pod.get("spec") or {}
    usage: Usage = {"pods": ONE}
    sums: Usage = {}
    for c in spec.get("containers") or []:
        _add(sums, _container_usage(c))
    for c in spec.get("initContainers") or []:  # init containers run one at a time: the largest counts
        for k, q in _container_usage(c).items():
            if q.value > sums.get(k, ZERO).value:
                sums[k] = q
    usage.update(sums)
    return usage


def _container_usage(c: Obj) -> Usage:
    resources = c.get("resources") or {} if isinstance(c, dict) else {}
    usage: Usage = {}
    for name in COMPUTE:
        request = (resources.get("requests") or {}).get(name)
        limit = (resources.get("limits") or {}).get(name)
        if request is not None:
            usage[name] = usage[f"requests.{name}"] = parse(request)
        if limit is not None:
            usage[f"limits.{name}"] = parse(limit)
    return usage


def usage(key: str, obj: Obj) -> Usage:
    """What one object counts against quotas, by quota resource name."""
    found = _pod_usage(obj) if key == "pods" else {}
    found[f"count/{key}"] = ONE
    if key in LEGACY_COUNTS and (key != "pods" or "pods" in found):
        found[key] = ONE
    spec = obj.get("spec") or {}
    if key == "services" and spec.get("type") in ("NodePort", "LoadBalancer"):
        found["services.nodeports"] = parse(len(spec.get("ports") or []))
        if spec.get("type") == "LoadBalancer":
            found["services.loadbalancers"] = ONE
    if key == "persistentvolumeclaims":
        storage = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
        cls = spec.get("storageClassName")
        if storage is not None:
            found["requests.storage"] = parse(storage)
        if cls:
            found[f"{cls}.storageclass.storage.k8s.io/persistentvolumeclaims"] = ONE
            if storage is not None:
                found[f"{cls}.storageclass.storage.k8s.io/requests.storage"] = parse(storage)
    return found


def _scope_rules(quota: Obj) -> list[tuple[str, str, list[str]]]:
    spec = quota.get("spec") or {}
    rules: list[tuple[str, str, list[str]]] = [(str(s), "Exists", []) for s in spec.get("scopes") or []]
    for e in (spec.get("scopeSelector") or {}).get("matchExpressions") or []:
        rules.append((str(e.get("scopeName")), str(e.get("operator", "Exists")), list(e.get("values") or [])))
    return rules


def _in_scope(quota: Obj, key: str, obj: Obj) -> bool:
    rules = _scope_rules(quota)
    if not rules:
        return True
    if key != "pods":
        return False  # scoped quotas count Pods only
    spec = obj.get("spec") or {}
    resources = [c.get("resources") or {} for c in (spec.get("containers") or []) + (spec.get("initContainers") or [])]
    best_effort = not any(r.get("requests") or r.get("limits") for r in resources)
    terminating = spec.get("activeDeadlineSeconds") is not None
    for scope, operator, values in rules:
        if scope == "PriorityClass":
            name = spec.get("priorityClassName")
            ok = {"In": name in values, "NotIn": name not in values, "Exists": bool(name),
                  "DoesNotExist": not name}.get(operator, False)
        else:
            ok = {"BestEffort": best_effort, "NotBestEffort": not best_effort, "Terminating": terminating,
                  "NotTerminating": not terminating}.get(scope, False)
            ok = ok if operator != "DoesNotExist" else not ok
        if not ok:
            return False
    return True


def namespace_usage(api: Api, namespace: str, quota: Obj, names: Iterable[str]) -> Usage:
    """What the namespace's objects use of ``names`` (each name present, zero when unused)."""
    wanted = set(names)
    total: Usage = {k: ZERO for k in wanted}
    for (key, ns, _), obj in api.store.objects.items():
        if ns != namespace or key == "events" or not _in_scope(quota, key, obj):
            continue
        try:
            found = usage(key, obj)
        except QuantityError:
            continue
        _add(total, {k: q for k, q in found.items() if k in wanted})
    return total


def _hard(quota: Obj) -> Usage:
    hard: Usage = {}
    for k, v in ((quota.get("spec") or {}).get("hard") or {}).items():
        try:
            hard[k] = parse(v)
        except QuantityError:
            continue
    return hard


def _listing(values: Usage) -> str:
    return ",".join(f"{k}={values[k]}" for k in sorted(values))


def check_quota(api: Api, key: str, obj: Obj) -> None:
    """Refuse (Forbidden) the creation of ``obj`` if a quota of its namespace would be exceeded, or
    if a Pod does not state a request or limit a quota counts."""
    meta = obj.get("metadata") or {}
    namespace, name = meta.get("namespace", ""), meta.get("name", "")
    quotas = list(api.store.iter("resourcequotas", namespace)) if namespace else []
    if not quotas:
        return
    qualified = key
    try:
        delta = usage(key, obj)
    except QuantityError as e:
        raise errors.bad_request(str(e)) from None
    for quota in quotas:
        if not _in_scope(quota, key, obj):
            continue
        hard = _hard(quota)
        quota_name = quota["metadata"]["name"]
        if key == "pods":
            missing = _missing_requests(obj, MUST_SPECIFY & set(hard))
            if missing:
                raise errors.forbidden(qualified, name, f"failed quota: {quota_name}: must specify {missing}")
        requested = {k: q for k, q in delta.items() if k in hard}
        if not requested:
            continue
        used = namespace_usage(api, namespace, quota, requested)
        exceeded = sorted(k for k, q in requested.items() if (used[k] + q).value > hard[k].value)
        if exceeded:
            raise errors.forbidden(qualified, name, f"exceeded quota: {quota_name}, requested: "
                                   f"{_listing({k: requested[k] for k in exceeded})}, used: "
                                   f"{_listing({k: used[k] for k in exceeded})}, limited: "
                                   f"{_listing({k: hard[k] for k in exceeded})}")


def _missing_requests(pod: Obj, required: set[str]) -> str:
    """`limits.cpu for: a,b; requests.cpu for: a`: what each container lacks of ``required``."""
    if not required:
        return ""
    missing: dict[str, set[str]] = {}
    spec = pod.get("spec") or {}
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        try:
            has = set(_container_usage(c))
        except QuantityError:
            has = set()
        for k in required - has:
            missing.setdefault(k, set()).add(str(c.get("name")))
    return "; ".join(f"{k} for: {','.join(sorted(missing[k]))}" for k in sorted(missing))


def reconcile_quotas(api: Api) -> None:
    """The quota controller: every quota's status shows its hard limits and what is used of them."""
    from drills.sandbox.controllers.common import update_status

    for quota in list(api.store.iter("resourcequotas")):
        hard = {k: str(v) for k, v in ((quota.get("spec") or {}).get("hard") or {}).items()}
        used = namespace_usage(api, quota["metadata"]["namespace"], quota, _hard(quota))
        update_status(api, "resourcequotas", quota, {"hard": hard, "used": {k: str(q) for k, q in used.items()}})
