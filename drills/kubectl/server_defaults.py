"""What the API server fills in, and how Kubernetes merges lists: the knowledge the manifest
comparison (``drills.kubectl.manifest_compare``) needs, as data.

A *role* names the schema of a node (``PodSpec``, ``Container``, ``ServicePort``…), found by walking
from the document's ``kind`` (``Deployment`` -> ``spec``: DeploymentSpec -> ``template``:
PodTemplate -> ``spec``: PodSpec -> ``containers``: Container[]). Unknown places have role ``""``
and get no defaults: there, a field one side sets and the other does not is a difference.

The defaults are those of the Kubernetes API's defaulting functions (``SetDefaults_*`` in
``pkg/apis/{core,apps,batch,networking}/v1/defaults.go``, plus the ServiceAccount admission plugin's
``serviceAccountName: default``) as documented for 1.37; they are not measured here (no API server
in this project applies them). Only defaults that do not depend on the cluster are listed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drills.kubectl.manifest import FieldPath, YamlList, YamlMapping
from drills.kubectl.canonical_values import image_has_fixed_tag

NONE: Any = object()  # "no default here" (distinct from a default of None)

_SPEC_ROLE = {
    "Pod": "PodSpec", "Deployment": "DeploymentSpec", "ReplicaSet": "ReplicaSetSpec",
    "StatefulSet": "StatefulSetSpec", "DaemonSet": "DaemonSetSpec", "Job": "JobSpec",
    "CronJob": "CronJobSpec", "Service": "ServiceSpec", "NetworkPolicy": "NetworkPolicySpec",
    "PersistentVolumeClaim": "PVCSpec", "PodTemplate": "PodSpec",
}
_CHILD: dict[tuple[str, str], str] = {
    ("DeploymentSpec", "template"): "PodTemplate", ("ReplicaSetSpec", "template"): "PodTemplate",
    ("StatefulSetSpec", "template"): "PodTemplate", ("DaemonSetSpec", "template"): "PodTemplate",
    ("JobSpec", "template"): "PodTemplate", ("CronJobSpec", "jobTemplate"): "JobTemplate",
    ("JobTemplate", "spec"): "JobSpec", ("PodTemplate", "spec"): "PodSpec",
    ("DeploymentSpec", "strategy"): "DeploymentStrategy",
    ("PodSpec", "containers"): "Container[]", ("PodSpec", "initContainers"): "Container[]",
    ("PodSpec", "ephemeralContainers"): "Container[]", ("PodSpec", "volumes"): "Volume[]",
    ("Container", "ports"): "ContainerPort[]", ("Container", "env"): "EnvVar[]",
    ("Container", "volumeMounts"): "VolumeMount[]", ("Container", "readinessProbe"): "Probe",
    ("Container", "livenessProbe"): "Probe", ("Container", "startupProbe"): "Probe",
    ("ServiceSpec", "ports"): "ServicePort[]", ("PVCSpec", "resources"): "Resources",
    ("Container", "resources"): "Resources",
    ("Probe", "httpGet"): "HTTPGetAction",
    ("NetworkPolicySpec", "ingress"): "NetworkPolicyRule[]", ("NetworkPolicySpec", "egress"): "NetworkPolicyRule[]",
    ("NetworkPolicyRule", "ports"): "NetworkPolicyPort[]",
}
_ITEM = {"Container[]": "Container", "ContainerPort[]": "ContainerPort", "ServicePort[]": "ServicePort",
         "EnvVar[]": "EnvVar", "VolumeMount[]": "VolumeMount", "Volume[]": "Volume",
         "NetworkPolicyRule[]": "NetworkPolicyRule", "NetworkPolicyPort[]": "NetworkPolicyPort"}
# Kubernetes' strategic-merge keys (patchMergeKey) for the lists a student writes.
_MERGE_KEY = {"Container[]": "name", "ContainerPort[]": "containerPort", "ServicePort[]": "port",
              "EnvVar[]": "name", "VolumeMount[]": "mountPath", "Volume[]": "name"}
# Lists whose order means nothing (the API treats them as sets), matched by field name.
_SET_LISTS = {"policyTypes", "accessModes", "verbs", "resources", "apiGroups", "resourceNames",
              "nonResourceURLs", "add", "drop", "finalizers"}


def _image_pull_policy(container: YamlMapping) -> Any:
    image = container.get("image")
    if not isinstance(image, str):
        return NONE
    return "IfNotPresent" if image_has_fixed_tag(image) else "Always"


def _target_port(port: YamlMapping) -> Any:
    return port.get("port", NONE)


def _policy_types(spec: YamlMapping) -> Any:
    return ["Ingress", "Egress"] if spec.get("egress") else ["Ingress"]


def _external_traffic_policy(spec: YamlMapping) -> Any:
    return "Cluster" if spec.get("type") in ("NodePort", "LoadBalancer") else NONE


_DEFAULTS: dict[str, dict[str, Any]] = {
    "PodSpec": {"restartPolicy": "Always", "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler",
                "terminationGracePeriodSeconds": 30, "securityContext": {}, "enableServiceLinks": True,
                "serviceAccountName": "default", "serviceAccount": "default", "hostNetwork": False,
                "hostPID": False, "hostIPC": False, "priority": 0},
    "Container": {"imagePullPolicy": _image_pull_policy, "terminationMessagePath": "/dev/termination-log",
                  "terminationMessagePolicy": "File", "resources": {}, "stdin": False, "tty": False},
    "ContainerPort": {"protocol": "TCP"},
    "NetworkPolicyPort": {"protocol": "TCP"},
    "ServicePort": {"protocol": "TCP", "targetPort": _target_port},
    "ServiceSpec": {"type": "ClusterIP", "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
                    "externalTrafficPolicy": _external_traffic_policy},
    "DeploymentSpec": {"replicas": 1, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
                       "minReadySeconds": 0, "paused": False,
                       "strategy": {"type": "RollingUpdate",
                                    "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}},
    "ReplicaSetSpec": {"replicas": 1, "minReadySeconds": 0},
    "StatefulSetSpec": {"replicas": 1, "podManagementPolicy": "OrderedReady", "revisionHistoryLimit": 10,
                        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}},
    "DaemonSetSpec": {"revisionHistoryLimit": 10, "minReadySeconds": 0,
                      "updateStrategy": {"type": "RollingUpdate",
                                         "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}}},
    "JobSpec": {"backoffLimit": 6, "completionMode": "NonIndexed", "suspend": False},
    "CronJobSpec": {"concurrencyPolicy": "Allow", "suspend": False, "successfulJobsHistoryLimit": 3,
                    "failedJobsHistoryLimit": 1},
    "NetworkPolicySpec": {"policyTypes": _policy_types},
    "PVCSpec": {"volumeMode": "Filesystem"},
    "Probe": {"timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
    "HTTPGetAction": {"scheme": "HTTP", "path": "/"},
    "Secret": {"type": "Opaque"},
}


def child_role(role: str, key: Any) -> str:
    """The role of ``node[key]`` in a node of ``role`` (a document's role is its kind)."""
    if not isinstance(key, str):
        return ""
    if key == "spec" and role in _SPEC_ROLE:
        return _SPEC_ROLE[role]
    return _CHILD.get((role, key), "")


def item_role(role: str) -> str:
    return _ITEM.get(role, "")


def merge_key(path: FieldPath, role: str, e: YamlList, g: YamlList) -> str | None:
    """The key items of this list are matched by, or None to compare them by position."""
    key = _MERGE_KEY.get(role)
    if key is None:
        return None
    items = e + g
    if not all(isinstance(x, dict) and x.get(key) is not None for x in items):
        return None
    for side in (e, g):
        keys = [repr(x[key]) for x in side]
        if len(set(keys)) != len(keys):
            return None  # duplicate keys: the API server would reject or merge them; compare in order
    return key


def is_set_list(path: FieldPath) -> bool:
    return bool(path) and path[-1] in _SET_LISTS


def default_for(role: str, key: Any, node: YamlMapping) -> Any:
    """What the API server sets ``node[key]`` to when it is left out, or ``NONE``."""
    value = _DEFAULTS.get(role, {}).get(key, NONE) if isinstance(key, str) else NONE
    if callable(value):
        fill: Callable[[YamlMapping], Any] = value
        return fill(node)
    return value


def is_default(value: Any, default: Any) -> bool:
    """``value`` is what the default would be; for a mapping, every field it sets is the default's
    (``strategy: {type: RollingUpdate}`` is the default strategy)."""
    if isinstance(default, dict):
        return isinstance(value, dict) and all(k in default and is_default(v, default[k]) for k, v in value.items())
    if isinstance(default, list) and isinstance(value, list):
        return sorted(map(repr, value)) == sorted(map(repr, default))
    return type(value) is type(default) and value == default
