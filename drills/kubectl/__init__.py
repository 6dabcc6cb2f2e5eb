"""kubectl's grammar, pure: tokenizer, generated flag table, resource registry, canonical form,
verdicts and lint. No I/O (the flag table is package data loaded once, on first use).

Public interface (stable; the UI, store and CLI depend on it):

    check(expected: str | list[str], answer: str) -> Verdict     (checker.py)
    lint(command: str) -> list[str]   problems kubectl 1.37 would have with a deck answer (answer_lint.py)

How an answer is read, in module order:

    tokenizer        shell words, segments, redirections, here-documents (bash rules, no shell)
    shape            what an answer looks like (command, sequence, heredoc, manifest: ``is_manifest``)
    flagtable        kubectl 1.37's commands and flags (generated flags.json); resources: its types
    parse            one segment -> command path, flags, arguments (cobra + pflag rules)
    canonical        -> the canonical form (``form.Canon``): objects and arguments; canonical_flags:
                     flag values, defaults, the rules between flags; canonical_values: quantities,
                     durations, selectors, paths ...
    sequences        several commands: steps and their alignment
    placeholders     ``<pod>`` matching and the Binder that keeps what each placeholder bound
    checker          the verdict (``check``) with reasons naming the token; tools: docker and helm
    manifest         reading YAML answers; manifest_compare: as data, with server_defaults (what
                     the API server fills in); manifest_check: their verdicts
    answer_lint      problems kubectl would have with a deck's answer (``lint``)
    verdict          the Verdict the UI shows

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
