"""Events (core/v1), as controllers and the kubelet record them: what `kubectl describe` lists at the
bottom and `kubectl get events` shows. At most `MAX_EVENTS` are kept; the oldest go first (a real
cluster keeps them an hour)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api

MAX_EVENTS = 300
KEY = "events"


def record(api: Api, obj: Obj, reason: str, message: str, component: str, warning: bool = False) -> None:
    """Record one event about ``obj`` (a stored object) by ``component`` (kubelet, deployment-controller...)."""
    from drills.sandbox.controllers.common import create_child

    meta = obj["metadata"]
    now = api.now()
    host = "node01" if component == "kubelet" else ""
    create_child(api, KEY, {
        "metadata": {"name": f"{meta['name']}.{api.rng.getrandbits(64):016x}", "namespace": meta.get("namespace",
                                                                                                        "default")},
        "involvedObject": {"kind": obj.get("kind"), "namespace": meta.get("namespace", ""), "name": meta["name"],
                           "uid": meta.get("uid"), "apiVersion": obj.get("apiVersion"),
                           "resourceVersion": meta.get("resourceVersion")},
        "reason": reason, "message": message, "source": {"component": component, **({"host": host} if host else {})},
        "firstTimestamp": now, "lastTimestamp": now, "count": 1, "type": "Warning" if warning else "Normal",
        "eventTime": None, "reportingComponent": component, "reportingInstance": host})
    events = sorted(api.store.iter(KEY), key=lambda e: int(e["metadata"]["resourceVersion"]))
    for old in events[:max(0, len(events) - MAX_EVENTS)]:
        api.store.remove(KEY, old["metadata"]["namespace"], old["metadata"]["name"])
