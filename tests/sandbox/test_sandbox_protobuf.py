"""Typed `kubectl create` (and `autoscale`) send protobuf. The sandbox decodes them into the same
object kubectl renders as JSON: each command is sent as the real kubectl sends it (server dry run)
and compared with its `--dry-run=client -o json`, field by field."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from drills.sandbox import Sandbox
from drills.sandbox.sandbox import kubectl_path
from tests.sandbox.conftest import requires_kubectl

pytestmark = requires_kubectl
TYPED = [
    ["create", "deployment", "web2", "--image=nginx:1.27", "--replicas=3", "--port=8080"],
    ["create", "deployment", "zero", "--image=nginx", "--replicas=0"],
    ["create", "deployment", "cmd", "--image=busybox", "--", "sleep", "3600"],
    ["create", "namespace", "ns-x"],
    ["create", "service", "clusterip", "web", "--tcp=80:8080"],
    ["create", "service", "nodeport", "np", "--tcp=80:80", "--node-port=30080"],
    ["create", "service", "externalname", "ext", "--external-name=example.com"],
    ["create", "service", "loadbalancer", "lb", "--tcp=443:8443"],
    ["create", "configmap", "cfg", "--from-literal=a=1", "--from-literal=b=two"],
    ["create", "secret", "generic", "sec", "--from-literal=pw=s3cr3t"],
    ["create", "secret", "docker-registry", "reg", "--docker-server=r.io", "--docker-username=u",
     "--docker-password=p"],
    ["create", "serviceaccount", "builder"],
    ["create", "job", "j", "--image=busybox", "--", "echo", "hi"],
    ["create", "cronjob", "cj", "--image=busybox", "--schedule=*/5 * * * *", "--restart=Never", "--", "date"],
    ["create", "ingress", "ing", "--class=nginx", "--rule=foo.com/bar*=web:80", "--rule=tls.com/=web:8080,tls=s"],
    ["create", "role", "r", "--verb=get,list", "--resource=pods,deployments.apps", "--resource-name=x"],
    ["create", "clusterrole", "cr", "--verb=get", "--resource=nodes"],
    ["create", "rolebinding", "rb", "--role=r", "--user=alice", "--group=devs", "--serviceaccount=default:builder"],
    ["create", "clusterrolebinding", "crb", "--clusterrole=cr", "--user=bob"],
    ["create", "quota", "q", "--hard=pods=10,requests.cpu=2,limits.memory=2Gi"],
    ["create", "pdb", "pdb", "--selector=app=web", "--min-available=50%"],
    ["create", "pdb", "pdb2", "--selector=app=web", "--max-unavailable=1"],
    ["create", "priorityclass", "high", "--value=1000", "--description=important"],
    ["autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu=70%"],
]


def _strip(x: Any) -> Any:
    if isinstance(x, dict):
        d = {k: _strip(v) for k, v in x.items()}
        return {k: v for k, v in d.items() if v not in ({}, None, [], "")}
    if isinstance(x, list):
        return [_strip(v) for v in x]
    return x


def _differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: {actual!r}, expected an object"]
        return [d for k, v in expected.items() for d in _differences(v, actual.get(k), f"{path}.{k}")]
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: {actual!r}, expected {expected!r}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual)) for d in _differences(e, a, f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: {actual!r}, expected {expected!r}"]


@pytest.fixture(scope="module")
def typed_sandbox(tmp_path_factory: pytest.TempPathFactory):
    with Sandbox.start(parent=tmp_path_factory.mktemp("pb"), tick_seconds=None) as sb:
        web = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "n",
                                                                                       "image": "nginx"}]}}}}
        subprocess.run([kubectl_path(), "create", "-f", "-"], input=json.dumps(web), env=sb.env, check=True,
                       capture_output=True, text=True)
        yield sb


@pytest.mark.parametrize("args", TYPED, ids=lambda a: " ".join(a[:3]))
def test_typed_create_protobuf_decodes_to_kubectls_own_json(typed_sandbox: Sandbox, args: list[str]) -> None:
    cut = args.index("--") if "--" in args else len(args)

    def run(dry_run: str) -> Any:
        done = subprocess.run([kubectl_path(), *args[:cut], f"--dry-run={dry_run}", "-o", "json", *args[cut:]],
                              env=typed_sandbox.env, capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    expected = _strip(run("client"))
    expected.pop("status", None)
    assert _differences(expected, run("server")) == []
    assert not [r for r in typed_sandbox.requests() if r["method"] == "POST" and "dryRun" not in r["query"]
                and "authorization" not in r["path"]][1:]  # nothing but the seed Deployment was stored
