"""Watches: a chunked stream of `{"type": ..., "object": ...}` lines. With `sendInitialEvents=true`
(watch-list, what `kubectl wait` and `kubectl run -i` use) the current objects come first, then a
BOOKMARK annotated `k8s.io/initial-events-end: "true"`; without it, a watch from resourceVersion N
replays the changes after N. The stream ends at `timeoutSeconds` or when the sandbox stops."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from drills.sandbox import errors
from drills.sandbox.discovery import Served
from drills.sandbox.storage import Event
from drills.sandbox.selectors import SelectorError, field_matcher, label_matcher
from drills.sandbox.tables import table

if TYPE_CHECKING:
    from drills.sandbox.server import Handler

MAX_WATCH_SECONDS = 1800.0


def serve_watch(handler: Handler, s: Served, namespace: str, q: dict[str, str]) -> None:
    api = handler.server.api
    try:
        lm, fm = label_matcher(q.get("labelSelector")), field_matcher(q.get("fieldSelector"))
    except SelectorError as e:
        raise errors.bad_request(str(e)) from None
    as_table = handler.wants_table()
    first_table = [True]

    def wanted(obj: dict[str, Any]) -> bool:
        ns_ok = not s.res.namespaced or not namespace or obj["metadata"].get("namespace") == namespace
        return ns_ok and lm(obj["metadata"].get("labels") or {}) and fm(obj)

    def encode(type_: str, obj: dict[str, Any]) -> bytes:
        if as_table and type_ != "BOOKMARK" and type_ != "ERROR":
            obj = table(s.res.kind, [obj], api.clock(), obj["metadata"].get("resourceVersion", ""),
                        with_columns=first_table[0])
            first_table[0] = False
        data = json.dumps({"type": type_, "object": obj}).encode() + b"\n"
        return f"{len(data):x}\r\n".encode() + data + b"\r\n"

    timeout = min(float(q.get("timeoutSeconds") or MAX_WATCH_SECONDS), MAX_WATCH_SECONDS)
    deadline = time.monotonic() + timeout
    start = q.get("resourceVersion") or ""
    initial = q.get("sendInitialEvents") == "true" or start in ("", "0")
    with api.store.lock:
        cursor = api.store.rv
        out = [encode("ADDED", o) for o in api.store.list(s.key, None) if wanted(o)] if initial else []
        if not initial:
            backlog = api.store.events_after(int(start) if start.isdigit() else 0, s.key)
            if backlog is None:
                gone = errors.ApiError(410, "Expired", f"too old resource version: {start} ({cursor})")
                out.append(encode("ERROR", gone.status()))
                deadline = 0.0
            else:
                out += [encode(e.type, e.obj) for e in backlog if wanted(e.obj)]
        if q.get("sendInitialEvents") == "true":
            out.append(encode("BOOKMARK", {"kind": s.res.kind, "apiVersion": s.group_version, "metadata": {
                "resourceVersion": str(cursor), "annotations": {"k8s.io/initial-events-end": "true"}}}))
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json;as=Table;v=v1;g=meta.k8s.io" if as_table
                        else "application/json")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    handler.close_connection = True
    try:
        handler.wfile.write(b"".join(out))
        handler.wfile.flush()
        while time.monotonic() < deadline and not handler.server.stopping:
            with api.store.changed:
                events: list[Event] = api.store.events_after(cursor, s.key) or []
                if not events and api.store.rv == cursor:
                    api.store.changed.wait(timeout=min(0.5, max(0.0, deadline - time.monotonic())))
                    events = api.store.events_after(cursor, s.key) or []
                cursor = api.store.rv
            chunk = b"".join(encode(e.type, e.obj) for e in events if wanted(e.obj))
            if chunk:
                handler.wfile.write(chunk)
                handler.wfile.flush()
        handler.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass  # the client went away: the watch is over
