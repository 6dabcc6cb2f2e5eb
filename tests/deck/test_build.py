"""Week -> cards: week 6 counts, cloze rules, fronts, lint injection and stable ids."""

from __future__ import annotations

import re

import pytest

from drills.course import read_week
from drills.deck.build import NO_ANSWER_BACK, build_deck
from drills.deck.cloze import STOP_WORDS
from drills.bundled import builtin_weeks_dir

from course.pages import (CONCEPT_LEADINS, DRILL_C, DRILL_F, PITFALLS_SHAPES, TUTORIAL_HIDDEN, TUTORIAL_SHAPES,
                            page)

WEEK6 = builtin_weeks_dir() / "06-services-and-networking.md"


@pytest.fixture(scope="module")
def week6_text() -> str:
    return WEEK6.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def week6(week6_text):
    return build_deck(read_week(week6_text, str(WEEK6)))


def by_kind(deck, kind):
    return [c for c in deck.cards if c.kind == kind]


def test_week6_counts(week6):
    counts = week6.counts()
    assert counts["command"] == 10 and counts["command_answered"] == 10
    assert counts["pitfall"] == 8
    assert counts["concept"] >= 11
    # every step has a kubectl command (step 6: port-forward); steps 8 and 10 also write a manifest
    assert counts["step"] == 12
    assert counts["challenge"] == 4
    assert week6.notices == []


def test_week6_every_concept_paragraph_has_a_card(week6):
    paragraphs = {c.id.split(".")[2] for c in by_kind(week6.deck, "concept")}
    assert paragraphs == {f"{n:02d}" for n in range(1, 12)}


def test_week6_clozes_hide_facts_never_stop_words_or_sentences(week6):
    clozes = [c for c in by_kind(week6.deck, "concept") if c.cloze]
    hidden = {c.back for c in clozes}
    assert {"30000–32767", "NodePort", "ClusterIP", "`clusterIP: None`",
            "`<service-name>.<namespace>.svc.cluster.local`"} <= hidden
    for c in clozes:
        assert c.back.strip("`").lower() not in STOP_WORDS
        assert c.back not in re.split(r"(?<=[.!?])\s+", c.cloze)
        assert "[...]" in c.front and f"{{{{c{c.cloze_index}::" in c.cloze
        assert "{{" not in c.front  # the other deletions are shown in clear
        assert len(set(re.findall(r"\{\{c(\d+)::", c.cloze))) <= 4


def test_week6_definition_cards(week6):
    defs = {c.front: c.back for c in by_kind(week6.deck, "concept") if c.id.endswith(".def")}
    assert defs["What is a Service?"].startswith("A Service is a Kubernetes object")
    assert defs["What are Endpoints?"].startswith("Endpoints are the list of Pod IPs")


def test_week6_command_cards_keep_answers_exactly(week6):
    cards = {c.id: c for c in by_kind(week6.deck, "command")}
    assert cards["w06.command.05"].answers == ["kubectl get svc web-np -o jsonpath='{.spec.ports[0].nodePort}'"]
    assert cards["w06.command.10"].front == ("Recreate the service using `kubectl expose`\n\n"
                                             "(continues: deployment `web` from task 1; use: port 80)")
    assert not any(c.self_graded for c in cards.values())


def test_week6_step_and_challenge_cards(week6):
    steps = {c.id: c for c in by_kind(week6.deck, "step")}
    assert steps["w06.step.06"].answers == ["kubectl port-forward svc/nginx-np 8080:80"]
    assert "minikube service nginx-np" in steps["w06.step.06"].back  # shown, not an answer
    # two commands: one answer, a sequence (one command a line, both required)
    assert steps["w06.step.03"].answers == ["kubectl get svc\nkubectl get endpoints"]
    assert not steps["w06.step.03"].self_graded
    assert not steps["w06.step.10"].self_graded
    assert "kubectl apply" not in steps["w06.step.10"].front  # the remark would give it away
    ch = {c.id: c for c in by_kind(week6.deck, "challenge")}
    assert ch["w06.challenge.03"].front.startswith("Challenge 3: Debug a Broken Service\n\nYou are given")
    assert "Success criteria: After the fix" in ch["w06.challenge.03"].front
    assert "kubectl patch svc broken-svc" in ch["w06.challenge.03"].back
    assert all(c.self_graded for c in ch.values())


def test_same_yaml_twice_is_shown_once():
    deck = build_deck(read_week(page(tutorial=TUTORIAL_SHAPES), "03.md")).deck
    step3 = next(c for c in deck.cards if c.id == "w03.step.03")
    assert step3.back.count("kind: ConfigMap") == 1
    assert not any("graph" in c.back or "graph" in c.front for c in deck.cards)  # mermaid is never card text


def test_pitfall_fronts_are_unique_when_a_category_repeats():
    deck = build_deck(read_week(page(pitfalls=PITFALLS_SHAPES), "03.md")).deck
    fronts = [c.front for c in deck.cards if c.kind == "pitfall"]
    assert len(set(fronts)) == len(fronts)
    net = [f for f in fronts if f.startswith("Networking: ")]
    assert len(net) == 2
    back6 = next(c.back for c in deck.cards if c.id == "w03.pitfall.06")
    assert net[1] == "Networking: NodePort ranges are …"  # a short statement is not given away whole
    assert back6 == "NodePort ranges are fixed at 30000–32767."


def test_concept_lead_in_cards():
    deck = build_deck(read_week(page(concept=CONCEPT_LEADINS), "03.md")).deck
    defs = {c.front: c.back for c in deck.cards if c.id.endswith(".def")}
    assert defs["What is a ConfigMap?"].startswith("A ConfigMap holds")
    assert defs["What does `kubectl get` do?"] == "lists resources of a kind."
    assert not any(f.startswith("What are There") for f in defs)
    for c in deck.cards:
        if c.cloze:
            assert c.back.lower() not in STOP_WORDS


def test_shape_c_cards_are_self_graded_with_a_warning():
    result = build_deck(read_week(page(drill=DRILL_C), "03.md"))
    cards = [c for c in result.deck.cards if c.kind == "command"]
    assert all(c.self_graded and c.answers == [] and c.back == NO_ANSWER_BACK for c in cards)
    assert result.counts()["command_answered"] == 0
    assert [n.message for n in result.notices] == [
        "speed drill task 1 has no answer: self-graded card", "speed drill task 2 has no answer: self-graded card"]


def test_shape_f_front_describes_the_command_without_giving_it_away():
    deck = build_deck(read_week(page(drill=DRILL_F), "03.md")).deck
    cards = [c for c in deck.cards if c.kind == "command"]
    assert cards[0].front.startswith("Write the command: List pods in all namespaces")
    assert cards[1].front.startswith("Write the command: Describe service web in namespace prod")
    for c in cards:
        assert c.answers[0] not in c.front and not c.self_graded


def test_hidden_tutorial_drill_cards():
    deck = build_deck(read_week(page(tutorial=TUTORIAL_HIDDEN), "03.md")).deck
    ids = [c.id for c in deck.cards if c.kind == "command"]
    assert ids == ["w03.command.01", "w03.command.02", "w03.command.s01.01", "w03.command.s01.02",
                   "w03.command.s01.03"]


def test_lint_is_injected_and_its_problems_reach_cards_and_warnings():
    drill = "1. Run with limits: `kubectl run x --image=nginx --limits=cpu=1`\n2. List pods: `kubectl get pods`"
    calls = []

    def lint(cmd):
        calls.append(cmd)
        return ["unknown flag --limits"] if "--limits" in cmd else []

    result = build_deck(read_week(page(drill=drill), "03.md"), lint=lint)
    card1, card2 = [c for c in result.deck.cards if c.kind == "command"]
    assert card1.problems == ["unknown flag --limits (in: kubectl run x --image=nginx --limits=cpu=1)"]
    # never graded against an answer kubectl rejects: it stays on the back only
    assert card1.answers == [] and card1.self_graded and "--limits=cpu=1" in card1.back
    assert card2.problems == [] and card2.answers == ["kubectl get pods"] and not card2.self_graded
    assert any("w03.command.01: unknown flag --limits" in n.message for n in result.notices)
    assert "kubectl get pods" in calls


def test_ids_survive_a_wording_edit(week6_text):
    before = build_deck(read_week(week6_text, "06.md")).deck
    edited = (week6_text
              .replace("Get the service's ClusterIP", "Print the ClusterIP of the service")
              .replace("The most common networking bug.", "The commonest networking bug of all.")
              .replace("### 3. Inspect", "### 3. Inspect what you made")
              .replace("Kubernetes offers four Service types.", "Kubernetes has four kinds of Service."))
    after = build_deck(read_week(edited, "06.md")).deck
    assert [c.id for c in after.cards] == [c.id for c in before.cards]
    a, b = before.by_id(), after.by_id()
    assert b["w06.command.03"].front.startswith("Print the ClusterIP of the service\n\n(continues: service `web`")
    assert b["w06.pitfall.01"].back.startswith("The commonest")
    assert b["w06.step.03"].front.startswith("Tutorial step 3: Inspect what you made")
    assert a["w06.command.03"].answers == b["w06.command.03"].answers


def test_a_rejected_alternative_leaves_the_good_one():
    drill = "1. List pods: `kubectl get pods` or `kubectl get pods --bogus`"
    result = build_deck(read_week(page(drill=drill), "03.md"), lint=lambda c: ["bad"] if "--bogus" in c else [])
    card = next(c for c in result.deck.cards if c.kind == "command")
    assert card.answers == ["kubectl get pods"] and not card.self_graded and card.problems


def test_a_number_used_twice_still_gives_unique_ids():
    tutorial = TUTORIAL_HIDDEN + "\n\n### 2. Again\n\n```bash\nkubectl get po\n```"
    result = build_deck(read_week(page(tutorial=tutorial), "03.md"))
    assert [c.id for c in result.deck.cards if c.kind == "step"] == ["w03.step.02", "w03.step.02.2"]
    assert [n.message for n in result.notices] == ["number used twice: this card's id is w03.step.02.2"]
