"""Cloze numbers in the Anki export follow the fact: a course edit that adds, removes or reorders the
blanks of a paragraph leaves every other blank's Anki card (and its review history) on its fact.
Proved with the official `anki` package importing successive exports of a made-up page."""

from __future__ import annotations

import time

from drills.course import read_week
from drills.deck.build import build_deck
from drills.export.anki import write_apkg
from drills.export.notes import notes_for_deck
from drills.export.ordinals import ANKI_MAX_CLOZE, FROZEN, ordinals, slot

from course.pages import page

from .conftest import anki_card_for, import_into

LIVENESS = "A liveness probe runs every `periodSeconds` (default 10) and restarts the container after " \
           "`failureThreshold` failures."
V1 = f"Probes are checks the kubelet runs. {LIVENESS} A readiness probe only takes the Pod out of the endpoints."
# a new blank BEFORE the others (positional numbering would shift both)
V2 = f"Probes are checks the kubelet runs. The first check waits `initialDelaySeconds`. {LIVENESS} " \
     "A readiness probe only takes the Pod out of the endpoints."
# `periodSeconds` gone and the other two in the opposite order
V3 = "Probes are checks the kubelet runs. After `failureThreshold` failures a liveness probe restarts the " \
     "container; the first check waits `initialDelaySeconds`."


def _deck(concept: str):
    return build_deck(read_week(page(concept=concept), "03-probes.md")).deck


def _fact_card(deck, fact: str):
    (card,) = [c for c in deck.cards if c.cloze and c.back == f"`{fact}`"]
    return card


def _review(col, anki_card, ease: int) -> None:
    anki_card.start_timer()
    col.sched.answerCard(anki_card, ease)


def _ratings(col, anki_card) -> list[int]:
    return [ease for (ease,) in col.db.all("select ease from revlog where cid = ? order by id", anki_card.id)]


def test_review_history_stays_on_its_fact_when_blanks_are_added_removed_and_reordered(tmp_path, collection):
    built = time.time()
    decks = [_deck(V1), _deck(V2), _deck(V3)]
    assert [c.back for c in decks[1].cards if c.cloze][0] == "`initialDelaySeconds`"  # the edit shifts positions

    write_apkg([decks[0]], tmp_path / "v1.apkg", built_at=built)
    import_into(collection, tmp_path / "v1.apkg")
    collection.decks.select(collection.decks.id_for_name("CKAD::Week 03 — Pods & Config: the basics::Concepts"))
    period = anki_card_for(collection, _fact_card(decks[0], "periodSeconds"))
    threshold = anki_card_for(collection, _fact_card(decks[0], "failureThreshold"))
    _review(collection, period, 1)  # Again
    _review(collection, threshold, 3)  # Good
    assert _ratings(collection, period) == [1] and _ratings(collection, threshold) == [3]

    for n, deck in enumerate(decks[1:], 2):
        write_apkg([deck], tmp_path / f"v{n}.apkg", built_at=built + 60 * n)
        log = import_into(collection, tmp_path / f"v{n}.apkg")
        assert not log.conflicting and not log.new  # the paragraph's note is updated in place
        # the card Anki now shows for each fact is the card that holds that fact's history
        assert _ratings(collection, anki_card_for(collection, _fact_card(deck, "failureThreshold"))) == [3]
        assert _ratings(collection, anki_card_for(collection, _fact_card(deck, "initialDelaySeconds"))) == []
        if n == 2:
            assert _ratings(collection, anki_card_for(collection, _fact_card(deck, "periodSeconds"))) == [1]
    # the removed fact's card is kept by Anki (an empty card, history intact): re-adding the fact
    # later finds it again
    write_apkg([decks[1]], tmp_path / "v4.apkg", built_at=built + 300)
    import_into(collection, tmp_path / "v4.apkg")
    assert _ratings(collection, anki_card_for(collection, _fact_card(decks[1], "periodSeconds"))) == [1]


def test_ordinals_are_distinct_within_anki_range_and_keep_the_week6_release_numbering():
    keys = {f"p.c-fact{i}": f"c-fact{i}" for i in range(40)}
    got = ordinals(keys, frozen={})
    assert len(set(got.values())) == 40 and all(0 <= o < ANKI_MAX_CLOZE for o in got.values())
    # a collision: the fact whose key sorts first keeps the slot, the other takes the next free one
    other = next(f"c-{i}" for i in range(1, 100_000) if slot(f"c-{i}") == slot("c-0"))
    pair = ordinals({"p.b": other, "p.a": "c-0"}, frozen={})
    assert pair == {"p.a": slot("c-0"), "p.b": (slot("c-0") + 1) % ANKI_MAX_CLOZE}
    # week 6 as shipped keeps the ordinals its earlier exports gave each fact (Anki history stays)
    from drills.deck.files import load_deck

    for spec in notes_for_deck(load_deck(6)):
        for card_id in spec.card_ids:
            if card_id in FROZEN:
                assert spec.ordinal(card_id) == FROZEN[card_id]
