"""A speed drill over the in-memory store (tests/app/memory_store.py): what the student is told at
the end, each attempt kept (the first one at a task naming the review it made), the personal best."""

from __future__ import annotations

from datetime import datetime, timezone

from drills.app.speed import SpeedRun
from drills.deck.model import Card, Deck
from drills.schedule import StudyConfig
from drills.schedule.memory import Rating
from drills.vocabulary import SessionMode, VerdictStatus

from .memory_store import MemoryStore

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
CONFIG = StudyConfig(fuzzing=False, timezone="UTC", learn_ahead_minutes=0)
DECK = Deck(week=6, title="Week 6", cards=[
    Card(id=f"w06.command.0{n}", week=6, kind="command", front=f"task {n}", back=answer, answers=[answer])
    for n, answer in ((1, "kubectl get pods"), (2, "kubectl get svc"), (3, "kubectl get nodes"))])


def test_a_speed_run_over_an_in_memory_store() -> None:
    store = MemoryStore()
    run = SpeedRun(store, DECK, clock=lambda: T0, config=CONFIG)
    first, second, third = run.tasks
    assert run.attempt(first, "kubectl get pods", 3000, 300).correct
    assert not run.attempt(second, "kubectl get pod", 4000, 200).correct
    assert run.attempt(second, "kubectl get svc", 2000, None).correct  # a retry: logged, not reviewed again
    run.skip(third, 500, None)
    result = run.finish()

    assert [(t["id"], t["verdict"], t["ms"], t["attempts"]) for t in result["tasks"]] == [
        (first.id, "correct", 3000, 1), (second.id, "correct", 6000, 2), (third.id, "skipped", 500, 1)]
    assert result["total_ms"] == 9500 and not result["complete"] and result["personal_best_ms"] is None
    # One review per task, by its first attempt: wrong or skipped is Again.
    reviews = {r.card_id: r for r in store.reviews.log() if r.mode == SessionMode.SPEED}
    assert {i: r.rating for i, r in reviews.items() if i != first.id} == {second.id: Rating.Again,
                                                                           third.id: Rating.Again}
    attempts = store.speed_runs.attempt_rows
    assert [(a.attempt, a.verdict, a.review_id) for a in attempts] == [
        (1, VerdictStatus.CORRECT, reviews[first.id].id), (1, VerdictStatus.INCORRECT, reviews[second.id].id),
        (2, VerdictStatus.CORRECT, None), (1, VerdictStatus.SKIPPED, reviews[third.id].id)]

    # A run with every task right sets the personal best; a slower one does not beat it.
    best = SpeedRun(store, DECK, clock=lambda: T0, config=CONFIG)
    for task in best.tasks:
        best.attempt(task, task.answers[0], 2000, 100)
    assert best.finish()["new_best"] and store.speed_runs.best_ms(6) == 6000
    slower = SpeedRun(store, DECK, clock=lambda: T0, config=CONFIG)
    for task in slower.tasks:
        slower.attempt(task, task.answers[0], 3000, 100)
    outcome = slower.finish()
    assert outcome["complete"] and not outcome["new_best"] and outcome["personal_best_ms"] == 6000
