"""Placeholder matching: the same bindings as the old lazy regular expression, on inputs of any size.

The old matcher built ``(.+?)`` groups and back-references; it is kept here as the reference for
small inputs (where it is fast) so that the new matcher can be compared with it on random cases.
Large inputs only have to finish and give the right verdict; their timings live in bench/placeholders.py.
"""

from __future__ import annotations

import random
import re

from drills.kubectl import check, placeholders
from drills.kubectl.tokenizer import PLACEHOLDER


def _regex_reference(expected: str, actual: str, bound: dict[str, str]) -> dict[str, str] | None:
    pattern, groups, pos = "", {}, 0
    for m in PLACEHOLDER.finditer(expected):
        pattern += re.escape(expected[pos:m.start()])
        ph = m.group(0)
        if ph in bound:
            pattern += re.escape(bound[ph])
        elif ph in groups:
            pattern += f"(?P={groups[ph]})"
        else:
            groups[ph] = f"g{len(groups)}"
            pattern += f"(?P<{groups[ph]}>.+?)"
        pos = m.end()
    pattern += re.escape(expected[pos:])
    m = re.fullmatch(pattern, actual, re.S)
    return None if not m else {ph: m.group(g) for ph, g in groups.items()}


def test_agrees_with_the_lazy_regex_on_small_random_values():
    rnd = random.Random(20261129)
    pieces = ["<x>", "<y>", "<z>", "a", "b", ".", "-", "ab", ".-"]
    for _ in range(30_000):
        expected = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 5)))
        actual = "".join(rnd.choice("ab.-") for _ in range(rnd.randint(0, 9)))
        bound = {"<z>": rnd.choice(["a", "b.", "-"])} if rnd.random() < 0.3 else {}
        want = _regex_reference(expected, actual, bound)
        got = placeholders.match(expected, actual, bound)
        assert (want is None) == (got is None), (expected, actual, bound, want, got)
        if want is not None:
            # same matches; the bindings may differ only where the regex's choice was arbitrary too
            values = {**bound, **got}
            rebuilt = PLACEHOLDER.sub(lambda m, values=values: values[m.group(0)], expected)
            assert rebuilt == actual


def test_a_16000_character_value_is_judged():
    long_image = "registry.example.com/" + "a" * 16_000
    v = check("kubectl run <name> --image=<image>:<tag>", f"kubectl run web --image={long_image}")
    assert v.status == "incorrect"  # no ':' after the registry's host: the tag is missing
    v = check("kubectl run <name> --image=<image>", f"kubectl run web --image={long_image}")
    assert v.status == "correct" and v.bindings["<image>"] == long_image


def test_many_placeholders_against_a_long_answer_finish():
    many = "".join(f"<p{i}>-" for i in range(60)) + "end"
    assert placeholders.match(many, "-".join(["ab"] * 8000), {}) is None
    repeats = "".join(f"<p{i}>-<p{i}>" for i in range(30))
    assert placeholders.match(repeats, "-".join(["ab"] * 8000), {}) is None
    assert placeholders.match("<a>" * 50 + "y", "x" * 16_000, {}) is None
    found = placeholders.match("<a>-" * 20 + "<b>", "a-" * 8000, {})
    assert found is not None and found["<a>"] == "a"
    v = check("kubectl exec " + " ".join(f"<p{i}>" for i in range(200)) + " -- sh",
              "kubectl exec " + " ".join(["x" * 80] * 200) + " -- sh")
    assert v.status in ("correct", "incorrect")


def test_a_repeated_placeholder_binds_one_value():
    assert placeholders.match("<svc>.<ns>.svc/<svc>", "web.dev.svc/web", {}) == {"<svc>": "web", "<ns>": "dev"}
    assert placeholders.match("<svc>.<ns>.svc/<svc>", "web.dev.svc/api", {}) is None
    assert placeholders.match("<a>:<b>", "x:y:z", {"<b>": "y:z"}) == {"<a>": "x"}


# Objects whose order means nothing are compared as sets, placeholders included: canonical order puts
# `<pod>` before every name, and a positional match bound it to the wrong object (a false reject).
OBJECT_SETS = [
    ("kubectl delete pod <p> abc", "kubectl delete pod abc zzz", True),
    ("kubectl delete pod <p> abc", "kubectl delete pod zzz abc", True),
    ("kubectl delete pod <p> <q> web", "kubectl delete pod x web y", True),
    ("kubectl get pod/<p> svc/web", "kubectl get svc/web pod/x", True),
    ("kubectl label pod <p> abc tier=db", "kubectl label pod abc zzz tier=db", True),
    ("kubectl delete pod <p> abc", "kubectl delete pod zzz qqq", False),  # abc is required
    ("kubectl delete pod <p> <p>", "kubectl delete pod a b", False),  # one placeholder, one value
    ("kubectl delete pod <p> abc", "kubectl delete svc abc zzz", False),
    ("kubectl delete pod <p> abc", "kubectl delete pod abc", False),
]


def test_objects_without_order_match_as_sets_with_placeholders():
    for expected, answer, right in OBJECT_SETS:
        assert (check(expected, answer).status == "correct") is right, (expected, answer)
