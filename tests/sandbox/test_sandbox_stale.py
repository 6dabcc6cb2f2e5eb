"""A sandbox's folder (private key's certificate, kubeconfig with a bearer token) outlives a SIGKILLed
session; the next sandbox sweeps such folders, and only those: ours by name and content, owner gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from drills.private_dirs import OWNER_FILE, Owner, process_start
from drills.sandbox import Sandbox


def _dead_owner() -> Owner:
    """The owner record of a process that has exited (its start time read while it ran, so even a
    reused pid reads as another process)."""
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    started = process_start(child.pid)
    child.communicate(b"", timeout=120)
    return Owner(child.pid, started, Owner.this_process().host)


def _folder(parent: Path, name: str, owner: Owner | None, extra: str | None = None) -> Path:
    folder = parent / name
    (folder / "home" / ".kube").mkdir(parents=True)
    (folder / "kubeconfig").write_text("token: secret\n")
    if owner is not None:
        (folder / OWNER_FILE).write_text(owner.to_text())
    if extra:
        (folder / extra).write_text("the user's own file\n")
    return folder


def test_start_sweeps_folders_whose_owner_is_gone_and_nothing_else(tmp_path):
    dead, me = _dead_owner(), Owner.this_process()
    stale = _folder(tmp_path, "drills-sandbox-stale", dead)
    live = _folder(tmp_path, "drills-sandbox-live", me)
    no_owner = _folder(tmp_path, "drills-sandbox-older", None)
    foreign_content = _folder(tmp_path, "drills-sandbox-mixed", dead, extra="notes.txt")
    other_host = _folder(tmp_path, "drills-sandbox-elsewhere", Owner(dead.pid, dead.started, me.host + "-other"))
    other_name = _folder(tmp_path, "my-project", dead)
    with Sandbox.start(parent=tmp_path) as sb:
        assert not stale.exists()
        for kept in (live, no_owner, foreign_content, other_host, other_name):
            assert (kept / "kubeconfig").exists(), kept
        # the new folder says who owns it, so it can be swept in turn
        assert Owner.from_text((sb.kubeconfig.parent / OWNER_FILE).read_text()) == me
    assert not sb.kubeconfig.parent.exists()


def test_the_folder_of_a_killed_session_is_swept_by_the_next(tmp_path):
    code = ("import sys, time\nfrom pathlib import Path\nfrom drills.sandbox import Sandbox\n"
            f"sb = Sandbox.start(parent=Path({str(tmp_path)!r}))\n"
            "print(sb.kubeconfig.parent, flush=True)\ntime.sleep(600)\n")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        folder = Path(child.stdout.readline().strip())
        assert (folder / "kubeconfig").exists()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=120)
        child.stdout.close()
    assert folder.exists()  # SIGKILL: no clean-up ran (and wait() reaped it: its pid is free)
    with Sandbox.start(parent=tmp_path):
        assert not folder.exists()
