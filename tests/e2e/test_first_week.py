"""A newcomer's first week at an 80x24 terminal: what the student reads on each screen."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.deck.files import load_deck

from .pty import DRILL, reviews

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course.pages import FRONT, page  # noqa: E402

pytestmark = pytest.mark.skipif(not DRILL.exists(), reason="drill is not installed next to this python")

# Colours, cursor moves, mode switches and carriage returns: what a terminal does not show as text.
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\r")
LONG_TITLE = "Observability, Debugging and Maintenance of Long-Running Workloads"


def shown(raw: str) -> str:
    return _ESCAPES.sub("", raw)


def last_answer(t, typed: str, summary: str) -> str:
    """Type the session's last answer, keep the rating it got (Enter), wait for the summary; what the
    screen showed, as text."""
    t.line(typed)
    t.expect("1-4 change rating")
    t.key("\r")
    t.expect(summary)
    assert t.finish() == 0
    return shown(t.seen)


def title_cells(lines: list[str]) -> str:
    """The text of a table's second column (the title), its lines joined by spaces."""
    return " ".join(line.split("│")[1].strip() for line in lines if line.count("│") >= 2)


def build_made_up_weeks(tmp_path: Path) -> None:
    """Week 3 (a short title) and week 11 (a title too long for one line at 80 columns) as user decks."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "03-pods.md").write_text(page())
    (tmp_path / "pages" / "11-observability.md").write_text(page(
        front=FRONT.replace("Week 3 — Pods & Config: the basics", f"Week 11 — {LONG_TITLE}"),
        h1="# Week 11: Observability"))
    result = CliRunner().invoke(main, ["build", str(tmp_path / "pages")])
    assert result.exit_code == 0, result.output


def test_decks_fit_80_columns_and_never_cut_a_title(spawn):
    t = spawn("decks")
    assert t.finish() == 0
    lines = shown(t.seen).splitlines()
    assert lines and all(len(line) <= 80 for line in lines), "\n".join(lines)
    assert lines[0].split() == ["week", "┃", "title", "┃", "source", "┃", "cards", "┃", "new", "┃",
                                "learning", "┃", "review", "┃", "due"]
    assert "…" not in "\n".join(lines)
    # the per-kind counts moved under the title (wrapped at spaces) instead of squeezing the title
    [deck] = json.loads(CliRunner().invoke(main, ["decks", "--json"]).output)["decks"]
    kinds = " · ".join(f"{n} {kind}" for kind, n in deck["counts"].items() if n)
    assert title_cells(lines) == f"Services & Networking {kinds}"


def test_decks_with_a_long_title_wrap_it_whole(spawn, tmp_path):
    build_made_up_weeks(tmp_path)
    t = spawn("decks")
    assert t.finish() == 0
    lines = shown(t.seen).splitlines()
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    cells = title_cells(lines)
    assert "Pods & Config: the basics" in cells
    assert LONG_TITLE in cells  # wrapped over two lines at a space, every word whole
    assert "…" not in "\n".join(lines)


def test_bare_drill_says_where_you_stand_then_lists_the_commands(spawn, drill_env, tmp_path):
    build_made_up_weeks(tmp_path)
    first = spawn()
    assert first.finish() == 0
    text = shown(first.seen)
    assert "Today: 0 cards due, 20 new (daily limit 20)." in text
    assert re.search(r"week 3 +0 due +8 new +Pods & Config: the basics", text)
    week6 = len(load_deck(6).cards)  # every card of the built-in deck is new
    assert re.search(rf"week 6 +0 due +{week6} new +Services & Networking", text)
    assert "Streak" not in text  # nothing studied yet
    assert "Next: drill review" in text
    assert text.index("Next: drill review") < text.index("Commands:")
    assert "review     Review due cards, then new ones." in text
    assert not (Path(drill_env["DRILLS_DB"])).exists()  # looking never creates the database

    # one day of study: one card answered wrong (due again soon), the streak starts
    result = CliRunner().invoke(main, ["review", "--week", "3", "--limit", "1", "--db", drill_env["DRILLS_DB"]],
                                input="kubectl get pods\n")
    assert result.exit_code == 0, result.output
    after = spawn()
    assert after.finish() == 0
    text = shown(after.seen)
    assert "Today: 0 cards due, 19 new (daily limit 20)." in text
    assert re.search(r"week 3 +0 due +7 new", text)
    assert "Streak: 1 day." in text


def test_cram_says_cram_on_every_screen_and_promises_no_schedule(spawn, drill_env):
    t = spawn("review", "--cram", "--week", "6", "--kind", "command", "--limit", "2")
    t.expect("Enter check")
    t.line("kubectl get pods")
    t.expect("1-4 change rating")
    t.key("3")
    t.expect("rating changed")
    t.expect("Enter check")
    text = last_answer(t, "kubectl expose deployment web --port=80", "Cram summary")
    assert text.count("[1/2] cram · w06.command.01") == 1 and "[2/2] cram · w06.command.02" in text
    assert re.search(r" cram · 0 done · \d+ left · card", text) and " cram · 1 done" in text  # the toolbar
    assert not re.search(r"\d+ due · \d+ new", text)
    assert "rated Again (1) automatically (cram: the schedule is unchanged)" in text
    assert "rating changed to Good (3) (cram: the schedule is unchanged)" in text
    assert "comes back" not in text
    assert "Cram: no card's schedule changed." in text and "left in this cram" in text
    assert [r[3] for r in reviews(drill_env["DRILLS_DB"])] == ["cram", "cram"]


def test_an_empty_answer_means_i_dont_know(spawn, drill_env):
    t = spawn("review", "--kind", "command", "--limit", "1")
    t.expect("Enter check")
    text = last_answer(t, "", "Review summary")
    assert "empty answer: you don't know it yet, so here it is" in text
    assert "answer: kubectl create deployment web --image=nginx --replicas=2" in text
    assert "rated Again (1); comes back in 1 min" in text
    assert "unreadable" not in text and "it is empty" not in text
    assert reviews(drill_env["DRILLS_DB"]) == [("w06.command.01", 1, 0, "review", None)]


def test_ctrl_c_in_a_speed_task_marks_it_interrupted(spawn):
    t = spawn("speed", "--week", "6")
    t.expect("Enter check")
    t.line("kubectl create deployment web --image=nginx --replicas=2")
    t.expect("2/10")
    t.expect("Enter check")
    t.key("kubectl exp")
    t.key("\x03")
    t.expect("Week 6 speed drill")
    assert t.finish() == 130
    rows = [line for line in shown(t.seen).splitlines() if re.match(r"\s*\d+\s", line)]
    verdicts = {int(line.split()[0]): line for line in rows if line.split()[0].isdigit()}
    assert "correct" in verdicts[1]
    assert "interrupted" in verdicts[2] and "not reached" not in verdicts[2]
    assert "not reached" in verdicts[3]


def test_wrapped_notes_keep_their_indent(spawn):
    # `drill check` at an 80-column terminal: the note's second line starts under its first word
    t = spawn("check", "-e", "kubectl get configmaps app-env", "kubectl get cm app-env -n default")
    assert t.finish() == 0
    lines = [line for line in shown(t.seen).splitlines() if line.strip()]
    note = lines.index(next(line for line in lines if "the deck's answer leaves out" in line))
    assert lines[note].startswith("  also right;") and len(lines[note]) <= 80
    assert lines[note + 1].startswith("  ") and not lines[note + 1].startswith("   ")
    assert " ".join(line.strip() for line in lines[note:note + 2]).endswith("current namespace is `default`")


def test_wrapped_notes_keep_their_indent_on_the_review_screen(spawn):
    t = spawn("review", "--kind", "command", "--limit", "1")
    t.expect("Enter check")
    lines = last_answer(t, "kubectl create deployment web --image=nginx --replicas=2 -n default",
                        "Review summary").splitlines()
    at = next(i for i, line in enumerate(lines) if "note: also right; the deck's answer leaves out" in line)
    label = lines[at].index("also right")
    follow = lines[at + 1]
    assert follow[:label].strip("│ ") == "" and follow[label] != " "  # under the note's first word
    joined = lines[at][label:].strip("│ ") + " " + follow[label:].strip("│ ")
    assert joined.startswith("also right; the deck's answer leaves out --namespace=default because it assumes")


def many_pages(folder: Path, weeks: range) -> Path:
    """Made-up pages, one per week (week 6 left to the built-in deck)."""
    folder.mkdir()
    for week in weeks:
        (folder / f"{week:02d}-topic.md").write_text(page(
            front=FRONT.replace("Week 3 — Pods & Config: the basics", f"Week {week} — Topic number {week}"),
            h1=f"# Week {week}: Topic"))
    return folder


@pytest.mark.parametrize("piped", [False, True])
def test_build_and_export_over_many_weeks_show_a_bar_only_on_a_terminal(drill_env, tmp_path, piped):
    import pexpect

    pages = many_pages(tmp_path / "pages", range(7, 19))
    out = tmp_path / "decks"
    apkg = tmp_path / "all.apkg"
    tail = " | cat" if piped else ""
    seen = {}
    for what, command in (("build", f"{DRILL} build {pages} --out {out}"),
                          ("export", f"{DRILL} export anki -o {apkg}")):
        env = dict(drill_env, XDG_DATA_HOME=str(tmp_path / "data")) if what == "export" else drill_env
        if what == "export":  # export the twelve weeks just built, plus the built-in week 6
            (tmp_path / "data" / "drills").mkdir(parents=True)
            out.rename(tmp_path / "data" / "drills" / "decks")
        child = pexpect.spawn("bash", ["-c", command + tail], env=env, dimensions=(24, 80),
                              encoding="utf-8", timeout=60)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, child.before
        seen[what] = child.before
    assert "week 18: Topic number 18" in shown(seen["build"])
    assert "wrote " in shown(seen["export"]) and "CKAD::Week 18" in shown(seen["export"])
    if piped:
        assert "building decks" not in seen["build"] and "━" not in seen["build"]
        assert "writing notes" not in seen["export"] and "━" not in seen["export"]
    else:
        assert "building decks" in seen["build"] and "12/12" in shown(seen["build"])
        assert "writing notes" in seen["export"] and "━" in seen["export"]


def test_make_runs_first_screen_fits_24_rows(spawn):
    # `make run` opens on the week's speed drill: the title, one line per task and how to answer
    # must all be on the first 24-row screen (the context lines of a front come with its task).
    t = spawn("speed", "--week", "6")
    t.expect("Enter check")
    t.key("\x1b")
    assert t.finish() == 0
    text = shown(t.seen)
    intro = text[text.index("Week 6 speed drill:"):text.index("Esc or Ctrl-C stops.")].splitlines()
    [deck] = json.loads(CliRunner().invoke(main, ["decks", "--json"]).output)["decks"]
    assert len(intro) == 1 + deck["counts"]["command"] + 2 <= 21
    assert "(continues:" not in "\n".join(intro)
