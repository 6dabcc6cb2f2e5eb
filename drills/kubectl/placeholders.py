"""Matching a deck value that holds placeholders (``<pod>``, ``<svc>.<ns>.svc``) against a typed value.

Each placeholder matches any non-empty text; a placeholder already bound (earlier in the answer, or
earlier in this value) must match its bound text exactly. This used to be a regular expression with
one lazy ``(.+?)`` group per placeholder and back-references for repeats, which backtracks: a 16,000
character value took seconds, an expected value with many placeholders much longer.

Here the expected value is split into literal pieces and placeholders and matched piece by piece
with ``str.find``/``startswith``, which gives the same bindings as the lazy regex (leftmost shortest):

* where the rest of the value repeats no placeholder that is still unbound, the leftmost choice is
  taken and never revisited: for a pattern of literals and "any non-empty text" gaps, if any match
  exists the leftmost one does (the usual glob-matching exchange argument), so the match costs
  O(len(actual)) finds;
* where a later repeat depends on the choice, the candidates are tried in order, but the whole search
  is bounded by :data:`STEP_BUDGET` finds; past it the value is judged not to match (a deck value that
  needs more than that to decide is not one a person wrote).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import permutations
from typing import TypeAlias, overload

from drills.kubectl.tokenizer import PLACEHOLDER

STEP_BUDGET = 5_000


def split(expected: str) -> list[tuple[bool, str]]:
    """``"<svc>.<ns>.svc"`` -> ``[(True, "<svc>"), (False, "."), (True, "<ns>"), (False, ".svc")]``."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in PLACEHOLDER.finditer(expected):
        if m.start() > pos:
            out.append((False, expected[pos:m.start()]))
        out.append((True, m.group(0)))
        pos = m.end()
    if pos < len(expected):
        out.append((False, expected[pos:]))
    return out


def match(expected: str, actual: str, bound: dict[str, str]) -> dict[str, str] | None:
    """The new bindings that make ``expected`` equal ``actual`` (given ``bound``), or None."""
    pieces = split(expected)
    if not any(is_ph for is_ph, _ in pieces):
        return {} if expected == actual else None
    # Bound placeholders are literal text; neighbouring literals merge.
    merged: list[tuple[bool, str]] = []
    for is_ph, text in pieces:
        if is_ph and text in bound:
            is_ph, text = False, bound[text]
        if not is_ph and merged and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + text)
        else:
            merged.append((is_ph, text))
    return _Search(merged, actual).run()


class _Search:
    """Piece-by-piece matcher with a step budget (see the module docstring)."""

    def __init__(self, pieces: list[tuple[bool, str]], actual: str) -> None:
        self.pieces = pieces
        self.actual = actual
        self.steps = 0
        # later_names[i]: placeholder names that occur at index >= i (to know when a choice matters)
        self.later: list[frozenset[str]] = [frozenset()] * (len(pieces) + 1)
        acc: frozenset[str] = frozenset()
        for i in range(len(pieces) - 1, -1, -1):
            if pieces[i][0]:
                acc = acc | {pieces[i][1]}
            self.later[i] = acc
        self.repeats = {name for is_ph, name in pieces if is_ph
                        and sum(1 for p, n in pieces if p and n == name) > 1}

    def _ends(self, i: int, pos: int, new: dict[str, str]) -> Iterator[int]:
        """Where the placeholder at ``i`` (starting at ``pos``) may end, shortest first."""
        pieces, actual = self.pieces, self.actual
        # the literal text that must follow: the next literals and already-bound placeholders, joined
        j, parts = i + 1, []
        while j < len(pieces) and (not pieces[j][0] or pieces[j][1] in new):
            parts.append(new[pieces[j][1]] if pieces[j][0] else pieces[j][1])
            j += 1
        nxt = "".join(parts)
        if not nxt:  # two unbound placeholders side by side: any split, shortest first
            for q in range(pos + 1, len(actual)):
                self.steps += 1
                if self.steps > STEP_BUDGET:
                    return
                yield q
            return
        if j == len(pieces):  # that text ends the value: one place only
            q = len(actual) - len(nxt)
            if q > pos and actual.endswith(nxt):
                yield q
            return
        q = actual.find(nxt, pos + 1)
        while q >= 0:
            self.steps += 1
            if self.steps > STEP_BUDGET:
                return
            yield q
            q = actual.find(nxt, q + 1)

    def run(self) -> dict[str, str] | None:
        return self._at(0, 0, {})

    def _at(self, i: int, pos: int, new: dict[str, str]) -> dict[str, str] | None:
        pieces, actual = self.pieces, self.actual
        while i < len(pieces):
            self.steps += 1
            if self.steps > STEP_BUDGET:
                return None
            is_ph, text = pieces[i]
            if is_ph and text in new:
                is_ph, text = False, new[text]
            if not is_ph:
                if i == len(pieces) - 1:
                    return new if len(actual) - pos == len(text) and actual.endswith(text) else None
                if not actual.startswith(text, pos):
                    return None
                pos += len(text)
                i += 1
                continue
            # an unbound placeholder: it ends where the next literal (or bound value) begins
            if i == len(pieces) - 1:
                return {**new, text: actual[pos:]} if pos < len(actual) else None
            later = self.later[i + 1]
            choice_matters = text in later or any(n in self.repeats and n not in new for n in later)
            for q in self._ends(i, pos, new):
                if not choice_matters:
                    new = {**new, text: actual[pos:q]}
                    pos = q
                    i += 1
                    break
                found = self._at(i + 1, q, {**new, text: actual[pos:q]})
                if found is not None or self.steps > STEP_BUDGET:
                    return found
            else:
                return None
        return new if pos == len(actual) else None


# What the checker compares: a word, a flag's values, the objects ((type, name), ...); None: absent.
Value: TypeAlias = "str | None | tuple[Value, ...]"


class Binder:
    """Matches expected values (maybe holding placeholders) against actual ones, keeping the bindings
    (the same placeholder must bind the same text everywhere in one answer)."""

    def __init__(self) -> None:
        self.bindings: dict[str, str] = {}
        # Set by the manifest comparison of a here-document: notes on it, and whether the student's
        # YAML could not be read at all (the verdict is then "unreadable").
        self.notes: list[str] = []
        self.unreadable = False

    @overload
    def show(self, expected: str) -> str: ...

    @overload
    def show(self, expected: tuple[str, ...]) -> tuple[str, ...]: ...

    def show(self, expected: str | tuple[str, ...]) -> str | tuple[str, ...]:
        """``expected`` with the placeholders bound so far replaced by their values."""
        if isinstance(expected, tuple):
            return tuple(self.show(x) for x in expected)
        if "<" not in expected:
            return expected
        return PLACEHOLDER.sub(lambda m: self.bindings.get(m.group(0), m.group(0)), expected)

    def match_unordered(self, expected: Iterable[tuple[str, str]], actual: Iterable[tuple[str, str]]) -> bool:
        """Objects whose order means nothing (``delete pod a b``), matched as sets, binding placeholders.
        Canonical order sorts them, and ``<pod>`` sorts before every name: ``delete pod <pod> abc``
        against ``delete pod zzz abc`` paired ``<pod>`` with ``abc`` and then failed on ``zzz``. Literal
        objects take their equal first; the placeholder ones are then tried against the rest in every
        order (a handful at most; in order beyond that)."""
        rest = list(actual)
        open_: list[tuple[str, str]] = []
        for obj in expected:
            if "<" in obj[0] + obj[1]:
                open_.append(obj)
            elif obj in rest:
                rest.remove(obj)
            else:
                return False
        if len(open_) != len(rest):
            return False
        if len(open_) > 6:
            return self.match(tuple(open_), tuple(rest))
        return any(self.match(tuple(open_), order) for order in permutations(rest))

    def match(self, expected: Value, actual: Value) -> bool:
        """Whether ``actual`` is ``expected`` (tuples item by item, all or nothing), binding placeholders."""
        if isinstance(expected, tuple) and isinstance(actual, tuple):
            if len(expected) != len(actual):
                return False
            saved = dict(self.bindings)
            if all(self.match(e, a) for e, a in zip(expected, actual)):
                return True
            self.bindings = saved
            return False
        if isinstance(expected, tuple) or isinstance(actual, tuple):
            return False
        if expected is None or actual is None:
            return expected == actual
        if "<" not in expected:
            return expected == actual
        found = match(expected, actual, self.bindings)
        if found is None:
            return False
        self.bindings.update(found)
        return True
