"""NetworkPolicy, as a CNI that enforces it (Calico, Cilium) decides: is a connection from one Pod
to another Pod's port allowed? A Pod selected by no policy of a direction is open in that direction;
once selected, only what some rule allows gets through (the rest is dropped: the client times out).
DNS is egress too: a Pod whose egress policies allow nothing on port 53 cannot resolve names."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from drills.sandbox.selectors import match_labels_selector
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api

KEY = "networkpolicies.networking.k8s.io"
DNS_NAMESPACE, DNS_LABELS, DNS_IP = "kube-system", {"k8s-app": "kube-dns"}, "10.96.0.10"  # the cluster DNS


def _types(policy: Obj) -> list[str]:
    spec = policy.get("spec") or {}
    if spec.get("policyTypes"):
        return list(spec["policyTypes"])
    return ["Ingress"] + (["Egress"] if spec.get("egress") else [])


def _selecting(api: Api, pod_ns: str, labels: dict[str, str], direction: str) -> list[Obj]:
    return [p for p in api.store.iter(KEY, pod_ns) if direction in _types(p)
            and match_labels_selector((p.get("spec") or {}).get("podSelector") or {"matchLabels": {}})(labels)]


def _ns_labels(api: Api, ns: str) -> dict[str, str]:
    obj = api.store.peek("namespaces", "", ns)
    return dict((obj or {}).get("metadata", {}).get("labels") or {"kubernetes.io/metadata.name": ns})


def _peer_matches(api: Api, peer: Obj, policy_ns: str, ns: str, labels: dict[str, str], ip: str) -> bool:
    if "ipBlock" in peer:
        block = peer["ipBlock"]
        try:
            addr = ipaddress.ip_address(ip)
            inside = addr in ipaddress.ip_network(block.get("cidr", ""), strict=False)
            return inside and not any(addr in ipaddress.ip_network(e, strict=False) for e in block.get("except") or [])
        except ValueError:
            return False
    if "namespaceSelector" in peer:
        if not match_labels_selector(peer["namespaceSelector"] or {"matchLabels": {}})(_ns_labels(api, ns)):
            return False
    elif ns != policy_ns:
        return False
    if "podSelector" in peer:
        return match_labels_selector(peer["podSelector"] or {"matchLabels": {}})(labels)
    return True


def _port_matches(ports: list[Obj] | None, port: int, protocol: str, target: Obj | None) -> bool:
    if not ports:
        return True
    for p in ports:
        if p.get("protocol", "TCP") != protocol:
            continue
        want: Any = p.get("port")
        if want is None:
            return True
        if isinstance(want, str) and not want.isdigit():
            named = {int(cp["containerPort"]) for c in (target or {}).get("spec", {}).get("containers") or []
                     for cp in c.get("ports") or [] if cp.get("name") == want}
            if port in named:
                return True
        elif int(want) <= port <= int(p.get("endPort") or want):
            return True
    return False


def _rules_allow(api: Api, policies: list[Obj], field: str, peers_key: str, ns: str, labels: dict[str, str],
                 ip: str, port: int, protocol: str, target: Obj | None) -> bool:
    if not policies:
        return True
    for policy in policies:
        for rule in (policy.get("spec") or {}).get(field) or []:
            peers = rule.get(peers_key)
            peer_ok = not peers or any(_peer_matches(api, peer, policy["metadata"]["namespace"], ns, labels, ip)
                                       for peer in peers)
            if peer_ok and _port_matches(rule.get("ports"), port, protocol, target):
                return True
    return False


def allowed(api: Api, client: Obj, target: Obj, port: int, protocol: str = "TCP") -> bool:
    """May ``client`` open a connection to ``target``'s ``port``?"""
    c_ns, t_ns = client["metadata"]["namespace"], target["metadata"]["namespace"]
    c_labels, t_labels = client["metadata"].get("labels") or {}, target["metadata"].get("labels") or {}
    c_ip, t_ip = client.get("status", {}).get("podIP", ""), target.get("status", {}).get("podIP", "")
    egress = _selecting(api, c_ns, c_labels, "Egress")
    if not _rules_allow(api, egress, "egress", "to", t_ns, t_labels, t_ip, port, protocol, target):
        return False
    ingress = _selecting(api, t_ns, t_labels, "Ingress")
    return _rules_allow(api, ingress, "ingress", "from", c_ns, c_labels, c_ip, port, protocol, target)


def dns_allowed(api: Api, client: Obj) -> bool:
    """May ``client`` ask the cluster DNS (kube-dns, port 53/UDP)?"""
    egress = _selecting(api, client["metadata"]["namespace"], client["metadata"].get("labels") or {}, "Egress")
    return _rules_allow(api, egress, "egress", "to", DNS_NAMESPACE, DNS_LABELS, DNS_IP, 53, "UDP", None)
