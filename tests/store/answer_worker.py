"""Child process for the concurrency and crash tests: answers cards as fast as it can.

usage: python answer_worker.py DB COUNT GO_FILE
Waits for GO_FILE to exist (so two workers start together), then answers COUNT cards through a
ReviewSession, printing "answered <review_id>" after each answer has returned (i.e. is committed).
"""

import sys
import time
from pathlib import Path

from drills.deck.model import Card, Deck
from drills.schedule import StudyConfig
from drills.store import Store
from drills.app.review import ReviewSession


def main() -> None:
    db, count, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    deck = Deck(week=6, title="w6", cards=[
        Card(id=f"w06.concept.{n:03d}", week=6, kind="concept", front=f"q{n}", back=f"a{n}") for n in range(400)])
    while not go.exists():
        time.sleep(0.005)
    store = Store.open(db)
    session = ReviewSession(store, [deck], config=StudyConfig(new_cards_per_day=10_000), limit=count)
    print("ready", flush=True)
    answered = 0
    while (card := session.next_card()) is not None:
        outcome = session.rate(card, 1 + answered % 4, 250)  # all four ratings, fuzzing on
        answered += 1
        print(f"answered {outcome.review_id}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
