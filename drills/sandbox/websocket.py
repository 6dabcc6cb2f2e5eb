"""The small part of WebSocket (RFC 6455) and of Kubernetes' channel protocol (`v5.channel.k8s.io`)
that `kubectl exec` and `kubectl attach` speak: each binary message starts with a channel byte
(0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize; 255 closes a channel in v5). The server sends the
command's output, then a Status on channel 3 (Success, or NonZeroExitCode with the code), then closes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
from typing import Protocol

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")


class Reader(Protocol):
    """What the frames are read from (the handler's buffered socket file)."""

    def read(self, size: int, /) -> bytes: ...


def accept_key(key: str) -> str:
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def choose_protocol(offered: str) -> str | None:
    names = [p.strip() for p in offered.split(",")]
    return next((p for p in PROTOCOLS if p in names), None)


def frame(payload: bytes, opcode: int = 0x2) -> bytes:
    head = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([n])
    elif n < 1 << 16:
        head += bytes([126]) + struct.pack("!H", n)
    else:
        head += bytes([127]) + struct.pack("!Q", n)
    return head + payload


def exit_status(code: int, argv: list[str]) -> dict[str, object]:
    if code == 0:
        return {"metadata": {}, "status": "Success"}
    return {"metadata": {}, "status": "Failure",
            "message": f"command terminated with non-zero exit code: error executing command {argv}, "
                       f"exit code {code}",
            "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]}}


def read_frame(rfile: Reader) -> tuple[int, bytes] | None:
    """(opcode, payload) of the next client frame, or None at end of stream."""
    head = rfile.read(2)
    if len(head) < 2:
        return None
    opcode, n = head[0] & 0x0F, head[1] & 0x7F
    if n == 126:
        n = struct.unpack("!H", rfile.read(2))[0]
    elif n == 127:
        n = struct.unpack("!Q", rfile.read(8))[0]
    if n > 1 << 20:
        return None
    mask = rfile.read(4) if head[1] & 0x80 else b""
    data = rfile.read(n)
    if mask:
        data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
    return opcode, data


def serve_stream(conn: socket.socket, rfile: Reader, stdout: str, stderr: str, code: int, argv: list[str]) -> None:
    """Send the output and status, close, and drain the client's frames so nothing is reset."""
    out = b""
    if stdout:
        out += frame(b"\x01" + stdout.encode())
    if stderr:
        out += frame(b"\x02" + stderr.encode())
    out += frame(b"\x03" + json.dumps(exit_status(code, argv)).encode())
    out += frame(struct.pack("!H", 1000), opcode=0x8)
    conn.sendall(out)
    conn.settimeout(5)
    try:
        while True:
            got = read_frame(rfile)
            if got is None or got[0] == 0x8:
                break
    except (OSError, struct.error):
        pass
