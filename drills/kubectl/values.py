"""Canonical spellings of flag values whose meaning survives a different spelling.

Resource quantities (``2000m`` = ``2``), Go durations (``60s`` = ``1m``), JSON patches (whitespace and
key order), ``key=value`` maps (order), label selectors (order, ``==`` = ``=``). Each function returns
the input unchanged when it cannot read it, so a placeholder like ``<cpu>`` passes through.
"""

from __future__ import annotations

import csv
import json
import re
from fractions import Fraction

_SUFFIX = {
    "n": Fraction(1, 10**9), "u": Fraction(1, 10**6), "m": Fraction(1, 1000), "": Fraction(1),
    "k": Fraction(10**3), "M": Fraction(10**6), "G": Fraction(10**9), "T": Fraction(10**12),
    "P": Fraction(10**15), "E": Fraction(10**18),
    "Ki": Fraction(2**10), "Mi": Fraction(2**20), "Gi": Fraction(2**30), "Ti": Fraction(2**40),
    "Pi": Fraction(2**50), "Ei": Fraction(2**60),
}
_QUANTITY = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_DURATION_UNIT = {"ns": Fraction(1, 10**9), "us": Fraction(1, 10**6), "µs": Fraction(1, 10**6),
                  "ms": Fraction(1, 1000), "s": Fraction(1), "m": Fraction(60), "h": Fraction(3600)}


def quantity(v: str) -> str:
    """``2000m`` -> ``2``; ``1Gi`` -> ``1073741824``; unreadable -> unchanged."""
    m = _QUANTITY.fullmatch(v.strip())
    if not m or len(v) > 40 or (m.group(2) and abs(int(m.group(2))) > 30):
        return v
    num = Fraction(m.group(1))
    if m.group(2):
        num *= Fraction(10) ** int(m.group(2))
    num *= _SUFFIX[m.group(3) or ""]
    return str(num.numerator) if num.denominator == 1 else f"{num.numerator}/{num.denominator}"


def duration(v: str) -> str:
    """Go durations: ``60s`` = ``1m`` = ``1m0s`` -> seconds; a bare ``0`` is 0; unreadable -> unchanged."""
    s = v.strip()
    if len(s) > 60:
        return v
    if s in ("0", "0s"):
        return "0"
    pos = 0
    total = Fraction(0)
    for m in _DURATION.finditer(s):
        if m.start() != pos:
            return v
        total += Fraction(m.group(1)) * _DURATION_UNIT[m.group(2)]
        pos = m.end()
    if pos != len(s) or not s:
        return v
    return str(total) if total.denominator == 1 else f"{total.numerator}/{total.denominator}"


def json_text(v: str) -> str:
    """JSON compared by value (``-p '{"a": 1}'`` = ``-p '{"a":1}'``)."""
    try:
        return json.dumps(json.loads(v), sort_keys=True, separators=(",", ":"))
    except (ValueError, RecursionError):
        return v


def kv_map(v: str, *, quantities: bool = False) -> str:
    """``b=2,a=1`` -> ``a=1,b=2`` (a map: order irrelevant); values as quantities if asked."""
    parts = [p.strip() for p in v.split(",")]
    if quantities:
        parts = [_kv_quantity(p) for p in parts]
    return ",".join(sorted(parts))


def _kv_quantity(p: str) -> str:
    k, eq, val = p.partition("=")
    return f"{k}={quantity(val)}" if eq else p


def selector(v: str) -> str:
    """Label selectors: order-free, ``==`` = ``=``, spaces around operators ignored (no set syntax)."""
    if "(" in v:
        return re.sub(r"\s+", " ", v.strip())
    parts = []
    for p in v.split(","):
        p = re.sub(r"\s*(==|!=|=)\s*", lambda m: "=" if m.group(1) == "==" else m.group(1), p.strip())
        parts.append(p)
    return ",".join(sorted(parts))


def split_slice(v: str) -> list[str]:
    """pflag StringSlice: the value is one CSV record (``a,b`` -> two items; ``"a,b"`` -> one)."""
    if v == "":
        return []
    try:
        return next(csv.reader([v]))
    except (csv.Error, StopIteration):
        return v.split(",")


def image_has_fixed_tag(image: str) -> bool:
    """True when the image pins a tag other than latest or a digest (pull policy then IfNotPresent)."""
    if "@" in image:
        return True
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return False
    return last.rsplit(":", 1)[1] != "latest"
