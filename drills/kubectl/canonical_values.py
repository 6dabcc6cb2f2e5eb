"""Canonical spellings of flag values whose meaning survives a different spelling.

Resource quantities (``2000m`` = ``2``), Go durations (``60s`` = ``1m``), JSON patches (whitespace and
key order) and YAML patch bodies, ``key=value`` maps (order), label selectors as sets of requirements,
file paths as the OS resolves them. Each function returns the input unchanged when it cannot read it,
so a placeholder like ``<cpu>`` passes through.
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
    if len(v) > 40:  # checked first: the pattern backtracks on long digit runs
        return v
    m = _QUANTITY.fullmatch(v.strip())
    if not m or (m.group(2) and abs(int(m.group(2))) > 30):
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


# a word may hold deck placeholders (``app=<app>``); the two alternatives start differently: no backtracking
_SELECTOR_TOKEN = re.compile(r"\s*(?:(?P<word>(?:<[A-Za-z][A-Za-z0-9_.:-]*>|[^\s,()=!<>])+)"
                             r"|(?P<op>==|!=|=|!|<|>|\(|\)|,))")


def selector(v: str, *, set_based: bool = True) -> str:
    """A label selector as kubectl's server reads it: a set of requirements, each a key, an operator
    and a set of values. ``a=1,b=2`` = ``b=2,a=1``; ``==`` = ``=`` = ``in (one value)``; ``!=`` =
    ``notin (one value)`` (both also match objects without the key); value order inside ``in (...)``
    is irrelevant. ``set_based=False`` (field selectors, ``expose``) reads only ``=``/``==``/``!=``.
    Rendered back with ``=``/``!=`` for one value; unreadable text comes back with spaces squeezed."""
    reqs = _parse_selector(v, set_based) if len(v) <= 4000 else None
    if reqs is None:
        return re.sub(r"\s+", " ", v.strip())
    out = []
    for key, op, vals in sorted(set(reqs)):
        if op in ("in", "notin") and len(vals) == 1:
            out.append(f"{key}{'=' if op == 'in' else '!='}{vals[0]}")
        elif op in ("in", "notin"):
            out.append(f"{key} {op} ({','.join(vals)})")
        else:
            out.append(f"{op}{key}" if op == "!" else (key if op == "exists" else f"{key}{op}{vals[0]}"))
    return ",".join(out)


def _parse_selector(v: str, set_based: bool) -> list[tuple[str, str, tuple[str, ...]]] | None:
    toks: list[tuple[str, str]] = []
    pos = 0
    text = v.strip()
    while pos < len(text):
        m = _SELECTOR_TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return None
        pos = m.end()
        if m.group("word") is not None:
            toks.append(("word", m.group("word")))
        elif m.group("op") is not None:
            toks.append(("op", m.group("op")))
        else:
            break  # trailing spaces
    reqs: list[tuple[str, str, tuple[str, ...]]] = []
    i = 0

    def peek(k: int = 0) -> tuple[str, str]:
        return toks[i + k] if i + k < len(toks) else ("end", "")

    while i < len(toks):
        if peek() == ("op", "!"):
            if peek(1)[0] != "word":
                return None
            reqs.append((peek(1)[1], "!", ()))
            i += 2
        elif peek()[0] == "word":
            key = peek()[1]
            kind, op = peek(1)
            if kind == "op" and op in ("=", "==", "!=", "<", ">"):
                if op in ("<", ">") and not set_based:
                    return None
                val = peek(2)[1] if peek(2)[0] == "word" else ""
                i += 3 if peek(2)[0] == "word" else 2
                norm = {"=": "in", "==": "in", "!=": "notin"}.get(op, op)
                reqs.append((key, norm, (val,)))
            elif kind == "word" and op in ("in", "notin") and set_based:
                if peek(2) != ("op", "("):
                    return None
                i += 3
                vals: set[str] = set()
                while peek() != ("op", ")"):
                    if peek()[0] == "word":
                        vals.add(peek()[1])
                    elif peek() != ("op", ","):
                        return None
                    i += 1
                i += 1
                reqs.append((key, op, tuple(sorted(vals))))
            elif kind in ("end",) or (kind, op) == ("op", ","):
                if not set_based:
                    return None
                reqs.append((key, "exists", ()))
                i += 1
            else:
                return None
        else:
            return None
        if peek()[0] == "end":
            break
        if peek() != ("op", ","):
            return None
        i += 1
    return reqs


_PATCH_LIMIT = 100_000


# Plain YAML scalars that kubectl's YAML reader (sigs.k8s.io/yaml, YAML 1.1 via go-yaml v2) and PyYAML
# resolve differently (y/n are booleans there, 1e3 a float, 0x1F an int): such a body stays text.
_YAML_DIVERGES = re.compile(r"[yYnN]|[-+]?[0-9._]*[eE][-+]?[0-9]+|[-+]?0[xXoObB][0-9a-fA-F_]+")


def patch_body(v: str) -> str:
    """A patch body compared as data, the way ``kubectl patch -p`` reads it: a body that starts with
    ``{`` is JSON (and invalid JSON is an error: measured, ``{spec: {replicas: 3}}`` fails); anything
    else is YAML converted to JSON (``spec: {replicas: 3}`` = ``{"spec":{"replicas":3}}``, and the
    JSON-patch list ``[{op: replace, ...}]`` too). ``"3"`` stays a string. YAML with anchors/aliases
    or with scalars the two YAML readers resolve differently is left as text."""
    if v.lstrip().startswith("{") or len(v) > _PATCH_LIMIT:
        return json_text(v)
    import yaml  # lazily: most checks never read a YAML patch

    try:
        for t in yaml.scan(v, Loader=yaml.SafeLoader):
            if isinstance(t, (yaml.AliasToken, yaml.AnchorToken, yaml.TagToken)):
                return v
            if isinstance(t, yaml.ScalarToken) and t.plain and (
                    _YAML_DIVERGES.fullmatch(t.value) or "_" in t.value and t.value.lstrip("+-.")[:1].isdigit()):
                return v
        data = yaml.safe_load(v)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return v
    if not isinstance(data, (dict, list)):
        return v
    try:
        return json.dumps(data, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):  # dates and other YAML-only types
        return v


def path(v: str) -> str:
    """A local file path as the OS resolves it: ``./web.yaml`` = ``web.yaml``, ``dir/`` = ``dir``,
    ``a//b`` = ``a/./b`` = ``a/b``. ``..`` is kept (``a/../b`` need not be ``b`` through a symlink);
    URLs, ``-`` (stdin) and empty values are not paths."""
    if not v or v == "-" or "://" in v:
        return v
    absolute = v.startswith("/")
    parts = [p for p in v.split("/") if p not in ("", ".")]
    out = "/".join(parts)
    if absolute:
        return "/" + out
    return out or "."


def from_file(v: str) -> str:
    """``--from-file=[KEY=]SOURCE``: the key defaults to the file's base name (kubectl create configmap
    --help), so ``a.txt`` = ``./a.txt`` = ``a.txt=a.txt`` = ``a.txt=./a.txt``. Only a SOURCE that looks
    like a file (its base name has an extension) gets the implicit key: ``--from-file=dir`` reads every
    file of a directory, and ``dir=dir`` is an error there ("key names are not allowed")."""
    key, eq, source = v.partition("=")
    if not eq:
        key, source = "", v
    source = path(source)
    base = source.rsplit("/", 1)[-1]
    if key == "" and "." in base.strip("."):
        key = base
    return f"{key}={source}" if key else source


def relaxed_jsonpath(v: str) -> str:
    """kubectl's RelaxedJSONPathExpression (``--sort-by``, custom-columns fields): ``name1.name2`` =
    ``.name1.name2`` = ``{name1.name2}`` = ``{.name1.name2}``, all read as ``{.name1.name2}``."""
    inner = v[1:-1] if v.startswith("{") and v.endswith("}") else v
    if not inner or "{" in inner or "}" in inner:
        return v  # kubectl rejects these ("unexpected path string"): compared as typed
    return "{." + (inner[1:] if inner.startswith(".") else inner) + "}"


def custom_columns(v: str) -> str:
    """``custom-columns=NAME:.metadata.name,IP:status.podIP``: each column's field relaxed like kubectl."""
    cols = []
    for col in v.split(","):
        header, colon, field = col.partition(":")
        cols.append(f"{header}:{relaxed_jsonpath(field)}" if colon else col)
    return ",".join(cols)


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
