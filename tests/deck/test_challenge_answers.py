"""Challenge cards: a Solution Key entry is ONE answer, its commands in order (a sequence, one command
a line); several answers only where the entry offers a choice ("# Or", "Alternatively", "**Option
B:**"), each the whole sequence with that choice made. Made-up pages, shaped unlike week 6."""

from __future__ import annotations

import json

from click.testing import CliRunner

from drills.cli import main
from drills.course import read_week
from drills.deck.build import build_deck
from drills.export.notes import notes_for_deck

from course.pages import page

LAB = """### Exercise 1 — Ship the image (8 min)

Build the app image, push it, and run it as deployment `api` in namespace `shop`.

**Success criteria:**
- `kubectl get deploy api -n shop` shows 1/1

### Exercise 2: Lock it down

**Task:** let service account `api` list pods in `shop`, nothing more.

### Exercise 3: Roll back a release

**Context:** release `shop` (Helm) broke on upgrade. Go back to revision 1."""

SOLUTIONS = """### 1. Ship the image

Build and push, then run it:

```bash
$ docker build -t shop/api:1.0 .
$ docker push shop/api:1.0

kubectl create deployment api --image=shop/api:1.0 -n shop
# Or, with a manifest on stdin:
kubectl apply -n shop -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
EOF
```

Expected output:
```
deployment.apps/api created
```

Then watch it come up:

1. `kubectl rollout status deployment/api -n shop`
2. `kubectl get pods -n shop`

### 2. Lock it down

**Option A — imperative:**

```bash
kubectl create role pod-reader --verb=list --resource=pods -n shop
kubectl create rolebinding api-reads --role=pod-reader --serviceaccount=shop:api -n shop
```

**Option B — declarative:**

```yaml
# rbac.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
```

```bash
kubectl apply -f rbac.yaml
```

Check it: `kubectl auth can-i list pods --as=system:serviceaccount:shop:api -n shop`

### 3. Roll back a release

```bash
helm history shop -n shop

helm rollback shop 1 -n shop
```

Alternatively, undo the Deployment alone: `kubectl rollout undo deployment/api -n shop`
"""

HEREDOC = """kubectl apply -n shop -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
EOF"""


def _challenges() -> dict[str, list[str]]:
    deck = build_deck(read_week(page(lab=LAB, solutions=SOLUTIONS), "03-x.md")).deck
    return {c.id: c for c in deck.cards if c.kind == "challenge"}


def test_a_solution_is_one_sequence_and_a_choice_gives_a_second_whole_sequence():
    cards = _challenges()
    watch = "kubectl rollout status deployment/api -n shop\nkubectl get pods -n shop"
    build = "docker build -t shop/api:1.0 .\ndocker push shop/api:1.0"
    assert cards["w03.challenge.01"].answers == [
        f"{build}\nkubectl create deployment api --image=shop/api:1.0 -n shop\n{watch}",
        f"{build}\n{HEREDOC}\n{watch}",
    ]
    check = "kubectl auth can-i list pods --as=system:serviceaccount:shop:api -n shop"
    assert cards["w03.challenge.02"].answers == [
        "kubectl create role pod-reader --verb=list --resource=pods -n shop\n"
        f"kubectl create rolebinding api-reads --role=pod-reader --serviceaccount=shop:api -n shop\n{check}",
        f"kubectl apply -f rbac.yaml\n{check}",
    ]
    # the choice replaces only the group before it (up to the blank line), not the whole block
    assert cards["w03.challenge.03"].answers == [
        "helm history shop -n shop\nhelm rollback shop 1 -n shop",
        "helm history shop -n shop\nkubectl rollout undo deployment/api -n shop",
    ]
    assert all(c.self_graded for c in cards.values())


def test_a_repeated_verify_command_stays_in_the_sequence():
    solutions = """### Challenge 1: Run it

```bash
kubectl get ep web
```

**Fix:** `kubectl label pod web app=web --overwrite`

**Verify:**

```bash
kubectl get ep web
```"""
    deck = build_deck(read_week(page(solutions=solutions), "03-x.md")).deck
    card = next(c for c in deck.cards if c.kind == "challenge")
    assert card.answers == ["kubectl get ep web\nkubectl label pod web app=web --overwrite\nkubectl get ep web"]


def test_cards_json_lint_review_and_anki_show_the_sequence_as_one_answer(tmp_path):
    from rich.console import Console

    from drills.ui import render

    source = tmp_path / "03-lock-down.md"
    source.write_text(page(lab=LAB, solutions=SOLUTIONS), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(source)]).exit_code == 0
    shown = runner.invoke(main, ["cards", "--week", "3", "--kind", "challenge", "--json"])
    assert shown.exit_code == 0, shown.output
    answers = {c["id"]: c["answers"] for c in json.loads(shown.output)}
    assert [len(a) for a in answers.values()] == [2, 2, 2]
    assert answers["w03.challenge.03"][1] == "helm history shop -n shop\nkubectl rollout undo deployment/api -n shop"

    lint = runner.invoke(main, ["lint", "--week", "3", "--json"])
    assert lint.exit_code == 0, lint.output
    deck = build_deck(read_week(source.read_text(encoding="utf-8"), source.name)).deck
    # each alternative is linted once, as a whole sequence (never each step on its own)
    assert json.loads(lint.output)["answers_checked"] == sum(len(c.answers) for c in deck.cards)

    card = next(c for c in deck.cards if c.id == "w03.challenge.03")
    console = Console(width=80, record=True)
    console.print(render.card_back(card, plain=True))
    screen = console.export_text()
    # the review screen shows the solution once: every command is in the back already, so no second
    # copy and no "or: …" line presenting the steps as alternatives
    assert screen.count("helm rollback shop 1 -n shop") == 1 and "\nor" not in screen

    note = next(n for n in notes_for_deck(deck) if n.card_ids == [card.id])
    assert "helm rollback shop 1 -n shop" in note.fields["Back"]
    assert note.fields["Answer"] == "" and note.fields["Extra"] == ""


def test_week6_debug_challenge_offers_patch_or_edit_as_two_whole_sequences():
    from drills.bundled import builtin_weeks_dir

    path = builtin_weeks_dir() / "06-services-and-networking.md"
    deck = build_deck(read_week(path.read_text(encoding="utf-8"), path.name)).deck
    card = next(c for c in deck.cards if c.id == "w06.challenge.03")
    patch, edit = (a.split("\n") for a in card.answers)
    assert len(card.answers) == 2 and patch[:3] == edit[:3] and patch[4:] == edit[4:] == [
        "kubectl get endpoints broken-svc"]
    assert patch[3].startswith("kubectl patch svc broken-svc") and edit[3] == "kubectl edit svc broken-svc"
