"""The made-up weeks (tests/student/weeks), built as a student would: `drill build --json`.

Every warning the build prints is true of the page (a self-graded task with no command on the page,
an empty step heading), and no card breaks a card rule.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from drills.cli import main

WEEKS = Path(__file__).resolve().parent.parent / "student" / "weeks"


def test_the_student_weeks_build_with_only_truthful_warnings(tmp_path):
    result = CliRunner().invoke(main, ["build", str(WEEKS), "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    weeks = {w["week"]: w for w in json.loads(result.output)["weeks"]}
    assert sorted(weeks) == [3, 4, 9]
    warned = {w: [m.split(": ", 1)[1] for m in weeks[w]["warnings"]] for w in weeks}
    assert warned[3] == ["tutorial step 13 skipped (no command, manifest or prose): Step 13"]
    # task 11 is done by two steps of the tutorial (no one command to borrow); task 12 nowhere
    assert warned[9] == ["speed drill task 11 has no answer: self-graded card",
                         "speed drill task 12 has no answer: self-graded card"]
    # week 4: task 8 has no command; task 4's answer uses a flag kubectl removed
    assert sorted(warned[4]) == sorted([
        "speed drill task 8 has no answer: self-graded card",
        "w04.command.04: unknown flag --requests for kubectl run (removed in kubectl 1.24; use `kubectl set"
        " resources` or a manifest) (in: kubectl run web --image=nginx -n cfg --requests=cpu=100m)"])
    assert weeks[3]["counts"]["command_answered"] == weeks[3]["counts"]["command"] == 15
    assert (tmp_path / "week-03.yaml").exists() and (tmp_path / "week-09.yaml").exists()
