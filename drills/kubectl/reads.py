"""Read-only kubectl commands: the ones that only look (``get``, ``describe``, ``logs``, ``rollout
status``, …), and the "check" steps of a sequence that changes something.

A page block often reads "do X, then check it" (``kubectl scale …`` then ``kubectl rollout status
…``). The change is the task; the check is what a careful student does after it. So, in a sequence
that holds at least one state-changing step:

- the deck keeps only the changes as the required answer and shows the checks on the back
  (drills.deck.checks);
- the grader does not require a check step the answer leaves out, and ignores a check step the
  expected answer does not have (drills.kubectl.checker), each with a note; but when the card's front
  asks to see something (drills.deck.checks.asks_to_see, by which the deck kept its reads), the
  grader is called with ``reads_required`` and every read of the answer is required.

A step is a *check* when it is one kubectl command (no pipeline, no redirection: ``get -o yaml >
x.yaml`` writes a file a later step reads) whose command path is read-only. A read that chooses an
output format (``-o yaml``, ``-o jsonpath=…``) prints something the task asked for: it is not a check,
and stays required. A sequence made only of reads (a look-up task) is unchanged.
"""

from __future__ import annotations

from drills.kubectl.form import WRITE_CMDS, Canon

# Command paths that only read from the server (or print local help/version), kubectl 1.37. Disjoint
# from form.WRITE_CMDS (asserted at import); `wait` blocks on a condition and `exec`/`debug`/`cp` can
# change anything, so they are not here.
READ_ONLY_PATHS = frozenset({
    "get", "describe", "logs", "events", "explain", "top", "api-resources", "api-versions", "version",
    "cluster-info", "rollout status", "rollout history", "auth can-i", "auth whoami",
    "config view", "config current-context", "config get-contexts", "config get-clusters", "config get-users",
})
assert not READ_ONLY_PATHS & WRITE_CMDS
# Flags by which a read prints a chosen format: what the task asks to see, not a check (`-o wide`
# only adds columns to the usual table: still a check).
OUTPUT_FLAGS = frozenset({"output", "template"})
DISPLAY_OUTPUTS = frozenset({"wide"})


def is_read_only(step: list[Canon]) -> bool:
    """One kubectl command, no redirection, whose command path only reads."""
    if len(step) != 1:
        return False
    c = step[0]
    if c.program != "kubectl" or c.redirects or not c.path:
        return False
    head = c.path.split(" ", 1)[0]
    return c.path in READ_ONLY_PATHS or head in READ_ONLY_PATHS


def is_check(step: list[Canon]) -> bool:
    """A read-only step that prints no chosen output format (``rollout status``, ``get pods
    --show-labels``, ``describe``, ``logs``): a check after a change."""
    if not is_read_only(step):
        return False
    flags = step[0].flag_map()
    return all(name not in flags or flags[name] in DISPLAY_OUTPUTS for name in OUTPUT_FLAGS)


def changes_state(steps: list[list[Canon]]) -> bool:
    """True when some step is not read-only (a change, a pipeline, a redirection, another tool)."""
    return any(not is_read_only(s) for s in steps)
