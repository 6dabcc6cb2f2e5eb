"""What the controllers share: owner references, writing only real changes, template hashes."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import TYPE_CHECKING, Any

from drills.sandbox.discovery import by_key
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api

HASH_CHARS = "bcdfghjklmnpqrstvwxz2456789"


def owner_ref(owner: Obj) -> dict[str, Any]:
    return {"apiVersion": owner["apiVersion"], "kind": owner["kind"], "name": owner["metadata"]["name"],
            "uid": owner["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


def owned_by(obj: Obj, owner: Obj) -> bool:
    return any(r.get("uid") == owner["metadata"]["uid"] and r.get("controller")
               for r in obj["metadata"].get("ownerReferences") or [])


def children(api: Api, key: str, owner: Obj) -> list[Obj]:
    """Objects of ``key`` in the owner's namespace that the owner controls (stored dicts: read only)."""
    ns = owner["metadata"].get("namespace", "")
    return [o for o in api.store.iter(key, ns) if owned_by(o, owner)]


def save_if_changed(api: Api, key: str, before: Obj, after: Obj) -> None:
    """Store ``after`` when it differs from ``before``; controllers call this so idle passes write nothing."""
    if before != after:
        api.store.put(key, after)


def update_status(api: Api, key: str, obj: Obj, status: dict[str, Any]) -> None:
    """Replace the status of a stored object when it changed (conditions keep their transition times)."""
    old = obj.get("status") or {}
    for cond in status.get("conditions") or []:
        prev = next((c for c in old.get("conditions") or [] if c.get("type") == cond.get("type")), None)
        if prev is not None and prev.get("status") == cond.get("status"):
            for t in ("lastTransitionTime", "lastUpdateTime", "lastProbeTime"):
                if t in prev and t in cond:
                    cond[t] = prev[t]
    if old != status:
        new = copy.deepcopy(obj)
        new["status"] = status
        api.store.put(key, new)


def create_child(api: Api, key: str, obj: Obj) -> Obj:
    """Create an object on behalf of a controller (metadata, defaults, no validation answer to give)."""
    from drills.sandbox.defaults import apply_defaults

    s = by_key(key)
    obj["apiVersion"], obj["kind"] = s.group_version, s.res.kind
    api.new_meta(obj, obj["metadata"].get("namespace", ""))
    apply_defaults(key, obj)
    api.admit(s, obj, None, quota=key == "pods")
    return api.store.put(key, obj)


def create_pod(api: Api, owner: Obj, pod: Obj, component: str, failure: str = "Error creating: ",
               refusals: list[str] | None = None) -> Obj | None:
    """Create a Pod for ``owner`` (a ReplicaSet, Job ...); None when admission refuses it (a quota,
    a LimitRange), which is then a FailedCreate event on the owner, as from kube-controller-manager
    (recorded once: the controllers retry after every write, as a real one retries with back-off),
    and the refusal is added to ``refusals``."""
    from drills.sandbox.controllers.events import record
    from drills.sandbox.errors import ApiError

    try:
        return create_child(api, "pods", pod)
    except ApiError as e:
        if refusals is not None:
            refusals.append(e.message)
        reason = e.message.split(" is forbidden: ", 1)[-1]
        uid = owner["metadata"]["uid"]
        if not any(ev.get("reason") == "FailedCreate" and ev["involvedObject"].get("uid") == uid
                   and ev.get("message", "").endswith(reason) for ev in api.store.iter("events",
                                                                                       owner["metadata"]["namespace"])):
            record(api, owner, "FailedCreate", failure + e.message, component, True)
        return None


def template_hash(template: Obj) -> str:
    """A short, stable hash of a pod template, spelled like Kubernetes' pod-template-hash."""
    clean = copy.deepcopy(template)
    labels = (clean.get("metadata") or {}).get("labels") or {}
    labels.pop("pod-template-hash", None)
    labels.pop("controller-revision-hash", None)
    digest = hashlib.sha256(json.dumps(clean, sort_keys=True).encode()).digest()
    return "".join(HASH_CHARS[b % len(HASH_CHARS)] for b in digest[:10])


def strip_hash(template: Obj) -> Obj:
    t = copy.deepcopy(template)
    labels = (t.get("metadata") or {}).get("labels") or {}
    labels.pop("pod-template-hash", None)
    return t


def pod_ready(pod: Obj) -> bool:
    status = pod.get("status") or {}
    return status.get("phase") == "Running" and any(
        c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or [])
