"""A tiny recording API server on 127.0.0.1 for runner tests before (or without) the sandbox:
discovery from the resource registry, an empty list for every list, 404 for the rest; every request
is recorded (method, path)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from drills.kubectl.resources import RESOURCES


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        self.server.requests.append(("GET", self.path))
        path = self.path.split("?")[0]
        groups: dict = {}
        for r in RESOURCES:
            groups.setdefault((r.group, r.version), []).append(r)
        if path == "/api":
            return self._send(200, {"kind": "APIVersions", "versions": ["v1"]})
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
            for r in rs:
                if path.endswith("/" + r.plural):
                    return self._send(200, {"kind": f"{r.kind}List", "apiVersion": f"{g}/{v}" if g else v,
                                            "metadata": {"resourceVersion": "1"}, "items": []})
        self._send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound",
                         "code": 404, "message": "not found"})

    def _other(self):
        self.server.requests.append((self.command, self.path))
        self._send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound",
                         "code": 404, "message": "not found"})

    do_POST = do_PUT = do_PATCH = do_DELETE = _other  # noqa: N815


class _LoopbackServer(ThreadingHTTPServer):
    # kubectl opens one connection per API group at once: the default backlog of 5 overflowed under
    # load and dropped SYNs cost 1 + 2 + 4 + ... s of retries (see tests/kubectl/kubectl_truth.py)
    request_queue_size = 128
    daemon_threads = True


class StubServer:
    """Context manager: ``.kubeconfig`` (a file under ``dir``) points kubectl at it; ``.requests``."""

    def __init__(self, dir: Path) -> None:
        self.server = _LoopbackServer(("127.0.0.1", 0), _Handler)
        self.server.requests = []
        self.kubeconfig = Path(dir) / "stub-kubeconfig"
        self.kubeconfig.write_text(f"""apiVersion: v1
kind: Config
clusters: [{{name: stub, cluster: {{server: "http://127.0.0.1:{self.server.server_address[1]}"}}}}]
users: [{{name: u, user: {{token: test}}}}]
contexts: [{{name: stub, context: {{cluster: stub, user: u, namespace: default}}}}]
current-context: stub
""")

    @property
    def requests(self) -> list[tuple[str, str]]:
        return self.server.requests

    def __enter__(self) -> StubServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
