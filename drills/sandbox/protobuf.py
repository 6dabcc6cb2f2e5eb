"""Just enough Kubernetes protobuf to read what kubectl sends as protobuf and the sandbox must
understand without a rewrite: `kubectl auth can-i`'s SelfSubjectAccessReview. (Typed creates are
rewritten to JSON by `drills.sandbox.kubectl` instead; they carry whole object schemas.)

Wire format: the envelope is `k8s\\0` + runtime.Unknown{1: typeMeta{1: apiVersion, 2: kind}, 2: raw};
`raw` is the object's message. Decoding walks varints and length-delimited fields by number."""

from __future__ import annotations

from typing import Any

MAGIC = b"k8s\x00"


def _varint(data: bytes, i: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        if i >= len(data):
            raise ValueError("truncated varint")
        b = data[i]
        value |= (b & 0x7F) << shift
        i += 1
        if not b & 0x80:
            return value, i
        shift += 7


def fields(data: bytes) -> dict[int, list[Any]]:
    """Field number -> values (ints for varints, bytes for length-delimited)."""
    out: dict[int, list[Any]] = {}
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        value: Any
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            n, i = _varint(data, i)
            value, i = data[i:i + n], i + n
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        out.setdefault(number, []).append(value)
    return out


def _strings(msg: bytes, names: dict[int, str]) -> dict[str, str]:
    f = fields(msg)
    return {name: f[n][0].decode() for n, name in names.items() if n in f}


def envelope(body: bytes) -> tuple[str, str, bytes]:
    """(apiVersion, kind, raw object message) of a protobuf body."""
    if not body.startswith(MAGIC):
        raise ValueError("not a Kubernetes protobuf body")
    unknown = fields(body[len(MAGIC):])
    type_meta = _strings(unknown.get(1, [b""])[0], {1: "apiVersion", 2: "kind"})
    return type_meta.get("apiVersion", ""), type_meta.get("kind", ""), unknown.get(2, [b""])[0]


RESOURCE_ATTRIBUTES = {1: "namespace", 2: "verb", 3: "group", 4: "version", 5: "resource", 6: "subresource",
                       7: "name"}
NON_RESOURCE_ATTRIBUTES = {1: "path", 2: "verb"}


def access_review(body: bytes) -> dict[str, Any]:
    """A SelfSubjectAccessReview / SelfSubjectRulesReview sent as protobuf, as its JSON object."""
    api_version, kind, raw = envelope(body)
    obj = fields(raw)
    spec: dict[str, Any] = {}
    spec_msg = fields(obj.get(2, [b""])[0])
    if kind == "SelfSubjectRulesReview":
        spec = _strings(obj.get(2, [b""])[0], {1: "namespace"})
    else:
        if 1 in spec_msg:
            spec["resourceAttributes"] = _strings(spec_msg[1][0], RESOURCE_ATTRIBUTES)
        if 2 in spec_msg:
            spec["nonResourceAttributes"] = _strings(spec_msg[2][0], NON_RESOURCE_ATTRIBUTES)
    return {"apiVersion": api_version, "kind": kind, "metadata": {}, "spec": spec}
