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

# Hidden flags (deprecated, not printed by --help but still accepted). pflag parses flags before cobra
# handles --help, so `kubectl CMD --FLAG --help` exits 0 only when CMD knows FLAG: each candidate is
# probed on every command, and `--FLAG=notabool` tells a bool from a flag that takes a value.
HIDDEN_CANDIDATES = [
    "record", "generator", "export", "requests", "limits", "replicas", "serviceaccount", "hostport",
    "schedule", "include-uninitialized", "show-all", "server-dry-run", "prune-whitelist", "pod",
    "delete-local-data", "container-port", "service-generator", "heapster-namespace", "use-openapi-print-columns",
]

FLAG_LINE = re.compile(r"^\s{4}(?:-(?P<short>[A-Za-z0-9]), )?--(?P<name>[A-Za-z0-9][A-Za-z0-9-]*)=(?P<default>.*):$")
CMD_LINE = re.compile(r"^  (?P<name>[a-z][a-z0-9-]*)\s{2,}\S")


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
    with ThreadPoolExecutor(max_workers=8) as pool:
        while frontier:
            helps = list(pool.map(lambda p: run_help(args.kubectl, p, env), frontier))
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

        probes = [(cmd, f) for cmd in commands for f in HIDDEN_CANDIDATES if f not in commands[cmd]["flags"]
                  and f not in globals_]

        def probe(item):
            cmd, flag = item
            ok = subprocess.run([args.kubectl, *cmd.split(), f"--{flag}", "--help"], capture_output=True,
                                env=env).returncode == 0
            if not ok:
                return None
            takes_value = subprocess.run([args.kubectl, *cmd.split(), f"--{flag}=notabool", "--help"],
                                         capture_output=True, env=env).returncode == 0
            return takes_value

        for (cmd, flag), res in zip(probes, pool.map(probe, probes)):
            if res is not None:
                commands[cmd]["flags"][flag] = {"short": None, "type": "string" if res else "bool",
                                                "default": "" if res else False, "hidden": True}

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
