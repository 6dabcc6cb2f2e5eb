"""`drill check` and `drill lint` through click, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.deck.files import user_decks_dir, write_deck
from drills.deck.model import Card, Deck

NP = "kubectl expose deployment web --port=80 --type=NodePort --name=web-np"


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, list(args), input=input, env=env)


@pytest.fixture
def user_deck():
    """A user deck (week 97) with one gradable card, a self-graded one and two that must not be graded."""
    cards = [
        Card("w97.command.01", 97, "command", "Expose web as NodePort", "", answers=[NP]),
        Card("w97.command.02", 97, "command", "Scale it", "", self_graded=True),
        Card("w97.command.03", 97, "command", "Run with requests", "",
             answers=["kubectl run web --image=nginx --requests=cpu=100m"]),
        Card("w97.command.04", 97, "command", "Flagged by the builder", "",
             answers=["kubectl get pods"], problems=["answer taken from a broken code block"]),
        Card("w97.command.05", 97, "command", "Two answers, one bad", "",
             answers=["kubectl create pvc data", "kubectl get pvc data"]),
        Card("w97.pitfall.01", 97, "pitfall", "Selectors", "match labels"),
    ]
    write_deck(Deck(97, "Test week", cards, source="97-test.md"), user_decks_dir())
    return cards


def test_expected_correct_with_note_exit_0():
    r = run("check", "--expected", "kubectl get endpoints web", "k get ep web")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("correct")
    assert "`ep` is short for endpoints" in r.output


def test_expected_incorrect_names_the_token_exit_1():
    r = run("check", "-e", NP, "kubectl expose deploy/web --port 80 --type=LoadBalancer --name=web-np")
    assert r.exit_code == 1
    assert "incorrect" in r.output
    assert "--type: expected NodePort, got LoadBalancer" in r.output
    assert f"the deck's answer: {NP}" in r.output


def test_several_expected_best_match_reported():
    r = run("check", "-e", "kubectl get svc web", "-e", "kubectl get endpoints web", "--json", "kubectl get ep web")
    assert r.exit_code == 0
    assert json.loads(r.output)["matched"] == "kubectl get endpoints web"


def test_unreadable_exit_2_with_column():
    r = run("check", "-e", NP, "kubectl expose deployment 'web --port=80")
    assert r.exit_code == 2
    assert "unreadable" in r.output
    assert "unbalanced ' at column 27" in r.output


def test_json_shape():
    r = run("check", "-e", "kubectl logs <pod>", "--json", "kubectl logs web-1 -f")
    assert r.exit_code == 1
    d = json.loads(r.output)
    assert set(d) == {"answer", "status", "reasons", "notes", "matched", "bindings"}
    assert d["status"] == "incorrect"
    assert d["reasons"] == ["unexpected --follow"]
    assert d["bindings"] == {"<pod>": "web-1"}
    assert d["answer"] == "kubectl logs web-1 -f"


def test_no_color_env_means_no_escape_codes():
    r = CliRunner().invoke(main, ["check", "-e", NP, NP], env={"NO_COLOR": "1"}, color=True)
    assert r.exit_code == 0
    assert "\x1b[" not in r.output
    r = CliRunner().invoke(main, ["check", "-e", NP, NP], color=True)
    assert "\x1b[" in r.output


@pytest.mark.parametrize("args,message", [
    (["check", "kubectl get pods"], "what is the right answer? give --expected"),
    (["check", "-e", "kubectl get pods"], "give the ANSWER"),
    (["check", "-e", "kubectl get pods", "--card", "w06.command.01", "kubectl get pods"], "not both"),
    (["check", "--batch", "-", "kubectl get pods"], "--batch reads everything"),
])
def test_usage_errors_exit_2(args, message):
    r = run(*args)
    assert r.exit_code == 2
    assert message in r.output
    assert ("not both" in r.output) == (message == "not both")  # neither is not "both"


def test_card_from_builtin_deck():
    r = run("check", "--card", "w06.command.04", "--json", "kubectl expose deploy web --port=80 --type=NodePort")
    assert r.exit_code == 1
    d = json.loads(r.output)
    assert d["card"] == "w06.command.04"
    assert d["reasons"] == ["missing --name=web-np"]


def test_card_from_user_deck(user_deck):
    r = run("check", "--card", "w97.command.01", "k expose deploy web --type NodePort --port 80 --name web-np")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("card_id,message", [
    ("w97.command.02", "self-graded"),
    ("w97.command.03", "kubectl 1.37 rejects its answer"),
    ("w97.command.04", "answer taken from a broken code block"),
    ("w97.pitfall.01", "is a pitfall card"),
    ("w97.command.99", "unknown card id 'w97.command.99'"),
])
def test_cards_that_cannot_be_graded_exit_2(user_deck, card_id, message):
    r = run("check", "--card", card_id, "kubectl get pods")
    assert r.exit_code == 2
    assert message in r.output
    assert "Traceback" not in r.output


def test_card_with_one_bad_answer_grades_only_against_the_good_one(user_deck):
    r = run("check", "--card", "w97.command.05", "--json", "kubectl create pvc data")
    d = json.loads(r.output)
    assert d["matched"] == "kubectl get pvc data"
    assert r.exit_code == 1


def test_batch_from_stdin_one_json_line_per_pair():
    text = (f"{NP}\tk expose deploy/web --port 80 --type NodePort --name web-np\n"
            "kubectl get endpoints web\tkubectl get svc web\n"
            "\n"
            "this line has no tab\n"
            "kubectl get pods\tkubectl get pods -l 'app\n")
    r = run("check", "--batch", "-", input=text)
    lines = [json.loads(x) for x in r.output.splitlines()]
    assert [d["line"] for d in lines] == [1, 2, 4, 5]
    assert [d["status"] for d in lines] == ["correct", "incorrect", "error", "unreadable"]
    assert "no tab" in lines[2]["error"]
    assert lines[1]["reasons"] == ["`svc` is a Service, the task wants the Endpoints"]
    assert r.exit_code == 2


def test_batch_exit_codes(tmp_path):
    f = tmp_path / "pairs.tsv"
    f.write_text("kubectl get pods\tkubectl get po\n")
    assert run("check", "--batch", str(f)).exit_code == 0
    f.write_text("kubectl get pods\tkubectl get po\nkubectl get pods\tkubectl get svc\n")
    assert run("check", "--batch", str(f)).exit_code == 1
    r = run("check", "--batch", str(tmp_path / "missing.tsv"))
    assert r.exit_code == 2 and "missing.tsv" in r.output
    f.write_bytes(b"kubectl get pods\tkubectl get po\n\xff\xfe\n")
    r = run("check", "--batch", str(f))
    assert r.exit_code == 2 and "not UTF-8" in r.output and ":2" in r.output


def test_lint_builtin_week6_is_clean():
    r = run("lint", "--week", "6")
    assert r.exit_code == 0, r.output
    assert "no problems" in r.output
    d = json.loads(run("lint", "--week", "6", "--json").output)
    assert d["problems"] == [] and d["answers_checked"] >= 10 and d["kubectl"] == "v1.37.1"


def test_lint_reports_card_answer_and_problem(user_deck):
    r = run("lint", "--json")
    assert r.exit_code == 1
    d = json.loads(r.output)
    found = {(p["card"], p["answer"]) for p in d["problems"]}
    assert ("w97.command.03", "kubectl run web --image=nginx --requests=cpu=100m") in found
    assert ("w97.command.05", "kubectl create pvc data") in found
    assert all(p["week"] == 97 for p in d["problems"])
    human = run("lint", "--week", "97")
    assert human.exit_code == 1
    assert "w97.command.03: kubectl run web --image=nginx --requests=cpu=100m" in human.output
    assert "unknown flag --requests for kubectl run (removed in kubectl 1.24" in human.output


def test_lint_unknown_week_exit_2():
    r = run("lint", "--week", "42")
    assert r.exit_code == 2
    assert "no deck for week 42" in r.output


def test_drill_check_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from drills.cli import main\n"
        "try:\n"
        "    main(['check', '-e', 'kubectl get pods', 'kubectl get po'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "heavy = [m for m in ('prompt_toolkit', 'genanki', 'sqlite_utils', 'fsrs', 'anki') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "HEAVY=\n" in out.stdout, f"drill check imported: {out.stdout}"


SEQ = "kubectl create namespace lab\nkubectl create quota small --hard=pods=5 -n lab"
MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  mode: blue\n"


def test_a_sequence_given_with_newlines_in_expected_and_answer():
    r = run("check", "-e", SEQ, "kubectl create ns lab")
    assert r.exit_code == 1
    assert "missing command 2: kubectl create quota small" in r.output
    assert "the deck's answer:\n    kubectl create namespace lab\n    kubectl create quota" in r.output
    r = run("check", "-e", SEQ, "kubectl create ns lab\nkubectl create quota small -n lab --hard pods=5")
    assert r.exit_code == 0, r.output


def test_a_manifest_answer_json_names_the_field():
    r = run("check", "--json", "-e", MANIFEST, MANIFEST.replace("blue", "green"))
    d = json.loads(r.output)
    assert (d["status"], d["reasons"]) == ("incorrect", ["data.mode: expected blue, got green"])
    r = run("check", "--json", "-e", MANIFEST, "apiVersion: v1\nkind: [")
    assert r.exit_code == 2 and "at line 3, column 1" in json.loads(r.output)["reasons"][0]


def test_batch_json_lines_carry_multi_line_answers():
    lines = [json.dumps({"expected": SEQ, "answer": "kubectl create ns lab"}),
             json.dumps({"expected": [MANIFEST, "kubectl apply -f cfg.yaml"], "answer": MANIFEST}),
             "kubectl get pods\tkubectl get po",
             json.dumps({"expected": 3, "answer": "x"}),
             "{not json"]
    r = run("check", "--batch", "-", input="\n".join(lines) + "\n")
    out = [json.loads(x) for x in r.output.splitlines()]
    assert [d["status"] for d in out] == ["incorrect", "correct", "correct", "error", "error"]
    assert out[0]["reasons"] == ["missing command 2: kubectl create quota small --hard=pods=5 -n lab"]
    assert out[1]["matched"] == MANIFEST
    assert '"expected"' in out[3]["error"] and "JSON" in out[4]["error"]
    assert r.exit_code == 2


def test_reading_the_settings_does_not_load_fsrs(tmp_path):
    # `drill check` reads the config when a rejected answer may get the second opinion: that must
    # not pay for the scheduler (fsrs is only needed by the FSRS step of a review)
    cfg = tmp_path / "config.toml"
    cfg.write_text("[study]\nnew_cards_per_day = 7\n")
    code = ("import sys\nfrom drills.config import load_config\n"
            f"c = load_config({str(cfg)!r})\n"
            "print('NEW', c.new_cards_per_day, 'FSRS', 'fsrs' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["NEW", "7", "FSRS", "False"]
