"""Grading manifests: a "write the manifest" answer (YAML text), and the here-document a command
feeds to kubectl (``kubectl apply -f - <<EOF`` … ``EOF``). The comparison is
``drills.kubectl.manifest_compare``; this module turns it into verdicts and reasons.
"""

from __future__ import annotations

from drills.kubectl import manifest
from drills.kubectl.manifest_compare import compare
from drills.kubectl.placeholders import Binder
from drills.kubectl.canonical import canonicalize
from drills.kubectl.shape import is_manifest
from drills.kubectl.sequences import fold_cat_heredocs
from drills.kubectl.tokenizer import ShellSyntaxError
from drills.kubectl.verdict import CORRECT, INCORRECT, UNREADABLE, Verdict

_FEEDING_VERBS = ("apply", "create", "replace")


def check_manifest(accepted: list[str], answer: str) -> Verdict:
    """The best verdict for a typed manifest (or a command feeding one) against manifest answers."""
    got_text, notes, refusal = _typed_manifest(answer)
    if refusal is not None:
        return refusal
    assert got_text is not None
    try:
        got = manifest.load(got_text)
    except manifest.ManifestError as e:
        return Verdict(UNREADABLE, [str(e)])
    if not got:
        return Verdict(UNREADABLE, ["cannot read this manifest: it holds no YAML document"])
    best: Verdict | None = None
    for exp_text in accepted:
        try:
            exp = manifest.load(exp_text)
        except manifest.ManifestError as e:
            v = Verdict(UNREADABLE, [f"the deck's answer cannot be read: {e}"], matched=exp_text)
        else:
            binder = Binder()
            cmp = compare(exp, got, binder.match, binder.show)
            status = INCORRECT if cmp.reasons else CORRECT
            v = Verdict(status, cmp.reasons, [] if cmp.reasons else notes + cmp.notes, exp_text,
                        dict(binder.bindings))
        if best is None or _rank(v) < _rank(best):
            best = v
        if v.correct:
            break
    assert best is not None
    return best


def _rank(v: Verdict) -> tuple[int, int, int]:
    return ({CORRECT: 0, INCORRECT: 1}.get(v.status, 2), len(v.reasons), len(v.notes))


def _typed_manifest(answer: str) -> tuple[str | None, list[str], Verdict | None]:
    """The YAML the student typed: the answer itself, or the here-document of a ``kubectl apply -f -``
    command (accepted with a note: the task asked for the manifest, applying it is one step more)."""
    if is_manifest(answer):
        return answer, [], None
    try:
        canons = fold_cat_heredocs(canonicalize(answer))
    except (ShellSyntaxError, RecursionError):
        canons = []
    bodies = [t for c in canons if c.program == "kubectl" and c.path.split(" ")[0] in _FEEDING_VERBS
              for op, t in c.redirects if op == "<<"]
    if len(canons) == 1 and len(bodies) == 1:
        return bodies[0], ["also right; the task asks only for the manifest, you also applied it"], None
    return None, [], Verdict(INCORRECT, ["expected a manifest (YAML, starting with a line like `apiVersion: v1`), "
                                         "got a command"])


def compare_heredocs(expected: list[str], got: list[str], binder: Binder, command: str) -> list[str]:
    """Reasons for the here-document(s) of one command; a manifest body is compared as YAML."""
    if expected and not got:
        what = "manifest" if is_manifest(expected[0]) else "here-document text"
        return [f"missing {what}: the task feeds `{command}` a here-document (<<EOF … EOF)"]
    if got and not expected:
        return ["unexpected here-document (<<EOF … EOF): the task feeds this command nothing"]
    if len(expected) != len(got):
        return [f"expected {len(expected)} here-documents, got {len(got)}"]
    reasons: list[str] = []
    for e, g in zip(expected, got):
        reasons += _compare_body(e, g, binder)
    return reasons


def _compare_body(e: str, g: str, binder: Binder) -> list[str]:
    if is_manifest(e):
        try:
            exp = manifest.load(e)
        except manifest.ManifestError:
            exp = None  # the deck's body is not YAML after all: compare it as text
        if exp is not None:
            try:
                got = manifest.load(g)
            except manifest.ManifestError as err:
                binder.unreadable = True
                return [f"the manifest in the here-document: {err}"]
            cmp = compare(exp, got, binder.match, binder.show)
            binder.notes += cmp.notes
            return [f"manifest: {r}" for r in cmp.reasons]
    e_lines = [x.rstrip() for x in e.strip("\n").split("\n")]
    g_lines = [x.rstrip() for x in g.strip("\n").split("\n")]
    if binder.match("\n".join(e_lines), "\n".join(g_lines)):
        return []
    for n, (x, y) in enumerate(zip(e_lines, g_lines), 1):
        if x != y:
            return [f"the here-document's text differs at its line {n}: expected `{x}`, got `{y}`"]
    return [f"the here-document's text: expected {len(e_lines)} lines, got {len(g_lines)}"]
