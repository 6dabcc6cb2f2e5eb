"""`kubectl port-forward` against a sandbox Pod: SPDY/3.1 with the `portforward.k8s.io` protocol.

kubectl first tries a WebSocket tunnel; the sandbox declines it, and kubectl falls back to SPDY
(a 101 upgrade, then SPDY frames on the connection). Per local connection kubectl opens two streams
sharing a `requestID`: `error` and `data`, each with the remote `port` in its headers. Bytes on the
data stream are answered as the Pod's server would answer them (one HTTP exchange, then close); a
port nobody listens on gets kubelet's error on the error stream.

SPDY header blocks are zlib-compressed with a fixed dictionary (the SPDY/3 spec's). The sandbox reads
that dictionary from the kubectl binary itself (found by its first bytes, its length fixed by the
Adler-32 the client's zlib stream names), rather than carrying a copy.
"""

from __future__ import annotations

import socket
import struct
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from drills.sandbox.network import pod_page
from drills.sandbox.storage import Obj

if TYPE_CHECKING:
    from drills.sandbox.server import Handler

SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY = 1, 2, 3, 4, 6, 7
FLAG_FIN = 0x01
DICTIONARY_START = b"\x00\x00\x00\x07options\x00\x00\x00\x04head\x00\x00\x00\x04post"
MAX_REQUEST = 64 * 1024


@lru_cache(maxsize=4)
def _dictionary(kubectl: str, dict_id: int) -> bytes | None:
    """The SPDY/3 header dictionary whose Adler-32 is ``dict_id``, found in the kubectl binary."""
    try:
        data = Path(kubectl).read_bytes()
    except OSError:
        return None
    at = data.find(DICTIONARY_START)
    while at >= 0:
        for length in range(len(DICTIONARY_START), 4096):
            if zlib.adler32(data[at:at + length]) == dict_id:
                return data[at:at + length]
        at = data.find(DICTIONARY_START, at + 1)
    return None


def control(kind: int, payload: bytes, flags: int = 0) -> bytes:
    return struct.pack("!HHI", 0x8003, kind, (flags << 24) | len(payload)) + payload


def data_frame(stream: int, payload: bytes, flags: int = 0) -> bytes:
    return struct.pack("!II", stream & 0x7FFFFFFF, (flags << 24) | len(payload)) + payload


def _headers(block: bytes) -> dict[str, str]:
    count, at, out = struct.unpack_from("!I", block)[0], 4, {}
    for _ in range(count):
        n = struct.unpack_from("!I", block, at)[0]
        name = block[at + 4:at + 4 + n].decode()
        at += 4 + n
        n = struct.unpack_from("!I", block, at)[0]
        out[name] = block[at + 4:at + 4 + n].decode()
        at += 4 + n
    return out


class Session:
    """One port-forward connection: its streams and the zlib contexts of both directions."""

    def __init__(self, handler: Handler, pod: Obj, kubectl: str) -> None:
        self.handler, self.pod, self.kubectl = handler, pod, kubectl
        self.conn: socket.socket = handler.connection
        self.inflate: zlib._Decompress | None = None
        self.deflate = zlib.compressobj()
        self.streams: dict[int, dict[str, str]] = {}  # stream id -> its headers
        self.pending: dict[int, bytes] = {}  # data stream id -> request bytes so far

    def read_exact(self, n: int) -> bytes:
        # From the socket, not the handler's rfile: after one timeout a file made by makefile() refuses
        # every later read ("cannot read from timed out object"), which ended the session at the
        # first half second kubectl was idle. Nothing waits in rfile's buffer: kubectl sends no frame
        # before the 101 reply.
        buf = b""
        while len(buf) < n:
            try:
                chunk = self.conn.recv(n - len(buf))
            except TimeoutError:
                if self.handler.server.stopping:
                    raise EOFError from None
                continue
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def header_block(self, compressed: bytes) -> dict[str, str]:
        if self.inflate is None:
            dict_id = struct.unpack("!I", compressed[2:6])[0] if len(compressed) >= 6 else 0
            dictionary = _dictionary(self.kubectl, dict_id)
            self.inflate = zlib.decompressobj(zdict=dictionary) if dictionary else zlib.decompressobj()
        return _headers(self.inflate.decompress(compressed))

    def reply_headers(self) -> bytes:
        return self.deflate.compress(struct.pack("!I", 0)) + self.deflate.flush(zlib.Z_SYNC_FLUSH)

    def run(self) -> None:
        self.conn.settimeout(0.5)
        try:
            while True:
                head = self.read_exact(8)
                length = struct.unpack("!I", head[4:])[0] & 0xFFFFFF
                flags = head[4]
                body = self.read_exact(length)
                if head[0] & 0x80:
                    if not self.on_control(struct.unpack("!H", head[2:4])[0], body):
                        return
                else:
                    self.on_data(struct.unpack("!I", head[:4])[0] & 0x7FFFFFFF, body, flags)
        except (EOFError, OSError, struct.error, zlib.error):
            return

    def on_control(self, kind: int, body: bytes) -> bool:
        if kind == SYN_STREAM:
            stream = struct.unpack("!I", body[:4])[0] & 0x7FFFFFFF
            self.streams[stream] = self.header_block(body[10:])
            self.conn.sendall(control(SYN_REPLY, struct.pack("!I", stream) + self.reply_headers()))
        elif kind == PING:
            self.conn.sendall(control(PING, body))
        elif kind == GOAWAY:
            return False
        return True

    def on_data(self, stream: int, body: bytes, flags: int) -> None:
        headers = self.streams.get(stream, {})
        if headers.get("streamtype") != "data":
            return
        request = self.pending.get(stream, b"") + body
        if b"\r\n\r\n" not in request and not flags & FLAG_FIN and len(request) < MAX_REQUEST:
            self.pending[stream] = request
            return
        self.pending.pop(stream, None)
        port = int(headers.get("port", "0") or 0)
        answer = pod_page(self.handler.server.api, self.pod, port, request)
        if answer is None:
            error = next((s for s, h in self.streams.items() if h.get("streamtype") == "error"
                          and h.get("requestid") == headers.get("requestid")), None)
            name = self.pod["metadata"]["name"]
            message = (f"error forwarding port {port} to pod {name}, uid : failed to connect to localhost:{port} "
                       f"inside namespace: dial tcp4 127.0.0.1:{port}: connect: connection refused")
            if error is not None:
                self.conn.sendall(data_frame(error, message.encode(), FLAG_FIN))
            self.conn.sendall(data_frame(stream, b"", FLAG_FIN))
            return
        self.conn.sendall(data_frame(stream, answer, FLAG_FIN))


def serve_port_forward(handler: Handler, pod: Obj) -> None:
    """Answer the SPDY upgrade and serve the session until kubectl goes away."""
    from drills.sandbox.sandbox import kubectl_path

    handler.send_response(101, "Switching Protocols")
    handler.send_header("Connection", "Upgrade")
    handler.send_header("Upgrade", "SPDY/3.1")
    handler.send_header("X-Stream-Protocol-Version", "portforward.k8s.io")
    handler.end_headers()
    handler.wfile.flush()
    handler.close_connection = True
    Session(handler, pod, kubectl_path()).run()
