"""Defects found by studying made-up week 4 (tests/student/weeks/04-configuration.md: inline drill
answers, Option A/B steps, "Or edit:" after a two-command solution, bold pseudo-headings) as a
student would. Each test uses a page shaped differently from week 4, so the rule holds for pages
nobody has seen."""

from __future__ import annotations

from drills.course import read_week
from drills.deck.build import build_deck
from drills.kubectl import check
from drills.kubectl.answer_lint import lint

from course.pages import page


def build(**parts):
    return build_deck(read_week(page(**parts), "03-x.md"), lint=lint)


def card(result, card_id):
    return next(c for c in result.deck.cards if c.id == card_id)


def test_the_file_a_configmap_is_made_from_is_on_the_front_and_continues_nothing():
    # Found as an inline answer with --from-env-file=app.env after a ConfigMap `app`; here a marker
    # block, --from-file, a Secret, and a Deployment named like the file.
    drill = """1. Create deployment `props` running nginx
2. Make a Secret `creds` from the file the team gave you

**Commands:**

```bash
# 1
kubectl create deployment props --image=nginx
# 2
kubectl create secret generic creds --from-file=props.txt
```"""
    result = build(drill=drill)
    c = card(result, "w03.command.02")
    assert "from file `props.txt`" in c.front
    assert "continues" not in c.front and c.depends_on == []
    # the grader requires the file: a student told nothing could not know it
    assert check(c.answers, "kubectl create secret generic creds --from-file=other.txt").status == "incorrect"


def test_a_container_named_like_its_deployment_is_still_named_as_a_container():
    # Found as `set resources deployment api -c=api`; here a tutorial step with `logs -c`.
    tutorial = """### 1. Start the shop

```bash
kubectl create deployment shop --image=nginx
```

### 2. Read the shop's log

```bash
kubectl logs deploy/shop -c shop --tail=20
```
"""
    result = build(tutorial=tutorial)
    c = card(result, "w03.step.02")
    assert "container `shop`" in c.front
    assert check(c.answers, "kubectl logs deploy/shop --tail=20").status == "incorrect"


def test_a_plural_pseudo_heading_over_another_noun_asks_what_are():
    # Found as "**QoS classes.** A Pod whose …" ("What is a QoS classes?"); here a bold-colon lead-in.
    concept = """Health checks come in three kinds.

**Probes:** A kubelet runs them on a timer and restarts the container when the liveness one fails.
"""
    result = build(concept=concept)
    fronts = [c.front for c in result.deck.cards if c.kind == "concept"]
    assert "What are Probes?" in fronts
    assert not [f for f in fronts if f.startswith("What is a Probes")]


def test_an_or_alternative_for_one_command_keeps_the_rest_of_the_solution():
    # Found as "Or edit: `kubectl edit quota …`" after create namespace + create quota; here an
    # exam-style question, a `# Or` comment in the block, and a Deployment.
    lab = """### Question 1 (Weight: 4%) — "Team app"

**Task:** In a new namespace `team`, run deployment `app` with 2 replicas."""
    solutions = """### Question 1 — Team app

```bash
kubectl create namespace team
kubectl create deployment app --image=nginx --replicas=2 -n team
# Or scale it afterwards
kubectl scale deployment app --replicas=2 -n team
```"""
    c = card(build(lab=lab, solutions=solutions), "w03.challenge.01")
    assert c.answers[0].splitlines()[0] == "kubectl create namespace team"
    assert "kubectl create namespace team\nkubectl scale deployment app --replicas=2 -n team" in c.answers
    # the alternative alone (no namespace made) is not a whole answer
    assert "kubectl scale deployment app --replicas=2 -n team" not in c.answers


def test_an_or_alternative_for_the_whole_solution_replaces_it():
    solutions = """### Challenge 1: Run it

```bash
kubectl run web --image=nginx
kubectl label pod web tier=front
# Or from a file
kubectl apply -f web.yaml
```"""
    c = card(build(solutions=solutions), "w03.challenge.01")
    assert "kubectl apply -f web.yaml" in c.answers


def test_a_list_item_that_names_its_own_answer_asks_what_it_does():
    # Found as "- `limits` — … over its memory limit …" (a cloze given away); here a bullet list
    # of code spans with an en dash under a lead-in.
    concept = """Pods restart their containers by policy:

- `Always` – the kubelet restarts the container always, whatever its exit code
- `OnFailure` – only after a non-zero exit code
"""
    result = build(concept=concept)
    given = [c for c in result.deck.cards if c.back.startswith("the kubelet restarts")]
    assert [c.front for c in given] == ["Pods restart their containers by policy:\n- `Always` — [...]"]
    assert not [n for n in result.notices if "given away" in n.message]
    # the item that does not name itself keeps its cloze
    assert any(c.cloze is not None and c.back == "`OnFailure`" for c in result.deck.cards)
