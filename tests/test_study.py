"""The study session and the speed drill, with an injected clock and a UTC day boundary."""

from datetime import datetime, timedelta, timezone

import pytest

from drills.deck.model import Card, Deck
from drills.kubectl.verdict import Verdict
from drills.schedule import StudyConfig
from drills.store import Store
from drills.app.review import ReviewSession
from drills.app.speed import SpeedRun

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
CFG = StudyConfig(fuzzing=False, timezone="UTC", learn_ahead_minutes=0)


class Clock:
    def __init__(self, now=T0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **kw):
        self.now += timedelta(**kw)


def command(n, answer="kubectl get pods", week=6):
    return Card(id=f"w{week:02d}.command.{n:02d}", week=week, kind="command", front=f"task {n}", back=answer,
                answers=[answer])


def concept(n, week=6):
    return Card(id=f"w{week:02d}.concept.{n:02d}", week=week, kind="concept", front=f"q {n}", back=f"a {n}")


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "drills.db")
    yield s
    s.close()


@pytest.fixture
def exact_checker(monkeypatch):
    """The kubectl checker is another room's (tested there); here a typed answer is right when it is
    exactly one of the card's answers, so the rating rule can be driven precisely."""
    monkeypatch.setattr("drills.app.answering.check", lambda card, typed: Verdict(
        "correct" if typed in card.answers else "incorrect", matched=card.answers[0]))


def session(store, cards, clock, **kw):
    kw.setdefault("config", CFG)
    return ReviewSession(store, [Deck(week=6, title="w6", cards=cards)], clock=clock, **kw)


def test_auto_rating_boundaries_through_the_session(store, exact_checker):
    answer = "kubectl get pods"  # 16 chars: target 5000 + 16 * 250 = 9000 ms; Easy at <= 5400 ms
    clock = Clock()
    s = session(store, [command(n, answer) for n in range(1, 6)], clock, config=StudyConfig(
        fuzzing=False, timezone="UTC", learn_ahead_minutes=0))
    got = []
    for typed, ms in ((answer, 5400), (answer, 5401), (answer, 9000), (answer, 9001), ("kubectl get po", 100)):
        o = s.answer_typed(s.next_card(), typed, ms)
        got.append((o.rating, o.auto, o.target_ms))
    assert got == [(4, True, 9000), (3, True, 9000), (3, True, 9000), (2, True, 9000), (1, True, 9000)]
    log = store.reviews.log()
    assert log[0].typed == "kubectl get po" and log[0].verdict is not None and log[0].verdict.status == "incorrect"
    assert log[0].auto and log[0].duration_ms == 100


def test_target_adapts_to_the_students_own_correct_times(store, exact_checker):
    clock = Clock()
    s = session(store, [command(1)], clock, config=StudyConfig(fuzzing=False, timezone="UTC", learn_ahead_minutes=0))
    c = s.next_card()
    for ms in (3000, 3000, 3000):
        s.answer_typed(c, c.answers[0], ms)
    o = s.answer_typed(c, c.answers[0], 6000)
    assert o.target_ms == (9000 + 3000) // 2 and o.rating == 3  # 6000 <= 6000: Good, 3600 would be Easy


def test_student_can_override_the_last_rating(store, exact_checker):
    clock = Clock()
    s = session(store, [command(1), command(2)], clock)
    o = s.answer_typed(s.next_card(), "kubectl get pods", 1000)
    assert o.rating == 4 and o.due > T0 + timedelta(days=1)
    changed = s.override_rating(o, 1)
    assert (changed.rating, changed.auto, changed.due) == (1, False, T0 + timedelta(minutes=1))
    assert store.cards.get(o.card.id).memory.due == T0 + timedelta(minutes=1)
    row = store.reviews.log(o.card.id)[0]
    assert (row.rating, row.auto) == (1, 0) and len(store.reviews.log()) == 1
    s.rate(s.next_card(), 3, 500)
    with pytest.raises(ValueError):
        s.override_rating(changed, 3)  # no longer the last answer


def test_due_first_most_overdue_first_then_new_in_deck_order(store):
    clock = Clock()
    cards = [concept(n) for n in range(1, 6)]
    s = session(store, cards, clock)
    s.rate(cards[3], 4, 100)  # Easy: due in days
    clock.advance(days=1)
    s.rate(cards[1], 4, 100)  # due a day later than cards[3]
    due = {c.id: store.cards.get(c.id).memory.due for c in (cards[1], cards[3])}
    assert due[cards[3].id] < due[cards[1].id]
    clock.now = max(due.values()) + timedelta(hours=1)
    s = session(store, cards, clock)
    assert s.progress() == {"done": 0, "due_left": 2, "new_left": 3}
    order = []
    for _ in range(3):
        order.append(s.next_card().id)
        s.rate(s.next_card(), 4, 100)
    assert order == [cards[3].id, cards[1].id, cards[0].id]


def test_daily_new_card_limit_counts_what_was_introduced_today(store):
    clock = Clock()
    cfg = StudyConfig(fuzzing=False, timezone="UTC", learn_ahead_minutes=0, new_cards_per_day=3)
    cards = [concept(n) for n in range(1, 9)]
    s = session(store, cards, clock, config=cfg)
    assert s.progress() == {"done": 0, "due_left": 0, "new_left": 3}
    while (c := s.next_card()) is not None:
        s.rate(c, 4, 100)
    assert s.summary()["reviewed"] == 3
    # A second terminal on the same day gets no more new cards.
    assert session(store, cards, clock, config=cfg).next_card() is None
    clock.now = T0.replace(hour=3, minute=59) + timedelta(days=1)  # still "today" before 4 am
    assert session(store, cards, clock, config=cfg).next_card() is None
    clock.now = T0.replace(hour=4) + timedelta(days=1)
    s = session(store, cards, clock, config=cfg)
    assert s.progress()["new_left"] == 3 and s.next_card().id == cards[3].id


def test_limit_week_and_kind_filters(store, exact_checker):
    clock = Clock()
    decks = [Deck(6, "w6", [concept(1), command(1)]), Deck(7, "w7", [concept(1, week=7), command(1, week=7)])]
    s = ReviewSession(store, decks, week=7, kind="command", config=CFG, clock=clock)
    assert s.next_card().id == "w07.command.01"
    s.answer_typed(s.next_card(), "kubectl get pods", 100)
    assert s.next_card() is None
    s = ReviewSession(store, decks, limit=2, config=CFG, clock=clock)
    s.rate(s.next_card(), 3, 1)
    s.rate(s.next_card(), 3, 1)
    assert s.next_card() is None and s.progress()["new_left"] == 0


def test_undo_restores_state_and_shows_the_card_again(store):
    clock = Clock()
    cards = [concept(1), concept(2)]
    s = session(store, cards, clock)
    first = s.next_card()
    o = s.rate(first, 3, 700)
    assert store.cards.get(first.id).memory.reps == 1
    assert s.next_card().id == cards[1].id
    assert s.undo().id == first.id
    assert store.cards.get(first.id).memory.is_new and store.reviews.log() == []
    assert s.next_card().id == first.id and s.progress() == {"done": 0, "due_left": 0, "new_left": 2}
    assert o.review_id not in {r.id for r in store.reviews.log()}
    assert s.undo() is None  # nothing left to undo


def test_leech_after_eight_lapses_is_tagged_and_suspended(store):
    clock = Clock()
    card = concept(1)
    s = session(store, [card], clock)
    s.rate(card, 4, 100)  # graduates straight to Review
    lapses = 0
    while lapses < 8:
        clock.now = store.cards.get(card.id).memory.due
        assert s.next_card() is not None and s.next_card().id == card.id
        s.rate(card, 1, 100)  # Again on a review card: a lapse
        lapses += 1
        rec = store.cards.get(card.id)
        assert rec.memory.lapses == lapses
        assert ("leech" in rec.tags) == (lapses == 8) and rec.suspended == (lapses == 8)
        clock.now = rec.memory.due
        s.rate(card, 4, 100)  # relearned
    clock.advance(days=400)
    assert s.next_card() is None


def test_leech_action_tag_keeps_the_card(store):
    clock = Clock()
    cfg = StudyConfig(fuzzing=False, timezone="UTC", learn_ahead_minutes=0, leech_threshold=2, leech_action="tag")
    card = concept(1)
    s = session(store, [card], clock, config=cfg)
    s.rate(card, 4, 100)
    for _ in range(2):
        clock.now = store.cards.get(card.id).memory.due
        s.rate(card, 1, 100)
        clock.now = store.cards.get(card.id).memory.due
        s.rate(card, 4, 100)
    rec = store.cards.get(card.id)
    assert rec.tags == ["leech"] and not rec.suspended


def test_bury_until_the_next_4am_and_suspend(store):
    clock = Clock(T0.replace(hour=23))
    cards = [concept(1), concept(2)]
    s = session(store, cards, clock)
    s.bury(s.next_card())
    assert s.next_card().id == cards[1].id
    s.suspend(cards[1])
    assert s.next_card() is None
    clock.now = T0.replace(hour=3, minute=59) + timedelta(days=1)
    assert s.next_card() is None
    clock.now = T0.replace(hour=4) + timedelta(days=1)
    assert s.next_card().id == cards[0].id


def test_cram_practises_everything_once_without_touching_the_schedule(store):
    clock = Clock()
    cards = [concept(n) for n in range(1, 4)]
    s = session(store, cards, clock)
    s.rate(s.next_card(), 4, 100)  # one card scheduled days ahead, two still new
    before = {c.id: store.cards.get(c.id) for c in cards}
    cram = session(store, cards, clock, cram=True)
    assert cram.progress()["due_left"] == 3
    seen = []
    while (c := cram.next_card()) is not None:
        seen.append(c.id)
        cram.rate(c, 1, 100)
    assert sorted(seen) == sorted(c.id for c in cards) and seen[0] == cards[0].id
    assert {c.id: store.cards.get(c.id) for c in cards} == before
    assert [r.mode for r in store.reviews.log()] == ["cram"] * 3 + ["review"]
    # Cramming new cards does not use up today's new-card allowance.
    assert session(store, cards, clock).progress()["new_left"] == 2


def test_summary_counts(store):
    clock = Clock()
    s = session(store, [concept(n) for n in range(1, 5)], clock)
    for rating in (1, 3, 3, 4):
        s.rate(s.next_card(), rating, 1000)
    assert s.summary() == {"reviewed": 4, "typed": 0, "correct": 0, "again": 1,
                           "by_rating": {1: 1, 2: 0, 3: 2, 4: 1}, "ms": 4000}


def test_summary_counts_typed_answers_judged_correct(store, exact_checker):
    s = session(store, [command(1), command(2), concept(1)], Clock())
    s.answer_typed(s.next_card(), "kubectl get pods", 100_000)  # right but slow: Hard
    s.rate(s.next_card(), 3, 1000)  # concept 1 comes before command 2: new cards interleave kinds
    s.answer_typed(s.next_card(), "kubectl get pod", 1000)
    summary = s.summary()
    assert (summary["reviewed"], summary["typed"], summary["correct"], summary["again"]) == (3, 2, 1, 1)


# -- speed drill -----------------------------------------------------------------------------------

def speed_deck():
    self_graded = Card(id="w06.command.03", week=6, kind="command", front="explain", back="", self_graded=True)
    return Deck(6, "w6", [command(1, "kubectl get pods"), concept(1), command(2, "kubectl get svc"), self_graded])


def test_speed_run_records_attempts_feeds_fsrs_and_tracks_the_personal_best(store, exact_checker):
    clock = Clock()
    run = SpeedRun(store, speed_deck(), clock=clock, config=CFG)
    assert [c.id for c in run.tasks] == ["w06.command.01", "w06.command.02", "w06.command.03"]
    a, b, c = run.tasks
    assert run.attempt(a, "kubectl get pods", 3000, 400).correct  # first try: auto-rated (Easy)
    assert not run.attempt(b, "kubectl get pod", 4000, 500).correct  # first try wrong: Again
    assert run.attempt(b, "kubectl get svc", 2000, 300).correct  # retry: logged, no second review
    run.self_grade(c, True, 1000, None)
    result = run.finish()
    assert result["total_ms"] == 10_000 and result["complete"] and result["new_best"]
    assert result["personal_best_ms"] == 10_000
    assert result["tasks"][1] == {"id": b.id, "front": b.front, "verdict": "correct", "ms": 6000,
                                  "first_key_ms": 500, "attempts": 2}
    ratings = {r.card_id: r.rating for r in store.reviews.log() if r.mode == "speed"}
    assert ratings == {a.id: 4, b.id: 1, c.id: 3}
    attempts = store.speed_runs.attempts(run.run_id)
    # Each task's first attempt names the review it made; the retry made none.
    speed_reviews = {r.card_id: r.id for r in store.reviews.log() if r.mode == "speed"}
    by_num = {store.cards.get(t.id).num: t.id for t in run.tasks}
    assert [(by_num[x.card_num], x.attempt, x.review_id) for x in attempts] == [
        (a.id, 1, speed_reviews[a.id]), (b.id, 1, speed_reviews[b.id]), (b.id, 2, None), (c.id, 1, speed_reviews[c.id])]

    slower = SpeedRun(store, speed_deck(), clock=clock, config=CFG)
    for task in slower.tasks[:2]:
        slower.attempt(task, task.answers[0], 6000, 100)
    slower.skip(slower.tasks[2], 500, None)
    r2 = slower.finish()
    assert not r2["complete"] and not r2["new_best"] and r2["personal_best_ms"] == 10_000
    assert store.reviews.log(c.id)[0].rating == 1  # a skip reviews the card Again

    faster = SpeedRun(store, speed_deck(), shuffle=True, seed=3, clock=clock, config=CFG)
    assert sorted(t.id for t in faster.tasks) == sorted(t.id for t in run.tasks)
    assert [t.id for t in faster.tasks] == [t.id for t in SpeedRun(store, speed_deck(), shuffle=True, seed=3,
                                                                   clock=clock, config=CFG).tasks]
    for task in faster.tasks:
        if task.answers:
            faster.attempt(task, task.answers[0], 1000, 50)
        else:
            faster.self_grade(task, True, 1000, 50)
    r3 = faster.finish()
    assert r3["new_best"] and r3["personal_best_ms"] == 3000
    assert [s["best_ms"] for s in store.speed_runs.summary(6)] == [3000]


def test_a_run_without_any_attempt_is_not_stored(store):
    result = SpeedRun(store, speed_deck(), clock=Clock(), config=CFG).finish()
    assert result["total_ms"] == 0 and not result["complete"] and result["personal_best_ms"] is None
    assert store.speed_runs.summary() == []


def test_an_unfinished_task_means_no_personal_best(store, exact_checker):
    run = SpeedRun(store, speed_deck(), clock=Clock(), config=CFG)
    run.attempt(run.tasks[0], "kubectl get pods", 100, 10)
    result = run.finish()
    assert [t["verdict"] for t in result["tasks"]] == ["correct", "not reached", "not reached"]
    assert not result["complete"] and result["personal_best_ms"] is None


def test_real_checker_grades_a_typed_answer(store):
    pytest.importorskip("drills.kubectl.checker")
    s = session(store, [command(1, "kubectl create deployment web --image=nginx")], Clock())
    right = s.answer_typed(s.next_card(), "kubectl create deploy web --image=nginx", 2000)
    assert right.verdict.correct and right.rating in (3, 4)


def test_new_per_day_overrides_the_config_for_this_session(store):
    clock = Clock()
    cards = [concept(n) for n in range(1, 6)]
    s = session(store, cards, clock, new_per_day=2)
    assert s.progress()["new_left"] == 2
    s.rate(s.next_card(), 4, 100)
    assert session(store, cards, clock, new_per_day=4).progress()["new_left"] == 3


def test_study_counts_for_drill_decks(tmp_path, monkeypatch):
    from drills.app.progress import study_counts
    from drills.schedule.counts import CardCounts

    db = tmp_path / "counts.db"
    monkeypatch.setenv("DRILLS_DB", str(db))
    decks = [Deck(6, "w6", [concept(n) for n in range(1, 5)]), Deck(7, "w7", [concept(1, week=7)])]
    assert study_counts(decks) == {6: CardCounts(new=4), 7: CardCounts(new=1)}
    assert not db.exists()  # listing never creates the database
    store = Store.open(db)
    clock = Clock()
    s = ReviewSession(store, decks[:1], config=CFG, clock=clock)
    s.rate(decks[0].cards[0], 1, 100)  # learning, due in 1 minute
    s.rate(decks[0].cards[1], 4, 100)  # review, due in days
    s.suspend(decks[0].cards[2])
    store.close()
    later = T0 + timedelta(minutes=5)
    # every card in one place (new, learning, review, suspended, buried); due now is within them
    assert study_counts(decks, now=later) == {6: CardCounts(new=1, learning=1, review=1, suspended=1, due=1),
                                              7: CardCounts(new=1)}
    assert study_counts(decks, now=T0 + timedelta(days=60))[6] == CardCounts(
        new=1, learning=1, review=1, suspended=1, due=2)
