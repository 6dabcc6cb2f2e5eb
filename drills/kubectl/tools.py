"""``docker …`` and ``helm …`` answers, compared by their arguments.

There is no flag table for these tools (the project pins kubectl, not docker or helm). What is
compared, after reading both commands the same way:

- the subcommand, with the aliases the tools' own ``--help`` lists (``docker container run`` =
  ``docker run``, ``docker image ls`` = ``docker images``, ``helm ls`` = ``helm list``,
  ``helm un|del|delete`` = ``helm uninstall``);
- flags in any order, ``--flag value`` = ``--flag=value``, a short form = its long form only where
  listed below (taken from ``docker <cmd> --help``, docker 28.2, and ``helm <cmd> --help``, helm 3);
  combined short booleans (``-it``) split; ``--flag=true`` = ``--flag`` for the known booleans.
  A flag not known to be boolean takes the next word as its value when that word does not start
  with ``-``: both answers are read by the same rule, so an unknown flag can make a reordering look
  different (a false "incorrect"), not make two different commands look equal.
- repeated flags as a multiset, except helm's ``--set*``/``--values`` (later ones override earlier
  ones: order kept); ``--set a=1,b=2`` = ``--set a=1 --set b=2``;
- positional arguments in order; for ``docker run|create|exec`` everything after the image (or the
  container) is the container's command, compared word for word (docker stops reading its own flags
  there);
- image references: ``nginx`` = ``nginx:latest`` = ``docker.io/library/nginx:latest`` (docker's
  default registry and tag) where a word is an image (``run``/``create``/``pull``/``push``, ``build
  --tag``, both words of ``tag``, ``rmi``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

TOOLS = ("docker", "helm")

# Subcommands that take a second word (management commands / command groups).
_GROUPS = {
    "docker": {"container", "image", "network", "volume", "system", "builder", "compose", "context", "buildx"},
    "helm": {"repo", "dependency", "dep", "dependencies", "plugin", "get", "show", "inspect", "registry",
             "search"},
}
_ALIASES: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {
    "docker": {
        ("container", "ls"): ("ps",), ("container", "list"): ("ps",), ("container", "ps"): ("ps",),
        ("image", "ls"): ("images",), ("image", "list"): ("images",), ("image", "build"): ("build",),
        ("image", "push"): ("push",), ("image", "pull"): ("pull",), ("image", "tag"): ("tag",),
        ("image", "rm"): ("rmi",), ("image", "remove"): ("rmi",), ("image", "history"): ("history",),
        ("image", "save"): ("save",), ("image", "load"): ("load",), ("builder", "build"): ("build",),
        **{("container", c): (c,) for c in ("run", "create", "exec", "logs", "stop", "start", "restart", "rm",
                                            "kill", "attach", "cp", "top", "port", "pause", "unpause",
                                            "rename", "wait", "diff", "export", "commit", "update", "stats")},
    },
    "helm": {
        ("un",): ("uninstall",), ("del",): ("uninstall",), ("delete",): ("uninstall",), ("ls",): ("list",),
        ("hist",): ("history",), ("inspect",): ("show",), ("repo", "ls"): ("repo", "list"),
        ("repo", "rm"): ("repo", "remove"), ("dep",): ("dependency",), ("dependencies",): ("dependency",),
    },
}
# Short -> long, per subcommand ("" = every subcommand), from the tools' --help.
_SHORT: dict[str, dict[str, dict[str, str]]] = {
    "docker": {
        "run": {"a": "attach", "c": "cpu-shares", "d": "detach", "e": "env", "h": "hostname", "i": "interactive",
                "l": "label", "m": "memory", "p": "publish", "P": "publish-all", "q": "quiet", "t": "tty",
                "u": "user", "v": "volume", "w": "workdir"},
        "exec": {"d": "detach", "e": "env", "i": "interactive", "t": "tty", "u": "user", "w": "workdir"},
        "build": {"c": "cpu-shares", "f": "file", "m": "memory", "q": "quiet", "t": "tag"},
        "ps": {"a": "all", "f": "filter", "n": "last", "l": "latest", "q": "quiet", "s": "size"},
        "images": {"a": "all", "f": "filter", "q": "quiet"},
        "logs": {"f": "follow", "n": "tail", "t": "timestamps"},
        "rm": {"f": "force", "l": "link", "v": "volumes"},
        "rmi": {"f": "force"},
        "push": {"a": "all-tags", "q": "quiet"},
        "pull": {"a": "all-tags", "q": "quiet"},
        "login": {"p": "password", "u": "username"},
        "stop": {"s": "signal", "t": "timeout"},
    },
    "helm": {
        "": {"n": "namespace"},
        "install": {"f": "values", "g": "generate-name", "o": "output"},
        "upgrade": {"f": "values", "i": "install", "o": "output"},
        "template": {"f": "values", "g": "generate-name"},
        "list": {"a": "all", "A": "all-namespaces", "q": "short", "o": "output", "d": "date", "r": "reverse",
                 "m": "max", "f": "filter"},
        "status": {"o": "output"},
        "history": {"o": "output"},
        "pull": {"d": "destination"},
        "package": {"d": "destination", "u": "dependency-update"},
    },
}
_SHORT["docker"]["create"] = _SHORT["docker"]["run"]
# Flags that take no value (docker: printed without a type by --help; helm: its bool flags).
_BOOLS = {
    "docker": {"detach", "interactive", "tty", "rm", "privileged", "publish-all", "init", "read-only", "quiet",
               "no-healthcheck", "oom-kill-disable", "sig-proxy", "disable-content-trust", "help", "no-cache",
               "pull", "force-rm", "squash", "compress", "all", "latest", "no-trunc", "size", "digests", "follow",
               "timestamps", "details", "force", "link", "volumes", "no-prune", "all-tags", "password-stdin"},
    "helm": {"wait", "wait-for-jobs", "atomic", "create-namespace", "debug", "install", "force", "reuse-values",
             "reset-values", "reset-then-reuse-values", "devel", "generate-name", "dependency-update", "skip-crds",
             "disable-openapi-validation", "no-hooks", "replace", "render-subchart-notes", "cleanup-on-fail",
             "all", "all-namespaces", "short", "reverse", "keep-history", "versions", "regexp", "force-update",
             "pass-credentials", "insecure-skip-tls-verify", "deployed", "failed", "pending", "uninstalled",
             "superseded", "uninstalling", "date", "include-crds", "validate", "untar", "verify",
             "recreate-pods", "skip-refresh", "dry-run"},
}
_ORDERED = {"helm": {"set", "set-string", "set-file", "set-json", "set-literal", "values"}}
_SPLIT_COMMAS = {"helm": {"set", "set-string"}}
_STOPS_AT_FIRST_ARG = {"docker": {"run", "create", "exec"}}
_IMAGE_ARGS = {"run": 1, "create": 1, "pull": 1, "push": 1, "tag": 2, "rmi": 99}


@dataclass(frozen=True)
class ToolCommand:
    """One docker/helm command as compared: subcommand path, flags by long name, positionals, and
    (docker run/create/exec) the container's command."""

    tool: str
    path: tuple[str, ...]
    typed_path: tuple[str, ...]
    flags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    args: tuple[str, ...] = ()
    command: tuple[str, ...] | None = None


def read(tool: str, words: tuple[str, ...]) -> ToolCommand:
    """Read the words after the program name."""
    i = 0
    path: list[str] = []
    pre_flags: list[str] = []
    while i < len(words) and words[i].startswith("-") and tool == "helm":  # global flags first
        pre_flags.append(words[i])
        i += 1
        if i < len(words) and pre_flags[-1] in ("-n", "--namespace", "--kube-context") and "=" not in pre_flags[-1]:
            pre_flags.append(words[i])
            i += 1
    if i < len(words):
        path.append(words[i])
        i += 1
        if path[0] in _GROUPS.get(tool, ()) and i < len(words) and not words[i].startswith("-"):
            path.append(words[i])
            i += 1
    typed = tuple(path)
    resolved = _ALIASES.get(tool, {}).get(typed[:2], None) or _ALIASES.get(tool, {}).get(typed[:1], None)
    if resolved is not None:
        key = typed[:2] if _ALIASES[tool].get(typed[:2]) else typed[:1]
        full = resolved + typed[len(key):]
    else:
        full = typed
    sub = full[0] if full else ""
    shorts = {**_SHORT.get(tool, {}).get("", {}), **_SHORT.get(tool, {}).get(sub, {})}
    bools = _BOOLS.get(tool, set())
    flags: dict[str, list[str]] = {}
    args: list[str] = []
    command: tuple[str, ...] | None = None
    rest = pre_flags + list(words[i:])
    k = 0
    while k < len(rest):
        t = rest[k]
        k += 1
        if t == "--":
            args += rest[k:]
            break
        if t.startswith("--") and len(t) > 2:
            name, eq, value = t[2:].partition("=")
            if not eq:
                value, k = _value_after(rest, k, name in bools)
            flags.setdefault(name, []).append(value)
            continue
        if t.startswith("-") and len(t) > 1 and not t[1].isdigit():
            k = _read_shorts(t[1:], rest, k, shorts, bools, flags)
            continue
        args.append(t)
        if sub in _STOPS_AT_FIRST_ARG.get(tool, ()) and len(args) == 1:
            command = tuple(rest[k:])
            break
    return ToolCommand(tool, full, typed, _normalize_flags(tool, sub, flags), _normalize_args(tool, sub, args),
                       command if command else None)


def _read_shorts(letters: str, rest: list[str], k: int, shorts: dict[str, str], bools: set[str],
                 flags: dict[str, list[str]]) -> int:
    """A ``-x`` word, pflag style: ``-it`` = ``-i -t``; ``-dp 80:80`` = ``-d -p 80:80``; ``-p80:80`` and
    ``-p=80:80`` = ``-p 80:80``. A letter not listed for the subcommand stays as typed (``-x``) and
    takes the rest of the word, or the next word, as its value. Returns the index of the next word."""
    for pos, c in enumerate(letters):
        long = shorts.get(c)
        if long is not None and long in bools and c != "=":
            flags.setdefault(long, []).append("true")
            continue
        name = long or "-" + c
        tail = letters[pos + 1:]
        if tail:
            value = tail[1:] if tail.startswith("=") else tail
        else:
            value, k = _value_after(rest, k, long is not None and long in bools)
        flags.setdefault(name, []).append(value)
        return k
    return k


def _value_after(rest: list[str], k: int, is_bool: bool) -> tuple[str, int]:
    """The value of a flag typed without ``=``, and the index of the word after it: ``true`` for a
    known boolean; else the next word, unless there is none or it is a flag (then ``true``)."""
    if not is_bool and k < len(rest) and not rest[k].startswith("-"):
        return rest[k], k + 1
    return "true", k


def _normalize_flags(tool: str, sub: str, flags: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, vals in flags.items():
        if name in _BOOLS.get(tool, set()):
            vals = ["true" if v.lower() == "true" else v for v in vals]
        if name in _SPLIT_COMMAS.get(tool, set()):
            vals = [part for v in vals for part in (v.split(",") if not any(c in v for c in "\\{[") else [v])]
        if tool == "docker" and name == "tag" and sub == "build":
            vals = [image_ref(v) for v in vals]
        out[name] = tuple(vals) if name in _ORDERED.get(tool, set()) else tuple(sorted(vals))
    return out


def _normalize_args(tool: str, sub: str, args: list[str]) -> tuple[str, ...]:
    if tool == "docker" and sub in _IMAGE_ARGS:
        n = _IMAGE_ARGS[sub]
        return tuple(image_ref(a) if i < n else a for i, a in enumerate(args))
    return tuple(args)


def image_ref(ref: str) -> str:
    """``nginx`` -> ``nginx:latest``; ``docker.io/library/x`` -> ``x`` (docker's defaults)."""
    if "<" in ref or not ref:
        return ref  # a placeholder: left for the binder
    for prefix in ("docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"):
        if ref.startswith(prefix) and ref.count("/") >= prefix.count("/"):
            ref = ref[len(prefix):]
            break
    last = ref.rsplit("/", 1)[-1]
    if "@" not in ref and ":" not in last:
        ref += ":latest"
    return ref


# Binder.match: compares an expected value (maybe with placeholders) with a typed one.
Matcher = Callable[[str | tuple[str, ...], str | tuple[str, ...]], bool]


def compare(e: ToolCommand, g: ToolCommand, match: Matcher) -> list[str]:
    """Reasons, each naming the tool, its subcommand and the token (``docker run: missing
    --name=web``, ``helm install: --namespace: expected shop, got default``)."""
    if e.path != g.path:
        return [f"{e.tool}: expected `{_cmd(e.tool, e.path)}`, got `{_cmd(g.tool, g.typed_path)}`"]
    where = _cmd(e.tool, e.path)
    reasons: list[str] = []
    sub = e.path[0] if e.path else ""
    for name in list(e.flags) + [n for n in g.flags if n not in e.flags]:
        shown = _flag_name(e.tool, sub, name)
        if name not in g.flags:
            reasons.append(f"{where}: missing {_flag_text(shown, e.flags[name])}")
        elif name not in e.flags:
            reasons.append(f"{where}: unexpected {_flag_text(shown, g.flags[name])}")
        elif not match(e.flags[name], g.flags[name]):
            reasons.append(f"{where}: {shown}: expected {' '.join(e.flags[name])}, got {' '.join(g.flags[name])}")
    if not match(e.args, g.args):
        if len(e.args) == len(g.args):
            reasons += [f"{where}: {_arg_label(e.tool, sub, i)}: expected {x}, got {y}"
                        for i, (x, y) in enumerate(zip(e.args, g.args)) if not match(x, y)]
        else:
            reasons.append(f"{where}: arguments: expected `{' '.join(e.args) or '(none)'}`, "
                           f"got `{' '.join(g.args) or '(none)'}`")
    if not match(e.command or (), g.command or ()):
        what = "the container's command" if sub in ("run", "create") else "the command to run"
        reasons.append(f"{where}: {what}: expected `{' '.join(e.command or ()) or '(none)'}`, "
                       f"got `{' '.join(g.command or ()) or '(none)'}`")
    return reasons


def notes(e: ToolCommand, g: ToolCommand) -> list[str]:
    if g.typed_path != g.path and e.typed_path != g.typed_path:
        return [f"also right; `{_cmd(g.tool, g.typed_path)}` is another name for `{_cmd(g.tool, g.path)}`"]
    return []


def _arg_label(tool: str, sub: str, i: int) -> str:
    if tool == "docker" and i < _IMAGE_ARGS.get(sub, 0):
        return "image" if _IMAGE_ARGS[sub] == 1 else f"image {i + 1}"
    return f"argument {i + 1}"


def _cmd(tool: str, path: tuple[str, ...]) -> str:
    return " ".join((tool,) + path)


def _flag_name(tool: str, sub: str, name: str) -> str:
    if name.startswith("-"):
        return name
    shorts = {**_SHORT.get(tool, {}).get("", {}), **_SHORT.get(tool, {}).get(sub, {})}
    short = next((s for s, long in shorts.items() if long == name), None)
    return f"-{short}/--{name}" if short else f"--{name}"


def _flag_text(shown: str, vals: tuple[str, ...]) -> str:
    flag = shown.split("/")[-1]
    return " ".join(flag if v == "true" else f"{flag}={v}" for v in vals)
