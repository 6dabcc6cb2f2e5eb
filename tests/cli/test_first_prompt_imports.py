"""The first prompt of `drill speed` and `drill review` asks for an answer; it does not grade one. The
manifest grader (its YAML reading, comparison and the API server's defaults) is loaded only when a
manifest is graded, so the first prompt never pays for it (bench/startup.py measures the budget)."""

from __future__ import annotations

import subprocess
import sys

# Runs one drill command in a fresh interpreter with stdin empty and reports the drills.kubectl
# modules loaded when the first prompt reads its answer.
PROBE = """
import sys
from drills.ui import io

read = io.LineIO._read
seen = []

def first_read(self, prompt):
    if not seen:
        seen.append(",".join(sorted(m for m in sys.modules if m.startswith("drills.kubectl"))))
    return read(self, prompt)

io.LineIO._read = first_read
from drills.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("AT_FIRST_PROMPT=" + (seen[0] if seen else "NO PROMPT"), file=sys.stderr)
"""

GRADER_MODULES = {"drills.kubectl.manifest", "drills.kubectl.manifest_compare", "drills.kubectl.manifest_check",
                  "drills.kubectl.server_defaults", "drills.kubectl.checker", "drills.kubectl.canonical"}


def modules_at_first_prompt(db, *args) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args, "--db", str(db)], input="", capture_output=True,
                         text=True, timeout=120)
    line = [x for x in out.stderr.splitlines() if x.startswith("AT_FIRST_PROMPT=")]
    assert line, out.stderr
    loaded = line[-1].removeprefix("AT_FIRST_PROMPT=")
    assert loaded != "NO PROMPT", out.stdout + out.stderr
    return set(loaded.split(","))


def test_the_first_prompt_loads_the_answer_shape_but_not_the_grader(tmp_path):
    db = tmp_path / "drills.db"
    for args in (("speed", "--week", "6"), ("review",), ("speed", "--week", "6")):
        loaded = modules_at_first_prompt(db, *args)
        assert "drills.kubectl.shape" in loaded, args  # the probe saw the screen that asks for an answer
        assert not loaded & GRADER_MODULES, (args, sorted(loaded & GRADER_MODULES))
