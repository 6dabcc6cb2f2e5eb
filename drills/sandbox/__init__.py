"""An embedded Kubernetes API server the real kubectl drives as if it were a cluster (an edge: it
binds 127.0.0.1, writes a private directory, runs threads).

    from drills.sandbox import Sandbox
    with Sandbox.start() as sb:
        run_kubectl(sb, ["kubectl", "create", "deployment", "web", "--image=nginx"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drills.sandbox.kubectl import KubectlResult, run_kubectl
    from drills.sandbox.sandbox import Sandbox

__all__ = ["KubectlResult", "Sandbox", "run_kubectl"]


def __getattr__(name: str) -> object:
    # lazy: importing drills.sandbox costs nothing until a sandbox is used
    if name == "Sandbox":
        from drills.sandbox.sandbox import Sandbox

        return Sandbox
    if name in ("run_kubectl", "KubectlResult"):
        from drills.sandbox import kubectl

        return getattr(kubectl, name)
    raise AttributeError(name)
