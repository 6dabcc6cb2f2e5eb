"""lint(): what kubectl 1.37 would reject or misread in a deck answer; week 6 lints clean."""

import re
from pathlib import Path

import pytest

from drills.kubectl import lint

WEEK6 = Path(__file__).resolve().parents[2] / "data" / "weeks" / "06-services-and-networking.md"


def _week6_commands():
    """Every command line of every bash block on the week-6 page (the speed drill, tutorial, solutions)."""
    text = WEEK6.read_text()
    cmds = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                cmds.append(line.strip())
    return cmds


def test_week6_page_has_commands_and_all_lint_clean():
    cmds = _week6_commands()
    assert len(cmds) >= 25
    problems = {c: lint(c) for c in cmds}
    assert {c: p for c, p in problems.items() if p} == {}


@pytest.mark.parametrize("command,needle", [
    ("kubectl run web --image=nginx --requests=cpu=100m", "unknown flag --requests for kubectl run (removed in kubectl 1.24"),
    ("kubectl run web --image=nginx --limits=memory=1Gi", "unknown flag --limits"),
    ("kubectl run web --image=nginx --replicas=3", "kubectl run only creates a Pod"),
    ("kubectl run web --image=nginx --generator=run-pod/v1", "unknown flag --generator"),
    ("kubectl create deployment web --image=nginx --record", "unknown flag --record for kubectl create deployment"),
    ("kubectl create pvc data --size=1Gi", "kubectl create has no pvc subcommand"),
    ("kubectl create configmaps app --from-literal=a=1", "the subcommand is `create configmap`, singular"),
    ("kubectl create secrets generic db", "the subcommand is `create secret`"),
    ("kubectl create serviceaccounts robot", "create serviceaccount"),
    ("kubectl run tmp --image=busybox --rm -it -- sh -n dev", "`-n` after `--` is part of the container command"),
    ("kubectl exec -it web -- ls --namespace=dev", "`--namespace=dev` after `--`"),
    ("kubectl get pods --show-labels=yes", "--show-labels is a true/false flag"),
    ("kubectl create deployment web --image=nginx --replicas=two", "--replicas needs a whole number"),
    ("kubectl create deployment --image=nginx", "a NAME is required"),
    ("kubectl create namespace", "a NAME is required"),
    ("kubectl exec web sh", "needs `--` before the command"),
    ("kubectl config set-context --namespace=dev", "give a context NAME or --current"),
    ("kubectl exec -it web", "needs a command after `--`"),
    ("kubectl create job hello --image=busybox echo hi", "exactly one NAME is required, got 3"),
    ("kubectl create deployment web --image=nginx --dry-run client", "exactly one NAME is required, got 2"),
    ("kubectl rollout stats deploy/web", "unknown command `kubectl rollout stats`"),
    ("kubectl deploy web", 'unknown command "deploy" for "kubectl"'),
    ("kubectl get pods --dry-run=maybe", "unknown flag --dry-run for kubectl get"),
    ("kubectl create ns x --dry-run=maybe", "--dry-run must be none, client or server"),
    ("kubectl get pods -z", "unknown shorthand flag: 'z' in -z"),
    ("kubectl get pods -o", "flag needs an argument: -o"),
    ("kubectl expose deployment web --port", "flag needs an argument: --port"),
    ("kubectl get pods -n 'dev", "cannot read this command: unbalanced ' at column 21"),
    ("kubectl exec -it $(kubectl get pod --requests=1) -- sh", "unknown flag --requests for kubectl get"),
])
def test_lint_names_the_problem(command, needle):
    problems = lint(command)
    assert any(needle in p for p in problems), problems


@pytest.mark.parametrize("command", [
    "curl -s http://backend/get",
    "echo aGVsbG8= | base64 -d",
    "kubectl get pods | grep web",
    "minikube service nginx-np",
    "wget -qO- http://web.ns-b.svc.cluster.local",
    "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x --bogus\nEOF",
    "kubectl run x --image=bitnami/kubectl -- kubectl get pods --bogus",
    "kubectl run sleeper --image=busybox sleep 3600",
    "kubectl config use dev",
    "k get po -A",
    "kubectl create deployment web --image=nginx --dry-run -o yaml > web.yaml",
    "kubectl config set-context --current --namespace=dev",
    "kubectl auth can-i create pods --as=system:serviceaccount:dev:robot",
    "kubectl top pods --sort-by=cpu",
    "kubectl label pod web tier-",
    "kubectl taint nodes node1 key=value:NoSchedule-",
    "kubectl set image deployment/web nginx=nginx:1.26 --record",  # hidden, deprecated, still accepted
])
def test_clean_commands_have_no_problems(command):
    assert lint(command) == []


def test_a_corpus_of_everyday_ckad_commands_lints_clean():
    """A wrong lint problem blocks a card from being graded: common valid commands must pass."""
    corpus = (Path(__file__).parent / "valid_ckad_commands.txt").read_text().splitlines()
    assert len(corpus) >= 90
    assert {c: lint(c) for c in corpus if lint(c)} == {}
