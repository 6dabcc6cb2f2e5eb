"""kubectl's grammar, pure: tokenizer, generated flag table, resource registry, canonical form,
verdicts and lint. No I/O (the flag table is package data loaded once, on first use).

Public interface (stable; the UI, store and CLI depend on it):

    check(expected: str | list[str], answer: str) -> Verdict     (checker.py)
    lint(command: str) -> list[str]   problems kubectl 1.37 would have with a deck answer (answer_lint.py)

``check`` and ``lint`` are loaded on first use (PEP 562): the checker's modules cost ~50 ms, and a
light submodule such as ``shape`` or ``tokenizer`` (the speed drill's first screen uses them) must
not pay for them. No submodule is named like a function here, so neither can shadow the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drills.kubectl.verdict import CORRECT, INCORRECT, UNREADABLE, Verdict

if TYPE_CHECKING:
    from drills.kubectl.answer_lint import lint
    from drills.kubectl.checker import check

__all__ = ["Verdict", "CORRECT", "INCORRECT", "UNREADABLE", "check", "lint"]


def __getattr__(name: str) -> Any:
    if name == "check":
        from drills.kubectl.checker import check

        return check
    if name == "lint":
        from drills.kubectl.answer_lint import lint

        return lint
    raise AttributeError(f"module 'drills.kubectl' has no attribute {name!r}")
