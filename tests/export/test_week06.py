"""The built-in week 6 deck, exported and imported into real Anki, is the deck card for card."""

from __future__ import annotations

import dataclasses
import time

from drills.deck.files import load_deck
from drills.export.anki import write_apkg

from .conftest import check_rendering, expected_counts, import_into


def test_week6_imports_card_for_card(tmp_path, collection):
    deck = load_deck(6)
    out = tmp_path / "week6.apkg"
    summary = write_apkg([deck], out, built_at=time.time())
    log = import_into(collection, out)

    notes, cards = expected_counts(deck)
    assert cards == len(deck.cards) and notes < cards  # cloze paragraphs: one note, several cards
    assert len(log.new) == collection.note_count() == summary["notes"] == notes
    assert collection.card_count() == summary["cards"] == cards
    check_rendering(collection, deck)

    commands = [c for c in deck.cards if c.kind == "command"]
    typed = collection.find_notes('"note:drills typed command"')
    assert len(typed) == sum(1 for c in commands if c.answers and not c.self_graded
                             and "\n" not in c.answers[0] and not c.problems) > 0
    week = "CKAD::Week 06 — Services & Networking"
    assert len(collection.find_cards(f'"deck:{week}::Commands"')) == len(commands)
    assert len(collection.find_cards(f'"deck:{week}"')) == cards


def test_week6_reimport_and_reworded_rebuild(tmp_path, collection):
    deck = load_deck(6)
    built = time.time()
    write_apkg([deck], tmp_path / "v1.apkg", built_at=built)
    import_into(collection, tmp_path / "v1.apkg")
    card_ids = sorted(collection.find_cards(""))
    again = import_into(collection, tmp_path / "v1.apkg")
    assert len(again.new) == 0 and sorted(collection.find_cards("")) == card_ids

    target = next(c for c in deck.cards if c.kind == "command")
    reworded = dataclasses.replace(target, front=target.front + " (reworded)")
    edited = dataclasses.replace(deck, cards=[reworded if c.id == target.id else c for c in deck.cards])
    write_apkg([edited], tmp_path / "v2.apkg", built_at=built + 60)
    log = import_into(collection, tmp_path / "v2.apkg")
    assert len(log.new) == 0 and len(log.conflicting) == 0
    assert sorted(collection.find_cards("")) == card_ids
    (nid,) = collection.find_notes(f'"CardId:{target.id}"')
    assert collection.get_note(nid)["Front"].endswith("(reworded)")
    check_rendering(collection, edited)
