"""The metrics API (`metrics.k8s.io/v1beta1`, what metrics-server serves) so `kubectl top pod`,
`top pod -A --containers` and `top node` print their tables.

Nothing runs, so the figures are made up, but plausibly and deterministically: each container of a
Running Pod uses a few millicores and a few MiB, or a share of what it requests when it requests
something (never more than its limit), the same figures on every call and every run, different from
container to container (a task such as "the Pod using the most CPU" has one answer). The node uses
what its Pods use plus the system's share.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from drills.sandbox import errors
from drills.sandbox.discovery import Served
from drills.sandbox.quantity import QuantityError, parse
from drills.sandbox.selectors import SelectorError, field_matcher, label_matcher

if TYPE_CHECKING:
    from drills.sandbox.api import Api

Obj = dict[str, Any]
GROUP_VERSION = "metrics.k8s.io/v1beta1"
MIB = 1024 * 1024
SYSTEM_CPU_MILLI = 95  # kubelet, the runtime and the control plane on the one node
SYSTEM_MEMORY = 1100 * MIB


def _draw(*parts: str) -> int:
    """A stable number for a name (not Python's hash(), which changes from run to run)."""
    return int.from_bytes(hashlib.sha256("/".join(parts).encode()).digest()[:8], "big")


def _amount(resources: Obj, section: str, name: str) -> Fraction | None:
    try:
        value = ((resources.get(section) or {}).get(name))
        return parse(value).value if value is not None else None
    except QuantityError:
        return None


def container_usage(pod: Obj, container: Obj) -> tuple[int, int]:
    """(millicores, bytes) one container of ``pod`` uses."""
    n = _draw(pod["metadata"].get("namespace", ""), pod["metadata"]["name"], str(container.get("name")))
    resources = container.get("resources") or {}
    cpu_request, cpu_limit = _amount(resources, "requests", "cpu"), _amount(resources, "limits", "cpu")
    mem_request, mem_limit = _amount(resources, "requests", "memory"), _amount(resources, "limits", "memory")
    cpu = int(cpu_request * 1000 * (5 + n % 20) / 100) if cpu_request else 1 + n % 4
    memory = int(mem_request * (20 + (n >> 8) % 40) / 100) if mem_request else (2048 + (n >> 8) % 10240) * 1024
    if cpu_limit is not None:
        cpu = min(cpu, int(cpu_limit * 1000))
    if mem_limit is not None:
        memory = min(memory, int(mem_limit))
    return max(cpu, 1), max(memory - memory % 1024, 1024)


def _running(pod: Obj) -> bool:
    status = pod.get("status") or {}
    return status.get("phase") == "Running" and not pod["metadata"].get("deletionTimestamp")


def _pod_metrics(api: Api, pod: Obj) -> Obj:
    meta = pod["metadata"]
    containers = []
    for c in (pod.get("spec") or {}).get("containers") or []:
        cpu, memory = container_usage(pod, c)
        containers.append({"name": c.get("name"), "usage": {"cpu": f"{cpu * 1_000_000}n",
                                                           "memory": f"{memory // 1024}Ki"}})
    return {"kind": "PodMetrics", "apiVersion": GROUP_VERSION,
            "metadata": {"name": meta["name"], "namespace": meta.get("namespace", ""),
                         "creationTimestamp": api.now(), "labels": dict(meta.get("labels") or {})},
            "timestamp": api.now(), "window": "15s", "containers": containers}


def _node_metrics(api: Api, node: Obj) -> Obj:
    name = node["metadata"]["name"]
    cpu, memory = SYSTEM_CPU_MILLI + _draw(name) % 20, SYSTEM_MEMORY + (_draw(name) >> 8) % 64 * MIB
    for pod in api.store.iter("pods"):
        if _running(pod) and (pod.get("spec") or {}).get("nodeName") == name:
            for c in pod["spec"].get("containers") or []:
                c_cpu, c_memory = container_usage(pod, c)
                cpu, memory = cpu + c_cpu, memory + c_memory
    return {"kind": "NodeMetrics", "apiVersion": GROUP_VERSION,
            "metadata": {"name": name, "creationTimestamp": api.now(),
                         "labels": dict(node["metadata"].get("labels") or {})},
            "timestamp": api.now(), "window": "20s",
            "usage": {"cpu": f"{cpu * 1_000_000}n", "memory": f"{memory // 1024}Ki"}}


def metrics(api: Api, s: Served, namespace: str, name: str, labels: str | None, fields: str | None) -> Obj:
    """The answer to a GET of PodMetrics or NodeMetrics: one object (``name``) or a list."""
    try:
        lm, fm = label_matcher(labels), field_matcher(fields)
    except SelectorError as e:
        raise errors.bad_request(str(e)) from None
    pods = s.res.kind == "PodMetrics"
    with api.store.lock:
        if pods:
            found = [_pod_metrics(api, p) for p in api.store.iter("pods", namespace or None)
                     if _running(p) and (not name or p["metadata"]["name"] == name)
                     and lm(p["metadata"].get("labels") or {}) and fm(p)]
        else:
            found = [_node_metrics(api, n) for n in api.store.iter("nodes")
                     if (not name or n["metadata"]["name"] == name) and lm(n["metadata"].get("labels") or {})
                     and fm(n)]
    if name:
        if not found:  # metrics-server's wording
            shown = f"{namespace}/{name}" if pods else name
            raise errors.ApiError(404, "NotFound", f'{s.res.kind.lower()}.{s.res.group} "{shown}" not found',
                                  {"name": shown, "group": s.res.group, "kind": s.res.kind.lower()})
        return found[0]
    return {"kind": f"{s.res.kind}List", "apiVersion": GROUP_VERSION, "metadata": {}, "items": found}


def scale_target_metrics(hpa: Obj, pods: list[Obj]) -> tuple[list[Obj], str]:
    """What the HPA controller reads for ``hpa`` over its target's ``pods``: one currentMetrics entry
    per Resource metric (cpu, memory), and the reason it cannot compute one ("" when it can), such as
    a container without a request, which is why a real HPA shows `<unknown>`."""
    running = [p for p in pods if _running(p)]
    current: list[Obj] = []
    for metric in (hpa.get("spec") or {}).get("metrics") or []:
        resource = metric.get("resource") or {}
        name = str(resource.get("name", "cpu"))
        if metric.get("type") != "Resource" or name not in ("cpu", "memory") or not running:
            return [], f"the HPA was unable to compute the replica count: unable to get metrics for resource {name}: " \
                       "no metrics returned from resource metrics API"
        used, requested = 0, 0
        for pod in running:
            for c in pod["spec"].get("containers") or []:
                request = _amount(c.get("resources") or {}, "requests", name)
                if request is None:
                    return [], (f"the HPA was unable to compute the replica count: failed to get {name} utilization: "
                                f"missing request for {name} in container {c.get('name')} of Pod "
                                f"{pod['metadata']['name']}")
                cpu, memory = container_usage(pod, c)
                used += cpu if name == "cpu" else memory
                requested += int(request * 1000) if name == "cpu" else int(request)
        average = used // len(running)
        current.append({"type": "Resource", "resource": {"name": name, "current": {
            "averageUtilization": used * 100 // max(requested, 1),
            "averageValue": f"{average}m" if name == "cpu" else f"{average // 1024}Ki"}}})
    return current, ""
