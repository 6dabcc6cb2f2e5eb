"""A newcomer's first week, the parts that are not a screen: help, messages, counts (CliRunner)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from drills.cli import main


def run(*args: str, input: str | None = None, columns: int = 80):
    return CliRunner().invoke(main, list(args), input=input, env={"COLUMNS": str(columns)})


def command_summaries(help_text: str) -> dict[str, str]:
    """{command: its one-line summary} from a --help page's Commands section (wrapped lines joined)."""
    section = help_text.split("Commands:\n", 1)[1]
    out: dict[str, str] = {}
    last = None
    for line in section.splitlines():
        m = re.match(r"  (\S+)\s+(.*)", line)
        if m:
            last = m.group(1)
            out[last] = m.group(2)
        elif line.strip() and last:
            out[last] += " " + line.strip()
    return out


@pytest.mark.parametrize("group", [[], ["export"]])
@pytest.mark.parametrize("columns", [80, 60])
def test_help_summaries_are_whole_sentences(group, columns):
    result = run(*group, "--help", columns=columns)
    assert result.exit_code == 0
    summaries = command_summaries(result.output)
    assert summaries
    for name, summary in summaries.items():
        assert summary.endswith(".") and "..." not in summary, (name, summary)
        assert summary[0].isupper(), (name, summary)


def test_streak_of_one_day_is_said_in_the_singular(tmp_path):
    db = str(tmp_path / "d.db")
    answered = run("review", "--kind", "command", "--limit", "1", "--db", db, input="kubectl get pods\n")
    assert answered.exit_code == 0, answered.output
    stats = run("stats", "--db", db)
    assert stats.exit_code == 0, stats.output
    assert "(streak: 1 day)" in stats.output and "1 days" not in stats.output


def test_check_without_any_right_answer_asks_for_one():
    result = run("check", "kubectl get pods")
    assert result.exit_code == 2
    assert "what is the right answer? give --expected" in result.output and "--card ID" in result.output
    assert "not both" not in result.output


def test_the_default_namespace_note_reads_the_right_way_round():
    # the student names the namespace: it is the deck's answer that relies on the current one
    named = run("check", "-e", "kubectl get configmaps app-env", "kubectl get cm app-env -n default")
    assert named.exit_code == 0
    assert ("also right; the deck's answer leaves out --namespace=default because it assumes your current "
            "namespace is `default`") in named.output
    # the deck names it and the student does not: the student's answer relies on the current namespace
    left_out = run("check", "-e", "kubectl get configmaps app-env -n default", "kubectl get cm app-env")
    assert left_out.exit_code == 0
    assert ("also right if your current namespace is `default`; the deck's answer uses --namespace=default"
            in left_out.output)


@pytest.mark.parametrize("expected,answer,apart", [
    ("kubectl port-forward svc/api 8080:8080", "kubectl port-forward svc api 8080:8080",
     "`svc api`: port-forward takes the Service as one argument, svc/api; apart, kubectl reads `svc` as the"
     " name of a Pod"),
    ("kubectl logs deployment/worker -f", "kubectl logs deploy worker -f",
     "`deploy worker`: logs takes the Deployment as one argument, deploy/worker; apart, kubectl reads"
     " `deploy` as the name of a Pod"),
])
def test_type_and_name_typed_apart_get_a_reason_about_that_argument(expected, answer, apart):
    result = run("check", "-e", expected, answer)
    assert result.exit_code == 1
    reasons = [line for line in result.output.splitlines() if line.startswith("  - ")]
    assert reasons == [f"  - {apart}"]  # not "`pods` is a Pod", nor a wrong name and an extra argument


def test_export_refuses_a_package_name_with_another_ending(tmp_path):
    target = tmp_path / "cards.txt"
    result = run("export", "anki", "-o", str(target))
    assert result.exit_code == 2
    assert result.output == (f"drill: error: {target}: an Anki package must end in .apkg, not .txt (Anki imports "
                             f"only .apkg files); use -o {tmp_path / 'cards.apkg'}\n")
    assert list(tmp_path.iterdir()) == []


def test_export_adds_the_apkg_ending_and_says_so(tmp_path):
    result = CliRunner().invoke(main, ["export", "anki", "-o", str(tmp_path / "ckad")])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"drill: writing {tmp_path / 'ckad.apkg'} (Anki imports only files ending in .apkg)\n"
    assert f"wrote {tmp_path / 'ckad.apkg'}:" in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["ckad.apkg"]


README = Path(__file__).resolve().parents[2] / "README.md"


def test_shell_completion_works_as_the_readme_says():
    readme = README.read_text()
    for shell in ("bash", "zsh", "fish"):
        assert f"_DRILL_COMPLETE={shell}_source drill" in readme
        script = CliRunner().invoke(main, [], prog_name="drill", env={"_DRILL_COMPLETE": f"{shell}_source"})
        assert script.exit_code == 0 and "_DRILL_COMPLETE" in script.output and "Today" not in script.output
    words = CliRunner().invoke(main, [], prog_name="drill", env={
        "_DRILL_COMPLETE": "bash_complete", "COMP_WORDS": "drill rev", "COMP_CWORD": "1"})
    assert words.output.splitlines() == ["plain,review"]
    kinds = CliRunner().invoke(main, [], prog_name="drill", env={
        "_DRILL_COMPLETE": "bash_complete", "COMP_WORDS": "drill review --kind c", "COMP_CWORD": "3"})
    assert kinds.output.splitlines() == ["plain,concept", "plain,command", "plain,challenge"]


def test_the_readme_keeps_two_set_up_commands_and_says_what_they_need():
    readme = README.read_text()
    setup = readme.split("## Two commands", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in setup.splitlines()] == ["make run", "make test"]
    assert "package index" in readme and "pip download" in readme and "--no-index --find-links" in readme


def test_counts_add_up_and_stats_decks_and_bare_drill_agree(tmp_path, monkeypatch):
    """A made-up week with a card in every place: stats' places add up to its total, and `drill decks`,
    `drill stats` and bare `drill` give the same new and due counts."""
    import json
    from datetime import datetime, timedelta, timezone

    from drills.app.review import ReviewSession
    from drills.deck.files import load_deck
    from drills.schedule import StudyConfig
    from drills.store import Store

    sys_path = str(Path(__file__).resolve().parent.parent)
    monkeypatch.syspath_prepend(sys_path)
    from course.pages import FRONT, page

    (tmp_path / "12-jobs.md").write_text(page(front=FRONT.replace("Week 3 — Pods & Config: the basics",
                                                                  "Week 12 — Jobs and CronJobs")))
    assert run("build", str(tmp_path / "12-jobs.md")).exit_code == 0
    db = tmp_path / "d.db"
    monkeypatch.setenv("DRILLS_DB", str(db))
    deck = load_deck(12)
    cards = deck.cards
    assert len(cards) >= 6
    store = Store.open(db)
    now = datetime.now(timezone.utc)
    earlier = now - timedelta(hours=2)
    session = ReviewSession(store, [deck], config=StudyConfig(fuzzing=False), clock=lambda: earlier)
    session.rate(cards[0], 1, 100)  # learning, due again in minutes: due now
    session.rate(cards[1], 4, 100)  # review, due in days
    session.rate(cards[2], 1, 100)
    session.suspend(cards[2])  # suspended (its learning state kept)
    # Buried now, until the next study day: buried two hours ago, it was unburied already whenever a
    # study day (4 am) began in between (the test failed from 04:00 to 06:00).
    ReviewSession(store, [deck], config=StudyConfig(fuzzing=False), clock=lambda: now).bury(cards[3])
    store.cards.set_tags(cards[1].id, ["leech"])
    store.close()

    stats = json.loads(run("stats", "--json", "--week", "12").output)["cards"]
    places = ("new", "learning", "review", "suspended", "buried")
    assert sum(stats[p] for p in places) == stats["total"] == len(cards)
    assert (stats["learning"], stats["review"], stats["suspended"], stats["buried"], stats["leech"]) == (1, 1, 1, 1, 1)
    assert stats["new"] == len(cards) - 4 and stats["due"] == 1

    [study] = [d["study"] for d in json.loads(run("decks", "--json").output)["decks"] if d["week"] == 12]
    assert study == stats

    text = run("stats", "--week", "12").output
    assert f"Cards: {len(cards)} = {stats['new']} new + 1 learning + 1 in review + 1 suspended + 1 buried" in text
    assert "due now: 1 · 1 leech" in text
    status = run().output
    assert re.search(rf"week 12 +1 due +{stats['new']} new +Jobs and CronJobs", status)
