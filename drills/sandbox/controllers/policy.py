"""Status of the objects that watch others: a PodDisruptionBudget's allowed disruptions (healthy
matching Pods above minAvailable) and a HorizontalPodAutoscaler's current replicas and metrics
(from `drills.sandbox.metrics`: the utilization of its target's Pods, or `<unknown>` with the
reason, such as a container without a cpu request). The figures are steady, so the HPA does not
scale: desired replicas stay the current ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drills.sandbox.controllers.common import pod_ready, update_status
from drills.sandbox.selectors import match_labels_selector
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api

SCALE_TARGETS = {"Deployment": "deployments.apps", "StatefulSet": "statefulsets.apps",
                 "ReplicaSet": "replicasets.apps"}


def _count(value: Any, total: int) -> int:
    if isinstance(value, str) and value.endswith("%"):
        return -(-total * int(value[:-1]) // 100)
    return int(value)


def reconcile_policy(api: Api) -> None:
    for pdb in list(api.store.iter("poddisruptionbudgets.policy")):
        match = match_labels_selector(pdb["spec"].get("selector"))
        pods = [p for p in api.store.iter("pods", pdb["metadata"]["namespace"])
                if match(p["metadata"].get("labels") or {})]
        healthy = sum(1 for p in pods if pod_ready(p))
        spec = pdb["spec"]
        desired = _count(spec["minAvailable"], len(pods)) if "minAvailable" in spec else \
            len(pods) - _count(spec.get("maxUnavailable", 0), len(pods))
        allowed = max(0, healthy - desired)
        update_status(api, "poddisruptionbudgets.policy", pdb, {
            "observedGeneration": pdb["metadata"].get("generation", 1), "disruptionsAllowed": allowed,
            "currentHealthy": healthy, "desiredHealthy": desired, "expectedPods": len(pods),
            "conditions": [{"type": "DisruptionAllowed", "status": "True" if allowed else "False",
                            "reason": "SufficientPods" if allowed else "InsufficientPods",
                            "lastTransitionTime": api.now(), "message": "", "observedGeneration":
                                pdb["metadata"].get("generation", 1)}]})
    for hpa in list(api.store.iter("horizontalpodautoscalers.autoscaling")):
        _autoscaler(api, hpa)


def _autoscaler(api: Api, hpa: Obj) -> None:
    from drills.sandbox.metrics import scale_target_metrics

    ns = hpa["metadata"]["namespace"]
    ref = hpa["spec"].get("scaleTargetRef") or {}
    key = SCALE_TARGETS.get(ref.get("kind", ""))
    target = api.store.peek(key, ns, ref.get("name", "")) if key else None
    replicas = (target or {}).get("status", {}).get("replicas", 0)
    match = match_labels_selector(((target or {}).get("spec") or {}).get("selector") or {"matchLabels": {"-": "-"}})
    pods = [p for p in api.store.iter("pods", ns) if match(p["metadata"].get("labels") or {})]
    current, problem = scale_target_metrics(hpa, pods)
    active = {"type": "ScalingActive", "status": "False", "reason": "FailedGetResourceMetric", "message": problem,
              "lastTransitionTime": api.now()} if problem else {
        "type": "ScalingActive", "status": "True", "reason": "ValidMetricFound",
        "message": "the HPA was able to successfully calculate a replica count from "
                   f"{current[0]['resource']['name'] if current else 'cpu'} resource utilization "
                   "(percentage of request)",
        "lastTransitionTime": api.now()}
    update_status(api, "horizontalpodautoscalers.autoscaling", hpa, {
        "currentReplicas": replicas, "desiredReplicas": replicas, "currentMetrics": current or None,
        "conditions": [{"type": "AbleToScale", "status": "True", "reason": "SucceededGetScale",
                        "message": "the HPA controller was able to get the target's current scale",
                        "lastTransitionTime": api.now()}, active]})
