"""An exported package, imported by the official Anki code, gives the student exactly the deck."""

from __future__ import annotations

import time

from drills.export.anki import write_apkg
from drills.export.html import code_html, escape

from .conftest import check_rendering, expected_counts, import_into, rendered_text, sample_deck


def test_counts_decks_and_tags_after_import(tmp_path, collection):
    deck = sample_deck()
    out = tmp_path / "week6.apkg"
    summary = write_apkg([deck], out, built_at=time.time())
    log = import_into(collection, out)

    notes, cards = expected_counts(deck)
    assert (notes, cards) == (9, 11)  # 3 cloze cards of one paragraph share one note
    assert collection.note_count() == len(log.new) == summary["notes"] == notes
    assert collection.card_count() == summary["cards"] == cards
    assert summary["decks"] == [
        {"week": 6, "name": "CKAD::Week 06 — Services & Networking", "notes": notes, "cards": cards}
    ]
    names = {d.name for d in collection.decks.all_names_and_ids()}
    week = "CKAD::Week 06 — Services & Networking"
    assert {week, f"{week}::Concepts", f"{week}::Commands", f"{week}::Pitfalls", f"{week}::Steps",
            f"{week}::Challenges"} <= names
    assert len(collection.find_cards(f'"deck:{week}::Commands"')) == 4
    assert len(collection.find_notes("tag:week06")) == notes
    assert len(collection.find_notes("tag:kind::command")) == 4
    assert len(collection.find_notes("tag:self-graded")) == 1


def test_every_card_renders_its_text_and_typed_answers_are_accepted(tmp_path, collection):
    deck = sample_deck()
    out = tmp_path / "week6.apkg"
    write_apkg([deck], out, built_at=time.time())
    import_into(collection, out)
    check_rendering(collection, deck)


def test_note_types_one_line_commands_are_typed_the_rest_flip(tmp_path, collection):
    out = tmp_path / "week6.apkg"
    write_apkg([sample_deck()], out, built_at=time.time())
    import_into(collection, out)

    def note_type(card_id: str) -> str:
        (nid,) = collection.find_notes(f'"CardId:{card_id}"')
        return collection.get_note(nid).note_type()["name"]

    assert note_type("w06.command.01") == "drills typed command"
    assert note_type("w06.command.02") == "drills typed command"
    assert note_type("w06.command.03") == "drills basic"  # a heredoc cannot be typed in one line
    assert note_type("w06.command.04") == "drills basic"  # self-graded
    assert note_type("w06.concept.01") == "drills cloze"
    assert note_type("w06.pitfall.01") == "drills basic"


def test_unescaped_placeholder_is_what_breaks_typed_answers(collection):
    # Why every field is escaped: Anki reads an unescaped <svc> as a tag and rejects the right answer.
    answer = "kubectl get svc <svc> -o wide"
    raw = collection.compare_answer(answer, answer)
    escaped = collection.compare_answer(escape(answer), answer)
    assert "typeBad" in raw or "typeMissed" in raw
    assert "typeBad" not in escaped and "typeMissed" not in escaped


def test_commands_are_shown_as_code(tmp_path, collection):
    out = tmp_path / "week6.apkg"
    write_apkg([sample_deck()], out, built_at=time.time())
    import_into(collection, out)
    (nid,) = collection.find_notes('"CardId:w06.command.01"')
    back = collection.get_note(nid).cards()[0].answer()
    assert "<pre><code>kubectl get svc &lt;svc&gt;" in back
    assert code_html("kubectl get service <svc> -o jsonpath='{.spec.clusterIP}'") in back
    assert "monospace" in back  # the note type's CSS travels with the card


def test_several_weeks_get_their_own_decks(tmp_path, collection):
    from .test_hostile_text import hostile_deck

    six, nine = sample_deck(), hostile_deck()
    out = tmp_path / "all.apkg"
    summary = write_apkg([nine, six], out, built_at=time.time())
    import_into(collection, out)

    assert [d["week"] for d in summary["decks"]] == [6, 9]
    assert summary["notes"] == expected_counts(six)[0] + expected_counts(nine)[0] == collection.note_count()
    assert summary["cards"] == len(six.cards) + len(nine.cards) == collection.card_count()
    for deck in (six, nine):
        check_rendering(collection, deck)
        name = summary["decks"][[6, 9].index(deck.week)]["name"]
        assert len(collection.find_cards(f'"deck:{name}"')) == len(deck.cards)
        assert len(collection.find_notes(f"tag:week{deck.week:02d}")) == expected_counts(deck)[0]


def test_lint_problems_step_answers_and_empty_fronts_are_shown(tmp_path, collection):
    from drills.deck.model import Card, Deck

    cards = [
        Card("w07.command.01", 7, "command", "Create a PVC", "",
             answers=["kubectl create pvc data --size=1Gi"],
             problems=["unknown subcommand 'pvc' for 'kubectl create'"]),
        Card("w07.step.01", 7, "step", "Tutorial step 1: two commands", "Run both.",
             answers=["kubectl get pods", "kubectl get svc <svc>"]),
        Card("w07.pitfall.01", 7, "pitfall", "  ", "A pitfall without a title"),
    ]
    deck = Deck(week=7, title="Week 7: Edge Cases", cards=cards)
    out = tmp_path / "edge.apkg"
    write_apkg([deck], out, built_at=time.time())
    log = import_into(collection, out)
    assert len(log.new) == collection.note_count() == 3

    def note(card_id):
        (nid,) = collection.find_notes(f'"CardId:{card_id}"')
        return collection.get_note(nid)

    lint = note("w07.command.01")
    assert lint.note_type()["name"] == "drills basic"  # never typed against an answer kubectl rejects
    assert "kubectl-lint" in lint.tags
    assert "unknown subcommand 'pvc'" in rendered_text(lint.cards()[0].answer())
    step = rendered_text(note("w07.step.01").cards()[0].answer())
    # two alternatives, not a sequence of two commands: the second is under "Also accepted"
    assert "kubectl get pods Also accepted: kubectl get svc <svc>" in step
    assert "w07.pitfall.01" in rendered_text(note("w07.pitfall.01").cards()[0].question())


def test_multi_line_answers_are_reveal_cards_with_the_answer_in_a_pre_block(tmp_path, collection):
    import genanki

    from drills.deck.model import Card, Deck
    from drills.export.notes import FIELDS

    sequence = "kubectl create namespace <ns>\nkubectl create deployment web -n <ns> --image=nginx"
    heredoc = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: <cm>\nEOF"
    manifest = "# pvc.yaml\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data"
    cards = [
        Card("w08.command.01", 8, "command", "Make namespace `<ns>` and a deployment in it", "",
             answers=[sequence, sequence.replace("\n", " && ")]),
        Card("w08.command.02", 8, "command", "Apply ConfigMap `<cm>` from a here-document", "", answers=[heredoc]),
        Card("w08.step.01", 8, "step", "Write the claim", "", answers=[manifest]),
    ]
    out = tmp_path / "w8.apkg"
    write_apkg([Deck(week=8, title="Week 8: Storage", cards=cards)], out, built_at=time.time())
    import_into(collection, out)
    for card in cards:
        (nid,) = collection.find_notes(f'"CardId:{card.id}"')
        note = collection.get_note(nid)
        assert note.guid == genanki.guid_for(card.id)  # stable: re-imports update the note
        assert note.note_type()["name"] == "drills basic", card.id  # {{type:}} is one line: no type-in
        assert [f["name"] for f in note.note_type()["flds"]] == list(FIELDS)
        (anki_card,) = note.cards()
        assert "[[type:" not in anki_card.question() + anki_card.answer()  # Anki's type-in box
        # the first answer verbatim (escaped, its lines kept) in one <pre> block
        assert f"<pre><code>{escape(card.answers[0])}</code></pre>" in anki_card.answer(), card.id
    back = rendered_text(collection.get_note(collection.find_notes('"CardId:w08.command.01"')[0]).cards()[0].answer())
    assert back.endswith("Also accepted: kubectl create namespace <ns> && kubectl create deployment web -n <ns>"
                         " --image=nginx")
