"""A newcomer's first week, the parts that are not a screen: help, messages, counts (CliRunner)."""

from __future__ import annotations

import re

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
