"""New cards interleave kinds within a week: command, concept, pitfall, step, challenge, then the
second card of each kind, ... (docs/study.md, "Which card comes next")."""

from datetime import datetime, timezone

import pytest

from drills.deck.files import load_deck
from drills.schedule import Selection, StudyConfig
from drills.store import Store
from drills.app.review import ReviewSession

from .helpers import NOW, card, deck

ORDER = ["command", "concept", "pitfall", "step", "challenge"]


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "drills.db")
    yield s
    s.close()


def new_queue(store, **filters):
    """Every new card id in the order the queue hands them out."""
    out = []
    while (card_id := store.cards.next_new(NOW, Selection.of(exclude=out, **filters))) is not None:
        out.append(card_id)
    return out


def test_new_cards_take_turns_by_kind_and_weeks_stay_in_order(store):
    week6 = deck(6, card(6, "concept", 1), card(6, "concept", 2), card(6, "concept", 3), card(6, "step", 1),
                 card(6, "challenge", 1), card(6, "command", 1), card(6, "command", 2), card(6, "pitfall", 1))
    week7 = deck(7, card(7, "pitfall", 1), card(7, "command", 1))
    store.cards.sync([week7, week6], NOW)
    assert new_queue(store) == [
        "w06.command.01", "w06.concept.01", "w06.pitfall.01", "w06.step.01", "w06.challenge.01",
        "w06.command.02", "w06.concept.02", "w06.concept.03",
        "w07.command.01", "w07.pitfall.01",
    ]
    assert new_queue(store, weeks=[7]) == ["w07.command.01", "w07.pitfall.01"]
    # One kind only: plain deck order within it.
    assert new_queue(store, kind="concept") == ["w06.concept.01", "w06.concept.02", "w06.concept.03"]


def test_a_deck_edit_that_moves_cards_updates_the_order(store):
    a, b, x = card(6, "command", 1), card(6, "command", 2), card(6, "concept", 1)
    store.cards.sync([deck(6, a, b, x)], NOW)
    assert new_queue(store) == [a.id, x.id, b.id]

    # The two commands swap places: the second command card is now the first one.
    store.cards.sync([deck(6, b, a, x)], NOW)
    assert new_queue(store) == [b.id, x.id, a.id]

    store.cards.sync([deck(6, a, b, x)], NOW)
    assert new_queue(store) == [a.id, x.id, b.id]
    # A concept replaces the first command: b keeps its position (1) but is now the first command.
    y = card(6, "concept", 2)
    counts = store.cards.sync([deck(6, y, b, x)], NOW)
    assert (counts["added"], counts["retired"]) == (1, 1)
    assert new_queue(store) == [b.id, y.id, x.id]


def test_the_first_new_cards_of_week_6_are_one_of_each_kind(store):
    week6 = load_deck(6)
    first_of_kind = {}
    for c in week6.cards:
        first_of_kind.setdefault(c.kind, c.id)
    assert week6.cards[0].kind == "concept" and set(first_of_kind) == set(ORDER)  # the deck lists concepts first

    clock = datetime(2026, 11, 26, 10, tzinfo=timezone.utc)
    session = ReviewSession(store, [week6], config=StudyConfig(fuzzing=False, timezone="UTC"),
                           clock=lambda: clock)
    shown = []
    for _ in range(5):
        c = session.next_card()
        shown.append(c)
        session.rate(c, 3, 1000)  # Good: a learning card due in minutes, not now
    assert [c.kind for c in shown] == ORDER
    assert [c.id for c in shown] == [first_of_kind[k] for k in ORDER]
    second_command = [c.id for c in week6.cards if c.kind == "command"][1]
    assert session.next_card().id == second_command
