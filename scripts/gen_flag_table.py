#!/usr/bin/env python3
"""Regenerate drills/kubectl/flags.json from the real kubectl's ``--help`` output.

    python scripts/gen_flag_table.py [--kubectl PATH] [-o drills/kubectl/flags.json]

Source of truth: ``kubectl <cmd> --help`` prints every flag of a command offline with its shorthand
and default (FACTS.md); ``kubectl options`` prints the global flags. The script walks the whole
command tree from ``kubectl --help`` ("Available Commands:" sections), so every command a CKAD
student types (create *, run, expose, get, rollout *, config *, top *, auth can-i, ...) is covered.

pflag's help does not print a flag's type, so it is inferred from the default as printed:
``true``/``false`` -> bool, ``[...]`` -> list, ``'...'`` -> string, ``12`` -> int, ``5s`` -> duration,
``map[]`` -> map. Two facts the help cannot show are added by hand below and were measured with the
real binary where it works offline (``--dry-run=client -o json``), otherwise taken from kubectl's
source: whether a list flag splits on commas (stringSlice) or not (stringArray), and the value a
non-bool flag takes when given bare (pflag NoOptDefVal, e.g. ``--dry-run`` -> ``unchanged``=client).

Command aliases (``create deploy``, ``config use``, ``top po``) are not printed either: candidate
aliases are probed against the binary and kept only when ``--help`` resolves to the same command
(cobra falls back to the parent's help for an unknown subcommand, so the Usage line is compared).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# List flags that split on commas (pflag StringSlice). Everything else printed as `[]` is a
# StringArray (`--from-literal=a=1,b=2` is ONE literal; measured). Key: flag name -> commands
# ("*" = every command having that flag).
STRING_SLICE = {
    "filename": {"*"},
    "image": {"create deployment"},  # measured: --image=a,b -> two containers
    "tcp": {"create service clusterip", "create service nodeport", "create service loadbalancer",
            "create service externalname"},  # measured: --tcp=80:80,443:443 -> two ports
    "keys": {"set env"},
    "categories": {"api-resources"},
    "namespaces": {"cluster-info dump"},
    "types": {"events"},
    "auth-provider-arg": {"config set-credentials"},
    "from-file": {"create configmap", "create secret generic", "create secret docker-registry"},  # measured
    "from-env-file": {"create configmap", "create secret generic"},  # measured
    "verb": {"create role", "create clusterrole"},
    "resource": {"create role", "create clusterrole"},
    "non-resource-url": {"create clusterrole"},
    "label-columns": {"get"},
    "verbs": {"api-resources"},
    "address": {"port-forward"},
    "exec-arg": {"config set-credentials"},
}

# Value a non-bool flag takes when given with no value (pflag NoOptDefVal).
NO_OPT_DEFAULT = {
    "dry-run": "unchanged",  # measured: bare --dry-run is accepted and means client (deprecated)
    "validate": "strict",
    "cascade": "background",
}

# Alias candidates probed against the binary; only those that resolve are written out.
ALIAS_CANDIDATES = {
    "create deployment": ["deploy"],
    "create configmap": ["cm"],
    "create namespace": ["ns"],
    "create serviceaccount": ["sa"],
    "create service": ["svc"],
    "create poddisruptionbudget": ["pdb"],
    "create priorityclass": ["pc"],
    "create quota": ["resourcequota"],
    "create cronjob": ["cj"],
    "create ingress": ["ing"],
    "create secret": ["sec"],
    "config use-context": ["use"],
    "top pod": ["pods", "po"],
    "top node": ["nodes", "no"],
    "api-resources": [],
}

# Hidden flags (deprecated or hidden: not printed by --help, still accepted) are found by probing the
# binary: every candidate name is tried on every command that does not print it. Candidates are every
# flag name any command prints, every `--name` written in any help text or anywhere in the binary
# (examples, deprecation messages: "please use --target-port instead"), and these names of flags kubectl
# used to have, so that a flag removed since is reported as removed rather than unknown.
HISTORIC_CANDIDATES = [
    "record", "generator", "export", "requests", "limits", "replicas", "serviceaccount", "hostport",
    "schedule", "include-uninitialized", "show-all", "server-dry-run", "prune-whitelist", "pod",
    "delete-local-data", "container-port", "service-generator", "heapster-namespace", "use-openapi-print-columns",
    "server-print", "short", "cpu-percent", "all-pods", "interactive", "limit", "port", "timeout",
]
MENTION = re.compile(r"(?<![A-Za-z0-9-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)")
DEPRECATED = re.compile(r"Flag --(?P<name>[a-z0-9-]+) has been deprecated, (?P<why>.*)")

FLAG_LINE = re.compile(r"^\s{4}(?:-(?P<short>[A-Za-z0-9]), )?--(?P<name>[A-Za-z0-9][A-Za-z0-9-]*)=(?P<default>.*):$")
CMD_LINE = re.compile(r"^  (?P<name>[a-z][a-z0-9-]*)\s{2,}\S")


def candidate_flags(commands: dict, globals_: dict, helps: list[str], kubectl: str) -> set[str]:
    """Every name that could be a flag somewhere: printed flags, `--name` mentions, historic names."""
    names = set(HISTORIC_CANDIDATES) | set(globals_)
    for info in commands.values():
        names |= set(info["flags"])
    for text in helps:
        names |= set(MENTION.findall(text))
    binary = Path(shutil.which(kubectl) or kubectl).read_bytes()
    names |= {m.decode() for m in re.findall(rb"(?<![A-Za-z0-9-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)", binary)}
    return {n for n in names if len(n) <= 40}


def probe_hidden(kubectl: str, cmd: str, flag: str, env: dict) -> dict | None:
    """The spec of ``--flag`` on ``cmd`` if kubectl accepts it there although --help does not print it.

    ``--help`` comes first so that a probe never runs the command: pflag parses every flag before cobra
    acts on --help, so ``kubectl CMD --help --FLAG`` exits 0 when FLAG is a known bool, fails with
    "flag needs an argument" when FLAG is a known flag taking a value, "unknown flag" otherwise. The
    value type is then told apart by which values parse. pflag prints "Flag --X has been deprecated,
    WHY" when a deprecated flag is set: WHY (which names the flag to use now) is kept.
    """
    def run(arg: str) -> subprocess.CompletedProcess:
        return subprocess.run([kubectl, *cmd.split(), "--help", arg], capture_output=True, text=True, env=env,
                              timeout=60)

    bare = run(f"--{flag}")
    if bare.returncode != 0 and "flag needs an argument" not in bare.stderr:
        return None
    spec: dict = {"short": None, "hidden": True}
    if bare.returncode == 0:
        as_text = run(f"--{flag}=notabool")
        spec.update({"type": "bool", "default": False} if as_text.returncode != 0 else
                    {"type": "string", "default": "", "no_opt_default": ""})
        stderr = bare.stderr
    else:
        for typ, value, default in (("string", "notabool", ""), ("int", "5", 0), ("duration", "5s", "0s"),
                                    ("float", "0.5", 0.0)):
            res = run(f"--{flag}={value}")
            if res.returncode == 0:
                spec.update({"type": typ, "default": default})
                stderr = res.stderr
                break
        else:
            spec.update({"type": "string", "default": ""})
            stderr = bare.stderr
    m = DEPRECATED.search(stderr)
    if m:
        spec["deprecated"] = m["why"].strip()
    return spec


def run_help(kubectl: str, path: list[str], env: dict) -> str:
    out = subprocess.run([kubectl, *path, "--help"], capture_output=True, text=True, env=env, check=True)
    return out.stdout


def parse_default(raw: str, home: str) -> tuple[str, object]:
    raw = raw.replace(home, "$HOME")
    if raw in ("true", "false"):
        return "bool", raw == "true"
    if raw.startswith("[") and raw.endswith("]"):
        inner = raw[1:-1]
        return "list", [x for x in inner.split(",") if x] if inner else []
    if raw.startswith("map[") and raw.endswith("]"):
        return "map", {}
    if raw.startswith("'") and raw.endswith("'") and len(raw) >= 2:
        return "string", raw[1:-1]
    if re.fullmatch(r"-?\d+", raw):
        return "int", int(raw)
    if re.fullmatch(r"-?\d+(\.\d+)?", raw):
        return "float", float(raw)
    if re.fullmatch(r"(\d+(\.\d+)?(ns|us|ms|s|m|h))+", raw):
        return "duration", raw
    return "string", raw


def parse_help(text: str, home: str) -> dict:
    flags: dict[str, dict] = {}
    subcommands: list[str] = []
    usage = ""
    section = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line and not line.startswith(" ") and line.endswith(":"):
            section = line[:-1]
            continue
        if section in ("Options", "The following options can be passed to any command"):
            m = FLAG_LINE.match(line)
            if m:
                typ, default = parse_default(m["default"], home)
                flags[m["name"]] = flag = {"short": m["short"], "type": typ, "default": default}
                # "--type='': ... Default is 'ClusterIP'." -- the value kubectl uses when the flag is empty.
                desc = lines[i + 1] if i + 1 < len(lines) else ""
                d = re.search(r"Default is '([^']+)'", desc)
                if d and default in ("", None):
                    flag["effective_default"] = d.group(1)
        elif section == "Usage" and line.strip() and not usage:
            usage = line.strip()
        elif section and (section.endswith("Commands") or "Commands (" in section or section == "Available Commands"):
            m = CMD_LINE.match(line)
            if m:
                subcommands.append(m["name"])
    return {"usage": usage, "flags": flags, "subcommands": subcommands}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kubectl", default=shutil.which("kubectl", path=str(Path(sys.executable).parent)) or "kubectl")
    ap.add_argument("-o", "--output", default=str(Path(__file__).resolve().parent.parent / "drills/kubectl/flags.json"))
    ap.add_argument("--jobs", type=int, default=4, help="kubectl processes at a time (the probe runs ~25k)")
    args = ap.parse_args(argv)

    home = tempfile.mkdtemp(prefix="gen-flags-")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": home, "KUBECONFIG": os.path.join(home, "none"), "LANG": "C"}
    version = subprocess.run([args.kubectl, "version", "--client", "-o", "json"], capture_output=True, text=True,
                             env=env, check=True)
    git_version = json.loads(version.stdout)["clientVersion"]["gitVersion"]

    options = subprocess.run([args.kubectl, "options"], capture_output=True, text=True, env=env, check=True).stdout
    globals_ = parse_help(options, home)["flags"]

    commands: dict[str, dict] = {}
    frontier = [[]]
    helps_seen: list[str] = [options]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        while frontier:
            helps = list(pool.map(lambda p: run_help(args.kubectl, p, env), frontier))
            helps_seen.extend(helps)
            nxt = []
            for path, text in zip(frontier, helps):
                info = parse_help(text, home)
                key = " ".join(path)
                if path:
                    commands[key] = info
                for sub in info["subcommands"]:
                    if sub in ("help",):
                        continue
                    nxt.append(path + [sub])
            frontier = nxt

        aliases: dict[str, str] = {}
        probes = [(cmd, a) for cmd, alist in ALIAS_CANDIDATES.items() for a in alist if cmd in commands]
        usages = list(pool.map(
            lambda p: parse_help(run_help(args.kubectl, p[0].split()[:-1] + [p[1]], env), home)["usage"], probes))
        for (cmd, alias), usage in zip(probes, usages):
            if usage == commands[cmd]["usage"]:
                aliases[" ".join(cmd.split()[:-1] + [alias])] = cmd

        candidates = sorted(candidate_flags(commands, globals_, helps_seen, args.kubectl))
        probes = [(cmd, f) for cmd in commands for f in candidates
                  if f not in commands[cmd]["flags"] and f not in globals_]
        print(f"probing {len(candidates)} candidate names: {len(probes)} (command, flag) pairs", file=sys.stderr)
        for (cmd, flag), found in zip(probes, pool.map(lambda p: probe_hidden(args.kubectl, p[0], p[1], env), probes)):
            if found is not None:
                commands[cmd]["flags"][flag] = found

    for key, info in commands.items():
        # Global flags are printed by `kubectl options` only; commands list their own.
        for name, flag in info["flags"].items():
            if flag["type"] == "list":
                cmds = STRING_SLICE.get(name, set())
                flag["type"] = "stringSlice" if ("*" in cmds or key in cmds) else "stringArray"
            if name in NO_OPT_DEFAULT:
                flag["no_opt_default"] = NO_OPT_DEFAULT[name]
    for flag in globals_.values():
        if flag["type"] == "list":
            flag["type"] = "stringArray"

    table = {
        "kubectl_version": git_version,
        "generated_by": "scripts/gen_flag_table.py (from `kubectl <cmd> --help` and `kubectl options`)",
        "global_flags": globals_,
        "aliases": dict(sorted(aliases.items())),
        "commands": {k: commands[k] for k in sorted(commands)},
    }
    out = Path(args.output)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(table, indent=1, sort_keys=False) + "\n")
    os.replace(tmp, out)
    shutil.rmtree(home, ignore_errors=True)
    print(f"wrote {out}: kubectl {git_version}, {len(commands)} commands, {len(globals_)} global flags, "
          f"{len(aliases)} aliases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
