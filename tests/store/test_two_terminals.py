"""Two terminals answering the same card at once (two Store objects on one file): both answers are
logged, and the second one's FSRS step starts from the schedule the first one left, never from the
stale one it showed (no "last writer wins"). See docs/architecture.md, "Two terminals"."""

import threading
import time
from datetime import datetime, timedelta, timezone

from drills.app.review import ReviewSession
from drills.deck.model import Card, Deck
from drills.schedule import StudyConfig
from drills.schedule.memory import Rating, State
from drills.store import Store

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
CONFIG = StudyConfig(fuzzing=False, timezone="UTC", learn_ahead_minutes=0)
DECK = Deck(week=6, title="Week 6", cards=[
    Card(id="w06.concept.01", week=6, kind="concept", front="What selects a Service's pods?", back="Its selector")])


def terminal(path, at):
    return ReviewSession(Store.open(path), [DECK], clock=lambda: at, config=CONFIG)


def test_the_second_answer_starts_from_the_first_answers_schedule(tmp_path):
    path = tmp_path / "drills.db"
    a, b = terminal(path, T0), terminal(path, T0 + timedelta(minutes=2))
    card = a.next_card()
    assert card is not None and b.next_card() == card  # both terminals show the same new card

    # Terminal A is in the middle of its answer (its unit of work open, the card read) when B answers.
    b_answering = threading.Event()
    b_write = b.store.db.write

    def b_write_flagged():
        b_answering.set()
        return b_write()

    b.store.db.write = b_write_flagged
    answers = {}
    b_thread = threading.Thread(target=lambda: answers.setdefault("b", b.rate(card, Rating.Good, 3000)))
    a_reschedule = a.reschedule

    def a_reschedule_while_b_answers(*args):
        b_thread.start()
        assert b_answering.wait(timeout=60)
        time.sleep(0.2)  # B gets to BEGIN IMMEDIATE and waits for A's lock (the test holds either way)
        return a_reschedule(*args)

    a.reschedule = a_reschedule_while_b_answers
    first = a.rate(card, Rating.Good, 2000)
    b_thread.join(timeout=120)
    second = answers["b"]

    with Store.open(path) as store:
        log = store.reviews.log(card.id)  # newest first
        after = store.cards.get(card.id)
    assert [r.id for r in log] == [second.review_id, first.review_id]  # both answers are logged
    assert log[1].before.memory.state is None  # A answered the new card
    # B's FSRS step started from the schedule A left, not from the new card B had on screen.
    assert log[0].state_before == State.Learning and log[0].before.memory.reps == 1
    assert log[0].before.memory.due == first.due
    assert after.memory.reps == 2 and after.memory.due == second.due
    a.close()
    b.close()
