"""kubectl's grammar, pure: tokenizer, generated flag table, resource registry, canonical form,
verdicts and lint. No I/O (the flag table is package data loaded once, on first use).

Public interface (stable; the UI, store and CLI depend on it):

    check(expected: str | list[str], answer: str) -> Verdict
    lint(command: str) -> list[str]          # problems kubectl 1.37 would have with a deck answer

Both are imported eagerly: a lazy ``from drills.kubectl.lint import lint`` inside a wrapper would
make the submodule ``drills.kubectl.lint`` replace the function as the package attribute ``lint``.
The modules are small and load the flag table only when a command is first parsed.
"""

from drills.kubectl.checker import check
from drills.kubectl.lint import lint
from drills.kubectl.verdict import CORRECT, INCORRECT, UNREADABLE, Verdict

__all__ = ["Verdict", "CORRECT", "INCORRECT", "UNREADABLE", "check", "lint"]
