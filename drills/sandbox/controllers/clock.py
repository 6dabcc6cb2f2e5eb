"""What changes with time alone, run by the sandbox's clock thread about once a second (and by
`Sandbox.tick()` in tests): CronJobs start Jobs on schedule; containers whose command ended under
`restartPolicy: Always` go into CrashLoopBackOff; readiness and liveness probes are evaluated
(a failing readiness probe takes the Pod out of its Services' endpoints; a failing liveness probe
restarts the container)."""

from __future__ import annotations

import calendar
import copy
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from drills.sandbox.controllers.common import children, create_child, owner_ref, update_status
from drills.sandbox.controllers.events import record
from drills.sandbox.cron import CronError, Schedule
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api

# seconds a finished container keeps showing Running: long enough for `kubectl run -i` to attach
CRASH_AFTER = 10.0
BACKOFF = (10, 20, 40, 80, 160, 300)


def _seconds(stamp: str | None) -> float:
    try:
        return float(calendar.timegm(time.strptime(stamp or "", "%Y-%m-%dT%H:%M:%SZ")))
    except ValueError:
        return 0.0


def _restarts(elapsed: float) -> int:
    """How many times a crashing container has been restarted ``elapsed`` seconds after it first ran."""
    count, t = 1, CRASH_AFTER
    for delay in BACKOFF + (300,) * 1000:
        t += delay
        if t > elapsed:
            return count
        count += 1
    return count


def probe_ok(api: Api, pod: Obj, container: Obj, probe: Obj) -> bool:
    from drills.sandbox.execs import Shell
    from drills.sandbox.network import _page, image_family, listening
    from drills.sandbox.controllers.services import resolve_target_port

    if "exec" in probe:
        return Shell(api, pod, container).run([str(a) for a in probe["exec"].get("command") or []]).code == 0
    for kind in ("httpGet", "tcpSocket"):
        if kind in probe:
            port = resolve_target_port(pod, probe[kind].get("port"))
            server = listening(pod).get(port or -1)
            if server is None:
                return False
            if kind == "tcpSocket":
                return True
            family = image_family(str(server.get("image", "")))
            status, _, _ = _page(family, pod, server, "localhost", port or 80, probe[kind].get("path", "/"),
                                 "kube-probe/1.37", pod)
            return 200 <= status < 400
    return True


def _container_tick(api: Api, pod: Obj, c: Obj, cs: dict[str, Any], now: float) -> bool:
    """Update one container status in place; True when the container is ready."""
    key = (pod["metadata"]["namespace"], pod["metadata"]["name"], c["name"])
    elapsed = now - _seconds(pod["status"].get("startTime"))
    started_at = pod["status"].get("startTime")
    code = api.exits.get(key)
    if code is not None and elapsed >= CRASH_AFTER:
        restarts = _restarts(elapsed)
        if cs.get("restartCount") != restarts:
            record(api, pod, "BackOff", f"Back-off restarting failed container {c['name']} in pod "
                   f"{pod['metadata']['name']}_{key[0]}({pod['metadata']['uid']})", "kubelet", True)
        cs.update(ready=False, started=False, restartCount=restarts, state={"waiting": {
            "reason": "CrashLoopBackOff",
            "message": f"back-off {BACKOFF[min(restarts - 1, 5)]}s restarting failed container={c['name']} "
                       f"pod={pod['metadata']['name']}_{key[0]}({pod['metadata']['uid']})"}},
                  lastState={"terminated": {"exitCode": code, "reason": "Completed" if code == 0 else "Error",
                                            "startedAt": started_at, "finishedAt": started_at}})
        return False
    ready = True
    live = c.get("livenessProbe")
    if live:
        grace = live.get("initialDelaySeconds", 0) + live.get("periodSeconds", 10) * live.get("failureThreshold", 3)
        if elapsed >= grace and not probe_ok(api, pod, c, live):
            restarts = 1 + int((elapsed - grace) // grace) if grace else 1
            if cs.get("restartCount") != restarts:
                record(api, pod, "Unhealthy", f"Liveness probe failed: {c['name']} is not healthy", "kubelet", True)
                record(api, pod, "Killing", f"Container {c['name']} failed liveness probe, will be restarted",
                       "kubelet")
            cs.update(restartCount=restarts, lastState={"terminated": {
                "exitCode": 137, "reason": "Error", "startedAt": started_at, "finishedAt": started_at}})
    probe = c.get("readinessProbe")
    if probe:
        ready = elapsed >= probe.get("initialDelaySeconds", 0) and probe_ok(api, pod, c, probe)
    cs["ready"] = ready
    return ready


def tick_pods(api: Api, now: float) -> None:
    for pod in list(api.store.iter("pods")):
        tick_pod(api, pod, now)


def tick_pod(api: Api, pod: Obj, now: float) -> None:
    """Crash loops and probes of one Pod (a stored one; a changed copy is stored)."""
    status = pod.get("status") or {}
    if status.get("phase") == "Running" and not pod["metadata"].get("deletionTimestamp"):
        new = copy.deepcopy(pod)
        containers = {c["name"]: c for c in pod["spec"].get("containers") or []}
        ready = True
        for cs in new["status"].get("containerStatuses") or []:
            if cs["name"] in containers and "terminated" not in (cs.get("state") or {}):
                ready = _container_tick(api, new, containers[cs["name"]], cs, now) and ready
        flag = "True" if ready else "False"
        for cond in new["status"].get("conditions") or []:
            if cond["type"] in ("Ready", "ContainersReady") and cond["status"] != flag:
                cond.update(status=flag, lastTransitionTime=api.now())
        if new != pod:
            api.store.put("pods", new)


def tick_cronjobs(api: Api, now: float) -> None:
    for cj in list(api.store.iter("cronjobs.batch")):
        spec, meta = cj["spec"], cj["metadata"]
        status = dict(cj.get("status") or {})
        try:
            schedule = Schedule(spec.get("schedule", ""))
        except CronError:
            continue
        last = _seconds(status.get("lastScheduleTime") or meta.get("creationTimestamp"))
        due = schedule.last_between(datetime.fromtimestamp(last, timezone.utc),
                                    datetime.fromtimestamp(now, timezone.utc))
        if due is not None and not spec.get("suspend"):
            template = spec.get("jobTemplate") or {}
            job_meta = copy.deepcopy(template.get("metadata") or {})
            job_meta.pop("creationTimestamp", None)
            stamp = due.strftime("%Y-%m-%dT%H:%M:%SZ")
            job_meta.update(name=f"{meta['name']}-{int(due.timestamp()) // 60}", namespace=meta["namespace"],
                            ownerReferences=[owner_ref(cj)])
            job_meta.setdefault("annotations", {})["batch.kubernetes.io/cronjob-scheduled-timestamp"] = stamp
            if api.store.peek("jobs.batch", meta["namespace"], job_meta["name"]) is None:
                job = create_child(api, "jobs.batch", {"metadata": job_meta,
                                                       "spec": copy.deepcopy(template.get("spec") or {})})
                record(api, cj, "SuccessfulCreate", f"Created job {job['metadata']['name']}", "cronjob-controller")
            status["lastScheduleTime"] = stamp
        _cron_history(api, cj, status)


def _finished(job: Obj) -> str:
    for c in (job.get("status") or {}).get("conditions") or []:
        if c.get("type") in ("Complete", "Failed") and c.get("status") == "True":
            return str(c["type"])
    return ""


def _cron_history(api: Api, cj: Obj, status: dict[str, Any]) -> None:
    jobs = sorted(children(api, "jobs.batch", cj), key=lambda j: j["metadata"]["creationTimestamp"])
    status["active"] = [{"kind": "Job", "namespace": j["metadata"]["namespace"], "name": j["metadata"]["name"],
                         "uid": j["metadata"]["uid"], "apiVersion": "batch/v1"} for j in jobs if not _finished(j)]
    if not status["active"]:
        del status["active"]
    done = [j for j in jobs if _finished(j) == "Complete"]
    if done:
        status["lastSuccessfulTime"] = done[-1]["status"].get("completionTime")
    for kind, limit in (("Complete", cj["spec"].get("successfulJobsHistoryLimit", 3)),
                        ("Failed", cj["spec"].get("failedJobsHistoryLimit", 1))):
        old = [j for j in jobs if _finished(j) == kind]
        for j in old[:max(0, len(old) - limit)]:
            from drills.sandbox.discovery import by_key

            api.delete(by_key("jobs.batch"), j["metadata"]["namespace"], j["metadata"]["name"])
    fresh = api.store.peek("cronjobs.batch", cj["metadata"]["namespace"], cj["metadata"]["name"])
    if fresh is not None:
        update_status(api, "cronjobs.batch", fresh, status)


def forget_gone_pods(api: Api) -> None:
    """Drop the logs, written files and exit codes of Pods that no longer exist (bounded memory)."""
    live = {(p["metadata"]["namespace"], p["metadata"]["name"]) for p in api.store.iter("pods")}
    for table in (api.logs, api.exits):
        for key in [k for k in table if (k[0], k[1]) not in live]:
            del table[key]
    for pod in [k for k in api.files if k not in live]:
        del api.files[pod]


def tick(api: Api) -> None:
    """One pass of the clock; the caller holds the store lock."""
    now = api.clock()
    rv = api.store.rv
    forget_gone_pods(api)
    tick_pods(api, now)
    tick_cronjobs(api, now)
    if api.store.rv != rv:
        api.reconcile()
