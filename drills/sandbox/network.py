"""The cluster network as seen from inside a Pod: DNS names to addresses, and what answers on an
address and port (the backend's page, or a refused connection).

Names: `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local` (search path of the client's
namespace), a headless Service resolving to its ready Pods, `host.subdomain.ns.svc.cluster.local` for
StatefulSet Pods, `a-b-c-d.ns.pod.cluster.local`. A ClusterIP forwards to one ready endpoint on its
targetPort; with no ready endpoint the connection is refused, as kube-proxy rejects it. What a Pod
serves is decided by its image (nginx's welcome page, httpbin's JSON, http-echo's text), on the
image's port or the container ports it declares.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drills.sandbox import netpol
from drills.sandbox.controllers.common import pod_ready
from drills.sandbox.controllers.services import backends, resolve_target_port
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.api import Api

DOMAIN = "cluster.local"
MAX_LOG = 256 * 1024
DNS_IP = "10.96.0.10"

NGINX_PAGE = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

# image family -> (default port, server name); an image not listed serves only on declared ports
SERVERS = {"nginx": (80, "nginx/1.29.3"), "httpd": (80, "Apache/2.4.65 (Unix)"), "httpbin": (80, "gunicorn"),
           "http-echo": (5678, ""), "whoami": (80, ""), "echoserver": (8080, "echoserver")}
SHELL_IMAGES = {"busybox", "alpine", "ubuntu", "debian", "fedora", "centos", "curl", "netshoot", "bash",
                "jessie-dnsutils", "dnsutils"}


def image_family(image: str) -> str:
    name = image.rsplit("/", 1)[-1].split("@")[0].split(":")[0]
    if name.startswith("nginx") or name == "openresty":
        return "nginx"
    if "httpbin" in name:
        return "httpbin"
    return name


@dataclass
class Answer:
    """An HTTP exchange's outcome: ``status`` 0 means the connection failed (``error`` says how)."""

    status: int = 0
    body: str = ""
    server: str = ""
    error: str = ""  # "refused", "timeout", "unresolved"
    ip: str = ""
    content_type: str = "text/html"


def search_names(name: str, namespace: str) -> list[str]:
    name = name.rstrip(".")
    if name.endswith(DOMAIN):
        return [name]
    return [f"{name}.{namespace}.svc.{DOMAIN}", f"{name}.svc.{DOMAIN}", f"{name}.{DOMAIN}", name]


def _service(api: Api, fqdn: str) -> Obj | None:
    parts = fqdn.split(".")
    if len(parts) == 5 and ".".join(parts[2:]) == f"svc.{DOMAIN}":
        return api.store.peek("services", parts[1], parts[0])
    return None


def resolve(api: Api, name: str, namespace: str) -> tuple[str, list[str], Obj | None]:
    """(fully qualified name, addresses, the Service if one is named); no addresses when unknown."""
    if _is_ip(name):
        return name, [name], None
    for fqdn in search_names(name, namespace):
        svc = _service(api, fqdn)
        if svc is not None:
            spec = svc["spec"]
            if spec.get("type") == "ExternalName":
                return fqdn, [], svc
            if spec.get("clusterIP") == "None":
                ready, _ = backends(api, svc)
                return fqdn, sorted(p["status"]["podIP"] for p in ready), svc
            return fqdn, [spec["clusterIP"]], svc
        parts = fqdn.split(".")
        if len(parts) == 6 and ".".join(parts[3:]) == f"svc.{DOMAIN}":  # pod.subdomain.ns.svc.cluster.local
            for pod in api.store.iter("pods", parts[2]):
                if pod["spec"].get("hostname") == parts[0] and pod["spec"].get("subdomain") == parts[1] \
                        and pod.get("status", {}).get("podIP"):
                    return fqdn, [pod["status"]["podIP"]], None
        if len(parts) == 5 and ".".join(parts[2:]) == f"pod.{DOMAIN}":
            return fqdn, [parts[0].replace("-", ".")], None
    return search_names(name, namespace)[0], [], None


def _is_ip(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)


def pod_by_ip(api: Api, ip: str) -> Obj | None:
    for pod in api.store.iter("pods"):
        if pod.get("status", {}).get("podIP") == ip and pod["status"].get("phase") not in ("Succeeded", "Failed"):
            return pod
    return None


def service_by_ip(api: Api, ip: str) -> Obj | None:
    return next((s for s in api.store.iter("services") if s["spec"].get("clusterIP") == ip), None)


def listening(pod: Obj) -> dict[int, Obj]:
    """Port -> the container serving it: a server image's own port, and declared container ports of
    anything but a plain shell image (busybox running `sleep` listens on nothing)."""
    ports: dict[int, Obj] = {}
    for c in pod["spec"].get("containers") or []:
        family = image_family(str(c.get("image", "")))
        if family in SERVERS and not c.get("command"):
            ports.setdefault(SERVERS[family][0], c)
            for arg in c.get("args") or []:
                if str(arg).startswith("-listen=:"):
                    ports[int(str(arg).split(":")[-1])] = c
        if family not in SHELL_IMAGES:
            for p in c.get("ports") or []:
                ports.setdefault(int(p["containerPort"]), c)
    return ports


def connect(api: Api, ip: str, port: int, client: Obj | None = None) -> tuple[Obj | None, Obj | None, str]:
    """(pod, container) reached by a TCP connection from ``client`` to ip:port, or (None, None, why)."""
    svc = service_by_ip(api, ip)
    if svc is not None:
        sport = next((p for p in svc["spec"].get("ports") or [] if p.get("port") == port), None)
        if sport is None:
            return None, None, "timeout"
        ready, _ = backends(api, svc)
        if not ready:
            return None, None, "refused"
        api.store.serial += 1
        backend = ready[api.store.serial % len(ready)]
        target = resolve_target_port(backend, sport.get("targetPort", port))
        if client is not None and target is not None and not netpol.allowed(api, client, backend, target):
            return None, None, "timeout"  # dropped by a NetworkPolicy
        return _pod_port(backend, target)
    pod = pod_by_ip(api, ip)
    if pod is None:
        return None, None, "timeout"
    if client is not None and not netpol.allowed(api, client, pod, port):
        return None, None, "timeout"
    return _pod_port(pod, port)


def _pod_port(pod: Obj, port: int | None) -> tuple[Obj | None, Obj | None, str]:
    if not pod_ready(pod) or port is None:
        return None, None, "refused"
    container = listening(pod).get(port)
    if container is None:
        return None, None, "refused"
    return pod, container, ""


def http_get(api: Api, client: Obj, host: str, port: int, path: str, agent: str) -> Answer:
    """GET http://host:port/path from the ``client`` Pod."""
    if not _is_ip(host) and not netpol.dns_allowed(api, client):
        return Answer(error="unresolved")
    fqdn, ips, _ = resolve(api, host, client["metadata"]["namespace"])
    if not ips:
        return Answer(error="unresolved")
    pod, container, why = connect(api, ips[0], port, client)
    if pod is None or container is None:
        return Answer(error=why, ip=ips[0])
    family = image_family(str(container.get("image", "")))
    server = SERVERS.get(family, (0, ""))[1]
    status, body, ctype = _page(family, pod, container, host, port, path, agent, client)
    _access_log(api, pod, container, client, path, status, len(body.encode()), agent)
    return Answer(status=status, body=body, server=server, ip=ips[0], content_type=ctype)


def pod_page(api: Api, pod: Obj, port: int, request: bytes) -> bytes | None:
    """The raw HTTP response of the Pod's server on ``port`` to ``request`` (port-forward), or None
    when nothing listens there."""
    target, container, _ = _pod_port(pod, port)
    if target is None or container is None:
        return None
    line = request.split(b"\r\n", 1)[0].decode(errors="replace").split()
    path = line[1] if len(line) >= 2 and line[1].startswith("/") else "/"
    head = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in
            request.decode(errors="replace").split("\r\n")[1:]) if k}
    family = image_family(str(container.get("image", "")))
    client: Obj = {"metadata": {"namespace": pod["metadata"]["namespace"]}, "status": {"podIP": "127.0.0.1"}}
    status, body, ctype = _page(family, pod, container, head.get("host", "localhost"), port, path,
                                head.get("user-agent", "-"), client)
    _access_log(api, pod, container, client, path, status, len(body.encode()), head.get("user-agent", "-"))
    reason = {200: "OK", 404: "Not Found"}.get(status, "")
    server = SERVERS.get(family, (0, ""))[1]
    data = body.encode()
    return (f"HTTP/1.1 {status} {reason}\r\n" + (f"Server: {server}\r\n" if server else "")
            + f"Content-Type: {ctype}\r\nContent-Length: {len(data)}\r\nConnection: close\r\n\r\n").encode() + data


def _page(family: str, pod: Obj, container: Obj, host: str, port: int, path: str, agent: str,
          client: Obj) -> tuple[int, str, str]:
    url_host = host if port == 80 else f"{host}:{port}"
    if family == "nginx":
        return (200, NGINX_PAGE, "text/html") if path in ("/", "/index.html") else (404, _nginx_404(), "text/html")
    if family == "httpd":
        return 200, "<html><body><h1>It works!</h1></body></html>\n", "text/html"
    if family == "httpbin":
        origin = client.get("status", {}).get("podIP", "")
        headers = {"Accept": "*/*", "Host": url_host, "User-Agent": agent}
        if path.startswith("/get"):
            return 200, json.dumps({"args": {}, "headers": headers, "origin": origin,
                                    "url": f"http://{url_host}{path}"}, indent=2) + "\n", "application/json"
        if path.startswith("/headers"):
            return 200, json.dumps({"headers": headers}, indent=2) + "\n", "application/json"
        if path.startswith("/ip"):
            return 200, json.dumps({"origin": origin}, indent=2) + "\n", "application/json"
        if path == "/":
            return 200, "<!DOCTYPE html>\n<html><head><title>httpbin.org</title></head><body>httpbin: HTTP Request "\
                        "& Response Service</body></html>\n", "text/html"
        return 404, "<title>404 Not Found</title><h1>Not Found</h1>\n", "text/html"
    if family == "http-echo":
        text = next((str(a).split("=", 1)[1] for a in container.get("args") or [] if str(a).startswith("-text=")),
                    "hello-world")
        return 200, text + "\n", "text/plain"
    if family == "whoami":
        return 200, f"Hostname: {pod['metadata']['name']}\nIP: 127.0.0.1\nIP: {pod['status']['podIP']}\n" \
                    f"GET {path} HTTP/1.1\nHost: {url_host}\nUser-Agent: {agent}\n", "text/plain"
    return 200, f"Hello from {pod['metadata']['name']}\n", "text/plain"


def _nginx_404() -> str:
    return ("<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n"
            "<hr><center>nginx/1.29.3</center>\n</body>\n</html>\n")


def _access_log(api: Api, pod: Obj, container: Obj, client: Obj, path: str, status: int, size: int,
                agent: str) -> None:
    from datetime import datetime, timezone

    when = datetime.fromtimestamp(api.clock(), timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    key = (pod["metadata"]["namespace"], pod["metadata"]["name"], container["name"])
    line = f'{client.get("status", {}).get("podIP", "-")} - - [{when}] "GET {path} HTTP/1.1" {status} {size} "-" ' \
           f'"{agent}" "-"\n'
    api.logs[key] = (api.logs.get(key, "") + line)[-MAX_LOG:]  # a log keeps its newest part, as kubelet rotates
