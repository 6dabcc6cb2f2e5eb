"""What may be executed: an answer becomes kubectl argument lists, or a refusal that says why.

Pure (no I/O): it reads the text with the checker's shell tokenizer and kubectl's generated flag
table. The same rules hold for the deck's own answers, since decks come from anywhere.

An answer executes only as kubectl commands, one per line (a SEQUENCE; a here-document's body is the
command's stdin), or as a MANIFEST (YAML, applied from stdin). Refused, and left to the grammar
checker:
- anything a shell would have to do: ``;``, ``&&``, ``||``, ``|``, ``&``, redirections other than a
  here-document, ``$(…)``, backticks, ``$VAR``, a command that is not kubectl, ``VAR=x kubectl``;
- choosing the target or the identity (``--kubeconfig``, ``--server``/``-s``, ``--token``,
  ``--context``, ``--cluster``, ``--user``, ``--as``, ``--certificate-authority``,
  ``--insecure-skip-tls-verify``, ``--proxy-url``, …) in any spelling pflag accepts (``--flag=v``,
  ``--flag v``, ``--flag_name``, ``-sURL``, ``-is URL``);
- commands that are not kubectl's own (a plugin ``kubectl-foo`` from PATH), or that reach outside the
  sandbox: ``proxy``, ``port-forward``, ``cp``, ``edit``, ``diff`` (runs a local diff program),
  ``kustomize``/``-k`` (may fetch remote bases), ``plugin``, ``kuberc``, ``config`` commands that write
  a kubeconfig (only ``set-context --current --namespace`` is run, on the session's private copy);
- local files outside the session's working directory (``-f /etc/passwd``, ``--from-file=../x``,
  ``~``, URLs), watches that never end (``-w``, ``logs -f``) and placeholders (``<pod>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drills.kubectl import flagtable
from drills.kubectl.reads import READ_ONLY_PATHS
from drills.kubectl.shape import is_manifest
from drills.kubectl.tokenizer import PLACEHOLDER, Segment, ShellSyntaxError, tokenize_with_operators

KUBECTL_WORDS = ("kubectl", "k")

# Global flags that pick the cluster, the identity or write files (kubectl 1.37 `kubectl options`).
TARGET_FLAGS = frozenset({
    "kubeconfig", "server", "token", "context", "cluster", "user", "username", "password",
    "as", "as-group", "as-uid", "as-user-extra", "certificate-authority", "client-certificate",
    "client-key", "insecure-skip-tls-verify", "tls-server-name", "proxy-url", "kuberc", "cache-dir",
    "profile", "profile-output",
})
REFUSED_COMMANDS = {
    "proxy": "kubectl proxy listens on a local port",
    "port-forward": "kubectl port-forward listens on a local port",
    "cp": "kubectl cp copies to or from files on this machine",
    "edit": "kubectl edit opens an editor",
    "apply edit-last-applied": "it opens an editor",
    "diff": "kubectl diff runs a diff program on this machine",
    "kustomize": "kustomize may fetch remote bases",
    "plugin": "it looks for plugins on this machine",
    "kuberc": "it writes kubectl's preferences file",
    "completion": "it prints a shell script, nothing to grade by effect",
}
# config subcommands that only read the (private) kubeconfig; set-context is checked separately.
CONFIG_READS = frozenset(p for p in READ_ONLY_PATHS if p.startswith("config "))
# Flags whose value is a local path kubectl reads (or writes): must stay inside the working dir.
PATH_FLAGS = frozenset({"filename", "from-file", "from-env-file", "cert", "key", "patch-file", "template"})
REFUSED_FLAGS = {
    "kustomize": "-k/--kustomize may fetch remote bases",
    "output-directory": "--output-directory writes files on this machine",
    "watch": "a watch never ends", "watch-only": "a watch never ends",
    "follow": "following a log never ends",
}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class Refused(ValueError):
    """The answer is not executed; ``str(err)`` says why (shown to the student)."""


@dataclass(frozen=True)
class Step:
    """One kubectl run: the arguments after ``kubectl``, its stdin (a here-document or a manifest),
    the line as typed and its resolved command path (``create service nodeport``)."""

    args: tuple[str, ...]
    source: str
    path: str
    stdin: str | None = None

    def to_dict(self) -> dict:
        return {"args": list(self.args), "source": self.source, "path": self.path, "stdin": self.stdin}

    @classmethod
    def from_dict(cls, d: dict) -> Step:
        return cls(tuple(d["args"]), d["source"], d["path"], d.get("stdin"))


@dataclass(frozen=True)
class Plan:
    """What executing an answer means: its steps in order, and files to write into the working
    directory first (a manifest answer headed ``# name.yaml`` is also saved under that name)."""

    steps: tuple[Step, ...]
    files: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {"steps": [s.to_dict() for s in self.steps], "files": [list(f) for f in self.files]}

    @classmethod
    def from_dict(cls, d: dict) -> Plan:
        return cls(tuple(Step.from_dict(s) for s in d["steps"]), tuple((a, b) for a, b in d.get("files", [])))


def plan(answer: str) -> Plan:
    """The steps that execute ``answer``; raises :class:`Refused` naming the first thing refused."""
    text = answer.strip("\n")
    if not text.strip():
        raise Refused("the answer is empty")
    if is_manifest(text):
        return _manifest_plan(text)
    segments, ops = _split(text)
    for op in ops:
        if op not in ("\n", "then"):
            shown = "a newline" if op == "\n" else f"`{op}`"
            raise Refused(f"{shown} is shell syntax: execute mode runs one kubectl command per line, "
                          f"without a shell (type a sequence one command per line)")
    return Plan(tuple(_step(seg, text) for seg in segments))


def _manifest_plan(text: str) -> Plan:
    import yaml

    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as e:
        raise Refused(f"the manifest is not valid YAML: {str(e).splitlines()[0]}") from None
    if not docs or not all(isinstance(d, dict) and d.get("kind") for d in docs):
        raise Refused("the manifest has no Kubernetes object (each document needs a kind)")
    if PLACEHOLDER.search(text):
        raise Refused("the manifest has placeholders like <name>: there is nothing concrete to run")
    files: tuple[tuple[str, str], ...] = ()
    first = text.lstrip().splitlines()[0].strip()
    m = re.fullmatch(r"#\s*(\S+\.ya?ml)", first)
    if m:
        _check_path(m.group(1), "the manifest's file name")
        files = ((m.group(1), text + "\n"),)
    step = Step(("apply", "-f", "-"), "kubectl apply -f - (the manifest)", "apply", text + "\n")
    return Plan((step,), files)


def _split(text: str) -> tuple[list[Segment], list[str]]:
    try:
        return tokenize_with_operators(text)
    except ShellSyntaxError as e:
        raise Refused(f"cannot read the command: {e}") from None


def _line(text: str, seg: Segment) -> str:
    return " ".join(w.raw for w in seg.words)


def _step(seg: Segment, text: str) -> Step:
    source = _line(text, seg)
    stdin = None
    for r in seg.redirects:
        if r.op in ("<<", "<<-"):
            stdin = r.target + "\n"
        else:
            raise Refused(f"`{r.op}` is a shell redirection: execute mode does not write or read files "
                          f"through a shell")
    if not seg.words:
        raise Refused("a line has no command")
    for w in seg.words:
        _check_word(w.raw)
    words = [w.text for w in seg.words]
    if words[0] not in KUBECTL_WORDS:
        if "=" in words[0]:
            raise Refused(f"`{words[0]}` sets a variable for a shell: only kubectl commands are executed")
        raise Refused(f"`{words[0]}` is not kubectl: only kubectl commands are executed")
    if PLACEHOLDER.search(" ".join(words)):
        raise Refused("the command has placeholders like <name>: there is nothing concrete to run")
    args = tuple(words[1:])
    path = check_args(args)
    if stdin is not None and not _reads_stdin(args):
        raise Refused("a here-document feeds only `-f -`")
    return Step(args, source, path, stdin)


def _check_word(raw: str) -> None:
    """Refuse substitutions and variables outside single quotes (a shell would expand them)."""
    in_single = in_double = False
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and not in_single:
            i += 2
            continue
        if c == "'" and not in_double:
            in_single = not in_single
        elif c == '"' and not in_single:
            in_double = not in_double
        elif not in_single:
            if c == "`" or raw.startswith("$(", i):
                raise Refused("`$(…)` and backticks run commands in a shell: not executed")
            if c == "$" and i + 1 < len(raw) and (raw[i + 1].isalnum() or raw[i + 1] in "_{"):
                raise Refused(f"`{raw}` uses a shell variable: execute mode has no shell to expand it")
        i += 1


def _reads_stdin(args: tuple[str, ...]) -> bool:
    return any(a == "-" for a in args) or any(a in ("-f-", "--filename=-", "-f=-") for a in args)


def check_args(args: tuple[str, ...]) -> str:
    """Refuse what ``args`` (after ``kubectl``) must not do; return the command path they run."""
    path, positionals = _command_path(args)
    for refused in (path, path.split()[0]):
        if refused in REFUSED_COMMANDS:
            raise Refused(f"`kubectl {path}` is not executed: {REFUSED_COMMANDS[refused]}")
    if path.startswith("config ") and path not in CONFIG_READS and path != "config set-context":
        raise Refused(f"`kubectl {path}` writes a kubeconfig: not executed")
    spec = flagtable.command(path) or flagtable.global_command()
    own = flagtable.own_flags(path)
    flags = list(_flags(args, spec))
    for name, value in flags:
        if name in TARGET_FLAGS and name not in own:
            raise Refused(f"`--{name}` picks the cluster or the identity kubectl uses: not executed "
                          f"(execute mode always runs against its own sandbox)")
        if name in REFUSED_FLAGS and not (name == "watch" and path == "rollout status"):
            raise Refused(f"`--{name}` is not executed: {REFUSED_FLAGS[name]}")
        if name in PATH_FLAGS and value is not None:
            _check_path_flag(name, value)
        if name == "raw" and value is not None and (_SCHEME.match(value) or not value.startswith("/")):
            raise Refused(f"--raw `{value}` is not a path on the sandbox's API server: not executed")
        if name == "output" and value is not None and "-file=" in value:
            _check_path(value.split("=", 1)[1], "--output's template file")
    if path == "config set-context":
        names = {n for n, _ in flags}
        if positionals or "current" not in names or not names <= {"current", "namespace"}:
            raise Refused("`kubectl config set-context` is executed only as "
                          "`config set-context --current --namespace=NS` (it writes a kubeconfig)")
    return path


def _command_path(args: tuple[str, ...]) -> tuple[str, list[str]]:
    """The command path the positional words select, and the other positional words before ``--``;
    refuses unknown commands (kubectl would run a plugin)."""
    spec = flagtable.global_command()
    path = ""
    i = 0
    positionals: list[str] = []
    while i < len(args):
        a = args[i]
        if a == "--":
            break
        if a.startswith("-") and a != "-":
            i += 1 + _value_words(a, spec)
            continue
        if positionals:
            positionals.append(a)
            i += 1
            continue
        candidate = flagtable.resolve_path(f"{path} {a}".strip())
        if flagtable.has_command(candidate):
            path = candidate
            spec = flagtable.command(path) or spec
        elif not path:
            raise Refused(f"`kubectl {a}` is not a kubectl command: kubectl would run a plugin "
                          f"`kubectl-{a}` from PATH; not executed")
        elif spec.subcommands:  # no grouping command of kubectl 1.37 (create, set, config…) takes arguments
            raise Refused(f"`kubectl {path} {a}` is not a kubectl command: kubectl would look for a "
                          f"plugin; not executed")
        else:
            positionals.append(a)
        i += 1
    if not path:
        raise Refused("no kubectl command given")
    return path, positionals


def _value_words(arg: str, spec: flagtable.CommandSpec) -> int:
    """How many following words ``arg`` (a flag) consumes as its value: 0 or 1."""
    if arg.startswith("--"):
        name = arg[2:].replace("_", "-")
        if "=" in name:
            return 0
        f = spec.flag(name)
        return 1 if f is not None and f.takes_value else 0
    letters = arg[1:]
    for j, c in enumerate(letters):
        f = spec.short(c)
        if f is None:
            return 0
        if f.takes_value:
            return 0 if j + 1 < len(letters) else 1
    return 0


def _flags(args: tuple[str, ...], spec: flagtable.CommandSpec):
    """(name, value) of every flag before ``--``, names normalised as pflag does (``_`` -> ``-``,
    shorthands -> long names; unknown shorthands as ``-x``)."""
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return
        if a.startswith("--"):
            body = a[2:]
            name, eq, value = body.partition("=")
            name = name.replace("_", "-")
            f = spec.flag(name)
            if eq:
                yield name, value
            elif f is not None and f.takes_value and i + 1 < len(args):
                i += 1
                yield name, args[i]
            else:
                yield name, None
        elif a.startswith("-") and a != "-":
            letters = a[1:]
            j = 0
            while j < len(letters):
                c = letters[j]
                f = spec.short(c)
                if c == "s" and (f is None or f.name == "server"):
                    yield "server", letters[j + 1:] or None
                    break
                if f is None:
                    yield f"-{c}", None
                    j += 1
                    continue
                if f.takes_value:
                    rest = letters[j + 1:]
                    if rest.startswith("="):
                        rest = rest[1:]
                    if rest:
                        yield f.name, rest
                    elif i + 1 < len(args):
                        i += 1
                        yield f.name, args[i]
                    else:
                        yield f.name, None
                    break
                yield f.name, None
                j += 1
        i += 1


def _check_path_flag(name: str, value: str) -> None:
    if name == "filename" and value == "-":
        return
    if name == "from-file" and "=" in value:
        value = value.split("=", 1)[1]
    if name == "template" and ("{" in value or " " in value):
        return  # an inline template, not a file
    _check_path(value, f"--{name}")


def _check_path(value: str, what: str) -> None:
    """A local path must be relative, inside the working directory, and not a URL."""
    if _SCHEME.match(value) or value.startswith(("http:", "https:")):
        raise Refused(f"{what} `{value}` is a URL: execute mode never reaches the network")
    if value.startswith(("/", "~", "\\")) or re.match(r"^[A-Za-z]:", value):
        raise Refused(f"{what} `{value}` is outside the session's working directory: not executed")
    if ".." in re.split(r"[/\\]", value):
        raise Refused(f"{what} `{value}` leaves the session's working directory: not executed")
    if "\0" in value:
        raise Refused(f"{what} has a NUL character")
