"""The sandbox as kubectl sees it: errors worded as kube-apiserver words them, dry runs, selectors,
the patch flavours, scale, exec/logs/DNS answers, and its security bounds."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request

import pytest

from drills.sandbox import Sandbox, run_kubectl
from drills.sandbox.storage import Limits
from tests.sandbox.conftest import Kubectl, requires_kubectl

pytestmark = requires_kubectl


def test_status_errors_name_the_object_and_the_field(kubectl: Kubectl) -> None:
    missing = kubectl("get svc nope", ok=False)
    assert missing.code == 1 and 'Error from server (NotFound): services "nope" not found' in missing.stderr
    kubectl("create deployment dup --image=nginx")
    again = kubectl("create deployment dup --image=nginx", ok=False)
    assert 'deployments.apps "dup" already exists' in again.stderr
    bad = kubectl("apply -f -", ok=False, stdin=json.dumps({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "bad"},
        "spec": {"selector": {"matchLabels": {"app": "a"}},
                 "template": {"metadata": {"labels": {"app": "b"}}, "spec": {"containers": [{"name": "c",
                                                                                              "image": "nginx"}]}}}}))
    assert 'The Deployment "bad" is invalid: spec.template.metadata.labels' in bad.stderr
    noport = kubectl("apply -f -", ok=False, stdin='{"apiVersion":"v1","kind":"Service","metadata":{"name":"np"},'
                                                   '"spec":{"selector":{"a":"b"}}}')
    assert 'The Service "np" is invalid: spec.ports: Required value' in noport.stderr


def test_server_dry_run_stores_nothing(kubectl: Kubectl, sandbox: Sandbox) -> None:
    out = kubectl("create deployment ghost --image=nginx --dry-run=server -o jsonpath={.spec.strategy.type}")
    assert out.stdout == "RollingUpdate"  # defaulted by the server
    assert not [o for o in sandbox.objects() if o["metadata"]["name"].startswith("ghost")]
    assert kubectl("get deploy ghost", ok=False).code == 1


def test_selectors_patches_and_scale(kubectl: Kubectl) -> None:
    kubectl("create deployment sel --image=nginx --replicas=3")
    names = kubectl("get pods -l app=sel,pod-template-hash -o name").stdout.split()
    assert len(names) == 3
    running = kubectl("get pods --field-selector=status.phase=Running -l app=sel -o name").stdout.split()
    assert running == names
    kubectl("""patch deploy sel --type=merge -p '{"metadata":{"labels":{"tier":"web"}}}'""")
    kubectl("""patch deploy sel --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'""")
    kubectl("""patch deploy sel -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'""")
    shown = kubectl("get deploy sel -o jsonpath={.metadata.labels.tier}/{.spec.replicas}/"
                    "{.spec.template.spec.containers[0].image}").stdout
    assert shown == "web/1/nginx:1.27"
    kubectl("scale deploy sel --replicas=2")
    assert kubectl("get deploy sel").stdout.split("\n")[1].split()[1] == "2/2"
    assert kubectl("rollout history deploy/sel").stdout.count("<none>") == 2


def test_server_side_apply_creates_then_merges(kubectl: Kubectl) -> None:
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ssa"}, "data": {"a": "1"}}
    kubectl("apply --server-side -f -", stdin=json.dumps(cm))
    cm["data"] = {"a": "2", "b": "3"}
    kubectl("apply --server-side -f -", stdin=json.dumps(cm))
    assert kubectl("get cm ssa -o jsonpath={.data.a}{.data.b}").stdout == "23"


def test_exec_logs_and_dns_answer_from_inside_the_pod(kubectl: Kubectl) -> None:
    kubectl("create configmap app-cfg --from-literal=mode=fast")
    kubectl("apply -f -", stdin=json.dumps({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "box", "labels": {"app": "box"}},
        "spec": {"containers": [{"name": "box", "image": "busybox", "command": ["sh", "-c", "echo started; sleep 3600"],
                                 "env": [{"name": "GREETING", "value": "hello"}],
                                 "volumeMounts": [{"name": "cfg", "mountPath": "/etc/cfg"}]}],
                 "volumes": [{"name": "cfg", "configMap": {"name": "app-cfg"}}]}}))
    kubectl("wait --for=condition=Ready pod/box --timeout=60s")
    assert kubectl("exec box -- hostname").stdout == "box\n"
    assert "GREETING=hello" in kubectl("exec box -- env").stdout
    assert kubectl("exec box -- cat /etc/cfg/mode").stdout == "fast"
    assert kubectl("logs box").stdout == "started\n"
    missing = kubectl("exec box -- nslookup nowhere", ok=False)
    assert missing.code == 1 and "NXDOMAIN" in missing.stdout
    ip = kubectl("get svc kubernetes -o jsonpath={.spec.clusterIP}").stdout
    assert f"Address: {ip}" in kubectl("exec box -- nslookup kubernetes.default").stdout
    # a Service with no ready endpoint refuses the connection; curl is not in busybox
    kubectl("create service clusterip empty --tcp=80:80")
    refused = kubectl("exec box -- wget -qO- http://empty", ok=False)
    assert refused.code == 1 and "Connection refused" in refused.stderr
    assert kubectl("exec box -- curl http://empty", ok=False).code == 127
    exit_code = kubectl("exec box -- sh -c 'exit 3'", ok=False)
    assert exit_code.code == 3


def test_access_review_follows_rbac(kubectl: Kubectl) -> None:
    assert kubectl("auth can-i create pods").stdout == "yes\n"
    sa = "--as=system:serviceaccount:default:reader"
    assert kubectl(f"auth can-i list pods {sa}", ok=False).stdout == "no\n"
    kubectl("create role pod-reader --verb=get,list --resource=pods")
    kubectl("create rolebinding reader --role=pod-reader --serviceaccount=default:reader")
    assert kubectl(f"auth can-i list pods {sa}").stdout == "yes\n"
    assert kubectl(f"auth can-i delete pods {sa}", ok=False).stdout == "no\n"


def test_requests_without_the_token_are_refused(sandbox: Sandbox) -> None:
    ctx = ssl.create_default_context(cadata=__import__("base64").b64decode(
        sandbox.kubeconfig.read_text().split("certificate-authority-data: ")[1].split()[0]).decode())
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{sandbox.url}/api/v1/namespaces", context=ctx, timeout=30)
    assert err.value.code == 401
    ok = urllib.request.Request(f"{sandbox.url}/api/v1/namespaces", headers={"Authorization": f"Bearer {sandbox.token}"})
    assert json.load(urllib.request.urlopen(ok, context=ctx, timeout=30))["kind"] == "NamespaceList"
    assert sandbox.url.startswith("https://127.0.0.1:")


def test_object_limit_is_a_clear_error(tmp_path) -> None:
    with Sandbox.start(limits=Limits(max_objects=25), parent=tmp_path) as sb:
        results = [run_kubectl(sb, ["kubectl", "create", "configmap", f"c{i}"]) for i in range(12)]
        refused = [r for r in results if r.code != 0]
        assert refused, "the limit was never reached"
        assert "sandbox limit: the sandbox holds at most 25 objects" in refused[0].stderr
    assert not sb.directory.exists()  # stop() removed the kubeconfig and HOME


def test_events_autoscale_and_a_pod_waiting_for_its_configmap(kubectl: Kubectl) -> None:
    kubectl("create deployment ev --image=nginx")
    assert "Scaled up replica set ev-" in kubectl("describe deploy ev").stdout
    assert "Started container nginx" in kubectl("get events").stdout
    assert kubectl("autoscale deploy ev --min=1 --max=3 --cpu=50%").stdout == \
        "horizontalpodautoscaler.autoscaling/ev autoscaled\n"
    kubectl("apply -f -", stdin=json.dumps({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "needs-cm"},
        "spec": {"containers": [{"name": "app", "image": "nginx", "envFrom": [{"configMapRef": {"name": "later"}}]}]}}))
    assert "CreateContainerConfigError" in kubectl("get pod needs-cm").stdout
    assert 'Error: configmap "later" not found' in kubectl("describe pod needs-cm").stdout
    kubectl("create configmap later --from-literal=k=v")
    assert "Running" in kubectl("get pod needs-cm").stdout
    assert "k=v" in kubectl("exec needs-cm -- env").stdout


def test_interactive_shell_and_network_policies(kubectl: Kubectl) -> None:
    kubectl("create namespace np")
    kubectl("create deployment api -n np --image=nginx")
    kubectl("expose deployment api -n np --port=80")
    kubectl("run client -n np --image=busybox --labels=role=client -- sleep 3600")
    session = kubectl("exec -i client -n np -- sh", stdin="hostname\nwget -qO- -T 2 api | grep -c nginx\nexit 4\n",
                      ok=False)
    assert session.code == 4 and session.stdout.startswith("client\n")
    deny = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny", "namespace": "np"},
            "spec": {"podSelector": {"matchLabels": {"app": "api"}}, "policyTypes": ["Ingress"]}}
    kubectl("apply -f -", stdin=json.dumps(deny))
    blocked = kubectl("exec client -n np -- wget -qO- -T 2 api", ok=False)
    assert blocked.code == 1 and "timed out" in blocked.stderr
    deny["metadata"]["name"] = "allow-client"
    deny["spec"]["ingress"] = [{"from": [{"podSelector": {"matchLabels": {"role": "client"}}}],
                                "ports": [{"port": 80}]}]
    kubectl("apply -f -", stdin=json.dumps(deny))
    assert "Welcome to nginx!" in kubectl("exec client -n np -- wget -qO- api").stdout
    egress = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
              "metadata": {"name": "no-egress", "namespace": "np"},
              "spec": {"podSelector": {}, "policyTypes": ["Egress"]}}
    kubectl("apply -f -", stdin=json.dumps(egress))
    no_dns = kubectl("exec client -n np -- nslookup api", ok=False)
    assert no_dns.code == 1 and "no servers could be reached" in no_dns.stdout


def test_time_runs_cronjobs_crash_loops_and_probes(tmp_path) -> None:
    now = [1_800_000_000.0]  # a fixed clock the test moves; the clock thread is off
    with Sandbox.start(parent=tmp_path, clock=lambda: now[0], tick_seconds=None) as sb:
        def k(line: str) -> str:
            r = run_kubectl(sb, ["kubectl", *[w.replace("_", " ") for w in line.split()]])
            assert r.code == 0, r.stderr
            return r.stdout
        k("create cronjob tick --image=busybox --schedule=*/5_*_*_*_* -- date")
        assert k("get cronjob tick -o jsonpath={.spec.schedule}") == "*/5 * * * *"
        k("run crash --image=busybox")  # busybox's default command, sh, ends at once
        probe = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probed", "labels": {"app": "probed"}},
                 "spec": {"containers": [{"name": "web", "image": "nginx", "readinessProbe": {
                     "httpGet": {"path": "/healthz", "port": 80}}}]}}
        assert run_kubectl(sb, ["kubectl", "apply", "-f", "-"], stdin=json.dumps(probe)).code == 0
        k("expose pod probed --port=80")
        assert "<none>" in k("get endpoints probed")  # nginx answers /healthz with 404: not ready
        now[0] += 11 * 60
        sb.tick()
        jobs = k("get jobs -o name").split()
        assert len(jobs) == 1 and jobs[0].startswith("job.batch/tick-")
        assert "CrashLoopBackOff" in k("get pod crash")
        assert int(k("get pod crash -o jsonpath={.status.containerStatuses[0].restartCount}")) >= 3
        probe["spec"]["containers"][0]["readinessProbe"]["httpGet"]["path"] = "/"
        k("delete pod probed")
        assert run_kubectl(sb, ["kubectl", "apply", "-f", "-"], stdin=json.dumps(probe)).code == 0
        assert "<none>" not in k("get endpoints probed")
        assert ("default", "crash", "crash") in sb.api.exits
        k("delete pod crash")
        sb.tick()  # what a deleted Pod left in memory (its log, its exit code) goes with it
        assert not [key for key in (*sb.api.logs, *sb.api.exits) if key[1] == "crash"]
