"""Built-in resource types as a Kubernetes 1.37 API server's discovery documents describe them.

kubectl itself has no list of short names: ``po``, ``svc``, ``deploy`` come from the server's
discovery (``/api/v1``, ``/apis/GROUP/VERSION``; FACTS.md). This table is written by hand from the
discovery of a stock 1.37 kube-apiserver (``kubectl api-resources``): name (plural), singular, short
names, group, kind, namespaced. Notably the RBAC types have NO short names (``kubectl get crb`` fails
on a real cluster), and ``ev`` resolves to core ``events`` before ``events.k8s.io``.

Resolution follows kubectl's RESTMapper: plural, singular, short name or Kind (case-insensitive),
optionally qualified as ``RESOURCE.GROUP`` or ``RESOURCE.VERSION.GROUP``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Resource:
    """One resource type. ``key`` (plural.group, or plural for core) is its canonical spelling."""

    kind: str
    plural: str
    singular: str
    short: tuple[str, ...]
    group: str
    version: str
    namespaced: bool

    @property
    def key(self) -> str:
        return f"{self.plural}.{self.group}" if self.group else self.plural


# (kind, plural, short names, group, version, namespaced); singular = kind.lower()
_TABLE = [
    ("Pod", "pods", ("po",), "", "v1", True),
    ("Service", "services", ("svc",), "", "v1", True),
    ("Endpoints", "endpoints", ("ep",), "", "v1", True),
    ("Namespace", "namespaces", ("ns",), "", "v1", False),
    ("Node", "nodes", ("no",), "", "v1", False),
    ("ConfigMap", "configmaps", ("cm",), "", "v1", True),
    ("Secret", "secrets", (), "", "v1", True),
    ("ServiceAccount", "serviceaccounts", ("sa",), "", "v1", True),
    ("PersistentVolumeClaim", "persistentvolumeclaims", ("pvc",), "", "v1", True),
    ("PersistentVolume", "persistentvolumes", ("pv",), "", "v1", False),
    ("Event", "events", ("ev",), "", "v1", True),
    ("ReplicationController", "replicationcontrollers", ("rc",), "", "v1", True),
    ("ResourceQuota", "resourcequotas", ("quota",), "", "v1", True),
    ("LimitRange", "limitranges", ("limits",), "", "v1", True),
    ("PodTemplate", "podtemplates", (), "", "v1", True),
    ("ComponentStatus", "componentstatuses", ("cs",), "", "v1", False),
    ("Binding", "bindings", (), "", "v1", True),
    ("Deployment", "deployments", ("deploy",), "apps", "v1", True),
    ("ReplicaSet", "replicasets", ("rs",), "apps", "v1", True),
    ("StatefulSet", "statefulsets", ("sts",), "apps", "v1", True),
    ("DaemonSet", "daemonsets", ("ds",), "apps", "v1", True),
    ("ControllerRevision", "controllerrevisions", (), "apps", "v1", True),
    ("Job", "jobs", (), "batch", "v1", True),
    ("CronJob", "cronjobs", ("cj",), "batch", "v1", True),
    ("HorizontalPodAutoscaler", "horizontalpodautoscalers", ("hpa",), "autoscaling", "v2", True),
    ("PodDisruptionBudget", "poddisruptionbudgets", ("pdb",), "policy", "v1", True),
    ("Ingress", "ingresses", ("ing",), "networking.k8s.io", "v1", True),
    ("IngressClass", "ingressclasses", (), "networking.k8s.io", "v1", False),
    ("NetworkPolicy", "networkpolicies", ("netpol",), "networking.k8s.io", "v1", True),
    ("IPAddress", "ipaddresses", ("ip",), "networking.k8s.io", "v1", False),
    ("ServiceCIDR", "servicecidrs", (), "networking.k8s.io", "v1", False),
    ("EndpointSlice", "endpointslices", (), "discovery.k8s.io", "v1", True),
    ("Role", "roles", (), "rbac.authorization.k8s.io", "v1", True),
    ("RoleBinding", "rolebindings", (), "rbac.authorization.k8s.io", "v1", True),
    ("ClusterRole", "clusterroles", (), "rbac.authorization.k8s.io", "v1", False),
    ("ClusterRoleBinding", "clusterrolebindings", (), "rbac.authorization.k8s.io", "v1", False),
    ("StorageClass", "storageclasses", ("sc",), "storage.k8s.io", "v1", False),
    ("VolumeAttachment", "volumeattachments", (), "storage.k8s.io", "v1", False),
    ("CSIDriver", "csidrivers", (), "storage.k8s.io", "v1", False),
    ("CSINode", "csinodes", (), "storage.k8s.io", "v1", False),
    ("CSIStorageCapacity", "csistoragecapacities", (), "storage.k8s.io", "v1", True),
    ("VolumeAttributesClass", "volumeattributesclasses", ("vac",), "storage.k8s.io", "v1", False),
    ("PriorityClass", "priorityclasses", ("pc",), "scheduling.k8s.io", "v1", False),
    ("Lease", "leases", (), "coordination.k8s.io", "v1", True),
    ("RuntimeClass", "runtimeclasses", (), "node.k8s.io", "v1", False),
    ("CustomResourceDefinition", "customresourcedefinitions", ("crd", "crds"), "apiextensions.k8s.io", "v1",
     False),
    ("CertificateSigningRequest", "certificatesigningrequests", ("csr",), "certificates.k8s.io", "v1", False),
    ("MutatingWebhookConfiguration", "mutatingwebhookconfigurations", (), "admissionregistration.k8s.io",
     "v1", False),
    ("ValidatingWebhookConfiguration", "validatingwebhookconfigurations", (), "admissionregistration.k8s.io",
     "v1", False),
    ("ValidatingAdmissionPolicy", "validatingadmissionpolicies", (), "admissionregistration.k8s.io", "v1",
     False),
    ("ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", (),
     "admissionregistration.k8s.io", "v1", False),
    ("APIService", "apiservices", (), "apiregistration.k8s.io", "v1", False),
    ("FlowSchema", "flowschemas", (), "flowcontrol.apiserver.k8s.io", "v1", False),
    ("PriorityLevelConfiguration", "prioritylevelconfigurations", (), "flowcontrol.apiserver.k8s.io", "v1",
     False),
    ("DeviceClass", "deviceclasses", (), "resource.k8s.io", "v1", False),
    ("ResourceClaim", "resourceclaims", (), "resource.k8s.io", "v1", True),
    ("ResourceClaimTemplate", "resourceclaimtemplates", (), "resource.k8s.io", "v1", True),
    ("ResourceSlice", "resourceslices", (), "resource.k8s.io", "v1", False),
    ("TokenReview", "tokenreviews", (), "authentication.k8s.io", "v1", False),
    ("SelfSubjectAccessReview", "selfsubjectaccessreviews", (), "authorization.k8s.io", "v1", False),
    ("SubjectAccessReview", "subjectaccessreviews", (), "authorization.k8s.io", "v1", False),
]

RESOURCES: tuple[Resource, ...] = tuple(
    Resource(kind, plural, kind.lower(), short, group, version, namespaced)
    for kind, plural, short, group, version, namespaced in _TABLE
)


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Resource]]:
    idx: dict[str, list[Resource]] = {}
    for r in RESOURCES:
        for name in {r.plural, r.singular, r.kind.lower(), *r.short}:
            idx.setdefault(name, []).append(r)
    return idx


@lru_cache(maxsize=512)
def lookup(word: str) -> Resource | None:
    """``po`` / ``Pod`` / ``deployments.apps`` / ``deploy.v1.apps`` -> Resource; None if unknown."""
    w = word.lower()
    if not w or "/" in w:
        return None
    name, _, qual = w.partition(".")
    found = _index().get(name, [])
    if not qual:
        return found[0] if found else None  # core before named groups (ev -> events)
    for r in found:
        if qual == r.group or qual == f"{r.version}.{r.group}" or (not r.group and qual in (r.version,
                                                                                               f"{r.version}.")):
            return r
    return None


def canonical_ref(v: str) -> str:
    """``po`` -> ``pods``; ``deploy`` -> ``deployments.apps``; ``cj/backup`` -> ``cronjobs.batch/backup``;
    ``pods/log`` keeps its subresource. Unknown types (CRDs, placeholders) are left as typed."""
    typ, slash, rest = v.partition("/")
    r = lookup(typ)
    return (r.key + slash + rest) if r is not None else v


def by_key(key: str) -> Resource | None:
    for r in RESOURCES:
        if r.key == key:
            return r
    return None


def describe_alias(word: str) -> str | None:
    """A note like "`svc` is short for services" when the word is not the plural spelling."""
    r = lookup(word)
    if r is None or word == r.plural:
        return None
    if word.lower() in r.short:
        return f"`{word}` is short for {r.plural}"
    return f"`{word}` means {r.plural}"


def is_short_name(word: str) -> bool:
    r = lookup(word)
    return r is not None and word.lower() in r.short
