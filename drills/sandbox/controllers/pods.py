"""The node side: a single node, `node01`, whose "kubelet" starts Pods (pod IP, Running, Ready, the
container's output as its log), plus what a fresh cluster holds (namespaces, the `kubernetes` and
`kube-dns` Services, a default StorageClass) and what each namespace gets (the `default`
ServiceAccount, the `kube-root-ca.crt` ConfigMap), and a PVC binder.

A Pod that refers to a ConfigMap or Secret that does not exist waits (ContainerCreating, or
CreateContainerConfigError for env), as on a real node, until the object appears.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from drills.sandbox.controllers.common import create_child, update_status
from drills.sandbox.controllers.events import record
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api

NODE = "node01"
NODE_IP = "172.18.0.2"
SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
CA_PLACEHOLDER = ("-----BEGIN CERTIFICATE-----\n(sandbox cluster CA; not a real certificate)\n"
                  "-----END CERTIFICATE-----\n")


def bootstrap(api: Api) -> None:
    """The objects of a fresh cluster."""
    for ns in SYSTEM_NAMESPACES:
        create_child(api, "namespaces", {"metadata": {"name": ns}})
    create_child(api, "nodes", {
        "metadata": {"name": NODE, "labels": {"kubernetes.io/hostname": NODE, "kubernetes.io/os": "linux",
                                              "kubernetes.io/arch": "amd64",
                                              "node-role.kubernetes.io/control-plane": ""}},
        "spec": {"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"]},
        "status": {"addresses": [{"type": "InternalIP", "address": NODE_IP}, {"type": "Hostname", "address": NODE}],
                   "capacity": {"cpu": "2", "memory": "4025424Ki", "pods": "110"},
                   "allocatable": {"cpu": "2", "memory": "4025424Ki", "pods": "110"},
                   "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                   "message": "kubelet is posting ready status", "lastHeartbeatTime": api.now(),
                                   "lastTransitionTime": api.now()}],
                   "nodeInfo": {"kubeletVersion": "v1.37.1", "containerRuntimeVersion": "containerd://2.1.4",
                                "osImage": "Debian GNU/Linux 12 (bookworm)", "kernelVersion": "6.8.0",
                                "operatingSystem": "linux", "architecture": "amd64"}}})
    create_child(api, "services", {
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"component": "apiserver", "provider": "kubernetes"}},
        "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "targetPort": 6443}]}})
    create_child(api, "endpoints", {
        "metadata": {"name": "kubernetes", "namespace": "default"},
        "subsets": [{"addresses": [{"ip": NODE_IP}], "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]})
    create_child(api, "services", {
        "metadata": {"name": "kube-dns", "namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}},
        "spec": {"clusterIP": "10.96.0.10", "ports": [
            {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
            {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53}]}})
    create_child(api, "storageclasses.storage.k8s.io", {
        "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
        "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete", "volumeBindingMode": "Immediate"})
    api.reconcile()


def reconcile_namespaces(api: Api) -> None:
    for ns in list(api.store.iter("namespaces")):
        name = ns["metadata"]["name"]
        if api.store.peek("serviceaccounts", name, "default") is None:
            create_child(api, "serviceaccounts", {"metadata": {"name": "default", "namespace": name}})
        if api.store.peek("configmaps", name, "kube-root-ca.crt") is None:
            create_child(api, "configmaps", {"metadata": {"name": "kube-root-ca.crt", "namespace": name,
                                                          "annotations": {"kubernetes.io/description": "Contains a "
                                                                          "CA bundle for the sandbox API server"}},
                                             "data": {"ca.crt": CA_PLACEHOLDER}})


def _missing_refs(api: Api, pod: Obj) -> tuple[str, str] | None:
    """(reason, message) when the Pod refers to a ConfigMap/Secret that does not exist."""
    ns = pod["metadata"]["namespace"]
    for v in pod["spec"].get("volumes") or []:
        for src, key, field in (("configMap", "configmaps", "name"), ("secret", "secrets", "secretName")):
            ref = v.get(src)
            if ref and not ref.get("optional") and api.store.peek(key, ns, ref.get(field, "")) is None:
                return "ContainerCreating", f'{key[:-1]} "{ref.get(field)}" not found'
    for c in pod["spec"].get("containers") or []:
        for e in c.get("env") or []:
            for src, key in (("configMapKeyRef", "configmaps"), ("secretKeyRef", "secrets")):
                ref = (e.get("valueFrom") or {}).get(src)
                if ref and not ref.get("optional") and api.store.peek(key, ns, ref.get("name", "")) is None:
                    return "CreateContainerConfigError", f'{key[:-1]} "{ref.get("name")}" not found'
        for e in c.get("envFrom") or []:
            for src, key in (("configMapRef", "configmaps"), ("secretRef", "secrets")):
                ref = e.get(src)
                if ref and not ref.get("optional") and api.store.peek(key, ns, ref.get("name", "")) is None:
                    return "CreateContainerConfigError", f'{key[:-1]} "{ref.get("name")}" not found'
    return None


def reconcile_pods(api: Api) -> None:
    for pod in list(api.store.iter("pods")):
        status = pod.get("status") or {}
        if status.get("phase") in ("Running", "Succeeded", "Failed") and status.get("podIP"):
            continue
        _start(api, pod)


def _start(api: Api, pod: Obj) -> None:
    from drills.sandbox.execs import main_process

    now = api.now()
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
    new = copy.deepcopy(pod)
    new["spec"].setdefault("nodeName", NODE)
    status: dict[str, Any] = dict(pod.get("status") or {})
    status.update(hostIP=NODE_IP, hostIPs=[{"ip": NODE_IP}], startTime=status.get("startTime", now),
                  qosClass=_qos(pod))
    missing = _missing_refs(api, pod)
    if missing is not None:
        status["phase"] = "Pending"
        status["conditions"] = _conditions(now, False, scheduled=True)
        status["containerStatuses"] = [
            {"name": c["name"], "image": c.get("image"), "imageID": "", "ready": False, "restartCount": 0,
             "started": False, "state": {"waiting": {"reason": missing[0],
                                                     **({"message": missing[1]} if missing[0] != "ContainerCreating"
                                                        else {})}}}
            for c in pod["spec"].get("containers") or []]
        if new != pod or status != pod.get("status"):
            first = (pod.get("status") or {}).get("containerStatuses") != status["containerStatuses"]
            new["status"] = status
            stored = api.store.put("pods", new)
            if first:
                if missing[0] == "ContainerCreating":
                    record(api, stored, "FailedMount", f"MountVolume.SetUp failed: {missing[1]}", "kubelet", True)
                else:
                    record(api, stored, "Failed", f"Error: {missing[1]}", "kubelet", True)
        return
    api.store.serial += 1
    ip = status.get("podIP") or f"10.244.{(api.store.serial // 250) % 250}.{api.store.serial % 250 + 2}"
    results = []
    for c in pod["spec"].get("containers") or []:
        result = main_process(api, new, c)
        api.logs[(ns, name, c["name"])] = result.stdout + result.stderr
        results.append((c, result))
    restart = pod["spec"].get("restartPolicy", "Always")
    finished = all(not r.running for _, r in results) and restart != "Always"
    failed = finished and any(r.code != 0 for _, r in results)
    statuses = []
    for c, r in results:
        if not r.running and restart == "Always":
            api.exits[(ns, name, c["name"])] = r.code  # the clock turns it into CrashLoopBackOff
        state: dict[str, Any] = {"running": {"startedAt": now}}
        if finished:
            state = {"terminated": {"exitCode": r.code, "reason": "Error" if r.code else "Completed",
                                    "startedAt": now, "finishedAt": now, "containerID": f"containerd://{name}"}}
        statuses.append({"name": c["name"], "image": _full_image(str(c.get("image", ""))),
                         "imageID": f"docker.io/library/{c.get('image')}@sha256:0", "containerID": f"containerd://{name}",
                         "ready": not finished, "restartCount": 0, "started": not finished, "state": state})
    status.update(phase="Failed" if failed else "Succeeded" if finished else "Running", podIP=ip, podIPs=[{"ip": ip}],
                  conditions=_conditions(now, not finished, scheduled=True), containerStatuses=statuses)
    new["status"] = status
    stored = api.store.put("pods", new)
    from drills.sandbox.controllers.clock import tick_pod

    tick_pod(api, stored, api.clock())  # probes decide readiness from the start
    record(api, stored, "Scheduled", f"Successfully assigned {ns}/{name} to {NODE}", "default-scheduler")
    for c in pod["spec"].get("containers") or []:
        image = c.get("image", "")
        record(api, stored, "Pulled", f'Container image "{image}" already present on machine and can be accessed '
                                      "by the pod", "kubelet")
        record(api, stored, "Created", f"Created container: {c['name']}", "kubelet")
        record(api, stored, "Started", f"Started container {c['name']}", "kubelet")


def _full_image(image: str) -> str:
    if "/" not in image.split(":")[0]:
        image = f"docker.io/library/{image}"
    elif "." not in image.split("/")[0]:
        image = f"docker.io/{image}"
    return image if ":" in image.rsplit("/", 1)[-1] else image + ":latest"


def _qos(pod: Obj) -> str:
    resources = [c.get("resources") or {} for c in pod["spec"].get("containers") or []]
    if not any(r.get("requests") or r.get("limits") for r in resources):
        return "BestEffort"
    if all(r.get("limits") and r.get("requests", r.get("limits")) == r.get("limits") for r in resources):
        return "Guaranteed"
    return "Burstable"


def _conditions(now: str, ready: bool, scheduled: bool) -> list[dict[str, Any]]:
    flag = "True" if ready else "False"
    return [{"type": t, "status": s, "lastProbeTime": None, "lastTransitionTime": now}
            for t, s in (("PodReadyToStartContainers", flag), ("Initialized", "True"), ("Ready", flag),
                         ("ContainersReady", flag), ("PodScheduled", "True" if scheduled else "False"))]


def reconcile_claims(api: Api) -> None:
    """Bind Pending PVCs: to an Available PV of the same class that is big enough, else (with a class
    whose provisioner exists, the default `standard`) to a newly provisioned PV."""
    for pvc in list(api.store.iter("persistentvolumeclaims")):
        if (pvc.get("status") or {}).get("phase") == "Bound":
            continue
        spec = pvc["spec"]
        cls = spec.get("storageClassName")
        if cls is None and "storageClassName" not in spec:
            cls = "standard"
        pv = next((v for v in api.store.iter("persistentvolumes") if (v.get("status") or {}).get("phase") ==
                   "Available" and v["spec"].get("storageClassName", "") == (cls or "")
                   and not v["spec"].get("claimRef")), None)
        size = ((spec.get("resources") or {}).get("requests") or {}).get("storage", "1Gi")
        if pv is None and cls and api.store.peek("storageclasses.storage.k8s.io", "", cls) is not None:
            pv = create_child(api, "persistentvolumes", {
                "metadata": {"name": f"pvc-{pvc['metadata']['uid']}"},
                "spec": {"capacity": {"storage": size}, "accessModes": spec.get("accessModes") or ["ReadWriteOnce"],
                         "persistentVolumeReclaimPolicy": "Delete", "storageClassName": cls,
                         "hostPath": {"path": f"/var/local-path-provisioner/{pvc['metadata']['name']}"}}})
        if pv is None:
            continue
        bound_pv = copy.deepcopy(pv)
        bound_pv["spec"]["claimRef"] = {"kind": "PersistentVolumeClaim", "namespace": pvc["metadata"]["namespace"],
                                        "name": pvc["metadata"]["name"], "uid": pvc["metadata"]["uid"],
                                        "apiVersion": "v1"}
        bound_pv["status"] = {"phase": "Bound"}
        api.store.put("persistentvolumes", bound_pv)
        new = copy.deepcopy(pvc)
        new["spec"]["volumeName"] = pv["metadata"]["name"]
        new["spec"].setdefault("storageClassName", cls)
        api.store.put("persistentvolumeclaims", new)
        update_status(api, "persistentvolumeclaims", api.store.peek("persistentvolumeclaims",
                                                                     pvc["metadata"]["namespace"],
                                                                     pvc["metadata"]["name"]) or new,
                      {"phase": "Bound", "accessModes": pv["spec"].get("accessModes"),
                       "capacity": pv["spec"].get("capacity")})
