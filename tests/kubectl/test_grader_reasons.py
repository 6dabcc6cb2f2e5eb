"""Reasons that tell the student what to fix: an unexpected command is quoted as typed (not in its
canonical form), and a command confused with the deck's says what it does differently
(drills.kubectl.confusions). Made-up commands; every reason one line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.kubectl import check

QUOTA = "kubectl create ns lab\nkubectl create quota q --hard=pods=5 -n lab"

# (expected, answer, a reason that must be there, text that must not be in any reason)
UNEXPECTED = [
    # `--grace-period 0` is 1 in canonical form (kubectl turns 0 into 1 without --force): shown as typed
    (QUOTA, "k create ns lab\nk create quota q --hard pods=5 -n lab\nk delete po   old --grace-period 0",
     "unexpected command 3: k delete po old --grace-period 0", "grace-period=1"),
    # a short name and a spelled-out flag stay as the student typed them
    ("kubectl create ns lab", "kubectl create ns lab && kubectl label ns lab tier=gold --overwrite",
     "unexpected command 2: kubectl label ns lab tier=gold --overwrite", "namespaces/lab"),
    # a pipeline and a redirection, as typed
    ("kubectl create cm c --from-literal=a=1",
     "kubectl create cm c --from-literal=a=1; kubectl get cm c -o yaml > c.yaml",
     "unexpected command 2: kubectl get cm c -o yaml > c.yaml", "--output=yaml"),
    # a long command is cut, never wrapped
    ("kubectl create ns lab",
     "kubectl create ns lab\nkubectl annotate namespace lab owner=someone-with-a-very-long-name "
     "description=a-long-description-value-here",
     "unexpected command 2: kubectl annotate namespace lab owner=someone-with-a-very-long-name …", None),
]


@pytest.mark.parametrize("expected,answer,reason,absent", UNEXPECTED, ids=[f"{i:02d}" for i in range(len(UNEXPECTED))])
def test_unexpected_command_is_quoted_as_typed(expected: str, answer: str, reason: str, absent: str | None) -> None:
    v = check(expected, answer)
    assert v.status == "incorrect"
    assert reason in v.reasons, v.reasons
    if absent is not None:
        assert not any(absent in r for r in v.reasons), v.reasons
    assert all("\n" not in r for r in v.reasons)


CONFUSED = [
    # create service selects app=<its name>; expose copies the object's selector (or a Pod's labels)
    ("kubectl expose deployment shop --name=shop-np --type=NodePort --port=8080",
     "kubectl create service nodeport shop-np --tcp=8080:8080",
     ["selects app=shop-np (its own name)", "`kubectl expose deployment shop` copies deployment shop's selector"]),
    ("kubectl create svc clusterip cache --tcp=6379", "kubectl expose po cache --port 6379",
     ["selects app=cache (its own name)", "`kubectl expose pod cache` copies pod cache's labels"]),
    ("kubectl expose rs front --port=80", "kubectl create service loadbalancer front --tcp=80",
     ["selects app=front", "replicaset front's selector"]),
    # run makes one Pod; create deployment/job/cronjob make that controller
    ("kubectl create deployment api --image=httpd:2.4", "kubectl run api --image=httpd:2.4",
     ["`kubectl run` makes a single Pod, not a Deployment"]),
    ("kubectl create job once --image=busybox", "kubectl run once --image=busybox",
     ["not a Job"]),
    ("kubectl run tool --image=alpine", "kubectl create deploy tool --image=alpine",
     ["`kubectl create deployment` makes a Deployment, not a single Pod"]),
    # create -f fails on an existing object; apply -f creates or updates
    ("kubectl apply -f app.yaml", "kubectl create -f app.yaml", ["`kubectl create -f` fails when the object exists"]),
    ("kubectl create -f app.yaml", "kubectl apply -f app.yaml", ["last-applied"]),
]


@pytest.mark.parametrize("expected,answer,parts", CONFUSED, ids=[f"{i:02d}" for i in range(len(CONFUSED))])
def test_a_confused_command_says_what_it_does_differently(expected: str, answer: str, parts: list[str]) -> None:
    v = check(expected, answer)
    assert v.status == "incorrect"
    assert len(v.reasons) == 1 and v.reasons[0].startswith("command: expected `kubectl "), v.reasons
    for part in parts:
        assert part in v.reasons[0], v.reasons
    assert "\n" not in v.reasons[0]


@pytest.mark.parametrize("expected,answer", [
    ("kubectl expose deployment shop --port=80", "kubectl scale deployment shop --replicas=2"),
    ("kubectl apply -k overlay/", "kubectl create -k overlay/"),  # no -f: the -f sentence would not fit
    ("kubectl expose -f svc.yaml --port=80", "kubectl create service clusterip shop --tcp=80"),  # no named object
    # --selector given: expose copies nothing, so "copies its selector" would be false
    ("kubectl expose deploy shop --port=80 --selector=tier=web", "kubectl create service clusterip shop --tcp=80"),
    # server-side apply records field managers, not the last-applied annotation
    ("kubectl create -f app.yaml", "kubectl apply --server-side -f app.yaml"),
])
def test_other_command_pairs_keep_the_plain_reason(expected: str, answer: str) -> None:
    v = check(expected, answer)
    assert v.status == "incorrect"
    assert any(r.startswith("command: expected") and r.endswith("`") for r in v.reasons), v.reasons


def test_drill_check_explains_create_service_for_expose() -> None:
    r = CliRunner().invoke(main, ["check", "-e", "kubectl expose deploy shop --name=shop-np --type=NodePort --port=80",
                                  "kubectl create service nodeport shop-np --tcp=80:80"])
    assert r.exit_code == 1, r.output
    assert "selects app=shop-np (its own name)" in r.output


@pytest.mark.parametrize("expected,answer", [
    # the command after -- runs in the container as typed: no shell equivalence is provable from here
    ("kubectl exec shop-0 -- sh -c 'ls /data'", "kubectl exec shop-0 -- ls /data"),
    ("kubectl exec shop-0 -- ls /data", "kubectl exec shop-0 -- sh -c 'ls /data'"),
    ("kubectl exec -it shop-0 -- sh", "kubectl exec -it shop-0 -- /bin/sh"),
])
def test_the_container_command_is_compared_word_for_word_and_says_so(expected: str, answer: str) -> None:
    v = check(expected, answer)
    assert v.status == "incorrect"
    assert len(v.reasons) == 1 and v.reasons[0].startswith("after --: expected `"), v.reasons
    assert v.reasons[0].endswith("(the command run in the container is compared word for word)")
