"""Services: ClusterIP and NodePort allocation (admission) and the Endpoints / EndpointSlice
controller, which lists the ready Pods a Service's selector matches (none, when the selector is wrong:
the broken-selector lab's symptom)."""

from __future__ import annotations

import copy
import ipaddress
from typing import TYPE_CHECKING, Any

from drills.sandbox import errors
from drills.sandbox.controllers.common import owner_ref, pod_ready
from drills.sandbox.discovery import by_key
from drills.sandbox.selectors import match_labels_selector
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
NODE_PORTS = (30000, 32767)
SLICE_MANAGER = "endpointslice-controller.k8s.io"


def _used_ips(api: Api) -> set[str]:
    return {s["spec"].get("clusterIP", "") for s in api.store.iter("services")}


def _used_node_ports(api: Api, skip_uid: str) -> set[int]:
    return {int(p["nodePort"]) for s in api.store.iter("services") if s["metadata"]["uid"] != skip_uid
            for p in s["spec"].get("ports") or [] if p.get("nodePort")}


def admit_service(api: Api, svc: Obj, old: Obj | None) -> None:
    """Allocate the ClusterIP (kept across updates) and the NodePorts its type asks for."""
    spec = svc["spec"]
    kind = spec.get("type", "ClusterIP")
    if kind == "ExternalName":
        for k in ("clusterIP", "clusterIPs"):
            spec.pop(k, None)
        return
    old_ip = (old or {}).get("spec", {}).get("clusterIP")
    ip = spec.get("clusterIP") or old_ip
    if not ip or (ip != "None" and old is None and ip in _used_ips(api)):
        if ip and ip != "None":
            raise errors.invalid(by_key("services"), svc["metadata"]["name"], [
                ("spec.clusterIPs", "FieldValueInvalid", f'Invalid value: []string{{"{ip}"}}: failed to allocate IP '
                 f"{ip}: provided IP is already allocated")])
        used = _used_ips(api)
        hosts = SERVICE_CIDR.num_addresses - 2
        while True:
            ip = str(SERVICE_CIDR.network_address + 11 + api.rng.randrange(hosts - 11))
            if ip not in used:
                break
    spec["clusterIP"], spec["clusterIPs"] = ip, [ip]
    uid = svc["metadata"]["uid"]
    used_ports = _used_node_ports(api, uid)
    old_ports = {p.get("port"): p.get("nodePort") for p in (old or {}).get("spec", {}).get("ports") or []}
    for i, p in enumerate(spec.get("ports") or []):
        if kind not in ("NodePort", "LoadBalancer"):
            p.pop("nodePort", None)
            continue
        if p.get("nodePort") and int(p["nodePort"]) in used_ports:
            raise errors.invalid(by_key("services"), svc["metadata"]["name"], [
                (f"spec.ports[{i}].nodePort", "FieldValueInvalid",
                 f"Invalid value: {p['nodePort']}: provided port is already allocated")])
        if not p.get("nodePort"):
            p["nodePort"] = old_ports.get(p.get("port")) or _free_node_port(api, used_ports)
        used_ports.add(int(p["nodePort"]))
    if kind == "LoadBalancer":
        svc.setdefault("status", {}).setdefault("loadBalancer", {})
    else:
        svc["status"] = {"loadBalancer": {}}


def _free_node_port(api: Api, used: set[int]) -> int:
    while True:
        port = api.rng.randint(*NODE_PORTS)
        if port not in used:
            return port


def resolve_target_port(pod: Obj, target: Any) -> int | None:
    """A Service targetPort (number, or the name of a container port) as a number on this Pod."""
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    for c in pod["spec"].get("containers") or []:
        for p in c.get("ports") or []:
            if p.get("name") == target:
                return int(p["containerPort"])
    return None


def _addresses(pods: list[Obj]) -> list[dict[str, Any]]:
    return [{"ip": p["status"]["podIP"], "nodeName": p["spec"].get("nodeName"),
             "targetRef": {"kind": "Pod", "namespace": p["metadata"]["namespace"], "name": p["metadata"]["name"],
                           "uid": p["metadata"]["uid"]}} for p in pods]


def backends(api: Api, svc: Obj) -> tuple[list[Obj], list[Obj]]:
    """(ready, not ready) Pods the Service's selector matches, by name."""
    selector = svc["spec"].get("selector")
    if not selector:
        return [], []
    match = match_labels_selector({"matchLabels": selector})
    pods = [p for p in api.store.iter("pods", svc["metadata"]["namespace"])
            if match(p["metadata"].get("labels") or {}) and p.get("status", {}).get("podIP")
            and p["status"].get("phase") not in ("Succeeded", "Failed")]
    return [p for p in pods if pod_ready(p)], [p for p in pods if not pod_ready(p)]


def reconcile_endpoints(api: Api) -> None:
    services = {(s["metadata"]["namespace"], s["metadata"]["name"]): s for s in api.store.iter("services")}
    for svc in services.values():
        if not svc["spec"].get("selector"):
            continue
        ready, unready = backends(api, svc)
        _endpoints(api, svc, ready, unready)
        _slice(api, svc, ready, unready)
    for ep in list(api.store.iter("endpoints")):
        key = (ep["metadata"]["namespace"], ep["metadata"]["name"])
        if key not in services and (ep["metadata"].get("labels") or {}).get("endpoints.kubernetes.io/managed-by"):
            api.store.remove("endpoints", *key)


def _ports_for(svc: Obj, pod: Obj | None) -> list[dict[str, Any]]:
    ports = []
    for p in svc["spec"].get("ports") or []:
        number = resolve_target_port(pod, p.get("targetPort", p.get("port"))) if pod else p.get("port")
        entry = {"port": number or p.get("port"), "protocol": p.get("protocol", "TCP")}
        if p.get("name"):
            entry["name"] = p["name"]
        ports.append(entry)
    return ports


def _endpoints(api: Api, svc: Obj, ready: list[Obj], unready: list[Obj]) -> None:
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    subset: dict[str, Any] = {}
    if ready:
        subset["addresses"] = _addresses(ready)
    if unready:
        subset["notReadyAddresses"] = _addresses(unready)
    body: Obj = {"metadata": {"name": name, "namespace": ns,
                              "labels": dict(svc["metadata"].get("labels") or {},
                                             **{"endpoints.kubernetes.io/managed-by": "endpoint-controller"})}}
    if subset:
        subset["ports"] = _ports_for(svc, (ready + unready)[0])
        body["subsets"] = [subset]
    old = api.store.peek("endpoints", ns, name)
    if old is None:
        from drills.sandbox.controllers.common import create_child

        create_child(api, "endpoints", body)
    elif old.get("subsets") != body.get("subsets") or old["metadata"].get("labels") != body["metadata"]["labels"]:
        new = copy.deepcopy(old)
        new["metadata"]["labels"] = body["metadata"]["labels"]
        new.pop("subsets", None)
        if "subsets" in body:
            new["subsets"] = body["subsets"]
        api.store.put("endpoints", new)


def _slice(api: Api, svc: Obj, ready: list[Obj], unready: list[Obj]) -> None:
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    key = "endpointslices.discovery.k8s.io"
    mine = [s for s in api.store.iter(key, ns)
            if (s["metadata"].get("labels") or {}).get("kubernetes.io/service-name") == name]
    endpoints = [{"addresses": [p["status"]["podIP"]],
                  "conditions": {"ready": ok, "serving": ok, "terminating": False},
                  "nodeName": p["spec"].get("nodeName"),
                  "targetRef": {"kind": "Pod", "namespace": ns, "name": p["metadata"]["name"],
                                "uid": p["metadata"]["uid"]}}
                 for p, ok in [(p, True) for p in ready] + [(p, False) for p in unready]]
    ports = [{"name": p.get("name", ""), "port": p["port"], "protocol": p["protocol"]}
             for p in _ports_for(svc, (ready + unready)[0] if ready + unready else None)]
    labels = dict(svc["metadata"].get("labels") or {}, **{"kubernetes.io/service-name": name,
                                                          "endpointslice.kubernetes.io/managed-by": SLICE_MANAGER})
    if not mine:
        from drills.sandbox.controllers.common import create_child

        create_child(api, key, {"metadata": {"generateName": f"{name}-", "namespace": ns, "labels": labels,
                                             "ownerReferences": [owner_ref(svc)]},
                                "addressType": "IPv4", "endpoints": endpoints or None,
                                "ports": ports if endpoints else None})
        return
    old = mine[0]
    new = copy.deepcopy(old)
    new["metadata"]["labels"] = labels
    new["endpoints"] = endpoints or None
    new["ports"] = ports if endpoints else None
    if new != old:
        api.store.put(key, new)
