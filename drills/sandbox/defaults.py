"""Defaulting and validation: the fields an API server fills in (and kubectl prints), and the checks
that make it answer `Invalid` naming the field.

Only what CKAD tasks touch is modelled; everything else passes through unchanged.
"""

from __future__ import annotations

import base64
import re
from typing import Any

Obj = dict[str, Any]
Cause = tuple[str, str, str]  # (field, reason, detail)

DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
LABEL_NAMED = {"namespaces", "services", "pods.container"}  # names that must be DNS-1123 labels


def _image_pull_policy(image: str) -> str:
    last = image.rsplit("/", 1)[-1]
    if "@" in last:
        return "IfNotPresent"
    tag = last.split(":", 1)[1] if ":" in last else "latest"
    return "Always" if tag == "latest" else "IfNotPresent"


def default_pod_spec(spec: Obj) -> None:
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("securityContext", {})
    for group in ("initContainers", "containers"):
        for c in spec.get(group) or []:
            if "image" in c:
                c.setdefault("imagePullPolicy", _image_pull_policy(str(c["image"])))
            c.setdefault("terminationMessagePath", "/dev/termination-log")
            c.setdefault("terminationMessagePolicy", "File")
            c.setdefault("resources", {})
            for p in c.get("ports") or []:
                p.setdefault("protocol", "TCP")
            for e in c.get("env") or []:
                ref = (e.get("valueFrom") or {}).get("fieldRef")
                if ref:
                    ref.setdefault("apiVersion", "v1")
    for v in spec.get("volumes") or []:
        for src in ("configMap", "secret"):
            if src in v:
                v[src].setdefault("defaultMode", 420)


def _default_resources(spec: Obj) -> None:
    """A Pod's (not a template's) container resources: quantities canonical, and a limit without a
    request makes the request (SetDefaults_Pod), before any LimitRange default is considered."""
    from drills.sandbox.quantity import canonical_text

    for group in ("initContainers", "containers"):
        for c in spec.get(group) or []:
            resources = c.get("resources") if isinstance(c, dict) else None
            if not isinstance(resources, dict):
                continue
            for section in ("limits", "requests"):
                if isinstance(resources.get(section), dict):
                    resources[section] = {k: canonical_text(v) for k, v in resources[section].items()}
            limits = resources.get("limits")
            if isinstance(limits, dict) and limits:
                requests = resources.setdefault("requests", {})
                if isinstance(requests, dict):
                    for k, v in limits.items():
                        requests.setdefault(k, v)


def _template(obj: Obj) -> None:
    tmpl = obj.setdefault("spec", {}).setdefault("template", {})
    tmpl.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    default_pod_spec(tmpl.setdefault("spec", {}))


def apply_defaults(key: str, obj: Obj) -> None:
    """Fill in the server-side defaults of one object (in place)."""
    spec = obj.setdefault("spec", {}) if key not in _NO_SPEC else None
    if key == "pods" and spec is not None:
        default_pod_spec(spec)
        if spec.get("serviceAccountName") is None:
            spec["serviceAccountName"] = spec.get("serviceAccount", "default")
        spec.setdefault("serviceAccount", spec["serviceAccountName"])
        spec.setdefault("tolerations", [
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
             "tolerationSeconds": 300},
            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
             "tolerationSeconds": 300}])
        spec.setdefault("priority", 0)
        _default_resources(spec)
        obj.setdefault("status", {}).setdefault("phase", "Pending")
    elif key == "deployments.apps" and spec is not None:
        spec.setdefault("replicas", 1)
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("progressDeadlineSeconds", 600)
        strategy = spec.setdefault("strategy", {"type": "RollingUpdate"})
        if strategy.get("type", "RollingUpdate") == "RollingUpdate":
            strategy["type"] = "RollingUpdate"
            strategy.setdefault("rollingUpdate", {}).setdefault("maxUnavailable", "25%")
            strategy["rollingUpdate"].setdefault("maxSurge", "25%")
        _template(obj)
    elif key == "replicasets.apps" and spec is not None:
        spec.setdefault("replicas", 1)
        _template(obj)
    elif key == "statefulsets.apps" and spec is not None:
        spec.setdefault("replicas", 1)
        spec.setdefault("podManagementPolicy", "OrderedReady")
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
        spec.setdefault("persistentVolumeClaimRetentionPolicy", {"whenDeleted": "Retain", "whenScaled": "Retain"})
        _template(obj)
    elif key == "daemonsets.apps" and spec is not None:
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("updateStrategy", {"type": "RollingUpdate",
                                           "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}})
        _template(obj)
    elif key == "jobs.batch" and spec is not None:
        _default_job_spec(obj)
    elif key == "cronjobs.batch" and spec is not None:
        spec.setdefault("concurrencyPolicy", "Allow")
        spec.setdefault("suspend", False)
        spec.setdefault("successfulJobsHistoryLimit", 3)
        spec.setdefault("failedJobsHistoryLimit", 1)
        jt = spec.setdefault("jobTemplate", {})
        jt.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        jspec = jt.setdefault("spec", {})
        jspec.setdefault("template", {}).setdefault("metadata", {}).setdefault("creationTimestamp", None)
        default_pod_spec(jspec["template"].setdefault("spec", {}))
    elif key == "services" and spec is not None:
        _default_service(spec)
    elif key == "namespaces":
        obj.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
        obj.setdefault("status", {}).setdefault("phase", "Active")
        obj["metadata"].setdefault("labels", {})["kubernetes.io/metadata.name"] = obj["metadata"]["name"]
    elif key == "secrets":
        obj.setdefault("type", "Opaque")
        string_data = obj.pop("stringData", None) or {}
        for k, v in string_data.items():
            obj.setdefault("data", {})[k] = base64.b64encode(str(v).encode()).decode()
    elif key == "persistentvolumeclaims" and spec is not None:
        spec.setdefault("volumeMode", "Filesystem")
        obj.setdefault("status", {}).setdefault("phase", "Pending")
    elif key == "persistentvolumes" and spec is not None:
        spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
        spec.setdefault("volumeMode", "Filesystem")
        obj.setdefault("status", {}).setdefault("phase", "Available")
    elif key == "limitranges":
        from drills.sandbox.limitrange import default_limit_range

        default_limit_range(obj)
    elif key == "resourcequotas":
        from drills.sandbox.quota import default_quota

        default_quota(obj)
    elif key == "ingresses.networking.k8s.io" and spec is not None:
        obj.setdefault("status", {}).setdefault("loadBalancer", {})


_NO_SPEC = {"configmaps", "secrets", "serviceaccounts", "endpoints", "endpointslices.discovery.k8s.io", "events",
            "roles.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io",
            "rolebindings.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io",
            "storageclasses.storage.k8s.io", "ingressclasses.networking.k8s.io", "controllerrevisions.apps"}


def _default_job_spec(obj: Obj) -> None:
    spec = obj["spec"]
    spec.setdefault("parallelism", 1)
    spec.setdefault("completions", 1)
    spec.setdefault("backoffLimit", 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    spec.setdefault("podReplacementPolicy", "TerminatingOrFailed")
    _template(obj)


def _default_service(spec: Obj) -> None:
    spec.setdefault("type", "ClusterIP")
    if spec["type"] == "ExternalName":
        return
    spec.setdefault("sessionAffinity", "None")
    spec.setdefault("ipFamilies", ["IPv4"])
    spec.setdefault("ipFamilyPolicy", "SingleStack")
    spec.setdefault("internalTrafficPolicy", "Cluster")
    if spec["type"] in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    if spec["type"] == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)
    for p in spec.get("ports") or []:
        p.setdefault("protocol", "TCP")
        if "port" in p:
            p.setdefault("targetPort", p["port"])


def _name_causes(key: str, obj: Obj) -> list[Cause]:
    name = obj.get("metadata", {}).get("name") or ""
    pattern = DNS_LABEL if key in LABEL_NAMED else DNS_SUBDOMAIN
    if not pattern.match(name) or len(name) > (63 if key in LABEL_NAMED else 253):
        what = "RFC 1123 label" if key in LABEL_NAMED else "RFC 1123 subdomain"
        chars = "'-'" if key in LABEL_NAMED else "'-' or '.'"
        return [("metadata.name", "FieldValueInvalid",
                 f'Invalid value: "{name}": a lowercase {what} must consist of lower case alphanumeric characters, '
                 f"{chars}, and must start and end with an alphanumeric character")]
    return []


def _containers_causes(spec: Obj, path: str) -> list[Cause]:
    causes: list[Cause] = []
    containers = spec.get("containers") or []
    if not containers:
        return [(f"{path}.containers", "FieldValueRequired", "Required value")]
    seen: set[str] = set()
    for i, c in enumerate(containers):
        where = f"{path}.containers[{i}]"
        if not c.get("name"):
            causes.append((f"{where}.name", "FieldValueRequired", "Required value"))
        elif c["name"] in seen:
            causes.append((f"{where}.name", "FieldValueDuplicate", f'Duplicate value: "{c["name"]}"'))
        elif not DNS_LABEL.match(str(c["name"])):
            causes.append((f"{where}.name", "FieldValueInvalid", f'Invalid value: "{c["name"]}": a lowercase '
                           "RFC 1123 label must consist of lower case alphanumeric characters or '-'"))
        seen.add(str(c.get("name")))
        if not c.get("image"):
            causes.append((f"{where}.image", "FieldValueRequired", "Required value"))
    return causes


def _selector_causes(spec: Obj) -> list[Cause]:
    sel = spec.get("selector")
    if not sel or not (sel.get("matchLabels") or sel.get("matchExpressions")):
        return [("spec.selector", "FieldValueRequired", "Required value")]
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
    from drills.sandbox.selectors import match_labels_selector

    if not match_labels_selector(sel)(labels):
        shown = "map[string]string{" + ", ".join(f'"{k}":"{v}"' for k, v in sorted(labels.items())) + "}"
        return [("spec.template.metadata.labels", "FieldValueInvalid",
                 f"Invalid value: {shown}: `selector` does not match template `labels`")]
    return []


def validate(key: str, obj: Obj, old: Obj | None) -> list[Cause]:
    """The causes that make the object invalid (empty when it is valid). ``old``: the stored version."""
    causes = _name_causes(key, obj)
    spec = obj.get("spec") or {}
    if key == "pods":
        causes += _containers_causes(spec, "spec")
    elif key in ("deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps"):
        causes += _selector_causes(spec)
        causes += _containers_causes((spec.get("template") or {}).get("spec") or {}, "spec.template.spec")
        if key == "deployments.apps" and old is not None and old["spec"].get("selector") != spec.get("selector"):
            causes.append(("spec.selector", "FieldValueInvalid", "Invalid value: " + str(spec.get("selector"))
                           + ": field is immutable"))
        if (spec.get("replicas") or 0) < 0:
            causes.append(("spec.replicas", "FieldValueInvalid", f"Invalid value: {spec.get('replicas')}: must be "
                           "greater than or equal to 0"))
    elif key == "jobs.batch":
        tspec = (spec.get("template") or {}).get("spec") or {}
        causes += _containers_causes(tspec, "spec.template.spec")
        if tspec.get("restartPolicy") not in ("Never", "OnFailure"):
            causes.append(("spec.template.spec.restartPolicy", "FieldValueNotSupported",
                           f'Unsupported value: "{tspec.get("restartPolicy")}": supported values: "OnFailure", '
                           '"Never"'))
    elif key == "services":
        causes += _service_causes(spec, old)
    elif key == "cronjobs.batch":
        from drills.sandbox.cron import CronError, Schedule

        try:
            Schedule(str(spec.get("schedule", "")))
        except CronError as e:
            causes.append(("spec.schedule", "FieldValueInvalid", f'Invalid value: "{spec.get("schedule", "")}": {e}'))
    return causes


def _service_causes(spec: Obj, old: Obj | None) -> list[Cause]:
    causes: list[Cause] = []
    if spec.get("type") not in ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"):
        causes.append(("spec.type", "FieldValueNotSupported", f'Unsupported value: "{spec.get("type")}": supported '
                       'values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'))
    ports = spec.get("ports") or []
    if not ports and spec.get("type") != "ExternalName" and spec.get("clusterIP") != "None":
        causes.append(("spec.ports", "FieldValueRequired", "Required value"))
    for i, p in enumerate(ports):
        port = p.get("port")
        if not isinstance(port, int) or not 1 <= port <= 65535:
            causes.append((f"spec.ports[{i}].port", "FieldValueInvalid",
                           f"Invalid value: {port}: must be between 1 and 65535, inclusive"))
        node_port = p.get("nodePort")
        if node_port is not None and not 30000 <= int(node_port) <= 32767:
            causes.append((f"spec.ports[{i}].nodePort", "FieldValueInvalid",
                           f"Invalid value: {node_port}: provided port is not in the valid range. "
                           "The range of valid ports is 30000-32767"))
        if len(ports) > 1 and not p.get("name"):
            causes.append((f"spec.ports[{i}].name", "FieldValueRequired", "Required value"))
    if old is not None:
        old_ip = old.get("spec", {}).get("clusterIP")
        new_ip = spec.get("clusterIP")
        if old_ip and new_ip and new_ip != old_ip and spec.get("type") == old["spec"].get("type"):
            causes.append(("spec.clusterIPs[0]", "FieldValueInvalid", f'Invalid value: []string{{"{new_ip}"}}: '
                           "may not change once set"))
    return causes
