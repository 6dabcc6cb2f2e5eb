"""`drill sandbox` through click's CliRunner: it prints the export line and a status, serves the
real kubectl while it waits, and removes its files when interrupted."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from drills.cli import main, sandbox_cmds
from drills.sandbox.sandbox import kubectl_path
from tests.sandbox.conftest import requires_kubectl

pytestmark = requires_kubectl


def test_drill_sandbox_serves_until_ctrl_c_then_cleans_up(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, str] = {}

    def student_session() -> None:
        # what the student does in another terminal while the sandbox waits, then Ctrl-C
        kubeconfig = seen["kubeconfig"] = os.environ["DRILLS_TEST_KUBECONFIG"]
        env = {"KUBECONFIG": kubeconfig, "HOME": str(Path(kubeconfig).parent / "home"), "PATH": os.environ["PATH"]}
        done = subprocess.run([kubectl_path(), "get", "ns", "default", "-o", "name"], env=env, capture_output=True,
                              text=True, timeout=30)
        seen["kubectl"] = done.stdout + done.stderr
        raise KeyboardInterrupt

    real_echo = sandbox_cmds.click.echo

    def spy_echo(message: str = "", **kw: object) -> None:
        if str(message).startswith("export KUBECONFIG="):
            os.environ["DRILLS_TEST_KUBECONFIG"] = str(message).split("=", 1)[1]
        real_echo(message, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(sandbox_cmds, "wait_until_interrupted", student_session)
    monkeypatch.setattr(sandbox_cmds.click, "echo", spy_echo)
    monkeypatch.delenv("DRILLS_TEST_KUBECONFIG", raising=False)
    result = CliRunner().invoke(main, ["sandbox"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"export KUBECONFIG={seen['kubeconfig']}"
    assert lines[1].startswith("drill sandbox: serving https://127.0.0.1:")
    assert seen["kubectl"] == "namespace/default\n"
    assert lines[-1] == "drill sandbox: stopped; its files are removed"
    assert not Path(seen["kubeconfig"]).exists()


def test_two_ctrl_c_in_a_row_still_remove_the_sandbox_files(tmp_path):
    """A student pressing Ctrl-C twice (or `timeout` passing a second SIGINT on) still gets the
    private key and kubeconfig removed: the second interrupt cannot cut the clean-up short."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    drill = Path(sys.executable).with_name("drill")
    # PYTHONFAULTHANDLER: if it hangs, SIGABRT makes it print where every thread is
    env = dict(os.environ, HOME=str(tmp_path), TMPDIR=str(tmp_path), PYTHONFAULTHANDLER="1")
    # Ctrl-C as in a terminal: SIGINT at its default. A test run started in the background (`make test &`,
    # nohup, some CI shells) ignores SIGINT and every child inherits that: drill would rightly ignore it.
    sigint_default = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
    proc = subprocess.Popen([sys.executable, "-c", sigint_default, str(drill), "sandbox"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    try:
        first = proc.stdout.readline()
        assert first.startswith("export KUBECONFIG="), first
        directory = Path(first.split("=", 1)[1].strip()).parent
        assert directory.is_dir()
        proc.stdout.readline()
        for _ in range(5):
            proc.send_signal(signal.SIGINT)
            time.sleep(0.002)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            raise AssertionError("drill sandbox did not stop:\n" + proc.communicate(timeout=30)[0][-5000:]) from None
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not directory.exists(), sorted(p.name for p in directory.iterdir())
