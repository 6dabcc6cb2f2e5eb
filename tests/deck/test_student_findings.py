"""Defects found by studying made-up weeks 3 and 9 (tests/student/weeks) as a student would.

Each test uses a page shaped differently from the week where the defect showed (COURSE-FORMAT.md
shapes), so the rule holds for pages nobody has seen, not for one page.
"""

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


def warnings(result):
    return [n.message for n in result.notices]


# --- class 1: every value the grader requires is on the front -----------------------------------

def test_a_namespace_inside_another_value_is_not_a_stated_namespace():
    # Found as `--as=system:serviceaccount:sec:builder -n sec` (marker block); here an inline answer.
    drill = ("1. Ask whether `system:serviceaccount:ops:ci` may list secrets: "
             "`kubectl auth can-i list secrets --as=system:serviceaccount:ops:ci -n ops`\n"
             "2. List pods: `kubectl get pods`\n")
    result = build(drill=drill)
    front = card(result, "w03.command.01").front
    assert "namespace `ops`" in front
    assert not [w for w in warnings(result) if "w03.command.01" in w and "not on the front" in w]
    # the grader does require it: a student told nothing would fail
    assert check(card(result, "w03.command.01").answers,
                 "kubectl auth can-i list secrets --as=system:serviceaccount:ops:ci").status == "incorrect"


def test_values_inside_a_json_patch_continue_the_object_an_earlier_step_made():
    # Found in a drill's --overrides; here a tutorial step's patch.
    tutorial = """### 1. An identity for the app

```bash
kubectl create serviceaccount deployer
kubectl create deployment api --image=httpd
```

### 2. Run the app as that identity

```bash
kubectl patch deployment api -p '{"spec":{"template":{"spec":{"serviceAccountName":"deployer"}}}}'
```
"""
    result = build(tutorial=tutorial)
    front = card(result, "w03.step.02").front
    assert "service account `deployer` from step 1" in front
    assert card(result, "w03.step.02").depends_on == ["w03.step.01"]


def test_a_number_inside_another_number_is_not_stated():
    # Found as helm `rollback shop 1` next to `image.tag=1.26`; here a chart version and a drill.
    drill = """1. Upgrade release `cache` to chart `bitnami/redis` version 17.3.2
2. Roll release `cache` (now on 17.3.2) back to an earlier revision

**Commands:**

```bash
# 1
helm upgrade cache bitnami/redis --version 17.3.2
# 2
helm rollback cache 3
```
"""
    result = build(drill=drill)
    front = card(result, "w03.command.02").front
    assert "3" in front.replace("17.3.2", "")
    assert check(card(result, "w03.command.02").answers, "helm rollback cache 4").status == "incorrect"


def test_an_object_named_like_a_common_word_is_still_a_name():
    # Found as a pod `whoami`; here a pod `test` made in task 1 and used as "it" in task 2.
    drill = """1. Run a pod `test` with busybox that sleeps: `kubectl run test --image=busybox -- sleep 600`
2. Show its logs: `kubectl logs test`
"""
    result = build(drill=drill)
    front = card(result, "w03.command.02").front
    assert "pod `test` from task 1" in front
    assert card(result, "w03.command.02").depends_on == ["w03.command.01"]


def test_a_helm_release_does_not_continue_a_deployment_of_the_same_name():
    # Found in a helm step after a Deployment step; here a drill (A markers).
    drill = """1. Create deployment `cache` with image redis
2. Install chart `bitnami/redis` as a release

**Commands:**

```bash
# 1
kubectl create deployment cache --image=redis
# 2
helm install cache bitnami/redis
```
"""
    front = card(build(drill=drill), "w03.command.02").front
    assert "deployment `cache`" not in front
    assert "release `cache`" in front


def test_the_word_after_a_docker_value_flag_is_its_value_not_the_image():
    tutorial = """### 1. Run the app as a user

```bash
docker run -d -w /srv --user 1000 node:20 npm start
```
"""
    front = card(build(tutorial=tutorial), "w03.step.01").front
    assert "image `node:20`" in front
    assert "image 1000" not in front and "user 1000" in front
