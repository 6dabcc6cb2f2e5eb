"""`kubectl logs`, `exec` and `attach` against sandbox Pods. Logs are plain text; exec and attach
upgrade to WebSocket (`v5.channel.k8s.io`). An exec of a bare shell with stdin (`exec -it POD -- sh`)
reads command lines from the client and answers each; anything else runs once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drills.sandbox import errors, websocket
from drills.sandbox.execs import Shell
from drills.sandbox.routes import Route

if TYPE_CHECKING:
    from drills.sandbox.server import Handler

SHELLS = {"sh", "bash", "ash", "/bin/sh", "/bin/bash", "/bin/ash"}


def _container(pod: dict[str, Any], name: str | None) -> dict[str, Any]:
    containers = pod["spec"].get("containers") or []
    if name:
        found = next((c for c in containers if c.get("name") == name), None)
        if found is None:
            raise errors.bad_request(f"container {name} is not valid for pod {pod['metadata']['name']}")
        return found
    if len(containers) > 1:
        names = " ".join(c["name"] for c in containers)
        raise errors.bad_request(f"a container name must be specified for pod {pod['metadata']['name']}, choose "
                                 f"one of: [{names}]")
    return containers[0]


def _waiting(pod: dict[str, Any], container: dict[str, Any]) -> str | None:
    for cs in (pod.get("status") or {}).get("containerStatuses") or []:
        if cs.get("name") == container["name"] and "waiting" in (cs.get("state") or {}):
            return str(cs["state"]["waiting"].get("reason", "ContainerCreating"))
    return None


def serve_pod_stream(handler: Handler, route: Route, query: dict[str, list[str]]) -> None:
    api = handler.server.api
    q = {k: v[-1] for k, v in query.items()}
    pod = api.get(route.served, route.namespace, route.name)
    if route.sub == "portforward":
        # the WebSocket tunnel is declined (400), so kubectl falls back to plain SPDY
        if not handler.headers.get("Upgrade", "").lower().startswith("spdy/3.1"):
            raise errors.bad_request("the sandbox serves port-forward over SPDY/3.1")
        if (pod.get("status") or {}).get("phase") != "Running":
            raise errors.bad_request(f"pod {route.name} is not running")
        from drills.sandbox.portforward import serve_port_forward

        serve_port_forward(handler, pod)
        return
    container = _container(pod, q.get("container"))
    waiting = _waiting(pod, container)
    if waiting:
        raise errors.bad_request(f'container "{container["name"]}" in pod "{route.name}" is waiting to start: '
                                 f"{waiting}")
    if route.sub == "log":
        text = api.logs.get((route.namespace, route.name, container["name"]), "")
        if q.get("tailLines", "").isdigit():
            lines = text.splitlines(keepends=True)
            text = "".join(lines[len(lines) - int(q["tailLines"]):]) if int(q["tailLines"]) else ""
        handler.send_text(200, text)
        return
    if route.sub == "portforward" or handler.headers.get("Upgrade", "").lower() != "websocket":
        raise errors.bad_request(f"the sandbox does not support {route.sub} over this protocol "
                                 "(it speaks WebSocket v5.channel.k8s.io for exec and attach)")
    protocol = websocket.choose_protocol(handler.headers.get("Sec-WebSocket-Protocol", ""))
    if protocol is None:
        raise errors.bad_request("unsupported WebSocket subprotocol; the sandbox speaks v5.channel.k8s.io and "
                                 "v4.channel.k8s.io")
    phase = (pod.get("status") or {}).get("phase")
    if route.sub == "exec" and phase != "Running":
        raise errors.bad_request(f"cannot exec into a container in a completed pod; current phase is {phase}")
    argv = query.get("command", [])
    handler.send_response(101, "Switching Protocols")
    handler.send_header("Upgrade", "websocket")
    handler.send_header("Connection", "Upgrade")
    handler.send_header("Sec-WebSocket-Accept", websocket.accept_key(handler.headers.get("Sec-WebSocket-Key", "")))
    handler.send_header("Sec-WebSocket-Protocol", protocol)
    handler.end_headers()
    handler.wfile.flush()
    handler.close_connection = True
    conn = handler.connection
    if route.sub == "attach":
        # attach shows only output written from now on; kubectl run -i fetched the logs just before
        websocket.serve_stream(conn, handler.rfile, "", "", 0, [])
        return
    if argv and argv[0] in SHELLS and len(argv) == 1 and q.get("stdin") in ("true", "1"):
        _interactive(handler, pod, container, q.get("tty") in ("true", "1"))
        return
    with api.store.lock:
        result = Shell(api, pod, container).run(argv)
    websocket.serve_stream(conn, handler.rfile, result.stdout, result.stderr, result.code, argv)


def _interactive(handler: Handler, pod: dict[str, Any], container: dict[str, Any], tty: bool) -> None:
    """A shell session: each line the client sends is run; `exit` or end of input ends it."""
    api, conn = handler.server.api, handler.connection
    shell = Shell(api, pod, container)
    prompt = "/ # " if tty else ""
    newline = "\r\n" if tty else "\n"

    def send(text: str) -> None:
        if text:
            conn.sendall(websocket.frame(b"\x01" + text.replace("\n", newline).encode()))

    send(prompt)
    line, code = "", 0
    conn.settimeout(3600)
    try:
        while True:
            got = websocket.read_frame(handler.rfile)
            if got is None or got[0] == 0x8:
                break
            data = got[1]
            if not data or data[0] == 255 or data[0] != 0:
                if data[:2] == b"\xff\x00":
                    break
                continue
            for ch in data[1:].decode(errors="replace"):
                if ch in "\r\n":
                    if tty:
                        send("\n")
                    if line.strip() in ("exit", "logout"):
                        raise EOFError
                    if line.strip():
                        with api.store.lock:
                            result = shell.script(line)
                        send(result.stdout + result.stderr)
                        code = result.code
                        if result.exited:
                            raise EOFError
                    line = ""
                    send(prompt)
                elif ch in "\x7f\b":
                    if line:
                        line = line[:-1]
                        send("\b \b" if tty else "")
                elif ch == "\x04":
                    raise EOFError
                else:
                    line += ch
                    send(ch if tty else "")
    except (EOFError, OSError):
        pass
    try:
        websocket.serve_stream(conn, handler.rfile, "", "", code, ["sh"])
    except OSError:
        pass
