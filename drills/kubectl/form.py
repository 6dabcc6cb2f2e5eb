"""The canonical form of one command (:class:`Canon`), the command families the rules talk about,
and rendering a canonical form back to a command line (for display, ``$(...)`` and idempotence).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import NamedTuple

from drills.kubectl.tokenizer import PIPE

RESOURCE_CMDS = {
    "get", "describe", "delete", "edit", "label", "annotate", "patch", "scale", "expose", "autoscale", "wait",
    "rollout history", "rollout pause", "rollout restart", "rollout resume", "rollout status", "rollout undo",
    "set env", "set image", "set resources", "set selector", "set serviceaccount", "set subject", "taint",
}
PAIR_CMDS = {"label", "annotate", "set env", "set image", "taint", "set selector", "set serviceaccount"}
SET_LIKE_PAIRS = {"label", "annotate", "set image", "taint"}  # set env: env is an ordered list
POD_CMDS = {"logs", "exec", "attach", "port-forward", "debug"}  # a bare name is a Pod; TYPE/NAME resolved
NODE_CMDS = {"cordon", "uncordon", "drain"}
# Commands given several objects act on each the same way: the order of the objects changes only the order
# of the lines printed (`label pod a b x=1` = `label pod b a x=1`; measured: the same objects sent).
ORDERLESS_TYPES = {"get", "describe", "delete", "wait", "label", "annotate", "scale", "set image", "set env",
                   "set resources", "rollout restart", "rollout pause", "rollout resume"}
# Repeated flags whose values land in a map or a set: compared without order.
SET_LIKE_FLAGS = {"from-literal", "from-file", "annotation", "annotations", "user", "group",
                  "serviceaccount", "verb", "resource", "resource-name", "non-resource-url", "for", "keys"}
KV_MAP_FLAGS = {("run", "labels"), ("expose", "labels"), ("create poddisruptionbudget", "selector")}
QUANTITY_MAP_FLAGS = {("create quota", "hard"), ("set resources", "requests"), ("set resources", "limits")}
JSON_FLAGS = {"patch", "overrides"}
# Flags whose value is a local file or directory (compared as the OS resolves the path).
PATH_FLAGS = {"filename", "from-env-file", "kustomize", "output-directory", "patch-file", "kubeconfig",
              "certificate-authority", "client-certificate", "client-key", "cert", "key"}
# Flags whose value names a resource type (`--resource=po`) or TYPE/NAME (`--from=cj/backup`), resolved
# the way kubectl's RESTMapper resolves them.
RESOURCE_VALUE_FLAGS = {("create role", "resource"), ("create clusterrole", "resource"), ("create job", "from"),
                        ("events", "for"), ("set env", "from")}
# Commands that create or change objects: their -o only chooses how the result is printed.
WRITE_CMDS = {"create", "run", "expose", "apply", "replace", "label", "annotate", "patch", "scale", "autoscale",
              "set", "taint"}
# Deprecated flags with a current spelling of the same meaning: (command, old) -> (new, value format).
# autoscale --help: "--cpu-percent ... Use --cpu with percentage"; both set averageUtilization (measured).
DEPRECATED_SPELLINGS = {("autoscale", "cpu-percent"): ("cpu", "{}%")}
# `create` subcommands whose object is cluster-scoped whatever -n says.
CLUSTER_SCOPED_CREATES = {"create namespace": "namespaces", "create clusterrole": "clusterroles",
                          "create clusterrolebinding": "clusterrolebindings", "create priorityclass": "priorityclasses"}
# Commands that take `NAME -- COMMAND...`: a command there needs the `--` (measured: "exactly one NAME").
DASH_COMMAND_CMDS = {"create deployment", "create job", "create cronjob"}
SYNONYM_OPTIONS = {"base64": {"--decode": "-d"}}


FlagValue = str | tuple[str, ...]  # a list flag's values (repeated, or comma-separated) are a tuple
ObjectRef = tuple[str, str]  # (type key, name); name "" = every object of the type
Redirect = tuple[str, str]  # (operator, target file; or a here-document's body for "<<")


class Hint(NamedTuple):
    """How the answer said something the canonical form forgets, kept for the notes of a right answer.

    ``kind`` says which: ``alias`` (text: the type as typed, detail: its plural), ``command`` (the
    path as typed, detail: the path), ``shortcut`` (``$do``), ``default`` (the flag left out, as
    ``--flag=value``), ``deprecated`` (flag name, detail: kubectl's message), ``scope`` (the ignored
    ``--namespace=x``, detail: why), ``current-namespace`` (``--namespace=default``), ``newline``
    (the jsonpath suffix) or ``printed`` (the ``--output=`` of a command that writes).
    """

    kind: str
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Canon:
    """One command in canonical form. ``problems`` (kubectl would reject it) and ``hints`` (spellings,
    for notes) are not compared."""

    program: str
    path: str = ""
    objects: tuple[ObjectRef, ...] = ()
    args: tuple[str, ...] = ()
    flags: tuple[tuple[str, FlagValue], ...] = ()  # sorted by name
    command: tuple[str, ...] | None = None  # the container command (after `--`)
    redirects: tuple[Redirect, ...] = ()
    op: str | None = None  # "|" when piped into the next command, "&&" for any sequence
    problems: tuple[str, ...] = field(default=(), compare=False)
    hints: tuple[Hint, ...] = field(default=(), compare=False)

    def flag_map(self) -> dict[str, FlagValue]:
        return dict(self.flags)


def flag_text(name: str, value: FlagValue) -> str:
    """A flag as it would be typed: ``--port=80``, ``--force`` (true), one ``--from-literal=x`` per
    value of a list flag (a list flag given no value: ``--name``)."""
    if isinstance(value, tuple):
        return " ".join(f"--{name}={x}" for x in value) or f"--{name}"
    return f"--{name}" if value == "true" else f"--{name}={value}"


# -- rendering ---------------------------------------------------------------------------------

def _q(s: str) -> str:
    if "$(" in s or "`" in s:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return shlex.quote(s)


def render_one(c: Canon) -> str:
    """A command line that canonicalizes back to ``c`` (used for display and idempotence)."""
    if c.program != "kubectl":
        parts = [_q(c.program), *(_q(a) for a in c.args)]
    else:
        parts = ["kubectl", *c.path.split()] if c.path else ["kubectl"]
        if c.path in RESOURCE_CMDS or c.path in POD_CMDS:
            if c.objects and all(n for _, n in c.objects):
                parts += [_q(f"{t}/{n}") for t, n in c.objects]
            elif c.objects:
                parts.append(_q(",".join(t for t, _ in c.objects)))
        elif c.path in NODE_CMDS or c.path in ("top pod", "top node"):
            parts += [_q(n) for _, n in c.objects]
        parts += [_q(a) for a in c.args]
        for name, value in c.flags:
            if isinstance(value, tuple):
                parts += [_q(f"--{name}={x}") for x in value]
            else:
                parts.append(_q(f"--{name}={value}"))
        if c.command is not None:
            parts += ["--", *(_q(a) for a in c.command)]
    for op, target in c.redirects:
        if op == "<<":
            continue
        parts.append(op + (" " + _q(target) if target else ""))
    return " ".join(parts)


def render(canons: list[Canon]) -> str:
    """Several canonical commands as one line, joined by ``|`` or ``&&``."""
    out = []
    for i, c in enumerate(canons):
        out.append(render_one(c))
        if i < len(canons) - 1:
            out.append("|" if c.op == PIPE else "&&")
    return " ".join(out)
