""""Do X, then check it": the check commands of a page block are not required answers (made-up
pages shaped unlike week 6: a week-3 page, numbered steps with prose between blocks, a drill whose
answer block holds a change and its checks)."""

from __future__ import annotations

from click.testing import CliRunner

from drills.cli import main
from drills.course import read_week
from drills.deck.build import build_deck
from drills.kubectl import check
from drills.kubectl.answer_lint import lint

from course.pages import page

TUTORIAL = """### 1. Start the shop

```bash
kubectl create deployment shop --image=httpd:2.4 --replicas=2
```

### 2. Grow the shop

Give the shop more room for the sale.

```bash
kubectl scale deployment shop --replicas=5
kubectl rollout status deployment/shop
kubectl get pods -l app=shop --show-labels
```

### 3. Look around

See what is running.

```bash
kubectl get deployments
kubectl describe deployment shop
```

### 4. Label the shop and print it

Add the label `tier=front`, then print the Deployment as YAML to see the label.

```bash
kubectl label deployment shop tier=front
kubectl get deployment shop -o yaml
```"""

DRILL = """1. Swap the shop's image to httpd:2.4.62
2. Roll the shop back

**Commands:**

```bash
# 1
kubectl set image deployment/shop httpd=httpd:2.4.62
kubectl rollout history deployment/shop
# 2
kubectl rollout undo deployment/shop
kubectl get pods -w
```"""


def _cards():
    result = build_deck(read_week(page(tutorial=TUTORIAL, drill=DRILL), "03-x.md"), lint=lint)
    return {c.id: c for c in result.deck.cards}


def test_change_then_check_requires_only_the_change_and_shows_the_checks_on_the_back():
    card = _cards()["w03.step.02"]
    assert card.answers == ["kubectl scale deployment shop --replicas=5"]
    assert "Check with: `kubectl rollout status deployment/shop`; " \
           "`kubectl get pods -l app=shop --show-labels`" in card.back
    # the student who does exactly what the front asks is right
    assert check(card.answers, "kubectl scale deploy shop --replicas=5").correct


def test_drill_task_answers_lose_their_checks():
    cards = _cards()
    assert cards["w03.command.01"].answers == ["kubectl set image deployment/shop httpd=httpd:2.4.62"]
    assert "Check with: `kubectl rollout history deployment/shop`" in cards["w03.command.01"].back
    assert cards["w03.command.02"].answers == ["kubectl rollout undo deployment/shop"]
    assert "`kubectl get pods -w`" in cards["w03.command.02"].back


def test_a_step_of_reads_only_keeps_them_required():
    card = _cards()["w03.step.03"]
    assert card.answers == ["kubectl get deployments\nkubectl describe deployment shop"]
    assert "Check with" not in card.back
    assert not check(card.answers, "kubectl get deployments").correct


def test_a_front_that_asks_to_print_keeps_the_read():
    card = _cards()["w03.step.04"]
    assert "print" in card.front
    assert card.answers == ["kubectl label deployment shop tier=front\nkubectl get deployment shop -o yaml"]
    assert not check(card.answers, "kubectl label deployment shop tier=front").correct


SCALE = "kubectl scale deployment shop --replicas=5"
STATUS = "kubectl rollout status deployment/shop"


def _check(answer: str, *expected: str):
    args = ["check"] + [a for e in expected for a in ("-e", e)] + [answer]
    return CliRunner().invoke(main, args, env={"NO_COLOR": "1"})


def test_drill_check_accepts_the_change_without_the_check():
    r = _check(SCALE, f"{SCALE}\n{STATUS}")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("correct")


def test_drill_check_ignores_an_extra_read_with_a_note():
    r = _check(f"{SCALE}\nkubectl get pods", f"{SCALE}\n{STATUS}")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("correct")
    assert "extra check command ignored: kubectl get pods" in r.output
    r = _check(f"{SCALE} && kubectl describe deploy shop", SCALE)
    assert r.exit_code == 0, r.output
    assert "extra check command ignored: kubectl describe deploy shop" in r.output


def test_drill_check_still_fails_a_read_instead_of_the_change():
    r = _check("kubectl get pods", f"{SCALE}\n{STATUS}")
    assert r.exit_code == 1, r.output
    assert r.output.startswith("incorrect")
    assert "missing command 1: kubectl scale deployment shop --replicas=5" in r.output


def test_drill_check_still_fails_a_wrong_or_extra_change():
    r = _check(f"kubectl scale deployment shop --replicas=4\n{STATUS}", f"{SCALE}\n{STATUS}")
    assert r.exit_code == 1 and r.output.startswith("incorrect"), r.output
    r = _check(f"{SCALE}\nkubectl delete pod web", SCALE)
    assert r.exit_code == 1 and "unexpected command 2" in r.output, r.output
    # a read that writes a file is no check: the redirection changes something
    r = _check(f"{SCALE}\nkubectl get deploy shop -o yaml > shop.yaml", SCALE)
    assert r.exit_code == 1 and "unexpected command 2" in r.output, r.output
