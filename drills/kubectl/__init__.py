"""kubectl's grammar, pure: tokenizer, generated flag table, resource registry, canonical form,
verdicts and lint. No I/O (the flag table is package data loaded once).

Public interface (stable; the UI, store and CLI depend on it):

    check(expected: str | list[str], answer: str) -> Verdict
    lint(command: str) -> list[str]          # problems kubectl 1.37 would have with a deck answer
"""

from drills.kubectl.verdict import CORRECT, INCORRECT, UNREADABLE, Verdict

__all__ = ["Verdict", "CORRECT", "INCORRECT", "UNREADABLE", "check", "lint"]


def check(expected, answer: str) -> Verdict:
    from drills.kubectl.checker import check as _check

    return _check(expected, answer)


def lint(command: str) -> list[str]:
    from drills.kubectl.lint import lint as _lint

    return _lint(command)
