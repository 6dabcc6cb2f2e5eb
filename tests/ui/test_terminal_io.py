"""TerminalIO's keys, driven through prompt_toolkit's pipe input (no real terminal needed)."""

import io

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from drills.ui.clock import Stopwatch
from drills.ui.io import EndSession
from drills.ui.render import make_console
from drills.ui.review import ReviewLoop
from drills.ui.speed import SpeedLoop
from drills.ui.terminal import TerminalIO
from .fakes import FakeSession, FakeSpeedRun, deck_cards

RIGHT1 = "kubectl create deployment web --image=nginx --replicas=2"


@pytest.fixture
def term():
    with create_pipe_input() as pipe:
        out = io.StringIO()
        yield TerminalIO(make_console(out), input=pipe, output=DummyOutput()), pipe, out


def test_typed_line_and_first_key_time(term):
    tio, pipe, _ = term
    t = [0.0]
    sw = Stopwatch(now=lambda: t[0])
    pipe.send_text("kubectl get svc\r")
    assert tio.ask_line("$ ", stopwatch=sw) == "kubectl get svc"
    assert sw.first_key_ms() == 0


def test_ctrl_s_skips(term):
    tio, pipe, _ = term
    pipe.send_text("kubec\x13")
    assert tio.ask_line("$ ", skippable=True) is None


def test_escape_and_ctrl_c_end_the_session(term):
    tio, pipe, _ = term
    pipe.send_text("\x1b")
    with pytest.raises(EndSession) as e:
        tio.ask_line("$ ")
    assert e.value.reason == "quit"
    pipe.send_text("\x03")
    with pytest.raises(EndSession) as e:
        tio.ask_line("$ ")
    assert e.value.reason == "interrupt"
    pipe.send_text("\x03")
    with pytest.raises(EndSession) as e:
        tio.choose("?", ["1", "2"])
    assert e.value.reason == "interrupt"


def test_choose_takes_one_key_ignores_others_space_means_enter(term):
    tio, pipe, _ = term
    pipe.send_text("xq3")
    assert tio.choose("rate", ["1", "2", "3", "4"]) == "3"
    pipe.send_text(" ")
    assert tio.choose("reveal", ["enter", "u"]) == "enter"
    pipe.send_text("\r")
    assert tio.choose("rate", ["1", "3"], default="3") == "3"


def test_review_override_undo_on_a_terminal(term):
    tio, pipe, out = term
    session = FakeSession(deck_cards()[:2])
    # card 1 right, then override to Easy; card 2 wrong, then undo -> card 2 again, right this time
    pipe.send_text(f"{RIGHT1}\r4" "kubectl nope\ru" "kubectl expose deployment web --port=80 --type=NodePort --name=web-np\r\r")
    result = ReviewLoop(session, tio).run()
    assert result.ended == "done"
    assert session.log == [
        ("answer", "w06.command.01", 3, True, RIGHT1),
        ("override", "w06.command.01", 4),
        ("answer", "w06.command.04", 1, True, "kubectl nope"),
        ("undo", "w06.command.04"),
        ("answer", "w06.command.04", 3, True, "kubectl expose deployment web --port=80 --type=NodePort --name=web-np"),
    ]
    assert "rating changed to Easy (4)" in out.getvalue()
    assert "undone: w06.command.04 comes again" in out.getvalue()


def test_speed_wrong_answer_comes_back_for_editing(term):
    tio, pipe, out = term
    run = FakeSpeedRun(deck_cards()[:1])
    # a wrong attempt, then fix it by editing the pre-filled line: delete "=3", type "=2"
    pipe.send_text("kubectl create deployment web --image=nginx --replicas=3\r" "\x7f2\r")
    result = SpeedLoop(run, tio, week=6).run()
    assert [e[2] for e in run.log] == ["kubectl create deployment web --image=nginx --replicas=3", RIGHT1]
    assert result["complete"] is True and result["tasks"][0]["attempts"] == 2
    assert "edit the line and press Enter to retry" in out.getvalue()


@pytest.mark.parametrize("keys,answer", [
    # Enter adds a line; an empty line checks
    ("kubectl create ns lab\rkubectl create quota q --hard=pods=1 -n lab\r\r",
     "kubectl create ns lab\nkubectl create quota q --hard=pods=1 -n lab"),
    # Escape then Enter checks at once
    ("apiVersion: v1\rkind: Pod\x1b\r", "apiVersion: v1\nkind: Pod"),
    # a blank line inside an open heredoc is kept (it does not check)
    ("kubectl apply -f - <<EOF\rapiVersion: v1\r\rkind: Pod\rEOF\r\r",
     "kubectl apply -f - <<EOF\napiVersion: v1\n\nkind: Pod\nEOF"),
    # an empty answer is an empty answer
    ("\r", ""),
], ids=["enter-adds-a-line", "escape-enter-checks", "blank-line-in-open-heredoc-kept", "empty-answer"])
def test_multiline_keys(term, keys, answer):
    tio, pipe, _ = term
    pipe.send_text(keys)
    assert tio.ask_line("$ ", multiline=True) == answer


def test_single_line_still_checks_on_enter_after_a_multiline_answer(term):
    tio, pipe, _ = term
    pipe.send_text("kind: Pod\x1b\r")
    assert tio.ask_line("> ", multiline=True) == "kind: Pod"
    pipe.send_text("kubectl get pods\r")
    assert tio.ask_line("$ ") == "kubectl get pods"
