"""The generated flag table (flags.json, from kubectl 1.37's own ``--help``), as typed lookups.

The JSON is package data, read once on first use (immutable, so a module-level cache is safe).
Regenerate with ``python scripts/gen_flag_table.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Required, TypedDict

LIST_TYPES = ("stringSlice", "stringArray")
FlagDefault = str | bool | int | list[str] | None  # what `--help` prints, as JSON


class FlagJSON(TypedDict, total=False):
    """One flag in flags.json."""

    type: Required[str]
    short: str | None
    default: FlagDefault
    effective_default: str
    no_opt_default: str
    hidden: bool
    deprecated: str


class CommandJSON(TypedDict):
    """One command path in flags.json: its own flags (the global ones are listed once, apart)."""

    usage: str
    flags: dict[str, FlagJSON]
    subcommands: list[str]


class FlagTableJSON(TypedDict):
    """flags.json, as scripts/gen_flag_table.py writes it."""

    kubectl_version: str
    generated_by: str
    global_flags: dict[str, FlagJSON]
    aliases: dict[str, str]  # typed path -> canonical path
    commands: dict[str, CommandJSON]


@dataclass(frozen=True)
class FlagSpec:
    """One flag: ``type`` is bool | string | int | duration | float | map | stringSlice | stringArray.

    ``default`` is what kubectl prints; ``effective_default`` is what it uses when the flag is empty
    (``expose --type`` -> ClusterIP); ``no_opt_default`` is the value of the bare flag
    (``--dry-run`` -> ``unchanged``, which kubectl treats as client). ``hidden``: accepted although
    ``--help`` does not print it; ``deprecated``: kubectl's own deprecation message, which names the
    flag to use now ("Use --cpu with percentage ...").
    """

    name: str
    short: str | None
    type: str
    default: FlagDefault
    effective_default: str | None = None
    no_opt_default: str | None = None
    hidden: bool = False
    deprecated: str | None = None

    @property
    def takes_value(self) -> bool:
        return self.type != "bool" and self.no_opt_default is None

    @property
    def is_list(self) -> bool:
        return self.type in LIST_TYPES


@dataclass(frozen=True)
class CommandSpec:
    """A kubectl command path (``create service nodeport``) with its own and the global flags."""

    path: str
    usage: str
    flags: dict[str, FlagSpec]
    shorts: dict[str, FlagSpec]
    subcommands: tuple[str, ...]

    def flag(self, name: str) -> FlagSpec | None:
        return self.flags.get(name)

    def short(self, letter: str) -> FlagSpec | None:
        return self.shorts.get(letter)


@lru_cache(maxsize=1)
def _raw() -> FlagTableJSON:
    table: FlagTableJSON = json.loads(resources.files("drills.kubectl").joinpath("flags.json").read_text("utf-8"))
    return table


def kubectl_version() -> str:
    return _raw()["kubectl_version"]


def _spec(name: str, d: FlagJSON) -> FlagSpec:
    return FlagSpec(name, d.get("short"), d["type"], d.get("default"), d.get("effective_default"),
                    d.get("no_opt_default"), bool(d.get("hidden")), d.get("deprecated"))


@lru_cache(maxsize=None)
def command(path: str) -> CommandSpec | None:
    """The spec for a canonical command path, or None. Global flags are merged in (own flags win)."""
    raw = _raw()
    info = raw["commands"].get(path)
    if info is None:
        return None
    flags = {n: _spec(n, d) for n, d in raw["global_flags"].items()}
    flags.update({n: _spec(n, d) for n, d in info["flags"].items()})
    return CommandSpec(path, info["usage"], flags, _shorts(flags), tuple(info["subcommands"]))


def _shorts(flags: dict[str, FlagSpec]) -> dict[str, FlagSpec]:
    return {f.short: f for f in flags.values() if f.short}


@lru_cache(maxsize=1)
def global_command() -> CommandSpec:
    """Flags valid before the command name (``kubectl -n x get pods``): the global ones only."""
    raw = _raw()
    flags = {n: _spec(n, d) for n, d in raw["global_flags"].items()}
    return CommandSpec("", "kubectl [flags] [options]", flags, _shorts(flags), ())


def resolve_path(path: str) -> str:
    """``config use`` -> ``config use-context``; ``create deploy`` -> ``create deployment``."""
    return _raw()["aliases"].get(path, path)


def own_flags(path: str) -> frozenset[str]:
    """The flags ``path`` defines itself, global ones left out (``create rolebinding --user`` names
    a subject; the global ``--user`` picks an identity). Empty for an unknown path."""
    info = _raw()["commands"].get(path)
    return frozenset(info["flags"]) if info is not None else frozenset()


def has_command(path: str) -> bool:
    return path in _raw()["commands"]


def top_level_commands() -> list[str]:
    return [p for p in _raw()["commands"] if " " not in p]


def aliases() -> dict[str, str]:
    return dict(_raw()["aliases"])
