"""Flags in canonical form: each value spelled one way (booleans, durations, quantities, paths,
selectors, JSON, ``key=value`` maps, set-like lists sorted), explicit defaults from the generated
flag table dropped (with a hint, for the notes), and the rules where one flag changes what another
means (``-A`` wins over ``-n``; ``delete --force`` = ``--grace-period=0``; ``-o`` of a command that
writes only changes what is printed ...). Each rule is measured with kubectl 1.37 or taken from
FACTS.md (see docs/checking.md).
"""

from __future__ import annotations

from drills.kubectl import canonical_values as values
from drills.kubectl import resources
from drills.kubectl.flagtable import FlagSpec
from drills.kubectl.form import (
    CLUSTER_SCOPED_CREATES, DEPRECATED_SPELLINGS, JSON_FLAGS, KV_MAP_FLAGS, NODE_CMDS, PATH_FLAGS,
    QUANTITY_MAP_FLAGS, RESOURCE_VALUE_FLAGS, SET_LIKE_FLAGS, WRITE_CMDS, FlagValue, Hint, ObjectRef, flag_text,
)
from drills.kubectl.parse import Invocation

Flags = dict[str, FlagValue]

def canon_flags(inv: Invocation, hints: list[Hint], problems: list[str]) -> Flags:
    """The flags of ``inv`` in canonical form; defaults left out are noted in ``hints``, flags kubectl
    rejects in ``problems``."""
    out: Flags = {}
    for fu in inv.flags:
        f = fu.spec
        if f is None:
            continue  # kubectl rejects it: reported as a problem, not compared
        raw = fu.value
        if raw is None:
            raw = "true" if f.type == "bool" else (f.no_opt_default or "")
        if f.deprecated:
            hints.append(Hint("deprecated", f.name, f.deprecated))
            if " is ignored " in f.deprecated:
                continue  # kubectl says so itself ("it is ignored by kubectl run"): it changes nothing
        current = DEPRECATED_SPELLINGS.get((inv.path, f.name))
        now = inv.spec.flag(current[0]) if current is not None and inv.spec is not None else None
        if current is not None and now is not None:
            if any(other.spec is now for other in inv.flags):
                problems.append(f"--{f.name} and --{now.name} are mutually exclusive")  # kubectl's own error
            f, raw = now, current[1].format(raw)
        if f.is_list:
            items = values.split_slice(raw) if f.type == "stringSlice" else [raw]
            earlier = out.get(f.name, ())
            out[f.name] = (earlier if isinstance(earlier, tuple) else (earlier,)) + tuple(items)
        else:
            out[f.name] = raw  # pflag: the last one wins (FACTS: repeated --labels keeps the last)
    result: Flags = {}
    spec = inv.spec
    for name, value in out.items():
        f = spec.flag(name) if spec else None
        if f is None:
            result[name] = value
            continue
        v = _canon_value(inv.path, f, value)
        # logs --tail: "-1 with no selector, ... otherwise 10" (kubectl logs --help): explicit -1 counts then
        tail_with_selector = inv.path == "logs" and name == "tail" and "selector" in out
        if _is_default(f, v) and not tail_with_selector:
            hints.append(Hint("default", flag_text(name, value)))
            continue
        if name == "output" and isinstance(v, str):
            v = _jsonpath_without_newline(v, hints)
            if v.startswith("custom-columns="):
                v = "custom-columns=" + values.custom_columns(v[len("custom-columns="):])
        if name == "sort-by" and inv.path == "get" and isinstance(v, str):
            v = values.relaxed_jsonpath(v)
        result[name] = v
    return result


_NEWLINE_SUFFIXES = ('{"\\n"}', "{'\\n'}")


def _jsonpath_without_newline(v: str, hints: list[Hint]) -> str:
    """``-o jsonpath='{.x}{"\\n"}'`` prints the same value plus a line break: the same answer."""
    if v.startswith("jsonpath="):
        for suffix in _NEWLINE_SUFFIXES:
            if v.endswith(suffix) and len(v) > len("jsonpath=") + len(suffix):
                hints.append(Hint("newline", suffix))
                return v[: -len(suffix)]
    return v


def _canon_value(path: str, f: FlagSpec, value: FlagValue) -> FlagValue:
    name = f.name
    if f.is_list:
        items = value if isinstance(value, tuple) else (value,)
        if name in PATH_FLAGS:
            items = tuple(values.path(x) for x in items)
        if name == "from-file":
            items = tuple(values.from_file(x) for x in items)
        if (path, name) in RESOURCE_VALUE_FLAGS:
            items = tuple(resources.canonical_ref(x) for x in items)
        if name in JSON_FLAGS:
            items = tuple(values.json_text(x) for x in items)
        if name == "for":
            items = tuple(_wait_for(x) for x in items)
        if name in SET_LIKE_FLAGS:
            items = tuple(sorted(items))
        return items
    v = str(value)
    if f.type == "bool":
        if v in ("1", "t", "T", "TRUE", "true", "True"):
            return "true"
        if v in ("0", "f", "F", "FALSE", "false", "False"):
            return "false"
        return v
    if f.type == "int":
        try:
            return str(int(v))
        except ValueError:
            return v
    if f.type == "duration" or name in ("timeout", "request-timeout") and f.type in ("string", "duration"):
        return values.duration(v)
    if name == "dry-run":
        return {"unchanged": "client", "true": "client", "false": "none"}.get(v, v)
    if name == "cascade":
        return {"true": "background", "false": "orphan"}.get(v, v)  # deprecated boolean spellings
    if name in PATH_FLAGS:
        return values.path(v)
    if (path, name) in RESOURCE_VALUE_FLAGS:
        return resources.canonical_ref(v)
    if name == "patch":
        return values.patch_body(v)
    if name in JSON_FLAGS:
        return values.json_text(v)
    if name in ("selector", "field-selector") and (path, name) not in KV_MAP_FLAGS:
        return values.selector(v, set_based=name == "selector" and path != "expose")
    if (path, name) in KV_MAP_FLAGS:
        return values.kv_map(v)
    if (path, name) in QUANTITY_MAP_FLAGS:
        return values.kv_map(v, quantities=True)
    return v


def _wait_for(v: str) -> str:
    # condition names and values are compared after case folding (kubectl wait --help)
    if v.lower().startswith("condition="):
        return "condition=" + v[len("condition="):].casefold()
    return v


def _is_default(f: FlagSpec, v: FlagValue) -> bool:
    if f.is_list:
        return v == (tuple(f.default) if isinstance(f.default, list) else ())
    d = f.default
    if f.type == "bool":
        return v == ("true" if d else "false")
    if f.type == "int":
        return v == str(d)
    if f.type == "duration" or f.name in ("timeout", "request-timeout"):
        return v == values.duration(str(d))
    if f.name == "dry-run":
        return v == "none"
    return v == d or (f.effective_default is not None and v == f.effective_default)


def _writes(path: str) -> bool:
    # `create token` and `apply view-last-applied` store nothing: what they print is the answer
    return path.split(" ")[0] in WRITE_CMDS and path not in ("create token", "apply view-last-applied")


def _scope_rules(path: str, flags: Flags, objects: list[ObjectRef], hints: list[Hint]) -> None:
    """``-A`` wins over ``-n`` (the resource builder lists every namespace); ``-n`` on objects that are
    all cluster-scoped (namespaces, nodes, PVs, cluster roles, storage classes, CRDs ...) is ignored
    by kubectl for every command (FACTS.md)."""
    if "namespace" not in flags or path.startswith("config "):
        return
    if flags.get("all-namespaces") == "true":
        hints.append(Hint("scope", f"--namespace={flags.pop('namespace')}", "--all-namespaces lists every namespace"))
        return
    kinds = [resources.by_key(t) for t, _ in objects]
    if path in CLUSTER_SCOPED_CREATES:
        kinds = [resources.lookup(CLUSTER_SCOPED_CREATES[path])]
    elif path in NODE_CMDS or path in ("top node", "taint"):
        kinds = [resources.lookup("nodes")] if path != "taint" or not kinds else kinds
    if kinds and all(r is not None and not r.namespaced for r in kinds):
        plural = ", ".join(dict.fromkeys(r.plural for r in kinds if r is not None))
        hints.append(Hint("scope", f"--namespace={flags.pop('namespace')}", f"{plural} are not namespaced"))


def cross_flag_rules(path: str, flags: Flags, objects: list[ObjectRef], args: list[str], hints: list[Hint],
                     to_screen: bool) -> Flags:
    """``flags`` after the rules where one flag (or the objects, or where the output goes) changes
    what another means; ``to_screen``: what the command prints is only shown, not piped or saved."""
    _scope_rules(path, flags, objects, hints)
    if flags.get("namespace") == "default" and path != "config set-context":
        # A deck answer without -n means "the current namespace", which is `default` in the course's
        # clusters: `-n default` there is a right answer, said with a note rather than marked wrong.
        hints.append(Hint("current-namespace", f"--namespace={flags.pop('namespace')}"))
    if path == "delete":
        force = flags.get("force") == "true"
        grace = flags.pop("grace-period", None)
        if flags.pop("now", None) == "true":
            grace = "1"
        if force and grace is None:
            grace = "0"  # FACTS: `--force` alone sends gracePeriodSeconds=0
        elif not force and grace == "0":
            grace = "1"  # FACTS: --grace-period=0 without --force sends 1
        if grace == "30" and objects and all(t == "pods" for t, _ in objects):
            hints.append(Hint("default", "--grace-period=30"))
            grace = None  # the Pod default: same end state (FACTS)
        if grace is not None:
            flags["grace-period"] = grace
    if path == "expose":
        if "target-port" in flags and flags["target-port"] == flags.get("port"):
            hints.append(Hint("default", f"--target-port={flags.pop('target-port')}"))
        if "name" in flags and len(objects) == 1 and flags["name"] == objects[0][1]:
            hints.append(Hint("default", f"--name={flags.pop('name')}"))
    if path == "run" and flags.get("stdin") == "true" and flags.get("attach") == "true":
        hints.append(Hint("default", "--attach"))  # run --help: attach defaults to true with -i
        flags.pop("attach")
    if path == "run" and "labels" in flags and args and flags["labels"] == f"run={args[0]}":
        # `kubectl run NAME` labels the Pod run=NAME itself (FACTS.md): saying so changes nothing
        hints.append(Hint("default", f"--labels={flags.pop('labels')}"))
    if "output" in flags and to_screen and flags.get("dry-run", "none") == "none" and _writes(path):
        # -o only chooses how the created/changed object is printed; the request is the same
        hints.append(Hint("printed", f"--output={flags.pop('output')}"))
    if path == "run" and "image-pull-policy" in flags and "image" in flags:
        fixed = values.image_has_fixed_tag(str(flags["image"]))
        if (flags["image-pull-policy"], fixed) in (("IfNotPresent", True), ("Always", False)):
            hints.append(Hint("default", f"--image-pull-policy={flags.pop('image-pull-policy')}"))
    if path == "create cronjob" and flags.get("restart") == "OnFailure":
        hints.append(Hint("default", f"--restart={flags.pop('restart')}"))  # measured: unset -> OnFailure
    if path == "create secret generic" and flags.get("type") == "Opaque":
        hints.append(Hint("default", f"--type={flags.pop('type')}"))
    return flags
