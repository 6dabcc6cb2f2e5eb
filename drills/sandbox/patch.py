"""The four PATCH flavours kubectl sends: JSON merge patch (RFC 7386), JSON patch (RFC 6902),
strategic merge patch, and server-side apply.

Strategic merge merges lists of named things by their merge key (containers by `name`, container ports
by `containerPort`, Service ports by `port`, volume mounts by `mountPath`, ...) and honours the
directives kubectl's client-side apply sends (`$patch`, `$setElementOrder/`, `$deleteFromPrimitiveList/`,
`$retainKeys`). Server-side apply is modelled as a strategic merge of the applied configuration without
field ownership: enough for `kubectl apply --server-side` on objects one person manages.
"""

from __future__ import annotations

import copy
from typing import Any

Obj = dict[str, Any]

# field name -> merge key (the patchMergeKey of the Kubernetes Go types CKAD objects use)
MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "env": "name",
    "volumes": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath", "imagePullSecrets": "name",
    "hostAliases": "ip", "conditions": "type", "ownerReferences": "uid", "secrets": "name",
    "topologySpreadConstraints": "topologyKey", "resourceClaims": "name", "readinessGates": "conditionType",
}
PRIMITIVE_MERGE = {"finalizers"}  # lists of scalars merged as sets


class PatchError(ValueError):
    """A patch that cannot be applied; the message is for the user."""


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: objects merge recursively, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            result.pop(k, None)
        else:
            result[k] = merge_patch(result.get(k), v)
    return result


def _pointer(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"invalid JSON pointer: {path!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _parent(doc: Any, parts: list[str]) -> Any:
    cur = doc
    for p in parts[:-1]:
        if isinstance(cur, list):
            cur = cur[int(p)]
        elif isinstance(cur, dict) and p in cur:
            cur = cur[p]
        else:
            raise PatchError(f"doc is missing path: /{'/'.join(parts)}")
    return cur


def _get(doc: Any, parts: list[str]) -> Any:
    if not parts:
        return doc
    parent, last = _parent(doc, parts), parts[-1]
    try:
        return parent[int(last)] if isinstance(parent, list) else parent[last]
    except (KeyError, IndexError, ValueError):
        raise PatchError(f"doc is missing path: /{'/'.join(parts)}") from None


def _remove(doc: Any, parts: list[str]) -> Any:
    parent, last = _parent(doc, parts), parts[-1]
    try:
        return parent.pop(int(last)) if isinstance(parent, list) else parent.pop(last)
    except (KeyError, IndexError, ValueError):
        raise PatchError(f"unable to remove nonexistent key: {last}: missing value") from None


def _add(doc: Any, parts: list[str], value: Any, replace: bool = False) -> Any:
    if not parts:
        return value
    parent, last = _parent(doc, parts), parts[-1]
    if isinstance(parent, list):
        if last == "-":
            parent.append(value)
        elif replace:
            parent[int(last)] = value
        else:
            parent.insert(int(last), value)
    elif isinstance(parent, dict):
        if replace and last not in parent:
            raise PatchError(f"replace operation does not apply: doc is missing key: /{'/'.join(parts)}: "
                             "missing value")
        parent[last] = value
    else:
        raise PatchError(f"doc is missing path: /{'/'.join(parts)}")
    return doc


def json_patch(target: Any, ops: Any) -> Any:
    """RFC 6902 operations add, remove, replace, move, copy, test."""
    if not isinstance(ops, list):
        raise PatchError("json patch must be a list of operations")
    doc = copy.deepcopy(target)
    for op in ops:
        if not isinstance(op, dict) or "op" not in op:
            raise PatchError(f"invalid json patch operation: {op!r}")
        kind, parts = op["op"], _pointer(str(op.get("path", "")))
        if kind == "add":
            doc = _add(doc, parts, copy.deepcopy(op.get("value")))
        elif kind == "remove":
            _remove(doc, parts)
        elif kind == "replace":
            doc = _add(doc, parts, copy.deepcopy(op.get("value")), replace=True)
        elif kind in ("move", "copy"):
            src = _pointer(str(op.get("from", "")))
            value = _remove(doc, src) if kind == "move" else copy.deepcopy(_get(doc, src))
            doc = _add(doc, parts, value)
        elif kind == "test":
            if _get(doc, parts) != op.get("value"):
                raise PatchError(f"testing value /{'/'.join(parts)} failed")
        else:
            raise PatchError(f"unexpected kind of json patch operation: {kind!r}")
    return doc


def _merge_key(field: str, items: list[Any]) -> str | None:
    if field == "ports":
        dicts = [i for i in items if isinstance(i, dict)]
        return "containerPort" if any("containerPort" in i for i in dicts) else "port"
    return MERGE_KEYS.get(field)


def _merge_list(field: str, old: list[Any], patch: list[Any]) -> list[Any]:
    if field in PRIMITIVE_MERGE:
        return old + [v for v in patch if v not in old]
    key = _merge_key(field, old + patch)
    if key is None or not all(isinstance(i, dict) for i in patch):
        return [strategic_merge(None, i) if isinstance(i, dict) else i for i in patch]
    if any(isinstance(i, dict) and i.get("$patch") == "replace" for i in patch):
        return [{k: v for k, v in i.items() if k != "$patch"} for i in patch if i.get("$patch") != "replace"]
    result = copy.deepcopy(old)
    for item in patch:
        match = next((i for i, o in enumerate(result) if isinstance(o, dict) and o.get(key) == item.get(key)), None)
        if item.get("$patch") == "delete":
            if match is not None:
                result.pop(match)
        elif match is None:
            result.append(strategic_merge(None, item))
        else:
            result[match] = strategic_merge(result[match], item)
    return result


def _order(items: list[Any], order: list[Any], key: str | None) -> list[Any]:
    """Reorder ``items`` as ``$setElementOrder`` says; items it does not name keep their place at the end."""
    def ident(i: Any) -> Any:
        return i.get(key) if key and isinstance(i, dict) else i

    wanted = [ident(o) for o in order]
    named = sorted((i for i in items if ident(i) in wanted), key=lambda i: wanted.index(ident(i)))
    return named + [i for i in items if ident(i) not in wanted]


def strategic_merge(target: Any, patch: Any) -> Any:
    """Strategic merge patch of ``patch`` onto ``target`` (a new value; the inputs are not changed)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    if patch.get("$patch") == "delete":
        return None
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    retain = patch.get("$retainKeys")
    orders: dict[str, list[Any]] = {}
    for k, v in patch.items():
        if k in ("$patch", "$retainKeys"):
            continue
        if k.startswith("$setElementOrder/"):
            orders[k.split("/", 1)[1]] = v
        elif k.startswith("$deleteFromPrimitiveList/"):
            field = k.split("/", 1)[1]
            result[field] = [x for x in result.get(field) or [] if x not in (v or [])]
        elif v is None:
            result.pop(k, None)
        elif isinstance(v, list) and isinstance(result.get(k), list):
            result[k] = _merge_list(k, result[k], v)
        elif isinstance(v, list):
            result[k] = _merge_list(k, [], v)
        else:
            merged = strategic_merge(result.get(k), v)
            if merged is None:
                result.pop(k, None)
            else:
                result[k] = merged
    for field, order in orders.items():
        if isinstance(result.get(field), list):
            result[field] = _order(result[field], order, _merge_key(field, result[field]))
    if isinstance(retain, list):
        result = {k: v for k, v in result.items() if k in retain or k not in (target or {})}
    return result


def apply_patch(content_type: str, target: Obj | None, patch: Any) -> Obj:
    """Dispatch on the PATCH Content-Type. ``target`` is None only for server-side apply of a new object."""
    media = content_type.split(";")[0].strip()
    if media == "application/json-patch+json":
        result = json_patch(target, patch)
    elif media == "application/merge-patch+json":
        result = merge_patch(target, patch)
    elif media == "application/strategic-merge-patch+json":
        result = strategic_merge(target, patch)
    elif media == "application/apply-patch+yaml":
        result = strategic_merge(target or {}, patch)
    else:
        raise PatchError(f"the server does not support patches of type {media!r}")
    if not isinstance(result, dict):
        raise PatchError("the patch did not produce an object")
    return result
