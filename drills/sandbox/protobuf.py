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


class Unreadable(ValueError):
    """A protobuf body the sandbox has no schema for."""


def _signed(v: int) -> int:
    return v - (1 << 64) if v >= 1 << 63 else v


def _decode(msg: bytes, schema_name: str) -> dict[str, Any]:
    import base64

    from drills.sandbox.protoschema import MESSAGES

    schema = MESSAGES.get(schema_name)
    if schema is None:
        raise Unreadable(f"no schema for {schema_name}")
    out: dict[str, Any] = {}
    for number, values in fields(msg).items():
        if number not in schema:
            if all(v in (b"", 0, False) for v in values):
                continue  # an empty field Go always writes (a non-pointer string, bool, number)
            raise Unreadable(f"{schema_name} field {number} is not known to the sandbox")
        name, kind = schema[number]
        repeated = kind.startswith("[")
        kind = kind.strip("[]")
        decoded: list[Any] = []
        for v in values:
            if kind == "skip":
                continue
            if kind.startswith("inline:"):
                out.update(_decode(v, kind.split(":", 1)[1]))
                continue
            if kind == "s":
                decoded.append(v.decode())
            elif kind in ("i", "iz"):
                decoded.append(_signed(v))
            elif kind == "b":
                decoded.append(bool(v))
            elif kind == "y":
                decoded.append(base64.b64encode(v).decode())
            elif kind == "ios":
                f = fields(v)
                decoded.append(_signed(f[2][0]) if f.get(1, [0])[0] == 0 else f.get(3, [b""])[0].decode())
            elif kind == "q":
                decoded.append(fields(v).get(1, [b""])[0].decode())
            elif kind in ("mss", "msy", "msq"):
                entry = fields(v)
                key = entry.get(1, [b""])[0].decode()
                raw = entry.get(2, [b""])[0]
                value = raw.decode() if kind == "mss" else base64.b64encode(raw).decode() if kind == "msy" else \
                    fields(raw).get(1, [b""])[0].decode()
                out.setdefault(name, {})[key] = value
            else:
                decoded.append(_decode(v, kind))
        if not decoded:
            continue
        if repeated:
            out.setdefault(name, []).extend(decoded)
        elif decoded[-1] not in ("", False, 0) or kind == "iz" or isinstance(decoded[-1], dict):
            out[name] = decoded[-1]
    return {k: v for k, v in out.items() if v != {} or k in ("spec",)}


def typed_object(body: bytes) -> dict[str, Any]:
    """A typed create's protobuf body as the JSON object kubectl would have sent."""
    api_version, kind, raw = envelope(body)
    obj = _decode(raw, kind)
    return {"apiVersion": api_version, "kind": kind, **obj}
