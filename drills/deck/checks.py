"""Check commands out of required answers (pure): "do X, then check it" asks for X.

A page block such as ``kubectl scale …`` / ``kubectl rollout status …`` / ``kubectl get pods`` is a
change followed by the checks a careful student runs. A card that required the checks would tell a
student who did exactly what its front asks "missing command 2". The rule (see docs/decks.md):

- in an answer that holds a state-changing command, each command that is a *check* (a read-only
  kubectl command printing no chosen format; drills.kubectl.reads) leaves the required answer and is
  shown on the back ("Check with: …");
- an answer made only of reads (a look-up task) is unchanged;
- a front that asks to see something (print, show, display, list, output, verify, confirm, watch)
  keeps every read required: the front states it. The grader is told the same from the card's front
  (drills.app.answering.check passes ``reads_required``), so it does not take such a read for an
  optional check.
"""

from __future__ import annotations

import re

from drills.kubectl.canonical import canonicalize
from drills.kubectl.reads import changes_state, is_check
from drills.kubectl.sequences import Step, fold_cat_heredocs, logical_commands, split_steps
from drills.kubectl.tokenizer import ShellSyntaxError

ASKS_TO_SEE = re.compile(
    r"\b(?:print(?:s|ed|ing)?|show(?:s|n|ing)?|display(?:s|ed|ing)?|list(?:s|ed|ing)?|output|"
    r"verif(?:y|ies|ied|ying)|confirm(?:s|ed|ing)?|watch(?:es|ed|ing)?)\b", re.I)


def asks_to_see(front: str) -> bool:
    """The front asks for something printed ("… and print its YAML", "show the endpoints")."""
    return bool(ASKS_TO_SEE.search(front))


def _steps(command: str) -> list[Step] | None:
    try:
        return split_steps(fold_cat_heredocs(canonicalize(command)))
    except (ShellSyntaxError, RecursionError):
        return None


def split_checks(answer: str, front: str) -> tuple[str, list[str]]:
    """(the required answer, the check commands taken out of it, as written)."""
    if asks_to_see(front):
        return answer, []
    commands = logical_commands(answer)
    if len(commands) < 2 or not all(c.readable for c in commands):
        return answer, []
    read: list[list[Step]] = []
    for c in commands:
        steps = _steps(c.text)
        if steps is None:
            return answer, []
        read.append(steps)
    if not changes_state([s for steps in read for s in steps]):
        return answer, []  # only reads: looking something up is the task
    kept = [c.text for c, steps in zip(commands, read) if not (len(steps) == 1 and is_check(steps[0]))]
    checks = [c.text for c, steps in zip(commands, read) if len(steps) == 1 and is_check(steps[0])]
    return "\n".join(kept), checks


def split_answers(answers: list[str], front: str) -> tuple[list[str], list[str]]:
    """:func:`split_checks` on each alternative: (required answers, every check taken out, once)."""
    required: list[str] = []
    checks: list[str] = []
    for a in answers:
        kept, taken = split_checks(a, front)
        if kept not in required:
            required.append(kept)
        checks += [c for c in taken if c not in checks]
    return required, checks


def checks_back(checks: list[str]) -> str:
    """The back's line for the checks taken out of the answer ("" when none)."""
    return "Check with: " + "; ".join(f"`{c}`" for c in checks) if checks else ""
