"""What the sandbox serves, as discovery documents: the legacy ones (`/api`, `/apis`, `/api/v1`,
`/apis/G/V`) and the aggregated `APIGroupDiscoveryList` kubectl asks for first.

Kinds, plurals, short names and scopes come from `drills.kubectl.resources` (the table written from a
stock 1.37 kube-apiserver); this module picks the resources the sandbox stores and adds what kubectl
reads besides: verbs, subresources and the `all` category (`kubectl get all`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from drills.kubectl.resources import RESOURCES, Resource

CRUD = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
# Resources kept in the store; the review kinds (access reviews) answer a create and keep nothing; the
# metrics (METRICS, below) answer reads only.
STORED = (
    "pods", "services", "endpoints", "namespaces", "nodes", "configmaps", "secrets", "serviceaccounts",
    "persistentvolumeclaims", "persistentvolumes", "events", "resourcequotas", "limitranges",
    "deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps", "controllerrevisions.apps",
    "jobs.batch", "cronjobs.batch", "horizontalpodautoscalers.autoscaling", "poddisruptionbudgets.policy",
    "ingresses.networking.k8s.io", "ingressclasses.networking.k8s.io", "networkpolicies.networking.k8s.io",
    "endpointslices.discovery.k8s.io", "roles.rbac.authorization.k8s.io",
    "rolebindings.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io",
    "clusterrolebindings.rbac.authorization.k8s.io", "storageclasses.storage.k8s.io",
    "priorityclasses.scheduling.k8s.io",
)
REVIEWS = ("selfsubjectaccessreviews.authorization.k8s.io", "subjectaccessreviews.authorization.k8s.io",
           "selfsubjectrulesreviews.authorization.k8s.io")
ALL_CATEGORY = {"pods", "services", "deployments.apps", "replicasets.apps", "statefulsets.apps",
                "daemonsets.apps", "jobs.batch", "cronjobs.batch", "horizontalpodautoscalers.autoscaling"}
SCALABLE = {"deployments.apps", "replicasets.apps", "statefulsets.apps"}
WITH_STATUS = {"pods", "services", "namespaces", "nodes", "persistentvolumeclaims", "persistentvolumes",
               "resourcequotas", "deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps",
               "jobs.batch", "cronjobs.batch", "horizontalpodautoscalers.autoscaling",
               "poddisruptionbudgets.policy", "ingresses.networking.k8s.io"}
POD_STREAMS = ("attach", "exec", "portforward")


@dataclass(frozen=True)
class Served:
    """One served resource: the registry entry plus whether the store keeps it."""

    res: Resource
    stored: bool

    @property
    def key(self) -> str:
        return self.res.key

    @property
    def group_version(self) -> str:
        return f"{self.res.group}/{self.res.version}" if self.res.group else self.res.version

    @property
    def verbs(self) -> list[str]:
        if self.res.group == METRICS_GROUP:
            return ["get", "list"]
        return list(CRUD) if self.stored else ["create"]

    def subresources(self) -> list[tuple[str, str, str, str, list[str]]]:
        """(name, group, version, kind, verbs) of each subresource."""
        g, v, k = self.res.group, self.res.version, self.res.kind
        subs: list[tuple[str, str, str, str, list[str]]] = []
        if self.key in WITH_STATUS:
            subs.append(("status", g, v, k, ["get", "patch", "update"]))
        if self.key in SCALABLE:
            subs.append(("scale", "autoscaling", "v1", "Scale", ["get", "patch", "update"]))
        if self.key == "pods":
            subs += [("log", "", "v1", "Pod", ["get"]), ("eviction", "policy", "v1", "Eviction", ["create"])]
            subs += [(s, "", "v1", "PodAttachOptions" if s == "attach" else
                      "PodExecOptions" if s == "exec" else "PodPortForwardOptions", ["create", "get"])
                     for s in POD_STREAMS]
        if self.key == "serviceaccounts":
            subs.append(("token", "authentication.k8s.io", "v1", "TokenRequest", ["create"]))
        return subs


METRICS_GROUP = "metrics.k8s.io"
# what metrics-server serves (`kubectl top`): computed from the Pods and the node, never stored
METRICS = (Resource("PodMetrics", "pods", "", (), METRICS_GROUP, "v1beta1", True),
           Resource("NodeMetrics", "nodes", "", (), METRICS_GROUP, "v1beta1", False))

_RULES_REVIEW = Resource("SelfSubjectRulesReview", "selfsubjectrulesreviews", "selfsubjectrulesreview", (),
                         "authorization.k8s.io", "v1", False)


@lru_cache(maxsize=1)
def served() -> tuple[Served, ...]:
    by_key = {r.key: r for r in RESOURCES}
    by_key[_RULES_REVIEW.key] = _RULES_REVIEW
    return tuple(Served(by_key[k], k in STORED) for k in STORED + REVIEWS) + tuple(Served(r, False) for r in METRICS)


@lru_cache(maxsize=1)
def _by_path() -> dict[tuple[str, str, str], Served]:
    return {(s.res.group, s.res.version, s.res.plural): s for s in served()}


def find(group: str, version: str, plural: str) -> Served | None:
    return _by_path().get((group, version, plural))


def by_key(key: str) -> Served:
    return next(s for s in served() if s.key == key)


def group_versions() -> list[tuple[str, str]]:
    """(group, version) pairs in discovery order, the core group first."""
    seen: list[tuple[str, str]] = []
    for s in served():
        gv = (s.res.group, s.res.version)
        if gv not in seen:
            seen.append(gv)
    return seen


def _resource_entry(s: Served) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": s.res.plural, "singularName": s.res.singular, "namespaced": s.res.namespaced,
                             "kind": s.res.kind, "verbs": s.verbs}
    if s.res.short:
        entry["shortNames"] = list(s.res.short)
    if s.key in ALL_CATEGORY:
        entry["categories"] = ["all"]
    return entry


def resource_list(group: str, version: str) -> dict[str, Any] | None:
    """The APIResourceList of one group version (`/api/v1`, `/apis/apps/v1`), or None."""
    members = [s for s in served() if (s.res.group, s.res.version) == (group, version)]
    if not members:
        return None
    resources = []
    for s in members:
        resources.append(_resource_entry(s))
        for name, g, v, kind, verbs in s.subresources():
            sub: dict[str, Any] = {"name": f"{s.res.plural}/{name}", "singularName": "",
                                   "namespaced": s.res.namespaced, "kind": kind, "verbs": verbs}
            if g != group or v != version:
                sub.update(group=g, version=v)
            resources.append(sub)
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": f"{group}/{version}" if group else version,
            "resources": resources}


def api_versions() -> dict[str, Any]:
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}


def api_groups() -> dict[str, Any]:
    groups = []
    for g, v in group_versions():
        if g:
            gv = {"groupVersion": f"{g}/{v}", "version": v}
            groups.append({"name": g, "versions": [gv], "preferredVersion": gv})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def aggregated(core: bool) -> dict[str, Any]:
    """The APIGroupDiscoveryList (apidiscovery.k8s.io/v2) for `/api` (core) or `/apis` (the rest)."""
    items = []
    for g, v in group_versions():
        if bool(g) == core:
            continue
        resources = []
        for s in served():
            if (s.res.group, s.res.version) != (g, v):
                continue
            entry: dict[str, Any] = {
                "resource": s.res.plural, "singularResource": s.res.singular,
                "responseKind": {"group": g, "version": v, "kind": s.res.kind},
                "scope": "Namespaced" if s.res.namespaced else "Cluster", "verbs": s.verbs}
            if s.res.short:
                entry["shortNames"] = list(s.res.short)
            if s.key in ALL_CATEGORY:
                entry["categories"] = ["all"]
            subs = [{"subresource": name, "responseKind": {"group": sg, "version": sv, "kind": kind}, "verbs": verbs}
                    for name, sg, sv, kind, verbs in s.subresources()]
            if subs:
                entry["subresources"] = subs
            resources.append(entry)
        items.append({"metadata": {"name": g, "creationTimestamp": None},
                      "versions": [{"version": v, "resources": resources, "freshness": "Current"}]})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {},
            "items": items}


VERSION_INFO = {"major": "1", "minor": "37", "emulationMajor": "1", "emulationMinor": "37",
                "minCompatibilityMajor": "1", "minCompatibilityMinor": "36", "gitVersion": "v1.37.1-drills-sandbox",
                "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
                "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.25", "compiler": "gc",
                "platform": "linux/amd64"}
