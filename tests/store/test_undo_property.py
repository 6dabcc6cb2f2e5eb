"""Properties of answering, overriding and undoing, over random rating sequences."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drills.schedule import Memory, StudyConfig
from drills.store import Store
from drills.app.review import ReviewSession

from .helpers import NOW, card, deck

ratings = st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=12)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CFG = StudyConfig(fuzzing=False, timezone="UTC", leech_threshold=3)


def fresh(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("db") / "drills.db")
    c = card(6, "concept", 1)
    clock = [NOW]
    session = ReviewSession(store, [deck(6, c)], config=CFG, clock=lambda: clock[0])
    return store, session, c, clock


@FAST
@given(seq=ratings)
def test_undoing_every_answer_restores_the_new_card(tmp_path_factory, seq):
    store, session, c, clock = fresh(tmp_path_factory)
    states = []
    for r in seq:
        states.append(store.cards.get(c.id))
        session.rate(c, r, 1000)
        clock[0] = (store.cards.get(c.id).memory.due or clock[0]) + timedelta(minutes=1)
    for expected in reversed(states):  # leech suspension and tags are undone too
        assert session.undo().id == c.id
        assert store.cards.get(c.id) == expected
    assert store.cards.get(c.id).memory == Memory() and store.reviews.log() == []
    store.close()


@FAST
@given(seq=ratings, first=st.integers(1, 4), final=st.integers(1, 4))
def test_overriding_equals_answering_with_that_rating(tmp_path_factory, seq, first, final):
    results = []
    for override in (True, False):
        store, session, c, clock = fresh(tmp_path_factory)
        for r in seq:
            session.rate(c, r, 1000)
            clock[0] = (store.cards.get(c.id).memory.due or clock[0]) + timedelta(minutes=1)
        if override:
            session.override_rating(session.rate(c, first, 1000), final)
        else:
            session.rate(c, final, 1000)
        results.append((store.cards.get(c.id), [(r.rating, r.at) for r in store.reviews.log()]))
        store.close()
    assert results[0] == results[1]
