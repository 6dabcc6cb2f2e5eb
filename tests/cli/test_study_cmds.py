"""`drill review` and `drill speed` without a terminal: answers come line by line on stdin."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from drills.cli import main

RIGHT1 = "kubectl create deployment web --image=nginx --replicas=2"
RIGHT2 = "kubectl expose deployment web --port=80"
WRONG2 = "kubectl expose deployment web --port=80 --type=LoadBalancer"


def run(args, text, db):
    return CliRunner().invoke(main, [*args, "--db", str(db)], input=text)


def rows(db, sql="SELECT c.id, r.rating, r.auto, r.mode, r.typed FROM reviews r"
                 " JOIN cards c ON c.num = r.card_num ORDER BY r.id"):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_speed_at_eof_prints_the_tasks_and_exits_0(tmp_path):
    db = tmp_path / "d.db"
    result = run(["speed", "--week", "6"], "", db)
    assert result.exit_code == 0, result.output
    assert "Week 6 speed drill: 10 tasks" in result.output
    assert " 10. Recreate the service using `kubectl expose`" in result.output
    assert "No answer given, so nothing was recorded. Personal best for week 6: none yet." in result.output
    assert rows(db, "SELECT count(*) FROM speed_runs") == [(0,)]


def test_speed_lines_right_wrong_retry_skip(tmp_path):
    db = tmp_path / "d.db"
    result = run(["speed", "--week", "6"], f"{RIGHT1}\n{WRONG2}\n\n{RIGHT2}\nskip\n", db)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"$ {WRONG2}\nincorrect" in out and "LoadBalancer" in out
    assert "next line: retry or 'skip'" in out
    assert "skipped after" in out and "answer: kubectl get svc web -o jsonpath='{.spec.clusterIP}'" in out
    assert "| 1 | Create a deployment `web` with 2 | correct " in out  # the end table, ASCII when piped
    assert rows(db) == [
        ("w06.command.01", rows(db)[0][1], 1, "speed", RIGHT1),
        ("w06.command.02", 1, 1, "speed", WRONG2),
        ("w06.command.03", 1, 1, "speed", None),
    ]
    assert rows(db, "SELECT count(*) FROM speed_attempts") == [(4,)]


def test_speed_json_summary_on_stdout(tmp_path):
    db = tmp_path / "d.db"
    result = run(["speed", "--week", "6", "--json"], f"{RIGHT1}\n{WRONG2}\n{RIGHT2}\n", db)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["week"] == 6 and summary["complete"] is False and summary["personal_best_ms"] is None
    assert set(summary) == {"week", "total_ms", "personal_best_ms", "new_best", "complete", "tasks"}
    assert [(t["id"], t["verdict"], t["attempts"]) for t in summary["tasks"][:3]] == [
        ("w06.command.01", "correct", 1), ("w06.command.02", "correct", 2), ("w06.command.03", "not reached", 0)]
    assert set(summary["tasks"][0]) == {"id", "front", "verdict", "ms", "first_key_ms", "attempts"}
    assert "Week 6 speed drill: 10 tasks" in result.stderr  # the screen went to stderr


def test_speed_all_right_sets_a_personal_best(tmp_path):
    from drills.deck.files import load_deck

    answers = "\n".join(c.answers[0] for c in load_deck(6).cards if c.kind == "command") + "\n"
    db = tmp_path / "d.db"
    first = json.loads(run(["speed", "--week", "6", "--json"], answers, db).stdout)
    assert first["complete"] is True and first["new_best"] is True
    assert first["personal_best_ms"] == first["total_ms"]
    assert all(t["verdict"] == "correct" for t in first["tasks"])


def test_speed_unknown_week_is_a_one_line_error(tmp_path):
    result = run(["speed", "--week", "7"], "", tmp_path / "d.db")
    assert result.exit_code == 2
    assert result.output.strip() == "drill: error: no deck for week 7 (have: 6); build one with `drill build PAGE`"


def test_review_lines_typed_and_flip_cards(tmp_path):
    db = tmp_path / "d.db"
    result = run(["review", "--kind", "command", "--limit", "2"], f"{RIGHT1}\n{WRONG2}\n", db)
    assert result.exit_code == 0, result.output
    assert "rated Again (1) automatically" in result.output and "answer: " + RIGHT2 in result.output
    # the limit ended it, and the summary says what is really left today (not capped by the limit)
    assert "Stopped after 2 answers (--limit 2); 0 due and 8 new cards are left for today." in result.output
    assert "Nothing more to review" not in result.output
    assert "Review summary" in result.output and "| new left today       |      8 |" in result.output
    assert "| typed commands right |    1/2 |" in result.output
    assert [(r[0], r[2], r[3], r[4]) for r in rows(db)] == [
        ("w06.command.01", 1, "review", RIGHT1), ("w06.command.02", 1, "review", WRONG2)]
    assert rows(db)[1][1] == 1

    # concept (cloze) cards: an empty line reveals, a digit rates; EOF ends the session with exit 0
    result = run(["review", "--kind", "concept"], "\n4\n2\nnot-a-rating\n", db)
    assert result.exit_code == 0, result.output
    assert "[...]" in result.output  # the asked deletion hidden on the front
    assert "answer: " in result.output and "type one of: an empty line, 1, 2, 3, 4, u, s, b" in result.output
    assert "Input ended; the session is over." in result.output
    concept = [r for r in rows(db) if ".concept." in r[0]]
    assert [(r[1], r[2]) for r in concept] == [(4, 0), (2, 0)]


def test_review_unknown_week(tmp_path):
    result = run(["review", "--week", "9"], "", tmp_path / "d.db")
    assert result.exit_code == 2 and "no deck for week 9 (have: 6)" in result.output


def test_review_limit_0_says_what_is_waiting(tmp_path):
    result = run(["review", "--limit", "0"], "", tmp_path / "d.db")
    assert result.exit_code == 0
    assert result.output.strip() == "--limit 0: no card was asked; 0 due and 20 new cards are left for today."


def test_review_with_nothing_left_says_so(tmp_path):
    from drills.config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("[study]\nnew_cards_per_day = 0\n")
    result = run(["review"], "", tmp_path / "d.db")
    assert result.exit_code == 0
    assert result.output.strip() == (
        "Nothing to review right now: no card is due and no new card is left for today.")


SEQ = "kubectl create namespace lab\nkubectl create quota small --hard=pods=5 -n lab"
CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  mode: blue\n"
HEREDOC = "kubectl apply -f - <<EOF\n" + CM + "EOF"


def _multiline_deck():
    from drills.deck.files import user_decks_dir, write_deck
    from drills.deck.model import Card, Deck

    cards = [
        Card("w97.command.01", 97, "command", "Namespace `lab`, then quota `small` (5 pods) in it", "", answers=[SEQ]),
        Card("w97.command.02", 97, "command", "Apply ConfigMap `cfg` (`mode: blue`) from a heredoc", "",
             answers=[HEREDOC]),
        Card("w97.command.03", 97, "command", "List the pods in `lab`", "", answers=["kubectl get pods -n lab"]),
        Card("w97.step.01", 97, "step", "Write ConfigMap `cfg` with `mode: blue`", "", answers=[CM]),
    ]
    write_deck(Deck(97, "Multi-line week", cards, source="97-multi.md"), user_decks_dir())


def test_review_lines_a_sequence_and_a_manifest_end_at_an_empty_line(tmp_path):
    _multiline_deck()
    db = tmp_path / "d.db"
    typed = ("kubectl create ns lab\nkubectl create quota small -n lab --hard=pods=5\n\n"  # command 1
             + CM.replace("blue", "green") + "\n"                                      # step 1 (wrong)
             + "kubectl apply -f - <<EOF\n" + CM.replace("cfg\n", "cfg\n\n") + "EOF\n\n"  # command 2
             + "kubectl get po -n lab\n")                                               # command 3: one line
    result = run(["review", "--week", "97"], typed, db)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "answer: 2 commands, one per line; an empty line ends it" in out
    assert "answer: a manifest (YAML), as YAML; an empty line ends it" in out
    assert "answer: a command and its manifest, the here-document up to its end line (EOF)" in out
    assert "$ kubectl create ns lab\n> kubectl create quota small -n lab --hard=pods=5\n>" in out
    assert "data.mode: expected blue, got green" in out
    got = rows(db)
    assert [(r[0], r[1] > 1) for r in got] == [("w97.command.01", True), ("w97.step.01", False),
                                               ("w97.command.02", True), ("w97.command.03", True)]
    assert got[0][4] == "kubectl create ns lab\nkubectl create quota small -n lab --hard=pods=5"
    # the blank line inside the here-document did not end the answer
    assert got[2][4].endswith("  name: cfg\n\ndata:\n  mode: blue\nEOF")


def test_speed_lines_a_sequence_retry_and_skip_word(tmp_path):
    _multiline_deck()
    db = tmp_path / "d.db"
    typed = ("kubectl create ns lab\n\n"                                      # task 1: first command only
             "kubectl create ns lab\nkubectl create quota small --hard=pods=5 -n lab\n\n"  # retry, right
             "skip\n"                                                          # task 2: the word skips at once
             "kubectl get pods -n lab\n")                                      # task 3
    result = run(["speed", "--week", "97"], typed, db)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "(2 commands)" in out and "(a command and its manifest)" in out
    assert "Several lines: Enter starts a new line; an empty line checks." in out
    assert "missing command 2: kubectl create quota small" in out
    assert "skipped after" in out
    assert rows(db, "SELECT verdict FROM speed_attempts ORDER BY id") == [
        ("incorrect",), ("correct",), ("skipped",), ("correct",)]


def test_speed_lines_piped_output_has_no_trailing_spaces(tmp_path):
    # a wrapped note and the end table: rich pads both to 80 columns on a terminal, never in a pipe
    result = run(["speed", "--week", "6"], "kubectl create deploy web --image nginx --replicas 2\nskip\n",
                 tmp_path / "d.db")
    assert result.exit_code == 0, result.output
    assert "note: also right; `kubectl create deploy` is short for" in result.output
    assert "| 1 | Create a deployment `web` with 2 | correct " in result.output
    assert [line for line in result.output.splitlines() if line != line.rstrip()] == []


def test_speed_skip_shows_one_answer_and_one_line_of_alternatives(tmp_path):
    # week 6 task 6 accepts 8 answers (wget/curl, with/without http://): one line, not 7 "or:" lines
    result = run(["speed", "--week", "6"], "skip\n" * 6, tmp_path / "d.db")
    assert result.exit_code == 0, result.output
    task6 = result.output.split("6/10", 1)[1].split("7/10", 1)[0]
    assert task6.endswith("skipped after 0:00.0\n"
                          "  answer: kubectl run <pod> --image=<image> --rm -it -- wget -qO- web\n"
                          '  or, after "--": wget -qO- http://web · wget -O- web · +5 more\n\n')


def test_alternatives_line_fits_80_columns_for_other_shapes():
    from drills.ui.render import also_accepted

    helm = ["helm install web bitnami/nginx -n apps", "helm install web bitnami/nginx --namespace apps",
            "helm install web bitnami/nginx --namespace=apps", "helm upgrade --install web bitnami/nginx -n apps"]
    line = also_accepted(helm, indent=2)
    assert line.startswith('  or, after "helm": install web bitnami/nginx --namespace apps · ')
    assert line.endswith(" more") and len(line) <= 80
    # nothing shared at the start: whole answers
    assert also_accepted(["k get ep web", "kubectl get ep web", "kubectl get endpoints web"]) == (
        "or: kubectl get ep web · kubectl get endpoints web")
    assert also_accepted(["a\nb", "a && b", "a; b"]) == "or: 2 other forms (`drill cards --json` lists them)"



def test_speed_end_table_and_task_list_show_one_line_per_task(tmp_path):
    result = run(["speed", "--week", "6"], "skip\n" * 10, tmp_path / "d.db")
    assert result.exit_code == 0, result.output
    intro, rest = result.output.split("\n1/10", 1)
    table = rest.split("Week 6 speed drill", 1)[1]
    for text in (intro, table):
        assert "continues" not in text
    assert "  4. Expose it as NodePort\n  5. Get the assigned NodePort number using jsonpath\n" in intro
    assert "| 4 | Expose it as NodePort" in table
    assert "continues: deployment `web` from task 1; use: port 80, name `web-np`" in rest  # on task 4's screen


def test_speed_lines_a_long_answer_stays_on_one_line(tmp_path):
    from drills.deck.files import user_decks_dir, write_deck
    from drills.deck.model import Card, Deck

    long = "kubectl get secret api-key -n shop -o jsonpath='{.data.token}' | base64 -d"
    write_deck(Deck(95, "Secrets", [Card("w95.command.01", 95, "command", "Decode the token", "",
                                         answers=[long])]), user_decks_dir())
    result = run(["speed", "--week", "95"], "skip\n", tmp_path / "d.db")
    assert result.exit_code == 0, result.output
    assert f"\n  answer: {long}\n" in result.output  # not cut before "base64 -d" at column 80
