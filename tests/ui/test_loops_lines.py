"""The review and speed loops driven line by line (no terminal), against fake sessions."""

import io

from drills.ui.io import LineIO
from drills.ui.render import make_console
from drills.ui.review import ReviewLoop, print_summary
from drills.ui.speed import SpeedLoop
from .fakes import FakeSession, FakeSpeedRun, deck_cards

RIGHT1 = "kubectl create deployment web --image=nginx --replicas=2"
RIGHT4 = "kubectl expose deployment web --port=80 --type=NodePort --name=web-np"
WRONG4 = "kubectl expose deployment web --port=80 --type=LoadBalancer --name=web-np"


def line_io(text):
    out = io.StringIO()
    return LineIO(io.StringIO(text), make_console(out)), out


def test_review_typed_flip_and_cloze_cards():
    session = FakeSession(deck_cards())
    lio, out = line_io(f"{RIGHT1}\n{WRONG4}\n\n\n4\n")
    result = ReviewLoop(session, lio).run()
    assert result.ended == "done"
    assert session.log == [
        ("answer", "w06.command.01", 3, True, RIGHT1),
        ("answer", "w06.command.04", 1, True, WRONG4),
        ("answer", "w06.concept.02", 3, False, None),  # empty line reveals, empty line again = Good
        ("answer", "w06.pitfall.01", 4, False, None),  # a digit rates at once
    ]
    text = out.getvalue()
    assert "incorrect" in text and "missing --type=NodePort" in text and "unexpected --type=LoadBalancer" in text
    assert f"answer: {RIGHT4}" in text  # the deck's answer is shown after a wrong typed answer
    assert "NodePort uses [...] on every node." in text  # cloze front: asked deletion hidden
    assert "NodePort uses [30000–32767] on every node." in text  # and revealed
    assert "The Service has no endpoints." in text  # a digit still shows the back
    assert "rated Good (3) automatically" in text and "rated Again (1) automatically" in text


def test_review_eof_ends_cleanly_keeping_answers():
    session = FakeSession(deck_cards())
    lio, out = line_io(f"{RIGHT1}\n")
    result = ReviewLoop(session, lio).run()
    assert result.ended == "eof"
    assert [e[1] for e in session.log] == ["w06.command.01"]
    print_summary(lio.console, result)
    text = out.getvalue()
    assert "Input ended" in text and "reviewed" in text and "| still due " in text
    assert "| typed commands right |    1/1 |" in text


def test_review_flip_bad_line_asks_again_and_letters_act():
    cards = deck_cards()[2:]
    session = FakeSession(cards)
    lio, out = line_io("maybe\n3\nb\n")
    ReviewLoop(session, lio).run()
    assert session.log == [("answer", "w06.concept.02", 3, False, None), ("bury", "w06.pitfall.01")]
    assert "type one of:" in out.getvalue()


def test_speed_retry_skip_and_finish():
    run = FakeSpeedRun(deck_cards()[:2])
    lio, out = line_io(f"\n{WRONG4[:20]}\n{RIGHT1}\n{WRONG4}\nskip\n")
    loop = SpeedLoop(run, lio, week=6)
    result = loop.run()
    # the empty line is ignored; a cut-off line is an attempt; 'skip' skips
    assert [e[0] for e in run.log] == ["attempt", "attempt", "attempt", "skip"]
    assert run.log[1][3] == "correct" and run.log[2][3] == "incorrect"
    assert run.finished and loop.ended == "done"
    assert [(t["verdict"], t["attempts"]) for t in result["tasks"]] == [("correct", 2), ("skipped", 2)]
    assert result["complete"] is False  # a skipped task: the run cannot be a personal best
    text = out.getvalue()
    assert "1/2  Create a deployment `web` with 2 replicas of nginx" in text
    assert "--type: " not in text  # fake reasons only
    assert "unexpected --type=LoadBalancer" in text
    assert "next line: retry or 'skip'" in text
    assert f"answer: {RIGHT4}" in text  # shown after a skip, not after a wrong attempt
    assert text.count(f"answer: {RIGHT4}") == 1


def test_speed_eof_before_anything_prints_the_task_list_and_partial_result():
    run = FakeSpeedRun(deck_cards()[:2])
    lio, out = line_io("")
    loop = SpeedLoop(run, lio, week=6)
    result = loop.run()
    assert loop.ended == "eof" and not run.finished and run.log == []
    assert result["complete"] is False
    assert [t["verdict"] for t in result["tasks"]] == ["not reached", "not reached"]
    assert result["personal_best_ms"] == 99_000
    assert "  2. Expose it as NodePort" in out.getvalue()


def test_when_a_card_comes_back_reads_like_speech():
    from datetime import timedelta

    from drills.ui.review import _when
    from .fakes import T0

    assert _when(T0 + timedelta(minutes=10), T0) == "in 10 min"
    assert _when(T0 + timedelta(hours=5), T0) == "in 5 h"
    assert _when(T0 + timedelta(days=1), T0) == "in 1 day"
    assert _when(T0 + timedelta(days=12), T0) == "in 12 days"
    assert _when(T0 - timedelta(days=1), T0) == "now"


def test_speed_self_graded_task_asks_y_or_n():
    from drills.deck.model import Card

    card = Card(id="w09.command.01", week=9, kind="command", front="Check who can list pods", back="",
                self_graded=True)
    run = FakeSpeedRun([card])
    lio, out = line_io("kubectl auth can-i list pods\nmaybe\nn\n")
    SpeedLoop(run, lio, week=9).run()
    assert run.log == [("self_grade", "w09.command.01", False)]
    assert "(self-graded)" in out.getvalue() and "was yours right? y/n" in out.getvalue()
    assert "type one of: y, n" in out.getvalue()


def test_review_undo_with_nothing_to_undo():
    session = FakeSession(deck_cards()[3:])
    lio, out = line_io("u\n2\n")
    ReviewLoop(session, lio).run()
    assert "nothing to undo" in out.getvalue()
    assert session.log == [("answer", "w06.pitfall.01", 2, False, None)]


def test_deferred_run_builds_the_real_run_once_at_first_use():
    import sys

    from drills.deck.model import Deck
    from drills.ui.speed import DeferredRun

    cards = deck_cards()
    made = []

    def make():
        made.append(1)
        return FakeSpeedRun([c for c in cards if c.kind == "command"])

    run = DeferredRun(Deck(week=6, title="w6", cards=cards), make)
    assert [c.id for c in run.tasks] == ["w06.command.01", "w06.command.04"] and not run.started
    run.warm_up()
    run.wait()
    assert "drills.app.speed" in sys.modules and made == []  # warming up imports, it opens nothing
    lio, _ = line_io(f"{RIGHT1}\nskip\n")
    result = SpeedLoop(run, lio, week=6).run()
    assert made == [1] and run.started
    assert [t["verdict"] for t in result["tasks"]] == ["correct", "skipped"]


def test_deferred_run_refuses_a_run_whose_tasks_differ():
    import pytest

    from drills.deck.model import Deck
    from drills.ui.speed import DeferredRun

    cards = deck_cards()
    run = DeferredRun(Deck(week=6, title="w6", cards=cards), lambda: FakeSpeedRun(cards[1:2]))
    with pytest.raises(RuntimeError, match="page order"):
        run.finish()


def test_which_cards_are_typed():
    from drills.deck.model import Card
    from drills.ui.review import is_typed

    def card(kind, answers, **kw):
        return Card(f"w97.{kind}.01", 97, kind, "front", "back", answers=answers, **kw)

    assert is_typed(card("command", ["kubectl get pods"]))
    assert not is_typed(card("command", [], self_graded=True))
    assert is_typed(card("step", ["# pod.yaml\napiVersion: v1\nkind: Pod\n"]))  # write the manifest
    assert is_typed(card("step", ["docker build -t web:1 .\ndocker push web:1"]))  # a docker step
    assert is_typed(card("step", ["helm repo add b https://x.example\nhelm install web b/nginx"]))
    assert not is_typed(card("step", ["kubectl get svc\nkubectl get endpoints"]))  # kubectl steps stay flip cards
    assert not is_typed(card("step", ["docker build -t web:1 .\nkubectl apply -f web.yaml"]))
