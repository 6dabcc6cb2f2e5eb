"""The card rules of issue 8, on made-up pages shaped unlike week 6 (one test per class at least)."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

from drills.cli import main
from drills.course import read_week
from drills.deck.build import build_deck
from drills.export.notes import notes_for_deck
from drills.kubectl import check
from drills.kubectl.answer_lint import lint
from drills.bundled import builtin_weeks_dir

from course.pages import page
from deck import rule_pages as rp

WEEK6 = builtin_weeks_dir() / "06-services-and-networking.md"


def build(**parts):
    return build_deck(read_week(page(**parts), "03-x.md"), lint=lint)


def cards_of(result, kind=None):
    return {c.id: c for c in result.deck.cards if kind is None or c.kind == kind}


@pytest.fixture(scope="module")
def context_deck():
    return build(drill=rp.DRILL_CONTEXT, solutions=rp.SOLUTIONS_CONTEXT)


@pytest.fixture(scope="module")
def tools_deck():
    return build(tutorial=rp.TUTORIAL_TOOLS, drill=rp.DRILL_BORROW)


@pytest.fixture(scope="module")
def concept_deck():
    return build(concept=rp.CONCEPT_CLOZES)


# --- class 1: self-contained fronts -------------------------------------------------------------

def test_drill_context_reaches_every_task(context_deck):
    cards = cards_of(context_deck, "command")
    scale = cards["w03.command.02"]  # "Scale it to 4 replicas": "it" is task 1's deployment
    assert "deployment `api` from task 1" in scale.front and "namespace `shop`" in scale.front
    assert scale.depends_on == ["w03.command.01"]
    assert "namespace `shop`" in cards["w03.command.01"].front  # stated once, in the lead-in
    assert check(scale.answers, "kubectl scale deploy api --replicas 4 -n shop").status == "correct"


def test_free_values_are_placeholders_and_either_client_is_fine(context_deck):
    probe = cards_of(context_deck, "command")["w03.command.03"]
    assert "probe" not in probe.front and "curlimages" not in probe.front
    for typed in ("kubectl run t1 --image=busybox -n shop --rm -it --restart=Never -- wget -qO- api",
                  "kubectl run x --image=curlimages/curl -n shop --rm -it --restart=Never -- curl api"):
        assert check(probe.answers, typed).status == "correct", typed


def test_fronts_never_copy_the_whole_command(context_deck):
    wording = cards_of(build(drill=rp.DRILL_LINT), "command")["w03.command.03"]  # "Check `kubectl auth …`"
    assert wording.answers == ["kubectl auth can-i create pods --as=jane"]
    assert wording.answers[0] not in wording.front and "jane" in wording.front
    for card in context_deck.deck.cards:
        for answer in card.answers:
            assert answer not in card.front


# --- class 2: sequences, alternatives, heredocs -------------------------------------------------

def test_commands_of_one_task_are_one_sequence(context_deck):
    cards = cards_of(context_deck, "command")
    quota = cards["w03.command.04"]
    assert quota.answers == ["kubectl create namespace quota-lab\nkubectl create quota rq -n quota-lab --hard=pods=5"]
    assert check(quota.answers, "kubectl create namespace quota-lab").status != "correct"
    label = cards["w03.command.05"]  # "# Or …" offers a choice: two accepted answers
    assert len(label.answers) == 2 and label.answers[1].startswith("kubectl patch deployment api")
    heredoc = cards["w03.command.06"].answers[0]
    assert heredoc.startswith("kubectl apply -n shop -f - <<EOF") and "kind: ConfigMap" in heredoc
    assert "mode `fast`" in cards["w03.command.06"].front  # the manifest's values are given too


# --- class 3: every tutorial step becomes a card ------------------------------------------------

def test_every_tutorial_step_makes_a_card_or_a_warning(tools_deck):
    cards = cards_of(tools_deck)
    manifest = cards["w03.step.01"]
    assert manifest.front.endswith("(use: runAsUser 1000, container name `app`, image `busybox`)")
    assert "Write the manifest (`secure.yaml`): Pod `secure`." in manifest.front and not manifest.self_graded
    assert yaml.safe_load(manifest.answers[0])["spec"]["securityContext"] == {"runAsUser": 1000}
    docker = cards["w03.step.03"]
    assert "docker" in docker.front and docker.answers == [
        "docker build -t shop/api:1.2 .\ndocker run -d -p 8080:80 shop/api:1.2"]
    helm = cards["w03.step.04"]
    assert "helm" in helm.front and helm.answers[0].count("\n") == 1 and "release `cache`" in helm.front
    assert cards["w03.concept.s05"].back.startswith("Kustomize applies the overlay")
    overlay = cards["w03.step.06"].answers[0]
    assert "# base/kustomization.yaml" in overlay and "# overlays/prod/kustomization.yaml" in overlay
    assert len(list(yaml.safe_load_all(overlay))) == 2
    messages = [n.message for n in tools_deck.notices]
    assert "tutorial step 7 skipped (no command, manifest or prose): (left for later)" in messages


# --- class 4: answers from elsewhere on the page ------------------------------------------------

def test_a_task_without_answer_takes_the_same_command_from_the_tutorial(tools_deck):
    cards = cards_of(tools_deck, "command")
    borrowed = cards["w03.command.01"]
    assert borrowed.answers == ["kubectl create deployment api --image=httpd"] and not borrowed.self_graded
    assert borrowed.back.endswith("(from tutorial step 2)")
    assert cards["w03.command.02"].self_graded  # nothing on the page deletes namespace `scratch`
    assert cards["w03.command.03"].self_graded  # same names, but no rollback anywhere
    assert "speed drill task 2 has no answer: self-graded card" in [n.message for n in tools_deck.notices]


# --- class 5 + 6: clozes on facts, definitions that define --------------------------------------

def test_clozes_never_hide_examples_number_words_or_given_away_words(concept_deck):
    clozes = [c for c in concept_deck.deck.cards if c.cloze]
    hidden = {c.back for c in clozes}
    assert not hidden & {"`team-a`", "`env=staging`", "`db-0`", "`db-1`", "two", "four", "ResourceQuota"}
    assert {"10 seconds", "StatefulSet", "Scheduler", "etcd"} <= hidden
    for c in clozes:
        stem = re.escape(c.back.strip("`").lower().rstrip("s"))
        assert not re.search(stem, c.front.replace("[...]", "").lower()), c.id
    assert not any("This week covers" in c.front for c in concept_deck.deck.cards)


def test_fact_lists_give_one_card_per_item_sharing_a_group(concept_deck):
    items = [c for c in concept_deck.deck.cards if c.front.startswith("The control plane has four parts:")]
    assert [c.back for c in items] == ["kube-apiserver", "Scheduler", "etcd", "controller-manager"]
    assert len({c.group for c in items}) == 1 and items[0].group
    assert items[1].front == "The control plane has four parts:\n- [...] — picks the node for a new Pod"


def test_definition_questions_only_for_definitions_and_grammatical(concept_deck):
    fronts = {c.front: c for c in concept_deck.deck.cards}
    assert not any(f.startswith("What is a Time") or "a The" in f for f in fronts)
    assert fronts["What is the Kubelet?"].back.startswith("The Kubelet is the agent")
    pdb = fronts["What does the PodDisruptionBudget do?"]
    assert pdb.back.endswith("- cluster upgrades")  # the list after the colon stays
    explain = next(c for c in concept_deck.deck.cards if c.front.startswith("Explain: A ResourceQuota"))
    head = explain.front.removeprefix("Explain: ").removesuffix(" …")
    assert explain.back.startswith(head) and explain.back[len(head)] == " "  # cut between words
    for c in concept_deck.deck.cards:
        assert c.front.strip() != c.back.strip() and not c.back.rstrip().endswith(":")


# --- class 7: siblings ---------------------------------------------------------------------------

def test_clozes_of_a_paragraph_are_siblings_in_review_and_in_one_anki_note():
    deck = build_deck(read_week(WEEK6.read_text(encoding="utf-8"), str(WEEK6))).deck
    para4 = [c for c in deck.cards if c.id.startswith("w06.concept.04.")]
    assert len(para4) >= 2 and {c.group for c in para4} == {"w06.concept.04"}
    notes = [n for n in notes_for_deck(deck) if n.key == "w06.concept.04"]
    assert len(notes) == 1 and notes[0].cards == len([c for c in para4 if c.cloze])


# --- class 8: lint visible ------------------------------------------------------------------------

def test_an_answer_kubectl_rejects_says_so_on_the_back_and_in_drill_lint(tmp_path):
    result = build(drill=rp.DRILL_LINT)
    big = cards_of(result, "command")["w03.command.01"]
    assert big.self_graded and "Warning: kubectl 1.37 rejects this" in big.back
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "03-x.md").write_text(page(drill=rp.DRILL_LINT), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(tmp_path / "p"), "--out", str(tmp_path / "d")]).exit_code == 0
    r = runner.invoke(main, ["lint", str(tmp_path / "d"), "--json"])
    assert r.exit_code == 1
    found = json.loads(r.output)["problems"]
    assert [(f["card"], f["stored"]) for f in found] == [("w03.command.01", True)]
    r = runner.invoke(main, ["lint", str(tmp_path / "d" / "week-03.yaml")])
    assert r.exit_code == 1 and "w03.command.01" in r.output


# --- class 9: cloze ids follow the fact ---------------------------------------------------------

def test_cloze_ids_follow_the_fact_not_its_position():
    text = WEEK6.read_text(encoding="utf-8")
    before = {c.id: c.back for c in build_deck(read_week(text, "06.md")).deck.cards if c.cloze}
    edited = text.replace("NodePort exposes the Service on a static port",
                          "NodePort (set in `spec.type`) exposes the Service on a static port")
    after = {c.id: c.back for c in build_deck(read_week(edited, "06.md")).deck.cards if c.cloze}
    assert "`spec.type`" in after.values()  # the new blank ...
    assert {i: b for i, b in after.items() if i in before} == before  # ... moves no other blank's id


# --- build warnings -------------------------------------------------------------------------------

def test_week6_builds_without_any_warning():
    result = build_deck(read_week(WEEK6.read_text(encoding="utf-8"), str(WEEK6)), lint=lint)
    assert [n.message for n in result.notices] == []


def test_build_json_lists_rule_breaches_per_week(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "03-x.md").write_text(page(tutorial=rp.TUTORIAL_TOOLS, drill=rp.DRILL_BORROW),
                                            encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(tmp_path / "p"), "--out", str(tmp_path / "d"), "--json"])
    week = json.loads(r.output)["weeks"][0]
    assert set(week) == {"week", "title", "file", "path", "counts", "warnings"}
    assert any("tutorial step 7 skipped" in w for w in week["warnings"])


def test_renamed_week6_ids_point_at_current_cards():
    from drills.deck.renames import RENAMED_IDS

    deck = build_deck(read_week(WEEK6.read_text(encoding="utf-8"), str(WEEK6))).deck
    ids = {c.id for c in deck.cards}
    assert RENAMED_IDS and set(RENAMED_IDS.values()) <= ids and not set(RENAMED_IDS) & ids


def test_a_pitfall_whose_front_states_its_answer_is_a_build_warning():
    # The builder now cuts such a front to the statement's opening; the rule still flags a card
    # whose front states its answer (an override, another builder).
    from drills.deck.model import Card
    from drills.deck.rules import problems

    result = build(pitfalls=rp.PITFALLS_GIVEAWAY)
    assert [n.message for n in result.notices] == []
    second = cards_of(result, "pitfall")["w03.pitfall.02"]
    assert second.front == "Always pass the …"
    said = Card(id="w03.pitfall.02", week=3, kind="pitfall", front="Always pass the namespace with every command",
                back="Always pass the namespace with every command.")
    assert problems(said) == ["the front states the answer"]


def test_context_continues_only_an_object_of_the_same_kind():
    from course.pages import DRILL_D

    delete = cards_of(build(drill=DRILL_D), "command")["w03.command.05"]  # "Delete it now": the pod `web`
    assert delete.answers == ["kubectl delete pod web --now"]
    assert "service `web`" not in delete.front and "pod `web`" in delete.front and delete.depends_on == []


def test_a_plural_looking_name_defined_with_is_gets_no_article():
    from course.pages import CONCEPT_LEADINS

    fronts = {c.front for c in build(concept=CONCEPT_LEADINS).deck.cards}
    assert "What is Requests?" in fronts and "What is a Requests?" not in fronts


def test_a_step_that_applies_the_manifest_it_shows_also_teaches_writing_it():
    from course.pages import TUTORIAL_SHAPES

    cards = cards_of(build(tutorial=TUTORIAL_SHAPES))
    web = cards["w03.step.02.yaml"]  # Pod and Service in one block, applied with `kubectl apply -f web.yaml`
    assert web.front.startswith("Tutorial step 2: Apply a manifest\n\nWrite the manifest (`web.yaml`): Pod `web`, Service `web`.")
    assert [d["kind"] for d in yaml.safe_load_all(web.answers[0])] == ["Pod", "Service"]
    assert web.group == cards["w03.step.02"].group == "w03.step.02"  # siblings
    assert "w03.step.03.yaml" not in cards  # the manifest is the heredoc's body: the step card has it
    assert "w03.step.10.yaml" not in cards  # a fragment (no kind) is no manifest to write
    assert check(web.answers, web.answers[0].replace("name: web\n---", "name: web2\n---", 1)).status != "correct"


def test_braces_in_page_text_stay_page_text_around_a_hidden_fact():
    """Prose with literal braces next to a fact (`{{1 MiB}}`, Helm-style text): the blank hides the
    fact alone and the page's braces stay on the front, never swallowed into the deletion."""
    from drills.ui.cloze import answers

    concept = ("**ConfigMap** — a ConfigMap holds non-secret settings. Each one is limited to {{1 MiB}} "
               "of data and is mounted under `/etc/config` by default.\n")
    deck = build(concept=concept).deck
    hidden = {c.back: c for c in deck.cards if c.kind == "concept" and c.cloze}
    assert "1 MiB" in hidden, sorted(hidden)
    card = hidden["1 MiB"]
    assert answers(card.cloze, card.cloze_index) == ["1 MiB"]
    visible = card.front.replace("\u2060", "")
    assert "{{[...]}}" in visible, visible
    assert "{{[...]" in visible and "}}" in visible
