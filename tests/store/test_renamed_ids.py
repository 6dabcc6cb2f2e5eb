"""A database built with week 6's old (ordinal) cloze ids keeps its history under the new ids."""

from dataclasses import replace

import pytest

from drills.app.review import ReviewSession
from drills.deck.files import load_deck
from drills.deck.renames import RENAMED_IDS, RETIRED_IDS
from drills.schedule import Rating, StudyConfig, make_scheduler, review_memory
from drills.store import Store

from .helpers import NOW, log_answer


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "drills.db")
    yield s
    s.close()


def _table(store):
    return [tuple(r) for r in store.conn.execute("SELECT * FROM cards ORDER BY num")], \
        [tuple(r) for r in store.conn.execute("SELECT * FROM reviews ORDER BY id")]


def test_sync_carries_old_ids_history_to_new_ids(store):
    current = load_deck(6)
    old_of = {new: old for old, new in RENAMED_IDS.items()}
    retired_card = replace(current.cards[0], id=RETIRED_IDS[0])
    old_deck = replace(current, cards=[replace(c, id=old_of.get(c.id, c.id)) for c in current.cards] + [retired_card])
    store.cards.sync([old_deck], NOW)
    sched = make_scheduler(StudyConfig(fuzzing=False))
    answered = ["w06.concept.04.c2", "w06.concept.10.c4", "w06.concept.01.c1", RETIRED_IDS[0]]
    for card_id in answered:
        before = store.cards.get(card_id)
        log_answer(store, card_id, at=NOW, rating=3, memory=review_memory(sched, before.memory, before.num,
                                                                          Rating.Good, NOW))
    store.suspensions.suspend("w06.concept.04.c2")
    old = {i: store.cards.get(i) for i in answered}

    ReviewSession(store, [current], clock=lambda: NOW)  # the app layer syncs with the rename map

    for old_id in answered[:3]:
        new = store.cards.get(RENAMED_IDS[old_id])
        assert (new.num, new.memory, new.suspended) == (old[old_id].num, old[old_id].memory,
                                                        old[old_id].suspended)
        assert new.memory.reps == 1 and new.memory.stability and new.memory.due
        assert [r.card_id for r in store.reviews.log(new.id)] == [new.id]
        assert store.reviews.log(old_id) == []
    assert store.cards.get("w06.concept.04.c-30000-32767").suspended
    stored = {c.id for c in store.cards.all(include_retired=True)}
    assert not set(RENAMED_IDS) & stored and set(RENAMED_IDS.values()) <= stored
    retired = store.cards.get(RETIRED_IDS[0])  # no new card hides its fact: retired, history kept
    assert retired.retired and len(store.reviews.log(RETIRED_IDS[0])) == 1
    assert {c.id for c in store.cards.all()} == {c.id for c in current.cards}

    after = _table(store)
    ReviewSession(store, [current], clock=lambda: NOW)
    assert _table(store) == after  # a second sync changes nothing


def test_when_old_and_new_ids_are_both_stored_neither_is_touched(store):
    current = load_deck(6)
    old_id, new_id = "w06.concept.04.c2", RENAMED_IDS["w06.concept.04.c2"]
    old_card = replace(next(c for c in current.cards if c.id == new_id), id=old_id)
    store.cards.sync([replace(current, cards=[*current.cards, old_card])], NOW)
    log_answer(store, old_id, at=NOW, rating=3)
    ReviewSession(store, [current], clock=lambda: NOW)
    assert store.cards.get(old_id).retired and len(store.reviews.log(old_id)) == 1
    assert not store.cards.get(new_id).retired and store.reviews.log(new_id) == []
