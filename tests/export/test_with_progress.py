"""`--with-progress`: reviews done in drills arrive in Anki (first import, "with scheduling")."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

from drills.export.anki import write_apkg
from drills.export.progress import write_apkg_with_progress
from drills.store import Store
from drills.app.review import ReviewSession

from .conftest import anki_card_for, check_rendering, expected_counts, import_into, sample_deck


def _studied(tmp_path):
    """A store in which three cards were studied over two days (one card twice)."""
    deck = sample_deck()
    store = Store.open(tmp_path / "drills.db")
    moments = iter([datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=i)
                    for i in range(10)] + [datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)])
    session = ReviewSession(store, [deck], clock=lambda: next(moments, datetime.now(timezone.utc)))
    cards = deck.by_id()
    session.rate(cards["w06.concept.01.c2"], 3, 4000)
    session.rate(cards["w06.pitfall.01"], 4, 2500)
    session.rate(cards["w06.command.02"], 1, 9000)
    session.rate(cards["w06.command.02"], 3, 5000)
    return deck, store


def _import(col, path, with_scheduling: bool):
    return col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(path),
        options=ImportAnkiPackageOptions(with_scheduling=with_scheduling))).log


def test_progress_arrives_with_scheduling(tmp_path, collection):
    deck, store = _studied(tmp_path)
    out = tmp_path / "progress.apkg"
    summary = write_apkg_with_progress([deck], out, built_at=time.time(), store=store)
    assert summary["progress"] == {"cards": 3, "reviews": 4}
    _import(collection, out, with_scheduling=True)

    notes, cards = expected_counts(deck)
    assert (collection.note_count(), collection.card_count()) == (notes, cards)
    check_rendering(collection, deck)
    records = {r.id: r for r in store.cards.all()}
    for card_id, reviews in (("w06.concept.01.c2", 1), ("w06.pitfall.01", 1), ("w06.command.02", 2)):
        card = anki_card_for(collection, deck.by_id()[card_id])
        memory = records[card_id].memory
        assert card.type != 0 and card.reps == memory.reps == reviews
        assert abs(card.memory_state.stability - memory.stability) < 1e-3
        assert abs(card.memory_state.difficulty - memory.difficulty) < 1e-3
        eases = collection.db.list("select ease from revlog where cid = ? order by id", card.id)
        assert len(eases) == reviews
    assert collection.db.list("select ease from revlog where cid = ? order by id",
                              anki_card_for(collection, deck.by_id()["w06.command.02"]).id) == [1, 3]
    untouched = anki_card_for(collection, deck.by_id()["w06.concept.01.c1"])
    assert untouched.type == 0 and untouched.reps == 0
    store.close()


def test_progress_is_optional_on_import(tmp_path, collection):
    deck, store = _studied(tmp_path)
    out = tmp_path / "progress.apkg"
    write_apkg_with_progress([deck], out, built_at=time.time(), store=store)
    _import(collection, out, with_scheduling=False)
    assert collection.card_count() == expected_counts(deck)[1]
    assert collection.db.scalar("select count() from cards where type != 0") == 0
    assert collection.db.scalar("select count() from revlog") == 0
    store.close()


def test_a_later_plain_export_updates_notes_and_keeps_anki_progress(tmp_path, collection):
    deck, store = _studied(tmp_path)
    built = time.time()
    write_apkg_with_progress([deck], tmp_path / "progress.apkg", built_at=built, store=store)
    _import(collection, tmp_path / "progress.apkg", with_scheduling=True)
    card = anki_card_for(collection, deck.by_id()["w06.command.02"])
    write_apkg([deck], tmp_path / "plain.apkg", built_at=built + 60)
    log = import_into(collection, tmp_path / "plain.apkg")
    assert len(log.new) == 0 and len(log.conflicting) == 0 and len(log.updated) == collection.note_count()
    after = collection.get_card(card.id)
    assert (after.reps, after.type, after.due) == (card.reps, card.type, card.due)
    store.close()
