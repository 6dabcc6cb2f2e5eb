"""Starting one process with limits: the only place ``drills.execute`` creates processes.

``spawn_process`` runs an argument list (never a shell) in its own process group, with the given
environment and working directory, feeds its stdin, and kills the whole group when it runs past its
time limit or prints more than its output limit. The runner takes any function of this shape, so
tests can record every process it would start.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Callable, Mapping


@dataclass(frozen=True)
class SpawnRequest:
    """One process to start: ``argv[0]`` is an absolute path (no PATH lookup)."""

    argv: tuple[str, ...]
    env: Mapping[str, str]
    cwd: str
    stdin: bytes = b""
    timeout: float = 10.0
    output_limit: int = 256 * 1024  # bytes of stdout and stderr together

    def to_dict(self) -> dict:
        return {"argv": list(self.argv), "env": dict(self.env), "cwd": self.cwd, "timeout": self.timeout,
                "output_limit": self.output_limit}


@dataclass(frozen=True)
class Completed:
    """How a process ended: ``returncode`` is -1 when it was killed for a limit."""

    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    truncated: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and not self.truncated

    def to_dict(self) -> dict:
        return {"returncode": self.returncode, "stdout": self.stdout, "stderr": self.stderr,
                "timed_out": self.timed_out, "truncated": self.truncated, "seconds": round(self.seconds, 4)}


Spawn = Callable[[SpawnRequest], Completed]


def spawn_process(req: SpawnRequest) -> Completed:
    """Run ``req`` to completion or to a limit; never raises for the child's own failures."""
    if not os.path.isabs(req.argv[0]):
        raise ValueError(f"refusing to look up {req.argv[0]!r} on PATH: give an absolute path")
    started = time.monotonic()
    try:
        proc = subprocess.Popen(list(req.argv), env=dict(req.env), cwd=req.cwd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                close_fds=True)
    except OSError as e:
        return Completed(127, "", f"cannot start {req.argv[0]}: {e.strerror}", seconds=time.monotonic() - started)
    assert proc.stdin and proc.stdout and proc.stderr
    out_fd, err_fd = proc.stdout.fileno(), proc.stderr.fileno()
    out: dict[int, bytearray] = {out_fd: bytearray(), err_fd: bytearray()}
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    sel.register(proc.stderr, selectors.EVENT_READ)
    pending = memoryview(req.stdin)
    if pending:
        os.set_blocking(proc.stdin.fileno(), False)
        sel.register(proc.stdin, selectors.EVENT_WRITE)
    else:
        proc.stdin.close()
    deadline = started + req.timeout
    timed_out = truncated = False
    open_streams = 2
    while open_streams:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        for key, _ in sel.select(min(left, 0.5)):
            if key.fileobj is proc.stdin:
                try:
                    n = os.write(proc.stdin.fileno(), pending[:65536])
                except (BrokenPipeError, OSError):
                    n = len(pending)
                pending = pending[n:]
                if not pending:
                    sel.unregister(proc.stdin)
                    proc.stdin.close()
                continue
            chunk = os.read(key.fd, 65536)
            if not chunk:
                sel.unregister(key.fileobj)
                open_streams -= 1
                continue
            out[key.fd] += chunk
            if sum(len(b) for b in out.values()) > req.output_limit:
                truncated = True
                open_streams = 0
                break
    sel.close()
    if timed_out or truncated:
        _kill_group(proc)
    try:
        code = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc)
        code = proc.wait()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if not stream.closed:
            stream.close()
    return Completed(-1 if (timed_out or truncated) else code,
                     _text(out[out_fd], req.output_limit), _text(out[err_fd], req.output_limit),
                     timed_out, truncated, time.monotonic() - started)


def _text(data: bytearray, limit: int) -> str:
    return bytes(data[:limit]).decode("utf-8", "replace")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
