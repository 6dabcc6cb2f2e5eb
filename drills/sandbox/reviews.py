"""`kubectl auth can-i`: access reviews answered from the sandbox's RBAC objects.

The kubeconfig's user is the cluster admin (everything allowed). With `--as=USER` or
`--as=system:serviceaccount:NS:NAME` kubectl sends impersonation headers; such a subject is allowed
what its RoleBindings and ClusterRoleBindings grant, as the RBAC authorizer decides.
"""

from __future__ import annotations

import copy
from email.message import Message
from typing import Any

from drills.sandbox.api import Api
from drills.sandbox.discovery import Served

Obj = dict[str, Any]
RBAC = "rbac.authorization.k8s.io"


def _matches(rule: Obj, attrs: Obj) -> bool:
    def has(values: list[str] | None, value: str) -> bool:
        return values is not None and ("*" in values or value in values)

    if "nonResourceURLs" in rule:
        path = attrs.get("path", "")
        return bool(path) and has(rule.get("verbs"), attrs.get("verb", "")) and any(
            u == path or (u.endswith("*") and path.startswith(u[:-1])) for u in rule["nonResourceURLs"])
    resource = attrs.get("resource", "")
    if attrs.get("subresource"):
        resource += "/" + attrs["subresource"]
    return (has(rule.get("verbs"), attrs.get("verb", "")) and has(rule.get("apiGroups"), attrs.get("group", ""))
            and has(rule.get("resources"), resource)
            and (not rule.get("resourceNames") or attrs.get("name", "") in rule["resourceNames"]))


def _subject_matches(subject: Obj, user: str, groups: list[str], binding_ns: str) -> bool:
    kind = subject.get("kind")
    if kind == "User":
        return subject.get("name") == user
    if kind == "Group":
        return subject.get("name") in groups
    if kind == "ServiceAccount":
        return user == f"system:serviceaccount:{subject.get('namespace') or binding_ns}:{subject.get('name')}"
    return False


def _rules(api: Api, binding: Obj, ns: str) -> list[Obj]:
    ref = binding.get("roleRef") or {}
    if ref.get("kind") == "ClusterRole":
        role = api.store.peek(f"clusterroles.{RBAC}", "", ref.get("name", ""))
    else:
        role = api.store.peek(f"roles.{RBAC}", ns, ref.get("name", ""))
    return (role or {}).get("rules") or []


def allowed(api: Api, user: str, groups: list[str], attrs: Obj) -> bool:
    if user in ("", "kubernetes-admin") or "system:masters" in groups:
        return True
    ns = attrs.get("namespace", "")
    bindings = [(b, "") for b in api.store.iter(f"clusterrolebindings.{RBAC}")]
    if ns:
        bindings += [(b, ns) for b in api.store.iter(f"rolebindings.{RBAC}", ns)]
    for b, bns in bindings:
        if any(_subject_matches(s, user, groups, bns) for s in b.get("subjects") or []):
            if any(_matches(r, attrs) for r in _rules(api, b, bns)):
                return True
    return False


def review(api: Api, s: Served, body: Any, headers: Message) -> Obj:
    """The answered review (SelfSubjectAccessReview, SubjectAccessReview, SelfSubjectRulesReview)."""
    result = copy.deepcopy(body) if isinstance(body, dict) else {}
    result.setdefault("metadata", {})["creationTimestamp"] = None
    result.update(apiVersion=s.group_version, kind=s.res.kind)
    spec = result.get("spec") or {}
    if s.res.kind == "SubjectAccessReview":
        user, groups = spec.get("user", ""), list(spec.get("groups") or [])
    else:
        user, groups = headers.get("Impersonate-User", ""), headers.get_all("Impersonate-Group") or []
        if user.startswith("system:serviceaccount:"):
            groups = [*groups, "system:serviceaccounts", f"system:serviceaccounts:{user.split(':')[2]}"]
    if s.res.kind == "SelfSubjectRulesReview":
        admin = allowed(api, user, groups, {"verb": "*", "group": "*", "resource": "*"}) and not user
        rules = [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}] if admin else []
        result["status"] = {"resourceRules": rules, "nonResourceRules": [], "incomplete": False}
        return result
    attrs = dict(spec.get("resourceAttributes") or {})
    if spec.get("nonResourceAttributes"):
        attrs = dict(spec["nonResourceAttributes"])
    ok = allowed(api, user, groups, attrs)
    result["status"] = {"allowed": ok} if ok else {"allowed": False}
    if ok and user:
        result["status"]["reason"] = "RBAC: allowed by a binding"
    return result
