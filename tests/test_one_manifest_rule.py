"""One "is this a manifest" rule (drills.kubectl.shape.is_manifest): the grader, the deck builder and
the executor decide the same on the shapes where a rule could hesitate.

Before, each had its own rule and they disagreed: a one-line ``replicas: 3`` and a ``spec:``
fragment were manifests to the grader but commands to the deck builder and the executor; a
``resources:`` kustomization was a manifest to the grader and the deck builder but a command to the
executor.
"""

from __future__ import annotations

import pytest

from drills.deck.build import _apply_lint
from drills.deck.model import Card
from drills.execute.policy import Refused, plan
from drills.kubectl import check
from drills.kubectl.shape import is_manifest

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n"

SHAPES = {
    # name: (text, is a manifest)
    "a `# file.yaml` comment first": ("# pod.yaml\n" + POD, True),
    "several documents": ("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n" + POD, True),
    "a leading ---": ("---\n" + POD, True),
    "a kustomization": ("resources:\n- ../../base\npatches:\n- path: replicas.yaml\n", True),
    "a one-line key: value": ("replicas: 3", True),
    "a YAML list": ("- name: web\n  image: nginx:1.27\n", False),
    "a command with a heredoc": ("kubectl apply -f - <<EOF\n" + POD + "EOF", False),
    "`key:value` without a space": ("app:web", False),
    "a kubectl command containing a colon": ("kubectl get pods -o custom-columns=NAME:.metadata.name", False),
    "a comment, then a command": ("# list them\nkubectl get pods -n shop", False),
}


def grader_says_manifest(text: str) -> bool:
    """The grader grades a manifest task as YAML: a command typed for it is "a command"."""
    reasons = check(text, "kubectl get pods").reasons
    return any(r.startswith("expected a manifest") for r in reasons)


def executor_says_manifest(text: str) -> bool:
    """The executor applies a manifest from stdin (or refuses it as a manifest)."""
    try:
        steps = plan(text).steps
    except Refused as e:
        return "manifest" in str(e)
    return [s.source for s in steps] == ["kubectl apply -f - (the manifest)"]


def deck_builder_says_manifest(text: str) -> bool:
    """The deck builder sends every answer but a manifest to kubectl's command lint."""
    linted: list[str] = []
    card = Card(id="w03.command.01", week=3, kind="command", front="f", back=text, answers=[text])
    _apply_lint(card, lambda command: linted.append(command) or [])
    return linted == []


@pytest.mark.parametrize("name", SHAPES)
def test_grader_deck_builder_and_executor_agree(name):
    text, manifest = SHAPES[name]
    assert is_manifest(text) is manifest
    assert grader_says_manifest(text) is manifest, "grader"
    assert deck_builder_says_manifest(text) is manifest, "deck builder"
    assert executor_says_manifest(text) is manifest, "executor"


def test_a_manifest_answer_still_grades_as_yaml():
    """The shapes that are manifests are graded as data: spacing and key order do not matter."""
    assert check("replicas: 3", "replicas:   3").correct
    several = SHAPES["several documents"][0]
    reordered = "\n---\n".join(reversed(several.split("\n---\n")))
    assert check(several, reordered).correct
