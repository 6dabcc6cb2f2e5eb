"""A front that asks to see something ("… and display it", "list its endpoints") makes the reads of its
answer required when it is graded, not optional checks: an answer that never prints what was asked
fails. The deck keeps those reads (drills.deck.checks); the grader is told by the card's front
(drills.app.answering.check, ``drill check --card``). A made-up week-5 page, shaped unlike week 6:
reads by describe, endpoints and --show-labels, a drill task and a tutorial step that ask."""

from __future__ import annotations

from click.testing import CliRunner

from drills.app.answering import check as grade_card
from drills.cli import main
from drills.course import read_week
from drills.deck.build import build_deck
from drills.deck.files import user_decks_dir, write_deck
from drills.kubectl import check
from drills.kubectl.answer_lint import lint

from course.pages import page

TUTORIAL = """### 1. Start the cache

```bash
kubectl create deployment cache --image=redis:7
```

### 2. Publish the cache and list its endpoints

Put a Service in front of the cache.

```bash
kubectl expose deployment cache --port=6379 --name=cache-svc
kubectl get endpoints cache-svc
```"""

DRILL = """1. Create a ConfigMap `flags` with `beta=on` and display it
2. Give the cache the label `tier=data`

**Commands:**

```bash
# 1
kubectl create configmap flags --from-literal=beta=on
kubectl describe configmap flags
# 2
kubectl label deployment cache tier=data
kubectl get deployment cache --show-labels
```"""

CREATE = "kubectl create cm flags --from-literal beta=on"
FRONT_MATTER = """---
title: Week 5 — Caching and configuration
permalink: /weeks/05-cache/
nav_order: 5
---
"""


def _deck():
    return build_deck(read_week(page(front=FRONT_MATTER, h1="# Week 5: Cache", tutorial=TUTORIAL, drill=DRILL),
                                "05-cache.md"), lint=lint).deck


def _cards():
    return {c.id: c for c in _deck().cards}


def test_a_drill_task_that_asks_to_display_requires_its_read():
    card = _cards()["w05.command.01"]
    assert "display" in card.front
    assert card.answers == ["kubectl create configmap flags --from-literal=beta=on\nkubectl describe configmap flags"]
    v = grade_card(card, CREATE)
    assert not v.correct
    assert v.reasons == ["missing command 2: kubectl describe configmap flags"]
    assert grade_card(card, f"{CREATE} && kubectl describe cm flags").correct
    # another read is not the one the deck shows: reported, not ignored
    v = grade_card(card, f"{CREATE}\nkubectl get cm flags")
    assert not v.correct and "missing command 2: kubectl describe configmap flags" in v.reasons


def test_a_tutorial_step_that_asks_to_list_requires_its_read():
    card = _cards()["w05.step.02"]
    assert "list its endpoints" in card.front
    expose = "kubectl expose deploy cache --port 6379 --name cache-svc"
    v = grade_card(card, expose)
    assert not v.correct and v.reasons == ["missing command 2: kubectl get endpoints cache-svc"]
    assert grade_card(card, f"{expose}; kubectl get ep cache-svc").correct


def test_a_task_that_does_not_ask_keeps_its_checks_optional():
    card = _cards()["w05.command.02"]
    assert card.answers == ["kubectl label deployment cache tier=data"]  # the check went to the back
    assert grade_card(card, "kubectl label deploy cache tier=data").correct
    # a card written by hand (an override) whose front does not ask: a check it holds stays optional
    answers = ["kubectl label deployment cache tier=data\nkubectl get deployment cache --show-labels"]
    assert check(answers, "kubectl label deploy cache tier=data").correct
    assert not check(answers, "kubectl label deploy cache tier=data", reads_required=True).correct


def test_drill_check_card_requires_the_read_the_front_asks_for():
    write_deck(_deck(), user_decks_dir())
    r = CliRunner().invoke(main, ["check", "--card", "w05.command.01", CREATE], env={"NO_COLOR": "1"})
    assert r.exit_code == 1, r.output
    assert "missing command 2: kubectl describe configmap flags" in r.output
    r = CliRunner().invoke(main, ["check", "--card", "w05.command.01", f"{CREATE}\nkubectl describe configmap flags"])
    assert r.exit_code == 0, r.output
