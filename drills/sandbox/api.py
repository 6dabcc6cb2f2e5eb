"""The verbs of the API (create, get, list, update, patch, delete, scale) over the store: metadata,
defaulting, validation, dry runs, garbage collection, and the controllers run after every write.

Controllers run synchronously inside the write that triggered them (under the store lock), so the
answer to `kubectl create deployment` already has its ReplicaSet and Running Pods behind it: a
sandbox converges instantly, and `kubectl wait` / `rollout status` find the end state at once.
"""

from __future__ import annotations

import copy
import random
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from drills.sandbox import errors
from drills.sandbox.defaults import apply_defaults, validate
from drills.sandbox.discovery import WITH_STATUS, Served
from drills.sandbox.patch import PatchError, apply_patch
from drills.sandbox.selectors import SelectorError, field_matcher, label_matcher
from drills.sandbox.storage import LimitExceeded, Obj, Store

NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789"
Reconciler = Callable[["Api"], None]


def timestamp(t: float) -> str:
    return datetime.fromtimestamp(int(t), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Api:
    """The API server's logic, without HTTP. ``clock`` gives the time (seconds since the epoch)."""

    def __init__(self, store: Store | None = None, clock: Callable[[], float] = time.time, seed: int | None = None,
                 reconcilers: list[Reconciler] | None = None) -> None:
        self.store = store or Store()
        self.clock = clock
        self.rng = random.Random(seed)
        self.reconcilers = reconcilers or []
        self.logs: dict[tuple[str, str, str], str] = {}  # (namespace, pod, container) -> log text
        self.files: dict[tuple[str, str], dict[str, str]] = {}  # (namespace, pod) -> path -> written content
        # (namespace, pod, container) -> exit code, for containers whose command ended (restart: Always)
        self.exits: dict[tuple[str, str, str], int] = {}

    # -- helpers ---------------------------------------------------------------------------
    def now(self) -> str:
        return timestamp(self.clock())

    def suffix(self, n: int = 5) -> str:
        return "".join(self.rng.choice(NAME_CHARS) for _ in range(n))

    def new_meta(self, obj: Obj, namespace: str) -> None:
        meta = obj.setdefault("metadata", {})
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + self.suffix()
        if namespace:
            meta["namespace"] = namespace
        else:
            meta.pop("namespace", None)
        meta["uid"] = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        meta["creationTimestamp"] = self.now()
        for k in ("resourceVersion", "deletionTimestamp", "selfLink"):
            meta.pop(k, None)
        if "spec" in obj and obj.get("kind") != "Namespace":
            meta["generation"] = 1

    def _ns_of(self, s: Served, namespace: str, body: Obj) -> str:
        if not s.res.namespaced:
            return ""
        body_ns = (body.get("metadata") or {}).get("namespace")
        if body_ns and namespace and body_ns != namespace:
            raise errors.bad_request("the namespace of the provided object does not match the namespace sent "
                                     "on the request")
        return namespace or body_ns or "default"

    def _check_kind(self, s: Served, body: Any) -> Obj:
        if not isinstance(body, dict):
            raise errors.bad_request("the body of the request is not a JSON object")
        if body.get("kind") not in (None, s.res.kind):
            raise errors.bad_request(f"the kind of the body ({body.get('kind')}) does not match the path "
                                     f"({s.res.kind})")
        body["kind"] = s.res.kind
        body["apiVersion"] = s.group_version
        return body

    def commit(self, s: Served, obj: Obj) -> Obj:
        try:
            return self.store.put(s.key, obj)
        except LimitExceeded as e:
            raise errors.ApiError(403, "Forbidden", f"sandbox limit: {e}") from None

    def reconcile(self) -> None:
        for _ in range(20):  # controllers feed each other (Deployment -> ReplicaSet -> Pods -> Endpoints)
            rv = self.store.rv
            for r in self.reconcilers:
                r(self)
            if self.store.rv == rv:
                return

    # -- verbs -----------------------------------------------------------------------------
    def create(self, s: Served, namespace: str, body: Any, dry_run: bool = False) -> Obj:
        obj = self._check_kind(s, copy.deepcopy(body))
        ns = self._ns_of(s, namespace, obj)
        with self.store.lock:
            if ns and self.store.peek("namespaces", "", ns) is None:
                raise errors.namespace_not_found(ns)
            self.new_meta(obj, ns)
            name = obj["metadata"].get("name") or ""
            if not name:
                raise errors.invalid(s, "", [("metadata.name", "FieldValueRequired", "Required value: name or "
                                                                                     "generateName is required")])
            if self.store.peek(s.key, ns, name) is not None:
                raise errors.already_exists(s, name)
            apply_defaults(s.key, obj)
            self._validate_and_admit(s, name, obj, None)
            if dry_run:
                obj["metadata"]["resourceVersion"] = str(self.store.rv)
            return self._write(s, obj, dry_run)

    def _validate_and_admit(self, s: Served, name: str, obj: Obj, old: Obj | None) -> None:
        """What the API server checks before a create or an update is stored: a refused write raises."""
        from drills.sandbox.quantity import unreadable

        problem = unreadable(s.key, s.res.kind, s.group_version, obj)
        if problem is not None:
            raise errors.bad_request(problem)
        causes = validate(s.key, obj, old)
        if causes:
            raise errors.invalid(s, name, causes)
        self.admit(s, obj, old)

    def _write(self, s: Served, obj: Obj, dry_run: bool) -> Obj:
        """Store ``obj`` and let the controllers react; the object as stored then. A dry run only
        checks that it would fit, and stores nothing."""
        if dry_run:
            self.store.check_size(obj)
            return obj
        stored = self.commit(s, obj)
        self.reconcile()
        meta = obj["metadata"]
        return self.store.get(s.key, meta.get("namespace", ""), meta["name"]) or stored

    def admit(self, s: Served, obj: Obj, old: Obj | None, quota: bool = True) -> None:
        """Admission: what must be settled before the object is stored (a Pod's LimitRange defaults,
        a Service's ClusterIP, ...) and the plugins that refuse a write (LimitRange bounds, quotas:
        ``quota`` False for the objects controllers make besides Pods, which a real cluster's quotas
        would not stop either)."""
        from drills.sandbox.controllers.jobs import admit_job
        from drills.sandbox.controllers.services import admit_service

        if s.key == "pods":
            from drills.sandbox.limitrange import apply_limit_ranges, request_over_limit_causes

            if old is None:
                apply_limit_ranges(self, obj)
            causes = request_over_limit_causes(obj)
            if causes:
                raise errors.invalid(s, obj["metadata"].get("name", ""), causes)
        if old is None and quota:
            from drills.sandbox.quota import check_quota

            check_quota(self, s.key, obj)
        if s.key == "services":
            admit_service(self, obj, old)
        elif s.key == "jobs.batch":
            admit_job(self, obj, old)

    def get(self, s: Served, namespace: str, name: str) -> Obj:
        obj = self.store.get(s.key, namespace if s.res.namespaced else "", name)
        if obj is None:
            raise errors.not_found(s, name)
        return obj

    def list(self, s: Served, namespace: str | None, labels: str | None = None, fields: str | None = None) -> list[Obj]:
        try:
            lm, fm = label_matcher(labels), field_matcher(fields)
        except SelectorError as e:
            raise errors.bad_request(str(e)) from None
        ns = namespace if s.res.namespaced else None
        return [o for o in self.store.list(s.key, ns or None)
                if lm(o["metadata"].get("labels") or {}) and fm(o)]

    def update(self, s: Served, namespace: str, name: str, body: Any, dry_run: bool = False,
               subresource: str = "") -> Obj:
        obj = self._check_kind(s, copy.deepcopy(body))
        ns = namespace if s.res.namespaced else ""
        with self.store.lock:
            old = self.store.get(s.key, ns, name)
            if old is None:
                raise errors.not_found(s, name)
            rv = (obj.get("metadata") or {}).get("resourceVersion")
            if rv and rv != old["metadata"]["resourceVersion"]:
                raise errors.conflict(s, name)
            return self._replace(s, old, obj, dry_run, subresource)

    def _replace(self, s: Served, old: Obj, obj: Obj, dry_run: bool, subresource: str) -> Obj:
        name = old["metadata"]["name"]
        if (obj.get("metadata") or {}).get("name", name) != name:
            raise errors.bad_request(f'the name of the object ({obj["metadata"]["name"]}) does not match the name '
                                     f"on the URL ({name})")
        if subresource == "status":
            new = copy.deepcopy(old)
            new["status"] = obj.get("status", {})
        else:
            new = obj
            meta = new.setdefault("metadata", {})
            for k in ("uid", "creationTimestamp", "namespace", "generation", "ownerReferences"):
                if k in old["metadata"] and (k != "ownerReferences" or k not in meta):
                    meta[k] = old["metadata"][k]
            meta["name"] = name
            if s.key in WITH_STATUS and "status" in old:
                new["status"] = old["status"]
            apply_defaults(s.key, new)
            if "spec" in new and new.get("spec") != old.get("spec"):
                meta["generation"] = int(old["metadata"].get("generation", 1)) + 1
            self._validate_and_admit(s, name, new, old)
        return self._write(s, new, dry_run)

    def patch(self, s: Served, namespace: str, name: str, content_type: str, patch: Any, dry_run: bool = False,
              subresource: str = "") -> tuple[int, Obj]:
        ns = namespace if s.res.namespaced else ""
        with self.store.lock:
            old = self.store.get(s.key, ns, name)
            apply = content_type.startswith("application/apply-patch")
            if old is None and apply:
                body = copy.deepcopy(patch) if isinstance(patch, dict) else {}
                body.setdefault("metadata", {})["name"] = name
                return 201, self.create(s, ns, body, dry_run)
            if old is None:
                raise errors.not_found(s, name)
            try:
                new = apply_patch(content_type, old, patch)
            except (PatchError, ValueError, TypeError, IndexError) as e:
                raise errors.ApiError(422 if isinstance(e, PatchError) else 400, "BadRequest", str(e)) from None
            return 200, self._replace(s, old, new, dry_run, subresource)

    def delete(self, s: Served, namespace: str, name: str, options: Obj | None = None, dry_run: bool = False) -> Obj:
        ns = namespace if s.res.namespaced else ""
        with self.store.lock:
            obj = self.store.get(s.key, ns, name)
            if obj is None:
                raise errors.not_found(s, name)
            if dry_run:
                return obj
            policy = (options or {}).get("propagationPolicy") or ("Orphan" if (options or {}).get("orphanDependents")
                                                                  else "Background")
            gone = self.store.remove(s.key, ns, name) or obj
            if s.key == "namespaces":
                for key in list(self.store.objects):
                    if key[1] == name:
                        self.store.remove(*key)
            self._collect_garbage(gone["metadata"]["uid"], policy == "Orphan")
            self.reconcile()
            return gone

    def _collect_garbage(self, uid: str, orphan: bool) -> None:
        for key, o in list(self.store.objects.items()):
            refs = o["metadata"].get("ownerReferences") or []
            if not any(r.get("uid") == uid for r in refs):
                continue
            if orphan:
                o = copy.deepcopy(o)
                o["metadata"]["ownerReferences"] = [r for r in refs if r.get("uid") != uid] or None
                if o["metadata"]["ownerReferences"] is None:
                    del o["metadata"]["ownerReferences"]
                self.store.put(key[0], o)
            else:
                removed = self.store.remove(*key)
                if removed is not None:
                    self._collect_garbage(removed["metadata"]["uid"], False)

    # -- scale subresource -----------------------------------------------------------------
    def get_scale(self, s: Served, namespace: str, name: str) -> Obj:
        obj = self.get(s, namespace, name)
        from drills.sandbox.selectors import selector_string

        return {"kind": "Scale", "apiVersion": "autoscaling/v1",
                "metadata": {k: obj["metadata"][k] for k in ("name", "namespace", "uid", "resourceVersion",
                                                             "creationTimestamp") if k in obj["metadata"]},
                "spec": {"replicas": obj["spec"].get("replicas", 1)},
                "status": {"replicas": (obj.get("status") or {}).get("replicas", 0),
                           "selector": selector_string(obj["spec"].get("selector"))}}

    def set_scale(self, s: Served, namespace: str, name: str, scale: Obj, dry_run: bool = False) -> Obj:
        with self.store.lock:
            obj = self.get(s, namespace, name)
            replicas = (scale.get("spec") or {}).get("replicas")
            if not isinstance(replicas, int) or replicas < 0:
                raise errors.ApiError(422, "Invalid", f'Scale.autoscaling "{name}" is invalid: spec.replicas: '
                                      f"Invalid value: {replicas}: must be greater than or equal to 0")
            obj["spec"]["replicas"] = replicas
            self._replace(s, self.get(s, namespace, name), obj, dry_run, "")
            return self.get_scale(s, namespace, name) if not dry_run else scale

