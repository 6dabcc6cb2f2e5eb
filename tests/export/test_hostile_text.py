"""Text that HTML, Anki's cloze parser or Anki's media tags would eat is shown exactly as written."""

from __future__ import annotations

import re
import time

from drills.deck.model import Card, Deck
from drills.export.anki import write_apkg

from .conftest import anki_card_for, check_rendering, expected_counts, import_into, rendered_text

_CHUNK = "Pod <pod> — 日本語 🚀 {{c1::not a cloze}} `k get po` }} :: & "
LONG = _CHUNK * (5000 // len(_CHUNK)) + "x" * (5000 % len(_CHUNK))
PARAGRAPH = (
    "Outside text may hold }} and :: and {{ and <b>tags</b> — 日本語 🚀. "
    "Read it with {{c1::-o jsonpath='{.spec.ports[0].nodePort}'}}, label it {{c2::key::value}}, "
    "never run {{c3::<script>alert(1)</script>}} and keep `{{c4::<svc>.<ns>.svc.cluster.local}}`. "
    "Templates: {{c5::-o go-template='{{.metadata.name}}'}} end."
)


def hostile_deck() -> Deck:
    cards = [
        Card("w09.pitfall.01", 9, "pitfall",
             '<script>alert("front")</script> {{c1::x}} }} a::b — em dash, emoji 🚀, CJK 日本語 [sound:evil.mp3]',
             LONG),
        *[Card(f"w09.concept.01.c{n}", 9, "concept", "", "", cloze=PARAGRAPH, cloze_index=n)
          for n in (1, 2, 3, 4, 5)],
        Card("w09.command.01", 9, "command", "List names, one per line — `<ns>` only", "",
             answers=["kubectl get pods -n <ns> -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'",
                      "kubectl get po -n <ns> -o name"]),
        Card("w09.command.02", 9, "command", "Type [[type:Front]] literally", "",
             answers=["echo '[[type:Front]] <<EOF }} :: 日本語'"]),
    ]
    return Deck(week=9, title="Week 9: Hostile <Text> :: & Friends", cards=cards)


def test_hostile_text_renders_as_text_and_clozes_count_right(tmp_path, collection):
    deck = hostile_deck()
    out = tmp_path / "hostile.apkg"
    summary = write_apkg([deck], out, built_at=time.time())
    import_into(collection, out)

    notes, cards = expected_counts(deck)
    assert (collection.note_count(), collection.card_count()) == (notes, cards) == (4, 8)
    assert (summary["notes"], summary["cards"]) == (4, 8)
    check_rendering(collection, deck)

    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        for side in (card.question(), card.answer()):
            assert not re.search(r"<\s*script", side, re.I)  # shown as text, never a tag
            assert side.count("[[type:") <= 1  # only our own type-in box, none made out of card text
        assert card.question_av_tags() == [] and card.answer_av_tags() == []  # no sound tag from text
    pitfall = anki_card_for(collection, deck.cards[0])
    assert '<script>alert("front")</script> {{c1::x}} }} a::b' in rendered_text(pitfall.question())
    assert "[sound:evil.mp3]" in rendered_text(pitfall.question())
    assert " ".join(LONG.replace("`", "").split()) in rendered_text(pitfall.answer())


def test_cloze_content_with_colons_and_braces_is_neither_a_hint_nor_cut_short(tmp_path, collection):
    deck = hostile_deck()
    out = tmp_path / "hostile.apkg"
    write_apkg([deck], out, built_at=time.time())
    import_into(collection, out)
    key_value = anki_card_for(collection, deck.cards[2])  # {{c2::key::value}}
    question = rendered_text(key_value.question())
    assert "label it [...]," in question  # a hint would show as [value]
    assert "key::value" in rendered_text(key_value.answer())
    jsonpath = anki_card_for(collection, deck.cards[1])
    assert "-o jsonpath='{.spec.ports[0].nodePort}', label" in rendered_text(jsonpath.answer())
    template = anki_card_for(collection, deck.cards[5])  # }} inside the deletion
    assert "Templates: [...] end." in rendered_text(template.question())
    assert "-o go-template='{{.metadata.name}}' end." in rendered_text(template.answer())


def test_deck_title_with_double_colon_makes_no_extra_deck_level(tmp_path, collection):
    out = tmp_path / "hostile.apkg"
    write_apkg([hostile_deck()], out, built_at=time.time())
    import_into(collection, out)
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert "CKAD::Week 09 — Hostile <Text> : & Friends::Pitfalls" in names
    assert not any(n.endswith("::& Friends") for n in names)
