"""ResourceQuota and LimitRange as a student meets them through the real kubectl: quotas show what is
used, refuse what would go over (kube-apiserver's words), LimitRanges fill in requests and limits
and refuse containers outside their bounds. Each test works in a namespace of its own."""

from __future__ import annotations

import json

from tests.sandbox.conftest import Kubectl, requires_kubectl

pytestmark = requires_kubectl


def _pod(name: str, namespace: str, resources: dict[str, dict[str, str]]) -> str:
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace},
                       "spec": {"containers": [{"name": name, "image": "nginx", "resources": resources}]}})


def test_a_pod_count_quota_is_shown_and_enforced_also_on_controllers(kubectl: Kubectl) -> None:
    kubectl("create namespace quota-count")
    n = "-n quota-count"
    kubectl(f"create quota q {n} --hard=pods=2,configmaps=2")
    assert json.loads(kubectl(f"get quota q {n} -o jsonpath={{.status}}").stdout) == {
        "hard": {"configmaps": "2", "pods": "2"}, "used": {"configmaps": "1", "pods": "0"}}  # kube-root-ca.crt
    kubectl(f"run a {n} --image=nginx --dry-run=server")  # checked, not counted
    kubectl(f"run a {n} --image=nginx")
    kubectl(f"create deployment web {n} --image=nginx --replicas=2")
    assert len(kubectl(f"get pods {n} -l app=web -o name").stdout.split()) == 1
    events = kubectl(f"get events {n} --field-selector=reason=FailedCreate").stdout
    assert "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2" in events
    conditions = f"get deploy web {n} -o jsonpath={{.status.conditions[*].reason}}"
    assert kubectl(conditions).stdout.split()[-1] == "FailedCreate"  # describe deploy: ReplicaFailure
    refused = kubectl(f"run c {n} --image=nginx", ok=False)
    assert refused.code == 1
    assert refused.stderr == ('Error from server (Forbidden): pods "c" is forbidden: exceeded quota: q, requested: '
                              "pods=1, used: pods=2, limited: pods=2\n")
    assert "exceeded quota" in kubectl(f"run c {n} --image=nginx --dry-run=server", ok=False).stderr
    kubectl(f"delete pod a {n}")  # room again: the ReplicaSet makes its second Pod
    assert len(kubectl(f"get pods {n} -l app=web -o name").stdout.split()) == 2
    assert "FailedCreate" not in kubectl(conditions).stdout
    table = kubectl(f"describe quota q {n}").stdout.splitlines()
    assert [line.split() for line in table[-2:]] == [["configmaps", "1", "2"], ["pods", "2", "2"]]
    kubectl(f"create configmap one {n} --from-literal=a=b")
    full = kubectl(f"create configmap two {n} --from-literal=a=b", ok=False)
    assert ('configmaps "two" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=2, '
            "limited: configmaps=2") in full.stderr


def test_a_compute_quota_wants_requests_and_sums_them(kubectl: Kubectl) -> None:
    kubectl("create namespace quota-compute")
    n = "-n quota-compute"
    kubectl(f"create quota cq {n} --hard=requests.cpu=1,limits.memory=1Gi")
    bare = kubectl(f"run bare {n} --image=nginx", ok=False)
    assert ('pods "bare" is forbidden: failed quota: cq: must specify limits.memory for: bare; requests.cpu for: '
            "bare") in bare.stderr
    resources = {"requests": {"cpu": "0.6"}, "limits": {"memory": "512Mi"}}
    kubectl("apply -f -", stdin=_pod("first", "quota-compute", resources))
    assert "requests.cpu: 600m/1" in kubectl(f"get quota cq {n}").stdout
    second = kubectl("apply -f -", stdin=_pod("second", "quota-compute", resources), ok=False)
    assert ('pods "second" is forbidden: exceeded quota: cq, requested: requests.cpu=600m, used: requests.cpu=600m, '
            "limited: requests.cpu=1") in second.stderr
    rows = [line.split() for line in kubectl(f"describe quota cq {n}").stdout.splitlines()[-2:]]
    assert rows == [["limits.memory", "512Mi", "1Gi"], ["requests.cpu", "600m", "1"]]
    garbled = kubectl(f"""patch quota cq {n} --type=merge -p '{{"spec":{{"hard":{{"pods":"two"}}}}}}'""", ok=False)
    assert 'ResourceQuota in version "v1" cannot be handled as a ResourceQuota: quantities must match' in garbled.stderr


def test_a_limit_range_defaults_requests_and_limits_and_bounds_them(kubectl: Kubectl) -> None:
    kubectl("create namespace limits")
    n = "-n limits"
    kubectl("apply -f -", stdin=json.dumps({
        "apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "lr", "namespace": "limits"},
        "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"},
                             "defaultRequest": {"cpu": "100m"}, "max": {"cpu": "1", "memory": "1Gi"},
                             "min": {"cpu": "50m"}}, {"type": "Pod", "max": {"memory": "1.5Gi"}}]}}))
    stored = json.loads(kubectl(f"get limitrange lr {n} -o jsonpath={{.spec.limits}}").stdout)
    assert stored[0]["defaultRequest"] == {"cpu": "100m", "memory": "256Mi"}  # from default, as the server does
    assert stored[1]["max"] == {"memory": "1536Mi"}  # quantities as the API server writes them
    kubectl(f"run y {n} --image=nginx")
    assert json.loads(kubectl(f"get pod y {n} -o jsonpath={{.spec.containers[0].resources}}").stdout) == {
        "limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "256Mi"}}
    assert "LimitRanger plugin set: cpu, memory request for container y; cpu, memory limit for container y" in \
        kubectl(f"describe pod y {n}").stdout
    kubectl(f"create deployment d {n} --image=nginx")  # Pods a controller makes are defaulted too
    assert kubectl(f"get pods {n} -l app=d -o jsonpath={{.items[0].spec.containers[0].resources.limits.cpu}}"
                   ).stdout == "500m"
    big = kubectl("apply -f -", stdin=_pod("big", "limits", {"limits": {"cpu": "2", "memory": "1600Mi"}}), ok=False)
    assert ('pods "big" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, maximum memory usage per '
            "Container is 1Gi, but limit is 1600Mi, maximum memory usage per Pod is 1536Mi, but limit is 1600Mi]"
            ) in big.stderr
    tiny = kubectl("apply -f -", stdin=_pod("tiny", "limits", {"requests": {"cpu": "10m"}}), ok=False)
    assert 'pods "tiny" is forbidden: minimum cpu usage per Container is 50m, but request is 10m' in tiny.stderr
    assert "No resources found" in kubectl(f"get pods {n} --field-selector=metadata.name=big").stderr


def _table(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines()]


def test_top_prints_plausible_steady_figures_for_running_pods_and_the_node(kubectl: Kubectl) -> None:
    kubectl("create namespace metrics")
    n = "-n metrics"
    kubectl(f"create deployment web {n} --image=nginx --replicas=2")
    kubectl("apply -f -", stdin=_pod("hungry", "metrics", {"requests": {"cpu": "1", "memory": "512Mi"}}))
    kubectl(f"create job done {n} --image=busybox -- true")  # Succeeded: no metrics
    top = _table(kubectl(f"top pod {n} --sort-by=cpu").stdout)
    assert top[0] == ["NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert top[1][0] == "hungry" and len(top) == 4  # the Pod that requests the most uses the most
    for _, cpu, memory in top[1:]:
        assert cpu.endswith("m") and 1 <= int(cpu[:-1]) <= 1000 and memory.endswith("Mi") and int(memory[:-2]) < 512
    assert kubectl(f"top pod {n} --sort-by=cpu").stdout == kubectl(f"top pod {n} --sort-by=cpu").stdout
    every = _table(kubectl("top pod -A").stdout)
    assert every[0][:2] == ["NAMESPACE", "NAME"] and ["metrics", "hungry"] in [row[:2] for row in every]
    containers = _table(kubectl(f"top pod {n} -l app=web --containers").stdout)
    assert containers[0][:2] == ["POD", "NAME"] and [row[1] for row in containers[1:]] == ["nginx", "nginx"]
    node = _table(kubectl("top node").stdout)
    assert node[0] == ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"] and node[1][0] == "node01"
    kubectl(f"autoscale deploy web {n} --min=1 --max=3 --cpu=50%")
    hpa = f"get hpa web {n} -o jsonpath={{.status.conditions[1].message}}"
    assert "missing request for cpu in container nginx of Pod web-" in kubectl(hpa).stdout  # TARGETS <unknown>
    kubectl(f"set resources deploy web {n} --requests=cpu=200m")
    targets = _table(kubectl(f"get hpa web {n}").stdout)[1][2:4]
    assert targets[0] == "cpu:" and targets[1].endswith("%/50%") and 5 <= int(targets[1].split("%")[0]) < 25
    missing = kubectl(f"top pod nowhere {n}", ok=False)
    assert 'podmetrics.metrics.k8s.io "metrics/nowhere" not found' in missing.stderr
    assert "metrics.k8s.io/v1beta1" in kubectl("api-versions").stdout.split()
    assert kubectl(f"get po hungry {n} -o jsonpath={{.kind}}").stdout == "Pod"  # `po` is still the core Pod
