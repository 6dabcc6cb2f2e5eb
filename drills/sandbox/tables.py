"""`Table` responses (meta.k8s.io/v1): the columns `kubectl get` prints for each kind, with the
`-o wide` ones at priority 1, computed as kube-apiserver's printers compute them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drills.sandbox.selectors import selector_string
from drills.sandbox.storage import Obj

Row = list[Any]


def age(created: str, now: float) -> str:
    """`5s`, `3m2s`, `2d3h`: kubectl's HumanDuration of the time since ``created``."""
    import calendar
    import time

    try:
        t = calendar.timegm(time.strptime(created, "%Y-%m-%dT%H:%M:%SZ"))
    except (TypeError, ValueError):
        return "<unknown>"
    s = max(0, int(now - t))
    if s < 120:
        return f"{s}s"
    m = s // 60
    if m < 10:
        return f"{m}m{s % 60}s" if s % 60 else f"{m}m"
    if m < 180:
        return f"{m}m"
    h = m // 60
    if h < 8:
        return f"{h}h{m % 60}m" if m % 60 else f"{h}h"
    if h < 48:
        return f"{h}h"
    d = h // 24
    if h < 24 * 8:
        return f"{d}d{h % 24}h" if h % 24 else f"{d}d"
    return f"{d}d" if d < 365 * 2 else f"{d // 365}y"


def _ports(svc: Obj) -> str:
    parts = []
    for p in svc["spec"].get("ports") or []:
        text = f"{p.get('port')}:{p['nodePort']}" if p.get("nodePort") else str(p.get("port"))
        parts.append(f"{text}/{p.get('protocol', 'TCP')}")
    return ",".join(parts) or "<none>"


def _external(svc: Obj) -> str:
    spec = svc["spec"]
    if spec.get("type") == "ExternalName":
        return spec.get("externalName", "")
    if spec.get("externalIPs"):
        return ",".join(spec["externalIPs"])
    if spec.get("type") == "LoadBalancer":
        ing = (svc.get("status") or {}).get("loadBalancer", {}).get("ingress") or []
        return ",".join(i.get("ip") or i.get("hostname", "") for i in ing) or "<pending>"
    return "<none>"


def _pod_status(pod: Obj) -> str:
    status = pod.get("status") or {}
    if pod["metadata"].get("deletionTimestamp"):
        return "Terminating"
    for cs in status.get("containerStatuses") or []:
        state = cs.get("state") or {}
        if "waiting" in state and state["waiting"].get("reason"):
            return str(state["waiting"]["reason"])
        if "terminated" in state and status.get("phase") not in ("Succeeded", "Failed"):
            return str(state["terminated"].get("reason", "Terminated"))
    if status.get("phase") == "Succeeded":
        return "Completed"
    if status.get("phase") == "Failed":
        return "Error"
    return str(status.get("phase", "Pending"))


def _containers(spec: Obj) -> tuple[str, str]:
    cs = (spec.get("template") or {}).get("spec", {}).get("containers") or []
    return ",".join(c.get("name", "") for c in cs), ",".join(c.get("image", "") for c in cs)


def _endpoints(ep: Obj) -> str:
    items = [f"{a['ip']}:{p['port']}" for s in ep.get("subsets") or [] for p in s.get("ports") or [{}]
             for a in s.get("addresses") or [] if "port" in p] + \
            [a["ip"] for s in ep.get("subsets") or [] if not s.get("ports") for a in s.get("addresses") or []]
    if not items:
        return "<none>"
    return ",".join(items[:3]) + (f" + {len(items) - 3} more..." if len(items) > 3 else "")


def _s(obj: Obj, *path: str, default: Any = 0) -> Any:
    cur: Any = obj
    for p in path:
        cur = cur.get(p) if isinstance(cur, dict) else None
    return default if cur is None else cur


def _pod(o: Obj) -> Row:
    cs = _s(o, "status", "containerStatuses", default=[])
    total = len(o["spec"].get("containers") or [])
    ready = sum(1 for c in cs if c.get("ready"))
    restarts = sum(c.get("restartCount", 0) for c in cs)
    return [f"{ready}/{total}", _pod_status(o), restarts, _s(o, "status", "podIP", default="<none>"),
            o["spec"].get("nodeName") or "<none>", "<none>", "<none>"]


def _deploy(o: Obj) -> Row:
    c, i = _containers(o["spec"])
    return [f"{_s(o, 'status', 'readyReplicas')}/{o['spec'].get('replicas', 1)}", _s(o, "status", "updatedReplicas"),
            _s(o, "status", "availableReplicas"), c, i, selector_string(o["spec"].get("selector"))]


def _rs(o: Obj) -> Row:
    c, i = _containers(o["spec"])
    return [o["spec"].get("replicas", 1), _s(o, "status", "replicas"), _s(o, "status", "readyReplicas"), c, i,
            selector_string(o["spec"].get("selector"))]


def _job(o: Obj) -> Row:
    done = any(c.get("type") == "Complete" and c.get("status") == "True" for c in _s(o, "status", "conditions",
                                                                                    default=[]))
    failed = any(c.get("type") == "Failed" and c.get("status") == "True" for c in _s(o, "status", "conditions",
                                                                                     default=[]))
    status = "Complete" if done else "Failed" if failed else "Running"
    c, i = _containers(o["spec"])
    return [status, f"{_s(o, 'status', 'succeeded')}/{o['spec'].get('completions', 1)}", "0s" if done else "",
            c, i, selector_string(o["spec"].get("selector"))]


def _binding(o: Obj) -> Row:
    ref = o.get("roleRef") or {}
    subjects = o.get("subjects") or []

    def names(kind: str) -> str:
        return ",".join((f"{s.get('namespace')}/{s['name']}" if kind == "ServiceAccount" else s["name"])
                        for s in subjects if s.get("kind") == kind)
    return [f"{ref.get('kind')}/{ref.get('name')}", names("User"), names("Group"), names("ServiceAccount")]


# kind -> (columns [(name, type, priority)], cells); NAME and AGE are added around them
COLUMNS: dict[str, tuple[list[tuple[str, str, int]], Callable[[Obj], Row]]] = {
    "Pod": ([("Ready", "string", 0), ("Status", "string", 0), ("Restarts", "string", 0), ("IP", "string", 1),
             ("Node", "string", 1), ("Nominated Node", "string", 1), ("Readiness Gates", "string", 1)], _pod),
    "Service": ([("Type", "string", 0), ("Cluster-IP", "string", 0), ("External-IP", "string", 0),
                 ("Port(s)", "string", 0), ("Selector", "string", 1)],
                lambda o: [o["spec"].get("type"), o["spec"].get("clusterIP") or "<none>", _external(o), _ports(o),
                           ",".join(f"{k}={v}" for k, v in sorted((o["spec"].get("selector") or {}).items()))
                           or "<none>"]),
    "Endpoints": ([("Endpoints", "string", 0)], lambda o: [_endpoints(o)]),
    "EndpointSlice": ([("AddressType", "string", 0), ("Ports", "string", 0), ("Endpoints", "string", 0)],
                      lambda o: [o.get("addressType"), ",".join(str(p.get("port")) for p in o.get("ports") or [])
                                 or "<unset>", ",".join(a for e in o.get("endpoints") or []
                                                        for a in e.get("addresses", [])) or "<unset>"]),
    "Deployment": ([("Ready", "string", 0), ("Up-to-date", "integer", 0), ("Available", "integer", 0),
                    ("Containers", "string", 1), ("Images", "string", 1), ("Selector", "string", 1)], _deploy),
    "ReplicaSet": ([("Desired", "integer", 0), ("Current", "integer", 0), ("Ready", "integer", 0),
                    ("Containers", "string", 1), ("Images", "string", 1), ("Selector", "string", 1)], _rs),
    "StatefulSet": ([("Ready", "string", 0), ("Containers", "string", 1), ("Images", "string", 1)],
                    lambda o: [f"{_s(o, 'status', 'readyReplicas')}/{o['spec'].get('replicas', 1)}",
                               *_containers(o["spec"])]),
    "DaemonSet": ([("Desired", "integer", 0), ("Current", "integer", 0), ("Ready", "integer", 0),
                   ("Up-to-date", "integer", 0), ("Available", "integer", 0), ("Node Selector", "string", 0)],
                  lambda o: [_s(o, "status", "desiredNumberScheduled"), _s(o, "status", "currentNumberScheduled"),
                             _s(o, "status", "numberReady"), _s(o, "status", "updatedNumberScheduled"),
                             _s(o, "status", "numberAvailable"),
                             ",".join(f"{k}={v}" for k, v in (_s(o, "spec", "template", "spec", "nodeSelector",
                                                                 default={})).items()) or "<none>"]),
    "Job": ([("Status", "string", 0), ("Completions", "string", 0), ("Duration", "string", 0),
             ("Containers", "string", 1), ("Images", "string", 1), ("Selector", "string", 1)], _job),
    "CronJob": ([("Schedule", "string", 0), ("Timezone", "string", 0), ("Suspend", "boolean", 0),
                 ("Active", "integer", 0), ("Last Schedule", "date", 0)],
                lambda o: [o["spec"].get("schedule"), o["spec"].get("timeZone") or "<none>",
                           "True" if o["spec"].get("suspend") else "False", len(_s(o, "status", "active", default=[])),
                           "<none>"]),
    "Namespace": ([("Status", "string", 0)], lambda o: [_s(o, "status", "phase", default="Active")]),
    "Node": ([("Status", "string", 0), ("Roles", "string", 0), ("Version", "string", 0)],
             lambda o: ["Ready", "control-plane", _s(o, "status", "nodeInfo", "kubeletVersion", default="")]),
    "ConfigMap": ([("Data", "integer", 0)], lambda o: [len(o.get("data") or {}) + len(o.get("binaryData") or {})]),
    "Secret": ([("Type", "string", 0), ("Data", "integer", 0)], lambda o: [o.get("type"), len(o.get("data") or {})]),
    "ServiceAccount": ([("Secrets", "integer", 0)], lambda o: [len(o.get("secrets") or [])]),
    "Ingress": ([("Class", "string", 0), ("Hosts", "string", 0), ("Address", "string", 0), ("Ports", "string", 0)],
                lambda o: [o["spec"].get("ingressClassName") or "<none>",
                           ",".join(r.get("host", "*") for r in o["spec"].get("rules") or []) or "*", "",
                           "80, 443" if o["spec"].get("tls") else "80"]),
    "NetworkPolicy": ([("Pod-Selector", "string", 0)],
                      lambda o: [selector_string(o["spec"].get("podSelector")) or "<none>"]),
    "PersistentVolumeClaim": ([("Status", "string", 0), ("Volume", "string", 0), ("Capacity", "string", 0),
                               ("Access Modes", "string", 0), ("StorageClass", "string", 0),
                               ("VolumeAttributesClass", "string", 0)],
                              lambda o: [_s(o, "status", "phase", default="Pending"), o["spec"].get("volumeName", ""),
                                         _s(o, "status", "capacity", "storage", default=""),
                                         _modes(_s(o, "status", "accessModes", default=[])),
                                         o["spec"].get("storageClassName") or "<unset>", "<unset>"]),
    "PersistentVolume": ([("Capacity", "string", 0), ("Access Modes", "string", 0), ("Reclaim Policy", "string", 0),
                          ("Status", "string", 0), ("Claim", "string", 0), ("StorageClass", "string", 0),
                          ("VolumeAttributesClass", "string", 0), ("Reason", "string", 0)],
                         lambda o: [_s(o, "spec", "capacity", "storage", default=""),
                                    _modes(o["spec"].get("accessModes") or []),
                                    o["spec"].get("persistentVolumeReclaimPolicy"),
                                    _s(o, "status", "phase", default=""),
                                    "/".join(filter(None, [_s(o, "spec", "claimRef", "namespace", default=""),
                                                           _s(o, "spec", "claimRef", "name", default="")])),
                                    o["spec"].get("storageClassName") or "<unset>", "<unset>", ""]),
    "RoleBinding": ([("Role", "string", 0), ("Users", "string", 1), ("Groups", "string", 1),
                     ("ServiceAccounts", "string", 1)], _binding),
    "ClusterRoleBinding": ([("Role", "string", 0), ("Users", "string", 1), ("Groups", "string", 1),
                            ("ServiceAccounts", "string", 1)], _binding),
    "ResourceQuota": ([("Request", "string", 0), ("Limit", "string", 0)],
                      lambda o: [", ".join(f"{k}: {_s(o, 'status', 'used', k, default='0')}/{v}"
                                           for k, v in (o["spec"].get("hard") or {}).items()
                                           if not k.startswith("limits.")),
                                 ", ".join(f"{k}: {_s(o, 'status', 'used', k, default='0')}/{v}"
                                           for k, v in (o["spec"].get("hard") or {}).items()
                                           if k.startswith("limits."))]),
    "HorizontalPodAutoscaler": ([("Reference", "string", 0), ("Targets", "string", 0), ("MinPods", "string", 0),
                                 ("MaxPods", "integer", 0), ("Replicas", "integer", 0)],
                                lambda o: [f"{_s(o, 'spec', 'scaleTargetRef', 'kind', default='')}/"
                                           f"{_s(o, 'spec', 'scaleTargetRef', 'name', default='')}",
                                           _hpa_targets(o),
                                           o["spec"].get("minReplicas", 1), o["spec"].get("maxReplicas"),
                                           _s(o, "status", "currentReplicas")]),
    "PodDisruptionBudget": ([("Min Available", "string", 0), ("Max Unavailable", "string", 0),
                             ("Allowed Disruptions", "integer", 0)],
                            lambda o: [str(o["spec"].get("minAvailable", "N/A")),
                                       str(o["spec"].get("maxUnavailable", "N/A")),
                                       _s(o, "status", "disruptionsAllowed")]),
    "StorageClass": ([("Provisioner", "string", 0), ("ReclaimPolicy", "string", 0),
                      ("VolumeBindingMode", "string", 0), ("AllowVolumeExpansion", "string", 0)],
                     lambda o: [o.get("provisioner"), o.get("reclaimPolicy", "Delete"),
                                o.get("volumeBindingMode", "Immediate"),
                                str(o.get("allowVolumeExpansion", False)).lower()]),
}
CREATED_AT = {"Role", "ClusterRole"}  # printed with CREATED AT instead of AGE


def _hpa_targets(hpa: Obj) -> str:
    """`cpu: 7%/50%` per metric (`<unknown>` before the metrics can be read), as kubectl's printer."""
    shown = []
    current = (hpa.get("status") or {}).get("currentMetrics") or []
    for i, metric in enumerate(hpa["spec"].get("metrics") or []):
        resource = metric.get("resource") or {}
        target = resource.get("target") or {}
        now = (current[i].get("resource") or {}).get("current") or {} if i < len(current) else {}
        if "averageValue" in target:
            shown.append(f"{resource.get('name')}: {now.get('averageValue', '<unknown>')}/{target['averageValue']}")
        else:
            value = f"{now['averageUtilization']}%" if "averageUtilization" in now else "<unknown>"
            goal = f"{target['averageUtilization']}%" if "averageUtilization" in target else "<auto>"
            shown.append(f"{resource.get('name')}: {value}/{goal}")
    return ", ".join(shown) or "<none>"


def _modes(modes: list[str]) -> str:
    short = {"ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"}
    return ",".join(short.get(m, m) for m in modes)


def _event_table(objects: list[Obj], now: float) -> tuple[list[tuple[str, str, int]], list[Row]]:
    defs = [("Last Seen", "string", 0), ("Type", "string", 0), ("Reason", "string", 0), ("Object", "string", 0),
            ("Message", "string", 0), ("Source", "string", 1), ("Count", "integer", 1), ("Name", "string", 1)]
    rows = []
    for o in objects:
        inv = o.get("involvedObject") or {}
        rows.append([age(o.get("lastTimestamp") or "", now), o.get("type"), o.get("reason"),
                     f"{str(inv.get('kind', '')).lower()}/{inv.get('name', '')}", o.get("message"),
                     (o.get("source") or {}).get("component", ""), o.get("count", 1), o["metadata"]["name"]])
    return defs, rows


def table(kind: str, objects: list[Obj], now: float, resource_version: str, include_object: bool = True,
          with_columns: bool = True) -> dict[str, Any]:
    if kind == "Event":
        objects = sorted(objects, key=lambda o: (o.get("lastTimestamp") or "", int(o["metadata"].get(
            "resourceVersion") or 0)))
        event_defs, event_rows = _event_table(objects, now)
        return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": resource_version},
                "columnDefinitions": [{"name": n, "type": t, "format": "", "description": "", "priority": p}
                                      for n, t, p in event_defs] if with_columns else [],
                "rows": [{"cells": r, **({"object": o} if include_object else {})}
                         for r, o in zip(event_rows, objects)]}
    cols, cells = COLUMNS.get(kind, ([], lambda o: []))
    defs = [("Name", "string", 0)] + cols + ([("Created At", "date", 0)] if kind in CREATED_AT else
                                             [("Age", "string", 0)])
    rows = []
    for o in objects:
        last = o["metadata"].get("creationTimestamp") if kind in CREATED_AT else \
            age(o["metadata"].get("creationTimestamp", ""), now)
        row: dict[str, Any] = {"cells": [o["metadata"]["name"], *cells(o), last]}
        # wide columns come after AGE in kubectl's output: move them there
        wide = [i + 1 for i, c in enumerate(cols) if c[2] > 0]
        if wide:
            base = [c for i, c in enumerate(row["cells"]) if i not in wide]
            row["cells"] = base + [row["cells"][i] for i in wide]
        if include_object:
            row["object"] = o
        rows.append(row)
    ordered = [d for d in defs if d[2] == 0] + [d for d in defs if d[2] > 0]
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": resource_version},
            "columnDefinitions": [{"name": n, "type": t, "format": "name" if n == "Name" else "", "description": "",
                                   "priority": p} for n, t, p in ordered] if with_columns else [],
            "rows": rows}
