"""`drill build`, `drill decks`, `drill cards` through click's CliRunner."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from click.testing import CliRunner

from drills.cli import main
from drills.bundled import builtin_weeks_dir

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course.pages import DRILL_C, DRILL_D, FRONT, page  # noqa: E402

WEEK6 = builtin_weeks_dir() / "06-services-and-networking.md"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def one_line_error(result, *words: str) -> str:
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("drill: error: ")
    for w in words:
        assert w in lines[0]
    return lines[0]


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "drills"


def test_build_week6_reports_counts_and_writes_the_deck(tmp_path):
    result = run("build", str(WEEK6), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "week 6: Services & Networking" in result.output
    assert "10 command (10 with answers), 8 pitfall" in result.output
    assert (tmp_path / "week-06.yaml").is_file()


def test_build_json_shape(tmp_path):
    result = run("build", str(WEEK6), "--out", str(tmp_path), "--json")
    data = json.loads(result.output)
    [week] = data["weeks"]
    assert week["week"] == 6 and week["title"] == "Services & Networking"
    # 10 tutorial steps; steps 8 and 10 also give a "write the manifest" card
    assert week["counts"] == {"concept": week["counts"]["concept"], "pitfall": 8, "command": 10,
                              "command_answered": 10, "step": 12, "challenge": 4}
    assert week["counts"]["concept"] >= 11
    assert week["warnings"] == []
    assert week["path"] == str(tmp_path / "week-06.yaml")


def test_rebuild_is_byte_identical_and_matches_the_committed_deck(tmp_path):
    run("build", str(builtin_weeks_dir()), "--out", str(tmp_path / "a"))
    run("build", str(builtin_weeks_dir()), "--out", str(tmp_path / "b"))
    a = (tmp_path / "a" / "week-06.yaml").read_bytes()
    assert a == (tmp_path / "b" / "week-06.yaml").read_bytes()
    committed = Path(__file__).resolve().parents[2] / "decks" / "week-06.yaml"
    assert a == committed.read_bytes(), "decks/week-06.yaml is stale: run `make decks`"


def test_build_without_path_uses_the_builtin_pages_and_the_user_decks_dir():
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (data_home() / "decks" / "week-06.yaml").is_file()


def test_warnings_for_tasks_without_answers_and_lint_problems(tmp_path):
    drill = DRILL_C + "\n3. Run with limits: `kubectl run x --image=nginx --limits=cpu=1`"
    src = tmp_path / "03-pods.md"
    src.write_text(page(drill=drill))
    result = run("build", str(src), "--out", str(tmp_path / "out"), "--json")
    warnings = json.loads(result.output)["weeks"][0]["warnings"]
    assert f"{src}:" in warnings[0] and "task 1 has no answer" in warnings[0]
    assert any("w03.command.03" in w and "--limits" in w for w in warnings), warnings


def test_overrides_survive_a_rebuild(tmp_path):
    src = tmp_path / "03-pods.md"
    src.write_text(page(drill=DRILL_C))
    assert run("build", str(src)).exit_code == 0
    overrides = data_home() / "overrides" / "week-03.yaml"
    overrides.parent.mkdir(parents=True)
    overrides.write_text("schema: 1\ncards:\n  w03.command.01:\n    answers: [kubectl create cm app --from-file=app.conf]\n")
    src.write_text(page(drill=DRILL_C.replace("from a file", "from the file app.conf")))
    assert run("build", str(src)).exit_code == 0
    cards = json.loads(run("cards", "--week", "3", "--kind", "command", "--json").output)
    assert cards[0]["front"] == "Create a ConfigMap from the file app.conf"
    assert cards[0]["answers"] == ["kubectl create cm app --from-file=app.conf"]
    assert cards[0]["self_graded"] is False and cards[1]["self_graded"] is True
    assert overrides.read_text().startswith("schema: 1\ncards:")


def test_cards_json_from_builtin_deck_without_install_or_build():
    result = run("cards", "--week", "6", "--json")
    assert result.exit_code == 0
    cards = json.loads(result.output)
    assert len(cards) >= 11 + 8 + 10 + 10 + 4
    for c in cards:
        assert {"id", "week", "kind", "front", "back", "answers", "self_graded"} <= set(c)
    assert {c["kind"] for c in cards} == {"concept", "pitfall", "command", "step", "challenge"}


def test_cards_text_keeps_placeholders_and_filters_by_kind():
    result = run("cards", "--week", "6", "--kind", "pitfall")
    assert result.exit_code == 0
    assert "`kubectl get ep <svc>`" in result.output
    assert "w06.pitfall.08  [pitfall]" in result.output and "[command" not in result.output


def test_decks_lists_builtin_and_user_decks(tmp_path):
    src = tmp_path / "03-pods.md"
    src.write_text(page(drill=DRILL_D))
    run("build", str(src))
    data = json.loads(run("decks", "--json").output)
    rows = {r["week"]: r for r in data["decks"]}
    assert rows[6]["source"] == "builtin" and rows[6]["counts"]["command"] == 10
    assert rows[3]["source"] == "user" and rows[3]["title"] == "Pods & Config: the basics"
    assert rows[3]["total"] == sum(rows[3]["counts"].values())
    text = run("decks").output
    assert "Services & Networking" in text and "builtin" in text and "user" in text


# --- bad input: exit 2, one line naming the file -----------------------------------------------------

def test_page_without_front_matter(tmp_path):
    src = tmp_path / "03-pods.md"
    src.write_text("# Week 3\n")
    one_line_error(run("build", str(src), "--out", str(tmp_path)), f"{src}:1:", "front matter")


def test_page_missing_a_section(tmp_path):
    src = tmp_path / "03-pods.md"
    text = page()
    src.write_text(text[: text.index("## Solution Key")])
    one_line_error(run("build", str(src), "--out", str(tmp_path)), str(src), "Solution Key")


def test_empty_drill(tmp_path):
    src = tmp_path / "03-pods.md"
    src.write_text(page(drill="Coming soon."))
    one_line_error(run("build", str(src), "--out", str(tmp_path)), str(src), "empty speed drill")


def test_binary_file(tmp_path):
    src = tmp_path / "03-pods.md"
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    one_line_error(run("build", str(src), "--out", str(tmp_path)), str(src), "binary")


def test_non_utf8_file(tmp_path):
    src = tmp_path / "03-pods.md"
    src.write_bytes(FRONT.encode() + b"\xff\n")
    one_line_error(run("build", str(src), "--out", str(tmp_path)), f"{src}:7:1:", "UTF-8")


def test_folder_without_pages(tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    one_line_error(run("build", str(tmp_path)), str(tmp_path), "no course pages")


def test_missing_path(tmp_path):
    one_line_error(run("build", str(tmp_path / "nope.md")), "nope.md", "no such file")


def test_one_bad_page_writes_nothing(tmp_path):
    pages = tmp_path / "weeks"
    pages.mkdir()
    (pages / "03-good.md").write_text(page())
    (pages / "04-bad.md").write_text("no front matter\n")
    out = tmp_path / "out"
    one_line_error(run("build", str(pages), "--out", str(out)), "04-bad.md")
    assert not out.exists() or list(out.iterdir()) == []


def test_folder_of_readme_pages(tmp_path):
    week = tmp_path / "weeks" / "03-pods"
    week.mkdir(parents=True)
    (week / "README.md").write_text(page())
    (tmp_path / "weeks" / "README.md").write_text("# The course\n")  # not a week page: skipped
    result = run("build", str(tmp_path / "weeks"), "--out", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["weeks"][0]["week"] == 3


def test_broken_deck_yaml_is_reported_with_line_and_column():
    decks = data_home() / "decks"
    decks.mkdir(parents=True)
    (decks / "week-07.yaml").write_text("schema: 1\nweek: 7\ntitle: x\ncards:\n- id: w07.command.01\n  front: [oops\n")
    line = one_line_error(run("decks"), "week-07.yaml")
    assert "week-07.yaml:" in line and line.split("week-07.yaml:")[1].split(":")[0].isdigit()
    assert line.split("week-07.yaml:")[1].split(":")[1].isdigit()  # a column too


def test_unknown_schema_version():
    decks = data_home() / "decks"
    decks.mkdir(parents=True)
    (decks / "week-07.yaml").write_text("schema: 9\nweek: 7\ntitle: x\ncards: []\n")
    one_line_error(run("cards", "--week", "7"), "week-07.yaml:1:9:", "unknown deck schema version 9")


def test_no_deck_for_week():
    one_line_error(run("cards", "--week", "9"), "no deck for week 9 (have: 6)")


def test_answers_kubectl_rejects_are_flagged_and_never_graded(tmp_path):
    drill = ("1. Run with requests: `kubectl run x --image=nginx --requests=cpu=100m`\n"
             "2. Create a claim: `kubectl create pvc data --size=1Gi`\n"
             "3. Shell in ns: `kubectl exec -it p -- sh -n prod`\n"
             "4. List pods: `kubectl get pods -n prod`")
    src = tmp_path / "03-pods.md"
    src.write_text(page(drill=drill))
    result = run("build", str(src), "--json")
    week = json.loads(result.output)["weeks"][0]
    assert week["counts"]["command_answered"] == 1
    flagged = {w.split(": ")[1] for w in week["warnings"]}
    assert flagged == {"w03.command.01", "w03.command.02", "w03.command.03"}
    cards = json.loads(run("cards", "--week", "3", "--kind", "command", "--json").output)
    assert [c["self_graded"] for c in cards] == [True, True, True, False]
    assert all(c["problems"] for c in cards[:3]) and "--requests=cpu=100m" in cards[0]["back"]


def test_two_pages_for_the_same_week(tmp_path):
    (tmp_path / "03-a.md").write_text(page())
    (tmp_path / "03-b.md").write_text(page())
    one_line_error(run("build", str(tmp_path), "--out", str(tmp_path / "out")), "03-b.md", "week 3 again")
    assert not (tmp_path / "out").exists()


def test_decks_shows_what_a_review_would_show_and_never_creates_the_database(tmp_path):
    db = tmp_path / "drills.db"
    before = json.loads(run("decks", "--json", "--db", str(db)).output)["decks"][0]
    assert before["study"] == {"total": before["total"], "new": before["total"], "learning": 0, "review": 0,
                               "suspended": 0, "buried": 0, "due": 0, "leech": 0}
    assert not db.exists()
    # one wrong typed answer in the speed drill: that card is now in (re)learning, no longer new
    answered = CliRunner().invoke(main, ["speed", "--week", "6", "--db", str(db)],
                                  input="kubectl create deployment web --image=httpd\nskip\n")
    assert answered.exit_code == 0, answered.output
    after = json.loads(run("decks", "--json", "--db", str(db)).output)["decks"][0]
    assert after["study"]["new"] == before["total"] - 1
    text = run("decks", "--db", str(db)).output
    assert "learning" in text and "due" in text
