"""Deployment, ReplicaSet, StatefulSet and DaemonSet controllers.

A Deployment owns one ReplicaSet per distinct pod template (named DEPLOY-HASH, revision annotation);
changing the template (`set image`) makes or revives the matching ReplicaSet with the next revision
and scales the others to zero, which is what `rollout history` / `rollout undo` read and write.
Rollouts finish at once: a sandbox has no image pulls to wait for.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from drills.sandbox.controllers.common import (
    children,
    create_child,
    create_pod,
    owner_ref,
    pod_ready,
    save_if_changed,
    strip_hash,
    template_hash,
    update_status,
)
from drills.sandbox.controllers.events import record
from drills.sandbox.selectors import match_labels_selector
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api

REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"


def _revision(obj: Obj) -> int:
    try:
        return int((obj["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def _ready_pods(api: Api, owner: Obj) -> tuple[int, int]:
    pods = children(api, "pods", owner)
    live = [p for p in pods if not p["metadata"].get("deletionTimestamp")]
    return len(live), sum(1 for p in live if pod_ready(p))


def reconcile_deployments(api: Api) -> None:
    for dep in list(api.store.iter("deployments.apps")):
        _deployment(api, dep)


def _deployment(api: Api, dep: Obj) -> None:
    spec, meta = dep["spec"], dep["metadata"]
    rss = children(api, "replicasets.apps", dep)
    wanted = strip_hash(spec["template"])
    current = next((rs for rs in rss if strip_hash(rs["spec"]["template"]) == wanted), None)
    top = max((_revision(rs) for rs in rss), default=0)
    replicas = spec.get("replicas", 1)
    if current is None and not spec.get("paused"):
        h = template_hash(spec["template"])
        template = copy.deepcopy(spec["template"])
        template.setdefault("metadata", {}).setdefault("labels", {})["pod-template-hash"] = h
        selector = copy.deepcopy(spec["selector"])
        selector.setdefault("matchLabels", {})["pod-template-hash"] = h
        annotations = {REVISION: str(top + 1), "deployment.kubernetes.io/desired-replicas": str(replicas),
                       "deployment.kubernetes.io/max-replicas": str(replicas + 1)}
        if CHANGE_CAUSE in (meta.get("annotations") or {}):
            annotations[CHANGE_CAUSE] = meta["annotations"][CHANGE_CAUSE]
        current = create_child(api, "replicasets.apps", {
            "metadata": {"name": f"{meta['name']}-{h}", "namespace": meta["namespace"],
                         "labels": dict(template["metadata"]["labels"]), "annotations": annotations,
                         "ownerReferences": [owner_ref(dep)]},
            "spec": {"replicas": replicas, "selector": selector, "template": template,
                     "minReadySeconds": spec.get("minReadySeconds", 0)}})
        record(api, dep, "ScalingReplicaSet", f"Scaled up replica set {current['metadata']['name']} from 0 to "
               f"{replicas}", "deployment-controller")
        rss = children(api, "replicasets.apps", dep)
    for rs in rss:
        new = copy.deepcopy(rs)
        if current is not None and rs["metadata"]["uid"] == current["metadata"]["uid"]:
            new["spec"]["replicas"] = replicas
            ann = new["metadata"].setdefault("annotations", {})
            if _revision(rs) < top:  # a rollback revives an old template as the newest revision
                ann[REVISION] = str(top + 1)
            ann["deployment.kubernetes.io/desired-replicas"] = str(replicas)
            if CHANGE_CAUSE in (meta.get("annotations") or {}):
                ann[CHANGE_CAUSE] = meta["annotations"][CHANGE_CAUSE]
        elif not spec.get("paused"):
            new["spec"]["replicas"] = 0
        save_if_changed(api, "replicasets.apps", rs, new)
        before, after = rs["spec"].get("replicas", 0), new["spec"].get("replicas", 0)
        if before != after:
            record(api, dep, "ScalingReplicaSet", f"Scaled {'up' if after > before else 'down'} replica set "
                   f"{rs['metadata']['name']} from {before} to {after}", "deployment-controller")
    _prune_history(api, dep, current)
    _deployment_status(api, dep, current)


def _prune_history(api: Api, dep: Obj, current: Obj | None) -> None:
    limit = dep["spec"].get("revisionHistoryLimit", 10)
    old = sorted((rs for rs in children(api, "replicasets.apps", dep)
                  if current is None or rs["metadata"]["uid"] != current["metadata"]["uid"]), key=_revision)
    for rs in old[:max(0, len(old) - limit)]:
        if rs["spec"].get("replicas", 0) == 0:
            api.store.remove("replicasets.apps", rs["metadata"]["namespace"], rs["metadata"]["name"])


def _deployment_status(api: Api, dep: Obj, current: Obj | None) -> None:
    rss = children(api, "replicasets.apps", dep)
    total = sum((rs.get("status") or {}).get("replicas", 0) for rs in rss)
    ready = sum((rs.get("status") or {}).get("readyReplicas", 0) for rs in rss)
    updated = (current.get("status") or {}).get("replicas", 0) if current else 0
    replicas = dep["spec"].get("replicas", 1)
    now = api.now()
    status: dict[str, Any] = {"observedGeneration": dep["metadata"].get("generation", 1), "replicas": total,
                              "updatedReplicas": updated, "readyReplicas": ready, "availableReplicas": ready}
    if total - ready > 0:
        status["unavailableReplicas"] = total - ready
    available = ready >= replicas - _max_unavailable(dep, replicas)
    status["conditions"] = [
        {"type": "Available", "status": "True" if available else "False", "lastUpdateTime": now,
         "lastTransitionTime": now, "reason": "MinimumReplicasAvailable" if available else "MinimumReplicasUnavailable",
         "message": "Deployment has minimum availability." if available else
         "Deployment does not have minimum availability."},
        {"type": "Progressing", "status": "True", "lastUpdateTime": now, "lastTransitionTime": now,
         "reason": "NewReplicaSetAvailable" if current and updated == ready == replicas else "ReplicaSetUpdated",
         "message": f'ReplicaSet "{current["metadata"]["name"] if current else ""}" '
                    + ("has successfully progressed." if current and updated == ready == replicas
                       else "is progressing.")}]
    for k in ("readyReplicas", "availableReplicas", "updatedReplicas", "replicas"):
        if status[k] == 0:
            del status[k]
    status["conditions"] += [dict(c, lastUpdateTime=c.get("lastTransitionTime")) for rs in rss
                             for c in (rs.get("status") or {}).get("conditions") or []
                             if c.get("type") == "ReplicaFailure"][:1]
    ann = dep["metadata"].get("annotations") or {}
    if current is not None and ann.get(REVISION) != current["metadata"]["annotations"][REVISION]:
        new = copy.deepcopy(dep)
        new["metadata"].setdefault("annotations", {})[REVISION] = current["metadata"]["annotations"][REVISION]
        api.store.put("deployments.apps", new)
        dep = api.store.peek("deployments.apps", dep["metadata"]["namespace"], dep["metadata"]["name"]) or new
    update_status(api, "deployments.apps", dep, status)


def _max_unavailable(dep: Obj, replicas: int) -> int:
    value = ((dep["spec"].get("strategy") or {}).get("rollingUpdate") or {}).get("maxUnavailable", "25%")
    if isinstance(value, str) and value.endswith("%"):
        return int(replicas * int(value[:-1]) / 100)
    return int(value)


def _new_pod(owner: Obj, template: Obj, name: str) -> Obj:
    pod_meta = copy.deepcopy(template.get("metadata") or {})
    pod_meta.pop("creationTimestamp", None)
    pod_meta.update(name=name, namespace=owner["metadata"]["namespace"], ownerReferences=[owner_ref(owner)])
    return {"metadata": pod_meta, "spec": copy.deepcopy(template.get("spec") or {})}


def reconcile_replicasets(api: Api) -> None:
    for rs in list(api.store.iter("replicasets.apps")):
        pods = [p for p in children(api, "pods", rs) if not p["metadata"].get("deletionTimestamp")]
        want = rs["spec"].get("replicas", 1)
        refusals: list[str] = []
        for _ in range(want - len(pods)):
            made = create_pod(api, rs, _new_pod(rs, rs["spec"]["template"], f"{rs['metadata']['name']}-{api.suffix()}"),
                              "replicaset-controller", refusals=refusals)
            if made is None:
                break
            record(api, rs, "SuccessfulCreate", f"Created pod: {made['metadata']['name']}", "replicaset-controller")
        newest_first = sorted(pods, key=lambda p: p["metadata"]["creationTimestamp"], reverse=True)
        for pod in newest_first[:max(0, len(pods) - want)]:
            api.store.remove("pods", pod["metadata"]["namespace"], pod["metadata"]["name"])
            record(api, rs, "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}", "replicaset-controller")
        total, ready = _ready_pods(api, rs)
        status: dict[str, Any] = {"replicas": total, "fullyLabeledReplicas": total, "readyReplicas": ready,
                                  "availableReplicas": ready, "observedGeneration": rs["metadata"].get("generation", 1)}
        for k in ("fullyLabeledReplicas", "readyReplicas", "availableReplicas"):
            if status[k] == 0:
                del status[k]
        if refusals:  # what `describe rs` / `describe deploy` show while a quota or LimitRange refuses Pods
            before = next((c for c in (rs.get("status") or {}).get("conditions") or []
                           if c.get("type") == "ReplicaFailure"), None)
            # each retry names another Pod: the same refusal keeps its message (and writes nothing)
            same = before is not None and before.get("message", "").split(" is forbidden: ")[-1] == \
                refusals[0].split(" is forbidden: ")[-1]
            status["conditions"] = [before if same and before is not None else {
                "type": "ReplicaFailure", "status": "True", "lastTransitionTime": api.now(), "reason": "FailedCreate",
                "message": refusals[0]}]
        update_status(api, "replicasets.apps", rs, status)


def reconcile_statefulsets(api: Api) -> None:
    for sts in list(api.store.iter("statefulsets.apps")):
        _statefulset(api, sts)


def _statefulset(api: Api, sts: Obj) -> None:
    meta, spec = sts["metadata"], sts["spec"]
    name, ns = meta["name"], meta["namespace"]
    revision = f"{name}-{template_hash(spec['template'])}"
    want = spec.get("replicas", 1)
    pods = {p["metadata"]["name"]: p for p in children(api, "pods", sts)}
    for i in range(want):
        pod_name = f"{name}-{i}"
        pod = pods.get(pod_name)
        if pod is not None and (pod["metadata"].get("labels") or {}).get("controller-revision-hash") == revision:
            continue
        if pod is not None:
            api.store.remove("pods", ns, pod_name)
        new = _new_pod(sts, spec["template"], pod_name)
        new["metadata"].setdefault("labels", {}).update({
            "controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": pod_name,
            "apps.kubernetes.io/pod-index": str(i)})
        new["spec"]["hostname"] = pod_name
        if spec.get("serviceName"):
            new["spec"]["subdomain"] = spec["serviceName"]
        for claim in spec.get("volumeClaimTemplates") or []:
            claim_name = f"{claim['metadata']['name']}-{pod_name}"
            if api.store.peek("persistentvolumeclaims", ns, claim_name) is None:
                create_child(api, "persistentvolumeclaims", {
                    "metadata": {"name": claim_name, "namespace": ns,
                                 "labels": dict((spec["template"].get("metadata") or {}).get("labels") or {})},
                    "spec": copy.deepcopy(claim.get("spec") or {})})
            new["spec"].setdefault("volumes", []).append(
                {"name": claim["metadata"]["name"], "persistentVolumeClaim": {"claimName": claim_name}})
        if create_pod(api, sts, new, "statefulset-controller",
                      f"create Pod {pod_name} in StatefulSet {name} failed error: ") is None:
            break
        record(api, sts, "SuccessfulCreate", f"create Pod {pod_name} in StatefulSet {name} successful",
               "statefulset-controller")
    for pod_name in pods:
        index = pod_name.rsplit("-", 1)[-1]
        if not index.isdigit() or int(index) >= want:
            api.store.remove("pods", ns, pod_name)
    total, ready = _ready_pods(api, sts)
    status: dict[str, Any] = {"observedGeneration": meta.get("generation", 1), "replicas": total,
                              "readyReplicas": ready, "currentReplicas": total, "updatedReplicas": total,
                              "availableReplicas": ready, "currentRevision": revision, "updateRevision": revision,
                              "collisionCount": 0}
    for k in ("readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"):
        if status[k] == 0:
            del status[k]
    update_status(api, "statefulsets.apps", sts, status)


def reconcile_daemonsets(api: Api) -> None:
    nodes = [n["metadata"]["name"] for n in api.store.iter("nodes")]
    for ds in list(api.store.iter("daemonsets.apps")):
        spec = ds["spec"]
        revision = template_hash(spec["template"])
        pods = children(api, "pods", ds)
        for pod in pods:
            if (pod["metadata"].get("labels") or {}).get("controller-revision-hash") != revision:
                api.store.remove("pods", pod["metadata"]["namespace"], pod["metadata"]["name"])
        have = {p["spec"].get("nodeName") for p in children(api, "pods", ds)}
        for node in nodes:
            if node in have:
                continue
            new = _new_pod(ds, spec["template"], f"{ds['metadata']['name']}-{api.suffix()}")
            new["metadata"].setdefault("labels", {})["controller-revision-hash"] = revision
            new["spec"]["nodeName"] = node
            create_pod(api, ds, new, "daemonset-controller")
        total, ready = _ready_pods(api, ds)
        status = {"currentNumberScheduled": total, "desiredNumberScheduled": len(nodes), "numberMisscheduled": 0,
                  "numberReady": ready, "numberAvailable": ready, "updatedNumberScheduled": total,
                  "observedGeneration": ds["metadata"].get("generation", 1)}
        update_status(api, "daemonsets.apps", ds, status)


def selected_pods(api: Api, namespace: str, selector: dict[str, Any] | None) -> list[Obj]:
    match = match_labels_selector(selector)
    return [p for p in api.store.iter("pods", namespace) if match(p["metadata"].get("labels") or {})]
