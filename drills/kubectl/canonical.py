"""Canonical form of a command: two answers mean the same thing iff their canonical forms are equal.
This module reads the command path, the objects and the arguments; ``canonical_flags`` the flags.

Equivalences applied (each measured with kubectl 1.37 or taken from FACTS.md; see docs/checking.md):
aliases of command paths (``config use``) and resource types (``po``/``pods``/``Pod``), ``TYPE/NAME``
= ``TYPE NAME``, flag spelling (``-n x``/``--namespace=x``/``--namespace x``, ``-it``), flag order,
explicit defaults from the generated table (``--replicas=1``, ``--type=ClusterIP``), bare
``--dry-run`` = client, ``delete --force`` = ``--force --grace-period=0``, ``--grace-period=0``
without ``--force`` = 1, ``run x --image=y sleep 1`` = ``run x --image=y -- sleep 1``, quantities,
durations, JSON patches, ``key=value`` maps and set-like repeated flags compared without order.
"""

from __future__ import annotations

import re

from drills.kubectl import canonical_values as values
from drills.kubectl import flagtable, resources
from drills.kubectl.canonical_flags import canon_flags, cross_flag_rules
from drills.kubectl.form import (
    DASH_COMMAND_CMDS, NODE_CMDS, ORDERLESS_TYPES, PAIR_CMDS, POD_CMDS, RESOURCE_CMDS, SET_LIKE_PAIRS,
    SYNONYM_OPTIONS, Canon, Hint, ObjectRef, Redirect, render, render_one,
)
from drills.kubectl.parse import Invocation, did_you_mean, is_kubectl, parse
from drills.kubectl.tokenizer import PIPE, Segment, ShellSyntaxError, Word, tokenize

__all__ = ["Canon", "canonicalize", "canon_segment", "canonical_text", "render", "render_one"]

def canonicalize(text: str) -> list[Canon]:
    """Canonical forms of every command in ``text``. Raises ShellSyntaxError."""
    return [canon_segment(seg) for seg in tokenize(text)]


def canon_segment(seg: Segment) -> Canon:
    """The canonical form of one command (a kubectl command, or any other program's words)."""
    op = None if seg.op is None else (PIPE if seg.op == PIPE else "&&")
    # `1>` is `>` (file descriptor 1 is stdout); a target is a path the shell resolves like any other
    redirects = tuple((r.op[1:] if r.op in ("1>", "1>>") else r.op,
                       r.target if r.op.startswith("<<") or "&" in r.op and not r.target else values.path(r.target))
                      for r in seg.redirects)
    if not is_kubectl(seg):
        return _canon_other(seg, op, redirects)
    inv = parse(seg)
    return _canon_kubectl(inv, op, redirects)


def _word_text(w: Word) -> str:
    """A word's value; ``$(kubectl ...)`` replaced by the canonical rendering of the inner command."""
    t = w.text
    if w.subst and t.startswith("$(") and t.endswith(")") and t.count("$(") == 1:
        try:
            inner = canonicalize(t[2:-1])
        except (ShellSyntaxError, RecursionError):
            return t
        return "$(" + render(inner) + ")"
    return t


def _canon_other(seg: Segment, op: str | None, redirects: tuple[Redirect, ...]) -> Canon:
    words = [_word_text(w) for w in seg.words]
    program = words[0] if words else ""
    syn = SYNONYM_OPTIONS.get(program, {})
    args = tuple(syn.get(w, w) for w in words[1:])
    return Canon(program=program, args=args, op=op, redirects=redirects)


def _canon_kubectl(inv: Invocation, op: str | None, redirects: tuple[Redirect, ...]) -> Canon:
    problems = list(inv.problems)
    hints: list[Hint] = []
    path = inv.path
    hints.extend(Hint("shortcut", raw) for raw in inv.expanded)
    typed_path = " ".join(w.text for w in inv.path_words)
    if typed_path != path:
        hints.append(Hint("command", typed_path, path))
    flags = canon_flags(inv, hints, problems)
    args = [_word_text(w) for w in inv.args]
    after = [_word_text(w) for w in inv.after_dash] if inv.after_dash is not None else None
    objects: list[ObjectRef] = []
    command = tuple(after) if after is not None else None

    if not path and args:
        problems.append(f"unknown command \"{args[0]}\" for \"kubectl\""
                        + did_you_mean(args[0], flagtable.top_level_commands()))
    if path in RESOURCE_CMDS:
        objects, args = _resource_args(path, args, hints, problems)
    elif path in POD_CMDS and args:
        objects = [_pod_ref(args[0], hints)]
        args = args[1:]
        if path == "port-forward":
            # `9000` forwards local 9000 to remote 9000 (port-forward --help): the same as `9000:9000`
            args = [f"{a}:{a}" if a.isdigit() else a for a in args]
        if path == "exec" and args:
            problems.append("kubectl exec needs `--` before the command (`kubectl exec POD -- COMMAND`); "
                            f"got `{' '.join(args)}` without it")
    elif path == "cp":
        # `kubectl cp [NS/]POD:REMOTE LOCAL` or back: the local side is a path the OS resolves
        args = [a if ":" in a else values.path(a) for a in args]
    elif path in NODE_CMDS:
        objects = [("nodes", a) for a in args]
        args = []
    elif path in ("top pod", "top node"):
        objects = [("pods" if path == "top pod" else "nodes", a) for a in args]
        args = []
    elif path == "auth can-i" and len(args) >= 2:
        args = [args[0], _type_name_text(args[1], hints)] + args[2:]
    elif path == "explain" and args:
        typ, dot, rest = args[0].partition(".")
        r = resources.lookup(typ)
        if r is not None:
            _alias_hint(typ, r, hints)
            args = [r.plural + dot + rest] + args[1:]
    elif path == "run":
        if len(args) > 1:
            command = tuple(args[1:]) + (command or ())
            args = args[:1]
    elif path.startswith("create ") and len(args) > 1 and inv.spec is not None \
            and re.match(r"kubectl create [a-z -]+? (NAME|SERVICE_ACCOUNT_NAME)\b", inv.spec.usage):
        hint = " (put the command after `--`)" if path in DASH_COMMAND_CMDS else ""
        problems.append(f"kubectl {path}: exactly one NAME is required, got {len(args)}{hint}")

    # what the command prints matters only when it is not just shown on the screen
    to_screen = op != PIPE and not any(o in (">", ">>", "1>", "1>>", "&>", "&>>") for o, _ in redirects)
    flags = cross_flag_rules(path, flags, objects, args, hints, to_screen)
    if path in ORDERLESS_TYPES or path in NODE_CMDS:
        objects = sorted(objects)
    return Canon(program="kubectl", path=path, objects=tuple(objects), args=tuple(args),
                 flags=tuple(sorted(flags.items())), command=command, redirects=redirects, op=op,
                 problems=tuple(problems), hints=tuple(hints))


# -- resource arguments ------------------------------------------------------------------------

def _alias_hint(typed: str, r: resources.Resource, hints: list[Hint]) -> None:
    if typed != r.plural:
        hints.append(Hint("alias", typed, r.plural))


def _type_key(typed: str, hints: list[Hint]) -> str:
    r = resources.lookup(typed)
    if r is None:
        return typed
    _alias_hint(typed, r, hints)
    return r.key


def _type_name_text(arg: str, hints: list[Hint]) -> str:
    typ, slash, name = arg.partition("/")
    return _type_key(typ, hints) + slash + name


def _pod_ref(arg: str, hints: list[Hint]) -> ObjectRef:
    if "/" in arg:
        typ, _, name = arg.partition("/")
        return (_type_key(typ, hints), name)
    return ("pods", arg)


def _resource_args(path: str, args: list[str], hints: list[Hint],
                   problems: list[str]) -> tuple[list[ObjectRef], list[str]]:
    """The objects named by ``args`` (``TYPE NAME...``, ``TYPE/NAME...``, ``TYPE1,TYPE2``), and the
    arguments left (``key=value`` pairs of label, annotate, set env, taint ...)."""
    rest: list[str] = []
    if path in PAIR_CMDS:
        res_args: list[str] = []
        for a in args:
            is_pair = "=" in a or a.endswith("-") or (path == "taint" and ":" in a)
            (rest if is_pair or rest else res_args).append(a)
        if path in SET_LIKE_PAIRS:
            rest = sorted(rest)
        args = res_args
    objects: list[ObjectRef] = []
    if any("/" in a for a in args):
        for a in args:
            if "/" not in a:
                problems.append(f"`{a}`: mixing TYPE/NAME and TYPE NAME arguments is an error in kubectl")
                objects.append(("", a))
                continue
            typ, _, name = a.partition("/")
            objects.append((_type_key(typ, hints), name))
    elif args:
        types = [_type_key(t, hints) for t in args[0].split(",")]
        names = args[1:]
        for t in types:
            if names:
                objects.extend((t, n) for n in names)
            else:
                objects.append((t, ""))
    return objects, rest


def canonical_text(text: str) -> str:
    """The canonical rendering of ``text`` (raises ShellSyntaxError)."""
    return render(canonicalize(text))

