"""Kubernetes resource quantities (`500m`, `1.5Gi`, `2`): read exactly (as fractions) and written the
way the API server writes them back, so the sums a ResourceQuota shows and the figures in a
LimitRange's refusal read as on a real cluster (`requests.cpu=500m`, `limits.memory=1536Mi`).

The canonical form, as apimachinery's `Quantity.String()`: a decimal quantity takes the largest
exponent (a multiple of 3, `n` to `E`) that leaves an integer mantissa (`1000` -> `1k`, `0.5` ->
`500m`); a binary one (`Ki`...`Ei`) divides by 1024 while it can (`1.5Gi` -> `1536Mi`) and is written
as a decimal one when it is not a whole number or under 1024.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from math import ceil

DECIMAL_SUFFIXES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
BINARY_SUFFIXES = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
PATTERN = re.compile(r"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$")
# what kube-apiserver answers when a quantity does not parse
BAD_QUANTITY = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"


class QuantityError(ValueError):
    """Not a quantity; the message is the API server's."""


@dataclass(frozen=True)
class Quantity:
    """An exact amount and the notation it is written back in (`DecimalSI` or `BinarySI`)."""

    value: Fraction
    binary: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"value": str(self.value), "binary": self.binary}

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Quantity:
        return cls(Fraction(str(d["value"])), bool(d["binary"]))

    def __add__(self, other: Quantity) -> Quantity:
        # apimachinery: a zero takes the notation of what is added to it
        return Quantity(self.value + other.value, other.binary if self.value == 0 else self.binary)

    def __str__(self) -> str:
        return canonical(self.value, self.binary)


ZERO = Quantity(Fraction(0))


def parse(text: object) -> Quantity:
    """``text`` (a string or a number, as in JSON) as a Quantity; QuantityError if it is not one."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise QuantityError(BAD_QUANTITY)
    m = PATTERN.match(str(text).strip())
    if m is None:
        raise QuantityError(BAD_QUANTITY)
    number, suffix = Fraction(m.group(1)), m.group(2) or ""
    if suffix in BINARY_SUFFIXES:
        return Quantity(number * 1024 ** BINARY_SUFFIXES[suffix], True)
    if suffix[:1] in ("e", "E") and len(suffix) > 1:
        return Quantity(number * Fraction(10) ** int(suffix[1:]))
    return Quantity(number * Fraction(10) ** DECIMAL_SUFFIXES[suffix])


def canonical(value: Fraction, binary: bool = False) -> str:
    """``value`` written as the API server writes it (rounded up to the nano, as it does)."""
    nanos = ceil(value * 10**9)
    if nanos == 0:
        return "0"
    if binary and nanos % 10**9 == 0 and abs(nanos) >= 1024 * 10**9:
        whole, power = nanos // 10**9, 0
        while whole % 1024 == 0 and power < 6:
            whole, power = whole // 1024, power + 1
        suffix = next((s for s, p in BINARY_SUFFIXES.items() if p == power), "")
        return f"{whole}{suffix}"
    exponent = -9
    while exponent < 18 and nanos % 1000 == 0:
        nanos, exponent = nanos // 1000, exponent + 3
    suffix = next(s for s, e in DECIMAL_SUFFIXES.items() if e == exponent)
    return f"{nanos}{suffix}"


def canonical_text(text: object) -> object:
    """A quantity as the API server stores it; anything that does not parse is left as it was."""
    try:
        return str(parse(text))
    except QuantityError:
        return text


def milli(q: Quantity) -> int:
    """The amount in thousandths, rounded up (apimachinery's MilliValue)."""
    return ceil(q.value * 1000)


def _pod_spec_lists(spec: object) -> list[object]:
    if not isinstance(spec, dict):
        return []
    found: list[object] = []
    for group in ("containers", "initContainers"):
        for c in spec.get(group) or []:
            if isinstance(c, dict) and "resources" in c:
                resources = c["resources"]
                if not isinstance(resources, dict):
                    return [resources]
                found += [resources.get(k) for k in ("requests", "limits") if k in resources]
    return found


def _resource_lists(key: str, obj: dict[str, object]) -> list[object]:
    """The ResourceLists (name -> quantity maps) of an object of resource ``key``."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return []
    if key == "pods":
        return _pod_spec_lists(spec)
    if key == "resourcequotas":
        return [spec["hard"]] if "hard" in spec else []
    if key == "limitranges":
        items = spec.get("limits") or []
        return [item.get(k) for item in items if isinstance(item, dict)
                for k in ("min", "max", "default", "defaultRequest", "maxLimitRequestRatio") if k in item] \
            if isinstance(items, list) else [items]
    if key == "persistentvolumeclaims":
        resources = spec.get("resources")
        if not isinstance(resources, dict):
            return [] if resources is None else [resources]
        return [resources.get(k) for k in ("requests", "limits") if k in resources]
    template = spec.get("jobTemplate", {}).get("spec", {}) if isinstance(spec.get("jobTemplate"), dict) else spec
    template = template.get("template") if isinstance(template, dict) else None
    return _pod_spec_lists(template.get("spec")) if isinstance(template, dict) else []


def unreadable(key: str, kind: str, version: str, obj: dict[str, object]) -> str | None:
    """Why the API server could not even decode ``obj`` (a quantity that is not one, a resource list
    that is not a map), worded as it words it; None when every quantity reads."""
    for values in _resource_lists(key, obj):
        if values is None:
            continue
        ok = isinstance(values, dict) and all(_reads(v) for v in values.values())
        if not ok:
            return f'{kind} in version "{version}" cannot be handled as a {kind}: ' + (
                BAD_QUANTITY if isinstance(values, dict) else "a resource list must be a map of quantities")
    return None


def _reads(value: object) -> bool:
    try:
        parse(value)
    except QuantityError:
        return False
    return True
