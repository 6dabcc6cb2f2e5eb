"""Properties of the checker that must hold for any input (hypothesis, modest example counts)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drills.kubectl import check, lint
from drills.kubectl.canonical import canonical_text, canonicalize

FAST = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SHELLISH = st.text(alphabet=st.sampled_from(list("kubectl -=/'\"\\$()|&;<>{}[].:,\n\t#*0123456789abnop")), max_size=60)
ANY_TEXT = st.one_of(st.text(max_size=80), SHELLISH)

PATHS = ["get", "describe", "delete", "create deployment", "create configmap", "create service nodeport", "run",
         "expose", "logs", "exec", "label", "scale", "rollout undo", "set image", "port-forward", "config use-context",
         "create job", "create secret generic", "create quota", "top pod", "wait", "patch"]
TYPES = ["po", "pods", "Pod", "svc", "service", "deploy", "deployments.apps", "cm", "ns", "ep", "sts", "job"]
NAMES = ["web", "web-1", "api", "db"]
FLAGS = ["-n dev", "--namespace=prod", "-o yaml", "-o=json", "--image=nginx", "--image nginx:1.25", "--replicas=2",
         "-r 3", "--port=80", "--type=NodePort", "-l app=web", "--selector=tier=fe,app=web", "-it", "--rm",
         "--dry-run", "--dry-run=client", "--force", "--grace-period=0", "--from-literal=a=1", "--from-literal=b=2",
         "--tcp=80:80", "--hard=cpu=2000m,pods=3", "--env=A=1", "--to-revision=0", "--show-labels", "-A",
         "--timeout=60s", "-p '{\"a\": 1}'", "--labels=a=b,c=d", "--restart=Never", "--name=web-np"]
TAIL = ["", " -- sh", " -- sleep 3600", " -- 'sleep 3600'", " > out.yaml", " | grep web", " && kubectl get pods"]


@st.composite
def commands(draw):
    path = draw(st.sampled_from(PATHS))
    parts = [draw(st.sampled_from(["kubectl", "k"])), path]
    if path in ("get", "describe", "delete", "label", "scale", "rollout undo", "set image", "expose", "wait", "patch"):
        parts.append(draw(st.sampled_from(TYPES)))
    parts += draw(st.lists(st.sampled_from(NAMES), min_size=0, max_size=2))
    parts += draw(st.lists(st.sampled_from(FLAGS), max_size=5))
    return " ".join(parts) + draw(st.sampled_from(TAIL))


@FAST
@given(ANY_TEXT, ANY_TEXT)
def test_check_never_raises(expected, answer):
    v = check(expected, answer)
    assert v.status in ("correct", "incorrect", "unreadable")
    if v.status != "correct":
        assert v.reasons


@FAST
@given(ANY_TEXT)
def test_lint_never_raises(text):
    problems = lint(text)
    assert all(isinstance(p, str) and p for p in problems)


@FAST
@given(commands())
def test_canonical_form_is_idempotent(cmd):
    once = canonical_text(cmd)
    assert canonical_text(once) == once


@FAST
@given(commands())
def test_a_command_is_equivalent_to_itself_and_its_canonical_form(cmd):
    if lint(cmd):
        return  # kubectl would reject it: not a gradable answer
    assert check(cmd, cmd).correct
    assert check(cmd, canonical_text(cmd)).correct


@FAST
@given(commands(), commands())
def test_equivalence_is_symmetric(a, b):
    if lint(a) or lint(b):
        return
    assert check(a, b).correct == check(b, a).correct
    assert (canonicalize(a) == canonicalize(b)) == check(a, b).correct


def test_every_corpus_command_matches_itself_and_its_canonical_rendering():
    from pathlib import Path

    corpus = (Path(__file__).parent / "valid_ckad_commands.txt").read_text().splitlines()
    for cmd in corpus:
        once = canonical_text(cmd)
        assert canonical_text(once) == once, cmd
        assert check(cmd, cmd).correct, cmd
        assert check(cmd, once).correct, (cmd, once)
