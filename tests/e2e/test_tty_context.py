"""`drill speed --context lab` in a real 80x24 pseudo-terminal, against "your cluster" (a sandbox the
test starts on 127.0.0.1, see the lab_context fixture): what the student reads when the cluster judges
an answer, and when it cannot (the task's Deployment was never stored: a dry run stores nothing)."""

from __future__ import annotations

import pytest

from .pty import DRILL

pytestmark = pytest.mark.skipif(not DRILL.exists(), reason="drill is not installed next to this python")

SAME1 = "kubectl create deployment web --image=nginx --replicas=2 --field-manager=me"
CREATE_SVC = "kubectl create service clusterip web --tcp=80:80"


def test_speed_context_on_a_terminal(spawn, drill_env, lab_context):
    pytest.importorskip("drills.sandbox.sandbox")
    lab = lab_context()
    before = lab.sandbox.objects()
    drill_env["KUBECONFIG"] = str(lab.kubeconfig)
    t = spawn("speed", "--week", "6", "--context", "lab")
    t.expect("1/10")
    t.expect("Enter check")
    t.line(SAME1)
    t.expect("right by effect", timeout=120)  # the cluster's dry runs: generous on a busy machine
    t.expect("2/10")
    t.expect("Enter check")
    t.line(CREATE_SVC)
    t.expect("incorrect", timeout=120)
    t.expect("graded by the grammar checker only")
    t.expect("deployments.apps")  # the cluster's own words: "web" not found
    t.expect("Enter check")
    t.key("\x1b")  # Esc stops the run
    t.expect("Week 6 speed drill")
    assert t.finish(timeout=120) == 0
    assert "Traceback" not in t.seen
    assert lab.sandbox.objects() == before
