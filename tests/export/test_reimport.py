"""Re-importing is safe: the same file adds nothing; a rebuilt deck updates its notes in place."""

from __future__ import annotations

import dataclasses
import time

from drills.export.anki import write_apkg
from drills.export.notes import FIELDS

from .conftest import import_into, sample_deck


def _edited(deck, card_id: str, front: str):
    cards = [dataclasses.replace(c, front=front) if c.id == card_id else c for c in deck.cards]
    return dataclasses.replace(deck, cards=cards)


def test_importing_the_same_file_twice_adds_nothing(tmp_path, collection):
    out = tmp_path / "week6.apkg"
    write_apkg([sample_deck()], out, built_at=time.time())
    import_into(collection, out)
    notes, cards = collection.note_count(), collection.card_count()
    card_ids = sorted(collection.find_cards(""))

    log = import_into(collection, out)
    assert len(log.new) == 0 and len(log.conflicting) == 0
    assert (collection.note_count(), collection.card_count()) == (notes, cards)
    assert sorted(collection.find_cards("")) == card_ids


def test_rebuilt_deck_with_new_wording_updates_the_note_in_place(tmp_path, collection):
    built = time.time()
    deck = sample_deck()
    write_apkg([deck], tmp_path / "v1.apkg", built_at=built)
    import_into(collection, tmp_path / "v1.apkg")
    (nid,) = collection.find_notes('"CardId:w06.command.02"')
    card_ids = sorted(collection.find_cards(""))

    changed = _edited(deck, "w06.command.02", "Open a shell in Pod `<pod>` (reworded)")
    write_apkg([changed], tmp_path / "v2.apkg", built_at=built + 60)
    log = import_into(collection, tmp_path / "v2.apkg")

    assert len(log.new) == 0 and len(log.conflicting) == 0 and len(log.duplicate) == 0
    assert nid in [n.id.nid for n in log.updated]
    assert collection.find_notes('"CardId:w06.command.02"') == [nid]
    assert "(reworded)" in collection.get_note(nid)["Front"]
    assert "&lt;pod&gt;" in collection.get_note(nid)["Front"]
    assert sorted(collection.find_cards("")) == card_ids  # same cards: review history kept


def test_a_rebuild_stamped_with_an_old_time_is_ignored_by_anki(tmp_path, collection):
    # Why the build time is real: Anki keeps its note unless the imported one is newer.
    built = time.time()
    deck = sample_deck()
    write_apkg([deck], tmp_path / "v1.apkg", built_at=built)
    import_into(collection, tmp_path / "v1.apkg")
    write_apkg([_edited(deck, "w06.command.02", "reworded")], tmp_path / "v2.apkg", built_at=built)
    log = import_into(collection, tmp_path / "v2.apkg")
    (nid,) = collection.find_notes('"CardId:w06.command.02"')
    assert len(log.updated) == 0
    assert collection.get_note(nid)["Front"] != "reworded"


def test_note_type_field_lists_are_the_frozen_release_list(tmp_path, collection):
    # Changing a field list makes Anki skip every later update as "conflicting": it must never change.
    assert FIELDS == ("Front", "Back", "Answer", "Extra", "Source", "CardId", "Spare1", "Spare2")
    write_apkg([sample_deck()], tmp_path / "a.apkg", built_at=time.time())
    import_into(collection, tmp_path / "a.apkg")
    kinds = {nt.name: [f["name"] for f in collection.models.get(nt.id)["flds"]]
             for nt in collection.models.all_names_and_ids()}
    for name in ("drills basic", "drills typed command", "drills cloze"):
        assert tuple(kinds[name]) == FIELDS
