"""Problems kubectl 1.37 would have with a command: unknown command or flag, misplaced ``-n``, ...

Only kubectl segments are linted; ``curl``, ``base64 -d``, ``grep``, ``minikube``, heredoc bodies are
not. A lint problem on a deck answer means the card must not be auto-graded against that answer.
"""

from __future__ import annotations

import re

from drills.kubectl.canonical import canon_segment
from drills.kubectl import flagtable
from drills.kubectl.manifest import ManifestError, load
from drills.kubectl.shape import is_manifest
from drills.kubectl.parse import Invocation, did_you_mean, find_path, is_kubectl, parse
from drills.kubectl.tokenizer import ShellSyntaxError, Segment, tokenize

# Commands whose usage starts with a required NAME (measured: "exactly one NAME is required").
_NAME_REQUIRED = re.compile(r"^kubectl [a-z -]+? (NAME|SERVICE_ACCOUNT_NAME|NODE)\b")


def lint(command: str) -> list[str]:
    """A list of problems (empty when kubectl 1.37 accepts every kubectl command in ``command``).
    A manifest answer (YAML text) has a problem only when it cannot be read."""
    if is_manifest(command):
        try:
            load(command)
        except ManifestError as e:
            return [str(e)]
        return []
    try:
        segments = tokenize(command)
    except ShellSyntaxError as e:
        return [f"cannot read this command: {e}"]
    except RecursionError:
        return ["cannot read this command: nested too deeply"]
    problems: list[str] = []
    for seg in segments:
        problems.extend(_lint_words_subst(seg))
        problems.extend(_lint_heredoc(seg))
        if is_kubectl(seg):
            problems.extend(lint_segment(seg))
    return list(dict.fromkeys(problems))


def _lint_heredoc(seg: Segment) -> list[str]:
    out = []
    for r in seg.redirects:
        if r.op == "<<" and is_manifest(r.target):
            try:
                load(r.target)
            except ManifestError as e:
                out.append(f"the manifest in the here-document: {e}")
    return out


def _lint_words_subst(seg: Segment) -> list[str]:
    out = []
    for w in seg.words:
        t = w.text
        if w.subst and t.startswith("$(") and t.endswith(")") and t.count("$(") == 1:
            out.extend(lint(t[2:-1]))
    return out


def lint_segment(seg: Segment) -> list[str]:
    words = seg.words[1:]
    if not words:
        return ["`kubectl` alone does nothing: a command is missing"]
    path, idx = find_path(words)
    first_arg = next((w.text for i, w in enumerate(words) if i not in idx and not w.text.startswith("-")), None)
    if not path:
        if first_arg is None:
            return []  # `kubectl --help`-like
        return [f"unknown command \"{first_arg}\" for \"kubectl\""
                + did_you_mean(first_arg, flagtable.top_level_commands())]
    inv = parse(seg)
    problems = list(inv.problems)
    spec = inv.spec
    args = [w.text for w in inv.args]
    if spec is not None and spec.subcommands and args and any(p.startswith("unknown command") for p in problems):
        return problems
    if spec is not None and _NAME_REQUIRED.match(spec.usage) and not args and "current" not in _given(inv):
        if not any(f.name in ("filename", "selector", "all", "from") for f in inv.flags):
            problems.append(f"kubectl {path}: a NAME is required")
    if path == "config set-context" and not args and "current" not in _given(inv):
        problems.append("kubectl config set-context: give a context NAME or --current")
    dash = inv.after_dash if inv.after_dash is not None else inv.dash_args
    if dash is not None:
        dash_words = [w.text for w in dash]
        for t in dash_words:
            if t in ("-n", "--namespace") or t.startswith("--namespace="):
                where = "an argument" if inv.dash_args else "part of the container command"
                problems.append(f"`{t}` after `--` is {where}, not kubectl's namespace: put it before `--`")
                break
        if inv.dash_args:
            problems.append(f"kubectl {path} runs no command: the words after `--` "
                            f"({' '.join(dash_words)}) are read as arguments")
    if path == "exec" and inv.after_dash is None and len(args) <= 1 and "filename" not in _given(inv):
        problems.append("kubectl exec needs a command after `--`")
    problems.extend(p for p in canon_segment(seg).problems if p not in problems)
    return problems


def _given(inv: Invocation) -> set[str]:
    return {f.name for f in inv.flags}
