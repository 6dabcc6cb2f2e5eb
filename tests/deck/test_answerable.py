"""Every graded card is answerable from its front alone.

For each value in a card's answer that the front does not state, a student cannot know it, so
changing it must still be accepted by the grader (it must be a placeholder). What counts as a value
is decided here independently of the generator: every word of the command that is not kubectl's
own vocabulary (subcommands, resource types, flag names), not the value of a flag whose value is
the knowledge tested (``-o``, ``--type``, ``--restart``, ``--dry-run``, ``--for``), and not a
common client tool. Values are split at ``:``, ``/``, ``=`` and ``.`` (``svc/web``, ``9090:80``).

Covers single-command kubectl answers; sequences, manifests and docker/helm answers once
drills.kubectl.check grades them (cards-grade).
"""

from __future__ import annotations

import re
import shlex

import pytest

from drills.course import read_week
from drills.deck.build import build_deck
from drills.kubectl import check
from drills.kubectl.lint import lint
from drills.resources import builtin_weeks_dir

from course.pages import DRILL_A, DRILL_D, DRILL_F, TUTORIAL_HIDDEN, page
from deck import rule_pages as rp

VOCABULARY = set("""
kubectl k get describe create delete run expose scale edit patch label annotate apply logs exec
port-forward rollout undo status restart history set image env resources auth can-i explain top
config set-context use-context wait autoscale cp replace
deployment deployments deploy pod pods po service services svc endpoints ep configmap configmaps cm
secret secrets generic tls namespace namespaces ns node nodes no job jobs cronjob cronjobs cj
statefulset sts daemonset ds replicaset rs ingress ing networkpolicy netpol quota resourcequota
serviceaccount sa role rolebinding clusterrole clusterrolebinding pvc pv hpa all events
clusterip nodeport loadbalancer externalname
wget curl nslookup sh bash sleep echo cat env printenv
svc cluster local default http https
""".split())
KNOWLEDGE_FLAGS = {"-o", "--output", "--type", "--restart", "--dry-run", "--for", "--sort-by", "--field-selector"}


def values(answer: str) -> list[str]:
    """The word parts of an answer a student must be told (see the module docstring)."""
    words = shlex.split(answer)
    out: list[str] = []
    skip_next = False
    for i, w in enumerate(words):
        if skip_next:
            skip_next = False
            continue
        if w.startswith("-"):
            name, eq, val = w.partition("=")
            if eq and name not in KNOWLEDGE_FLAGS:
                out.append(val)
            elif not eq and name in KNOWLEDGE_FLAGS:
                skip_next = True
            elif not eq and name in ("-n", "--namespace", "--image", "--name", "--port", "--replicas", "-l", "-c"):
                if i + 1 < len(words):
                    out.append(words[i + 1])
                skip_next = True
            continue
        if w.lower() not in VOCABULARY:
            out.append(w)
    parts = [p for v in out for p in re.split(r"[:/=.,]", v) if p]
    return [p for p in parts if not re.fullmatch(r"<[^<>]+>", p) and p.lower() not in VOCABULARY
            and re.fullmatch(r"[\w-]+", p)]


def stated(part: str, front: str) -> bool:
    return bool(re.search(r"(?<![\w-])" + re.escape(part) + r"(?![\w-])", front, re.I))


def changed(part: str) -> str:
    return str(int(part) + 1) if part.isdigit() else part + "zz"


def graded_single_commands(deck):
    for card in deck.cards:
        if card.self_graded or not card.answers or "\n" in card.answers[0]:
            continue
        if not re.match(r"^(kubectl|k)\s", card.answers[0]) or "$(" in card.answers[0]:
            continue
        yield card


PAGES = {
    "week6": lambda: (builtin_weeks_dir() / "06-services-and-networking.md").read_text(encoding="utf-8"),
    "context": lambda: page(drill=rp.DRILL_CONTEXT, solutions=rp.SOLUTIONS_CONTEXT),
    "tools": lambda: page(tutorial=rp.TUTORIAL_TOOLS, drill=rp.DRILL_BORROW),
    "shapes": lambda: page(drill=DRILL_A, tutorial=TUTORIAL_HIDDEN),
    "inline": lambda: page(drill=DRILL_D),
    "bare": lambda: page(drill=DRILL_F),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_graded_card_is_answerable_from_its_front(name):
    deck = build_deck(read_week(PAGES[name](), "03-x.md" if name != "week6" else "06.md"), lint=lint).deck
    tried = 0
    for card in graded_single_commands(deck):
        # the accepted answer, and the page's own command as shown on the back (tmp, busybox, …)
        page_command = card.back.split("\n", 1)[0].strip("`")
        for answer, part in dict.fromkeys((a, p) for a in (card.answers[0], page_command)
                                          if re.match(r"^(kubectl|k)\s", a) for p in values(a)):
            if stated(part, card.front):
                continue
            other = re.sub(r"(?<![\w-])" + re.escape(part) + r"(?![\w-])", changed(part), answer)
            verdict = check(card.answers, other)
            assert verdict.status == "correct", (
                f"{card.id}: `{part}` is required but not on the front\n{card.front}\n{verdict.reasons}")
            tried += 1
    if name == "week6":
        assert tried > 0  # the throwaway pods' names and images are free


def test_the_value_finder_finds_values():
    assert set(values("kubectl expose deployment web --port=80 --type=NodePort --name=web-np")) == {
        "web", "80", "web-np"}
    assert set(values("kubectl get svc web-np -o jsonpath='{.spec.clusterIP}'")) == {"web-np"}
    assert set(values("kubectl port-forward svc/web 9090:80")) == {"web", "9090", "80"}
