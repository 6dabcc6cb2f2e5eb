"""The HTTP side: a `ThreadingHTTPServer` on 127.0.0.1 that checks the bearer token, routes
Kubernetes API paths to `Api`, answers JSON or Table, streams watches, and upgrades exec/attach to
the WebSocket channel protocol. Bodies are JSON only (typed `kubectl create` sends protobuf: see
`drills.sandbox.kubectl` for the rewrite that keeps a sandbox JSON-only).

Stdlib on purpose: kubectl needs HTTP/1.1 keep-alive, chunked watch streams and one WebSocket
upgrade, all of which `http.server` handles in a few lines; a web framework would add a dependency
and an event loop for nothing.
"""

from __future__ import annotations

import hmac
import json
import socket
import ssl
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from drills.sandbox import discovery, errors, openapi
from drills.sandbox.api import Api
from drills.sandbox.discovery import METRICS_GROUP, Served
from drills.sandbox.reviews import review
from drills.sandbox.routes import Route, parse_route
from drills.sandbox.tables import table

MAX_BODY = 3 * 1024 * 1024
MAX_CONNECTIONS = 128
AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"


class SandboxHTTPServer(ThreadingHTTPServer):
    """Carries the state the handlers share."""

    daemon_threads = True
    allow_reuse_address = True
    # kubectl opens a connection per API group at once; with the default backlog of 5 a busy machine
    # dropped SYNs, and each drop costs the client 1, 2, 4 ... s of retries
    request_queue_size = 128

    def __init__(self, api: Api, token: str, context: ssl.SSLContext, max_requests: int = 5000) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.api, self.token, self.context = api, token, context
        self.recorded: deque[dict[str, Any]] = deque(maxlen=max_requests)
        self.stopping = False
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def finish_request(self, request: Any, client_address: Any) -> None:
        # TLS handshake here, in the connection's own thread, so a silent client cannot stall accept()
        if not self.slots.acquire(blocking=False):
            return  # too many open connections (each watch holds one): refuse this one
        try:
            self._serve_tls(request, client_address)
        finally:
            self.slots.release()

    def _serve_tls(self, request: Any, client_address: Any) -> None:
        request.settimeout(10)
        # headers and body go out as separate writes: without NODELAY, Nagle's algorithm holds the body
        # until the client's delayed ACK (~40 ms on Linux) on every response
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        tls.settimeout(None)
        try:
            Handler(tls, client_address, self)
        finally:
            try:
                tls.close()
            except OSError:
                pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SandboxHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet: kubectl output stays clean
        pass

    # -- plumbing --------------------------------------------------------------------------
    def send_json(self, code: int, body: Any, content_type: str = "application/json") -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_text(self, code: int, text: str) -> None:
        data = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_error_status(self, e: errors.ApiError) -> None:
        self.send_json(e.code, e.status())

    def authorized(self) -> bool:
        auth = self.headers.get("Authorization", "")
        return hmac.compare_digest(auth.encode(), f"Bearer {self.server.token}".encode())

    def read_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise errors.ApiError(413, "RequestEntityTooLarge", f"Request entity too large: limit is {MAX_BODY}")
        raw = self.rfile.read(length) if length else b""
        ctype = self.headers.get("Content-Type", "application/json")
        if "protobuf" in ctype and self.path.startswith("/apis/authorization.k8s.io/"):
            from drills.sandbox.protobuf import access_review

            try:
                return access_review(raw)
            except (ValueError, IndexError, UnicodeDecodeError) as e:
                raise errors.bad_request(f"unreadable protobuf body: {e}") from None
        if "protobuf" in ctype:
            from drills.sandbox.protobuf import Unreadable, typed_object

            try:
                return typed_object(raw)
            except (Unreadable, ValueError, IndexError, KeyError, UnicodeDecodeError):
                pass
            raise errors.ApiError(415, "UnsupportedMediaType", "the sandbox accepts JSON only; typed `kubectl create` "
                                  "sends protobuf: render it with --dry-run=client -o json and pipe it to "
                                  "`kubectl create -f -`")
        if not raw:
            return None
        try:
            return yaml.safe_load(raw) if "yaml" in ctype else json.loads(raw)
        except (ValueError, yaml.YAMLError) as e:
            raise errors.bad_request(f"the body is not valid JSON: {e}") from None

    def record(self, method: str, route: Route | None, query: dict[str, list[str]], body: Any) -> None:
        self.server.recorded.append({"method": method, "path": urlsplit(self.path).path,
                                     "query": {k: v[0] if len(v) == 1 else v for k, v in query.items()},
                                     "body": body})

    # -- verbs -----------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        self.handle_any("GET")

    def do_POST(self) -> None:  # noqa: N802
        self.handle_any("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self.handle_any("PUT")

    def do_PATCH(self) -> None:  # noqa: N802
        self.handle_any("PATCH")

    def do_DELETE(self) -> None:  # noqa: N802
        self.handle_any("DELETE")

    def handle_any(self, method: str) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if not self.authorized():
            self.read_body_quietly()
            self.send_json(401, errors.ApiError(401, "Unauthorized", "Unauthorized").status())
            return
        try:
            if method == "GET" and self.discovery(url.path):
                return
            route = parse_route(url.path)
            if route is None:
                self.read_body_quietly()  # keep the connection in step for the next request
                raise errors.ApiError(404, "NotFound", "the server could not find the requested resource")
            body = self.read_body() if method in ("POST", "PUT", "PATCH", "DELETE") else None
            if method != "GET" or route.sub in ("exec", "attach"):
                self.record(method, route, query, body)
            self.dispatch(method, route, query, body)
        except errors.ApiError as e:
            self.send_error_status(e)

    def read_body_quietly(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)

    def discovery(self, path: str) -> bool:
        accept = self.headers.get("Accept", "")
        if path in ("/api", "/apis") and "as=APIGroupDiscoveryList" in accept:
            self.send_json(200, discovery.aggregated(core=path == "/api"), AGGREGATED)
        elif path == "/api":
            self.send_json(200, discovery.api_versions())
        elif path == "/apis":
            self.send_json(200, discovery.api_groups())
        elif path == "/version":
            self.send_json(200, discovery.VERSION_INFO)
        elif path.startswith("/openapi/v3"):
            doc = openapi.document(path)
            if doc is None:
                raise errors.ApiError(404, "NotFound", "the server could not find the requested resource")
            self.send_json(200, doc)
        elif path in ("/healthz", "/readyz", "/livez"):
            self.send_text(200, "ok")
        else:
            parts = path.strip("/").split("/")
            gv = ("", parts[1]) if parts[0] == "api" and len(parts) == 2 else \
                (parts[1], parts[2]) if parts[0] == "apis" and len(parts) == 3 else None
            if gv is None:
                return False
            doc = discovery.resource_list(*gv)
            if doc is None:
                raise errors.ApiError(404, "NotFound", "the server could not find the requested resource")
            self.send_json(200, doc)
        return True

    def dispatch(self, method: str, route: Route, query: dict[str, list[str]], body: Any) -> None:
        api, s = self.server.api, route.served
        q = {k: v[-1] for k, v in query.items()}
        dry = q.get("dryRun") == "All"
        if s.res.group == METRICS_GROUP:
            if method != "GET" or route.sub:
                raise errors.ApiError(405, "MethodNotAllowed", "the server does not allow this method")
            from drills.sandbox.metrics import metrics

            self.send_json(200, metrics(api, s, route.namespace, route.name, q.get("labelSelector"),
                                        q.get("fieldSelector")))
            return
        if not s.stored:
            if method != "POST":
                raise errors.ApiError(405, "MethodNotAllowed", "the server does not allow this method")
            self.send_json(201, review(api, s, body, self.headers))
            return
        if route.sub in ("exec", "attach", "log", "portforward"):
            from drills.sandbox.streams import serve_pod_stream

            serve_pod_stream(self, route, query)
            return
        if route.sub == "scale":
            if method == "GET":
                self.send_json(200, api.get_scale(s, route.namespace, route.name))
            elif method == "PUT":
                self.send_json(200, api.set_scale(s, route.namespace, route.name, body or {}, dry))
            elif method == "PATCH":
                from drills.sandbox.patch import apply_patch

                new = apply_patch(self.headers.get("Content-Type", ""), api.get_scale(s, route.namespace,
                                                                                      route.name), body)
                self.send_json(200, api.set_scale(s, route.namespace, route.name, new, dry))
            return
        if route.sub not in ("", "status"):
            raise errors.ApiError(404, "NotFound", "the server could not find the requested resource")
        if method == "GET" and route.name:
            self.respond(api.get(s, route.namespace, route.name), s, q)
        elif method == "GET":
            if q.get("watch") in ("1", "true"):
                from drills.sandbox.watch import serve_watch

                serve_watch(self, s, route.namespace, q)
                return
            self.respond_list(s, route.namespace, q)
        elif method == "POST" and not route.name:
            self.respond(api.create(s, route.namespace, body, dry), s, q, 201)
        elif method == "PUT" and route.name:
            self.respond(api.update(s, route.namespace, route.name, body, dry, route.sub), s, q)
        elif method == "PATCH" and route.name:
            code, obj = api.patch(s, route.namespace, route.name, self.headers.get("Content-Type", ""), body, dry,
                                  route.sub)
            self.respond(obj, s, q, code)
        elif method == "DELETE" and route.name:
            self.respond(api.delete(s, route.namespace, route.name, body, dry), s, q)
        elif method == "DELETE":
            gone = [api.delete(s, o["metadata"].get("namespace", ""), o["metadata"]["name"], body, dry)
                    for o in api.list(s, route.namespace or None, q.get("labelSelector"), q.get("fieldSelector"))]
            self.respond_items(s, gone, str(api.store.rv))
        else:
            raise errors.ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                                  "resource")

    def wants_table(self) -> bool:
        return "as=Table" in self.headers.get("Accept", "")

    def respond(self, obj: dict[str, Any], s: Served, q: dict[str, str], code: int = 200) -> None:
        if self.wants_table():
            self.send_json(code, table(s.res.kind, [obj], self.server.api.clock(), obj["metadata"].get(
                "resourceVersion", ""), q.get("includeObject") != "None"),
                "application/json;as=Table;v=v1;g=meta.k8s.io")
        else:
            self.send_json(code, obj)

    def respond_list(self, s: Served, namespace: str, q: dict[str, str]) -> None:
        api = self.server.api
        with api.store.lock:
            items = api.list(s, namespace or None, q.get("labelSelector"), q.get("fieldSelector"))
            rv = str(api.store.rv)
        self.respond_items(s, items, rv)

    def respond_items(self, s: Served, items: list[dict[str, Any]], rv: str) -> None:
        if self.wants_table():
            self.send_json(200, table(s.res.kind, items, self.server.api.clock(), rv),
                           "application/json;as=Table;v=v1;g=meta.k8s.io")
            return
        self.send_json(200, {"kind": f"{s.res.kind}List", "apiVersion": s.group_version,
                             "metadata": {"resourceVersion": rv}, "items": items})


def start_server(api: Api, token: str, context: ssl.SSLContext) -> SandboxHTTPServer:
    server = SandboxHTTPServer(api, token, context, api.store.limits.max_requests)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True,
                              name="drills-sandbox")
    thread.start()
    return server
