"""Parse one shell segment the way kubectl (cobra + pflag) would: command path, flags, arguments.

Cobra first finds the command by walking non-flag words (skipping flags and, for flags that take a
value, the value after them), then pflag parses the flags of the final command, allowing flags and
arguments to interleave until ``--``. Everything after ``--`` is kept verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drills.kubectl import flagtable
from drills.kubectl.flagtable import CommandSpec, FlagSpec
from drills.kubectl.tokenizer import PLACEHOLDER, Segment, Word

KUBECTL_NAMES = ("kubectl", "k")
# Commands for which the words after `--` are a container command (everything else: plain arguments).
DASH_COMMANDS = {"run", "exec", "create deployment", "create job", "create cronjob", "debug"}
BOOL_TRUE = ("1", "t", "T", "TRUE", "true", "True")
BOOL_FALSE = ("0", "f", "F", "FALSE", "false", "False")

# Flags removed from kubectl that course pages still use: (command, flag) -> why.
REMOVED_FLAGS = {
    ("run", "requests"): "removed in kubectl 1.24; use `kubectl set resources` or a manifest",
    ("run", "limits"): "removed in kubectl 1.24; use `kubectl set resources` or a manifest",
    ("run", "serviceaccount"): "removed in kubectl 1.24; use --overrides or a manifest",
    ("run", "hostport"): "removed in kubectl 1.24",
    ("run", "replicas"): "kubectl run only creates a Pod since 1.18; use `kubectl create deployment --replicas`",
    ("run", "generator"): "removed; kubectl run only creates a Pod since 1.18",
    ("run", "schedule"): "kubectl run only creates a Pod since 1.18; use `kubectl create cronjob`",
    ("*", "record"): "deprecated; this command no longer accepts it",
    ("*", "export"): "removed in kubectl 1.18",
}
REMOVED_COMMANDS = {
    "create pvc": "kubectl create has no pvc subcommand; write a manifest and `kubectl apply -f` it",
    "create persistentvolumeclaim": "kubectl create has no pvc subcommand; write a manifest and `kubectl apply -f` it",
    "create pod": "kubectl create has no pod subcommand; use `kubectl run`",
}


@dataclass
class FlagUse:
    """One flag as given: ``spec`` None when kubectl does not know it."""

    name: str  # long name (as typed when unknown)
    typed: str  # "-n", "--namespace", "-it"
    value: str | None  # None: bare bool / bare no-opt flag
    spec: FlagSpec | None
    column: int


@dataclass
class Invocation:
    """A kubectl command line after cobra/pflag parsing."""

    path: str  # canonical command path ("" when no command was found)
    path_words: list[Word]
    args: list[Word]  # positional arguments before `--`
    flags: list[FlagUse]
    after_dash: list[Word] | None  # None when there is no `--`
    problems: list[str] = field(default_factory=list)
    spec: CommandSpec | None = None
    dash_args: list[Word] | None = None  # words after `--` on a command that treats them as arguments
    expanded: list[str] = field(default_factory=list)  # exam shortcuts expanded ($do, $now)


# The CKAD exam idiom: `export do="--dry-run=client -o yaml"`, `export now="--force --grace-period 0"`.
SHORTCUTS = {"do": ("--dry-run=client", "-o", "yaml"), "now": ("--force", "--grace-period=0")}


def expand_shortcuts(words: list[Word]) -> tuple[list[Word], list[str]]:
    """Replace an unquoted ``$do``/``${do}``/``$now`` word (before ``--``) by what it conventionally holds."""
    out: list[Word] = []
    expanded: list[str] = []
    seen_dash = False
    for w in words:
        seen_dash = seen_dash or w.text == "--"
        name = w.raw[1:].strip("{}") if w.raw in ("$do", "${do}", "$now", "${now}") else None
        if name and not seen_dash:
            expanded.append(w.raw)
            out.extend(Word(t, t, w.column) for t in SHORTCUTS[name])
        else:
            out.append(w)
    return out, expanded


def is_kubectl(seg: Segment) -> bool:
    if not seg.words:
        return False
    w = seg.words[0].text
    return w in KUBECTL_NAMES or w.endswith("/kubectl")


def find_path(words: list[Word]) -> tuple[str, list[int]]:
    """The command path and the indexes of the words that make it (cobra's Find + stripFlags)."""
    path: list[str] = []
    idx: list[int] = []
    spec = flagtable.global_command()
    i = 0
    while i < len(words):
        t = words[i].text
        if t == "--":
            break
        if t.startswith("-") and len(t) > 1:
            if "=" not in t:
                f = spec.flag(t[2:]) if t.startswith("--") else (spec.short(t[1]) if len(t) == 2 else None)
                if f is not None and f.takes_value:
                    i += 1
            i += 1
            continue
        candidate = flagtable.resolve_path(" ".join(path + [t]))
        if flagtable.has_command(candidate):
            path = candidate.split(" ")
            idx.append(i)
            spec = flagtable.command(candidate) or spec
            i += 1
            continue
        break
    return " ".join(path), idx


def parse(seg: Segment) -> Invocation:
    """Parse a kubectl segment (its first word is kubectl/k)."""
    words, expanded = expand_shortcuts(seg.words[1:])
    path, path_idx = find_path(words)
    spec = flagtable.command(path) if path else None
    inv = Invocation(path, [words[i] for i in path_idx], [], [], None, spec=spec, expanded=expanded)
    if spec is None:
        spec = flagtable.global_command()
    skip = set(path_idx)
    i = 0
    while i < len(words):
        if i in skip:
            i += 1
            continue
        w = words[i]
        t = w.text
        if t == "--":
            inv.after_dash = list(words[i + 1:])
            break
        if t.startswith("--") and len(t) > 2:
            name, eq, value = t[2:].partition("=")
            f = spec.flag(name)
            if f is None:
                inv.flags.append(FlagUse(name, "--" + name, value if eq else None, None, w.column))
                i += 1
                continue
            if eq:
                inv.flags.append(FlagUse(name, "--" + name, value, f, w.column))
            elif f.takes_value:
                if i + 1 < len(words):
                    inv.flags.append(FlagUse(name, "--" + name, words[i + 1].text, f, w.column))
                    skip.add(i + 1)
                else:
                    inv.problems.append(f"flag needs an argument: --{name}")
            else:
                inv.flags.append(FlagUse(name, "--" + name, None, f, w.column))
            i += 1
            continue
        if t.startswith("-") and len(t) > 1 and t != "-":
            letters = t[1:]
            j = 0
            while j < len(letters):
                c = letters[j]
                f = spec.short(c)
                if f is None:
                    inv.flags.append(FlagUse(c, t, None, None, w.column))
                    break
                rest = letters[j + 1:]
                if rest.startswith("=") and len(letters) >= 2:
                    inv.flags.append(FlagUse(f.name, "-" + c, rest[1:], f, w.column))
                    break
                if not f.takes_value:
                    inv.flags.append(FlagUse(f.name, "-" + c, None, f, w.column))
                    j += 1
                    continue
                if rest:
                    inv.flags.append(FlagUse(f.name, "-" + c, rest, f, w.column))
                elif i + 1 < len(words):
                    inv.flags.append(FlagUse(f.name, "-" + c, words[i + 1].text, f, w.column))
                    skip.add(i + 1)
                else:
                    inv.problems.append(f"flag needs an argument: -{c}")
                break
            i += 1
            continue
        inv.args.append(w)
        i += 1
    if inv.after_dash is not None and inv.path not in DASH_COMMANDS:
        # cobra: words after `--` are ordinary arguments unless the command runs a container command
        inv.dash_args = inv.after_dash
        inv.args.extend(inv.after_dash)
        inv.after_dash = None
    _check_flags(inv)
    _check_typography(seg, inv)
    sub = subcommand_problem(inv.path, inv.spec, [w.text for w in inv.args])
    if sub:
        # The flags were judged against the group command (`kubectl create`), not the one meant:
        # "unknown flag --image for kubectl create" would only be noise beside the real mistake.
        inv.problems[:] = [p for p in inv.problems if not p.startswith(("unknown flag", "unknown shorthand"))]
        inv.problems.append(sub)
    return inv


def subcommand_problem(path: str, spec: CommandSpec | None, args: list[str]) -> str | None:
    """`kubectl create configmaps x`: a group command given an argument it has no subcommand for."""
    if spec is None or not spec.subcommands or not args:
        return None
    if re.search(r"\b(NAME|TYPE|POD|NODE|RESOURCE)\b", spec.usage) and "SUBCOMMAND" not in spec.usage:
        return None
    attempted = f"{path} {args[0]}"
    why = REMOVED_COMMANDS.get(attempted)
    if why:
        return f"unknown command `kubectl {attempted}`: {why}"
    for cand in (args[0][:-1], args[0][:-2]):
        if cand and flagtable.has_command(flagtable.resolve_path(f"{path} {cand}")):
            return f"unknown command `kubectl {attempted}` (the subcommand is `{path} {cand}`, singular)"
    return f"unknown command `kubectl {attempted}`" + did_you_mean(args[0], list(spec.subcommands), f"{path} ")


def _check_flags(inv: Invocation) -> None:
    where = f"kubectl {inv.path}" if inv.path else "kubectl"
    for fu in inv.flags:
        if fu.spec is None:
            why = REMOVED_FLAGS.get((inv.path, fu.name)) or REMOVED_FLAGS.get(("*", fu.name))
            if not fu.typed.startswith("--"):
                if inv.spec is not None:
                    inv.problems.append(f"unknown shorthand flag: '{fu.name}' in {fu.typed} for {where}")
                continue
            if why:
                inv.problems.append(f"unknown flag {fu.typed} for {where} ({why})")
            elif inv.spec is not None:
                inv.problems.append(f"unknown flag {fu.typed} for {where}"
                                    + did_you_mean(fu.name, list(inv.spec.flags), "--"))
            continue
        f = fu.spec
        if fu.value is None:
            continue
        if "<" in fu.value and PLACEHOLDER.search(fu.value):
            continue  # a deck placeholder: any value the student types is judged when checking
        if f.type == "bool" and fu.value not in BOOL_TRUE + BOOL_FALSE:
            inv.problems.append(f"--{f.name} is a true/false flag: {fu.value!r} is neither "
                                f"(write --{f.name} or --{f.name}=false)")
        elif f.type == "int" and not _is_int(fu.value):
            inv.problems.append(f"--{f.name} needs a whole number, got {fu.value!r}")
        elif f.name == "dry-run" and fu.value not in ("none", "client", "server", "true", "false", "unchanged"):
            inv.problems.append(f"--dry-run must be none, client or server, got {fu.value!r}")


_DASHES = {"\u2014": "an em dash (\u2014)", "\u2013": "an en dash (\u2013)", "\u2212": "a minus sign (\u2212)"}
_QUOTES = "\u2018\u2019\u201c\u201d"


def _check_typography(seg: Segment, inv: Invocation) -> None:
    """Dashes and quotes pasted from a web page or a word processor: kubectl reads them literally."""
    for w in seg.words[1:]:
        if w.text[:1] in _DASHES:
            inv.problems.append(f"`{w.text}` starts with {_DASHES[w.text[0]]}, not `--`: kubectl reads it as an "
                                f"argument")
        elif any(q in w.text for q in _QUOTES):
            inv.problems.append(f"`{w.text}` contains a typographic quote (\u2018 \u2019 \u201c \u201d); the shell "
                                f"only understands ' and \"")


def did_you_mean(word: str, choices: list[str], prefix: str = "") -> str:
    """`` (did you mean --replicas?)`` for a near miss, else ``""``."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {prefix}{close[0]}?)" if close else ""


def _is_int(v: str) -> bool:
    try:
        int(v, 0) if v.lower().startswith(("0x", "0o", "0b")) else int(v)
        return True
    except ValueError:
        return False
