"""Job controller (and the Job admission that labels its pods). A Job runs pods until `completions`
of them succeed or more than `backoffLimit` fail; whether a pod succeeds is decided by the pod
lifecycle (its command is run by the exec model). CronJobs are not run on a clock; `kubectl create
job --from=cronjob/NAME` (done by kubectl itself) makes a Job like any other."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from drills.sandbox.controllers.common import children, create_pod, owner_ref, update_status
from drills.sandbox.controllers.events import record
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api


def admit_job(api: Api, job: Obj, old: Obj | None) -> None:
    """Give a new Job its generated selector and pod labels, as the API server does."""
    if old is not None:
        job["spec"]["selector"] = old["spec"].get("selector")
        job["spec"]["template"]["metadata"]["labels"] = old["spec"]["template"]["metadata"].get("labels")
        return
    uid, name = job["metadata"]["uid"], job["metadata"]["name"]
    if not job["spec"].get("manualSelector"):
        job["spec"]["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
        labels = job["spec"]["template"].setdefault("metadata", {}).setdefault("labels", {})
        labels.update({"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name,
                       "controller-uid": uid, "job-name": name})


def reconcile_jobs(api: Api) -> None:
    for job in list(api.store.iter("jobs.batch")):
        _job(api, job)


def _job(api: Api, job: Obj) -> None:
    spec, meta = job["spec"], job["metadata"]
    old_status = job.get("status") or {}
    if any(c.get("type") in ("Complete", "Failed") and c.get("status") == "True"
           for c in old_status.get("conditions") or []):
        return
    pods = children(api, "pods", job)
    succeeded = sum(1 for p in pods if p["status"].get("phase") == "Succeeded")
    failed = sum(1 for p in pods if p["status"].get("phase") == "Failed")
    active = [p for p in pods if p["status"].get("phase") not in ("Succeeded", "Failed")]
    completions = spec.get("completions") or 1
    parallelism = spec.get("parallelism", 1)
    done = succeeded >= completions
    giving_up = failed > spec.get("backoffLimit", 6)
    if not done and not giving_up and not spec.get("suspend"):
        for _ in range(min(parallelism, completions - succeeded) - len(active)):
            template = spec["template"]
            pod_meta = dict(template.get("metadata") or {})
            pod_meta.pop("creationTimestamp", None)
            pod_meta.update(name=f"{meta['name']}-{api.suffix()}", namespace=meta["namespace"],
                            ownerReferences=[owner_ref(job)])
            made = create_pod(api, job, {"metadata": pod_meta, "spec": copy.deepcopy(template.get("spec") or {})},
                              "job-controller")
            if made is None:
                break
            record(api, job, "SuccessfulCreate", f"Created pod: {made['metadata']['name']}", "job-controller")
        pods = children(api, "pods", job)
        active = [p for p in pods if p["status"].get("phase") not in ("Succeeded", "Failed")]
    now = api.now()
    status: dict[str, Any] = {"startTime": old_status.get("startTime", now), "active": len(active),
                              "ready": sum(1 for p in active if p["status"].get("phase") == "Running"),
                              "terminating": 0, "uncountedTerminatedPods": {}}
    if succeeded:
        status["succeeded"] = succeeded
    if failed:
        status["failed"] = failed
    if done:
        record(api, job, "Completed", "Job completed", "job-controller")
        status["completionTime"] = now
        status["conditions"] = [
            {"type": "SuccessCriteriaMet", "status": "True", "lastProbeTime": now, "lastTransitionTime": now},
            {"type": "Complete", "status": "True", "lastProbeTime": now, "lastTransitionTime": now}]
    elif giving_up:
        status["conditions"] = [
            {"type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded",
             "message": "Job has reached the specified backoff limit", "lastProbeTime": now,
             "lastTransitionTime": now},
            {"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
             "message": "Job has reached the specified backoff limit", "lastProbeTime": now,
             "lastTransitionTime": now}]
    if not status["active"] and (done or giving_up):
        del status["active"]
    update_status(api, "jobs.batch", job, status)
