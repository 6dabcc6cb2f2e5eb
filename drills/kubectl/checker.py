"""Judge a typed answer against the deck's accepted answers, naming the token that differs.

Placeholders in an accepted answer (``<pod>``, ``<service>:<port>``) match any non-empty value; the
same placeholder must bind the same value everywhere in the answer. With several accepted answers the
best match is reported (correct beats incorrect; then fewest reasons).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from drills.kubectl import resources, tools
from drills.kubectl.canonical import Canon, canonicalize, render_one
from drills.kubectl.confusions import why_different
from drills.kubectl.form import NODE_CMDS, ORDERLESS_TYPES, POD_CMDS, FlagValue, ObjectRef, flag_text
from drills.kubectl.multi_object import merge_runs
from drills.kubectl.placeholders import Binder
from drills.kubectl.reads import changes_state, is_check, is_read_only
from drills.kubectl.shape import is_manifest
from drills.kubectl.sequences import (
    SKIP_COST, Step, align, fold_cat_heredocs, source_steps, split_steps, step_text,
)
from drills.kubectl.tokenizer import ShellSyntaxError
from drills.kubectl.verdict import CORRECT, INCORRECT, UNREADABLE, Verdict, capped


def check(expected: str | Iterable[str], answer: str, *, reads_required: bool = False) -> Verdict:
    """The verdict for ``answer`` against one or several accepted answers. ``reads_required``: the
    card's front asks to see something (drills.deck.checks.asks_to_see), so every read-only command
    of an accepted answer is required, not an optional check (drills.kubectl.reads)."""
    accepted = [expected] if isinstance(expected, str) else list(expected)
    if not isinstance(answer, str) or not answer.strip():
        return Verdict(UNREADABLE, ["cannot read this answer: it is empty"])
    manifests = [a for a in accepted if is_manifest(a)]
    if manifests:  # "write the manifest" answers: YAML compared as data
        from drills.kubectl.manifest_check import check_manifest

        verdict = check_manifest(manifests, answer)
        accepted = [a for a in accepted if a not in manifests]
        if verdict.correct or not accepted:
            return verdict
        other = check(accepted, answer, reads_required=reads_required)
        return other if _rank(other) < _rank(verdict) else verdict
    if is_manifest(answer):
        return Verdict(INCORRECT, ["expected a command, got a manifest (YAML): type the command, e.g. "
                                   "`kubectl apply -f - <<EOF`, the manifest, `EOF`"], matched=accepted[0])
    try:
        got = canonicalize(answer)
    except ShellSyntaxError as e:
        return Verdict(UNREADABLE, [f"cannot read this answer: {e}"])
    except RecursionError:
        return Verdict(UNREADABLE, ["cannot read this answer: nested too deeply"])
    if not got:
        return Verdict(UNREADABLE, ["cannot read this answer: it holds no command"])
    best: Verdict | None = None
    bad_decks: list[str] = []
    for exp_text in accepted:
        try:
            exp = canonicalize(exp_text)
        except ShellSyntaxError as e:
            bad_decks.append(f"the deck's answer cannot be read: {e}")
            continue
        v = _judge(exp, got, exp_text, answer, reads_required)
        v.matched = exp_text
        if best is None or _rank(v) < _rank(best):
            best = v
        if v.status == CORRECT:
            break
    if best is None:
        return Verdict(UNREADABLE, bad_decks or ["no accepted answer to check against"])
    return best


def _rank(v: Verdict) -> tuple[int, int, int]:
    return (0 if v.status == CORRECT else 1, len(v.reasons), len(v.notes))


def _judge(exp: list[Canon], got: list[Canon], exp_text: str | None = None,
           got_text: str | None = None, reads_required: bool = False) -> Verdict:
    binder = Binder()
    reasons: list[str] = []
    notes: list[str] = []
    # The deck's own answer may be one kubectl 1.37 rejects: the same mistake in the answer is the deck's
    # fault (an answer identical to the deck's is never "incorrect"); an answer without it does not do
    # what the deck's answer does (nothing), and the reason says why, about the deck.
    deck_problems = list(dict.fromkeys(p for c in exp for p in c.problems))
    got_problems = {p for c in got for p in c.problems}
    for c in got:
        reasons.extend(p for p in c.problems if p not in deck_problems)
    for p in deck_problems:
        (notes if p in got_problems else reasons).append(f"the deck's answer is not valid on kubectl 1.37: {p}")
    exp_steps = split_steps(fold_cat_heredocs(exp))
    got_steps = split_steps(fold_cat_heredocs(got))
    step_reasons, step_notes = _compare_steps(exp_steps, got_steps, binder, exp_text, got_text, reads_required)
    if step_reasons:
        # One command over several objects = one command per object (drills.kubectl.multi_object).
        exp_folded, exp_note = merge_runs(exp_steps)
        got_folded, got_note = merge_runs(got_steps)
        if exp_note or got_note:
            folded_binder = Binder()
            folded_reasons, folded_notes = _compare_steps(exp_folded, got_folded, folded_binder,
                                                          exp_text, got_text, reads_required)
            if not folded_reasons:
                binder, step_reasons = folded_binder, []
                step_notes = folded_notes + [got_note or exp_note or ""]
    reasons += step_reasons
    notes += step_notes
    reasons = list(dict.fromkeys(reasons))
    reasons = capped(reasons)
    if reasons:
        status = UNREADABLE if binder.unreadable else INCORRECT
        return Verdict(status, reasons, [], bindings=dict(binder.bindings))
    notes += binder.notes
    return Verdict(CORRECT, [], list(dict.fromkeys(notes)), bindings=dict(binder.bindings))


def _compare_steps(exp: list[Step], got: list[Step], binder: Binder, exp_text: str | None,
                   got_text: str | None, reads_required: bool) -> tuple[list[str], list[str]]:
    if len(exp) == 1 and len(got) == 1:
        return _compare_step(exp[0], got[0], binder)
    return _judge_sequence(exp, got, binder, exp_text, got_text, reads_required)


def _judge_sequence(exp: list[Step], got: list[Step], binder: Binder, exp_text: str | None = None,
                    got_text: str | None = None, reads_required: bool = False) -> tuple[list[str], list[str]]:
    """Every expected step, in order: reasons name the step (``command 2 of 2: …``, ``missing
    command 2: …``, ``unexpected command 3: …``). A check the answer leaves out after a change (unless
    ``reads_required``: the front asks to see it), and a read-only command the expected answer does
    not have, are notes (see drills.kubectl.reads)."""
    total = len(exp)
    checks_optional = changes_state(exp) and not reads_required
    reasons: list[str] = []
    notes: list[str] = []
    written = source_steps(exp_text) if exp_text is not None else None
    if written is not None and len(written) != total:
        written = None  # a `cat <<EOF |` fold or a parse difference: fall back to the canonical form

    typed = source_steps(got_text) if got_text is not None else None
    if typed is not None and len(typed) != len(got):
        typed = None

    def shown(i: int) -> str:
        return step_text(exp[i], written[i] if written else None)

    pairs = align(exp, got, _step_cost)
    missing: list[int] = [i for i, j in pairs if j is None and i is not None]
    extra: list[int] = [j for i, j in pairs if i is None and j is not None]
    # A missing step the student did type, elsewhere: say it is out of order, not missing.
    misplaced: dict[int, int] = {}
    for m in missing:
        for x in extra:
            if x not in misplaced.values() and not _compare_step(exp[m], got[x], Binder())[0]:
                misplaced[m] = x
                break
    for i, j in pairs:
        if i is not None and j is not None:
            step_reasons, step_notes = _compare_step(exp[i], got[j], binder)
            reasons += [f"command {i + 1} of {total}: {r}" for r in step_reasons]
            notes += step_notes
        elif i is not None and i in misplaced:
            reasons.append(f"command {i + 1} of {total} is out of order: `{shown(i)}` is your "
                           f"command {misplaced[i] + 1}")
        elif i is not None and checks_optional and is_check(exp[i]):
            notes.append(f"check command not required: {shown(i)}")
        elif i is not None:
            reasons.append(f"missing command {i + 1}: {shown(i)}")
        elif j is not None and j not in misplaced.values() and is_read_only(got[j]):
            notes.append(f"extra check command ignored: {step_text(got[j], typed[j] if typed else None)}")
        elif j is not None and j not in misplaced.values():
            # as typed (spacing aside): the canonical form (`--grace-period=1` for a typed 0) is not
            # what the student must find in their answer
            reasons.append(f"unexpected command {j + 1}: {step_text(got[j], typed[j] if typed else None)}")
    return reasons, notes


def _step_cost(e: Step, g: Step) -> int:
    """How different two steps are, for the alignment (see drills.kubectl.sequences)."""
    if (e[0].program, e[0].path) != (g[0].program, g[0].path):
        return 2 * SKIP_COST + 1
    return min(len(_compare_step(e, g, Binder())[0]), 2 * SKIP_COST - 1)


def _compare_step(e: Step, g: Step, binder: Binder) -> tuple[list[str], list[str]]:
    """One step: a command, or a pipeline compared segment by segment."""
    reasons: list[str] = []
    notes: list[str] = []
    if len(e) != len(g):
        reasons.append(f"the pipeline: expected {_count(len(e))}, got {_count(len(g))}")
    for k, (x, y) in enumerate(zip(e, g)):
        seg_reasons = _compare(x, y, binder)
        prefix = "after `|`: " if k and x.program == "kubectl" else ""
        reasons += [prefix + r for r in seg_reasons]
        if not seg_reasons:
            notes += _notes(x, y)
    return reasons, notes


def _count(n: int) -> str:
    return "1 command" if n == 1 else f"{n} commands"


def _shown(value: FlagValue) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) if value else "(none)"
    return value


def _compare(e: Canon, g: Canon, b: Binder) -> list[str]:
    if e.program != g.program:
        if e.program == "kubectl":
            return [f"expected a kubectl command, got `{g.program}`"]
        return [f"expected `{e.program}`, got `{g.program}`"]
    if e.program in tools.TOOLS:
        return tools.compare(tools.read(e.program, e.args), tools.read(g.program, g.args), b.match) \
            + _compare_redirects(e, g, b)
    if e.program != "kubectl":
        if not b.match(e.args, g.args):
            return [f"`{e.program}`: expected `{render_one(e)}`, got `{render_one(g)}`"]
        return _compare_redirects(e, g, b)
    if e.path != g.path:
        if any(p.startswith("unknown command") for p in g.problems):
            return []  # already said, with a suggestion
        if not g.path:
            return ["no kubectl command found"]
        why = why_different(e, g)
        return [f"command: expected `kubectl {e.path}`, got `kubectl {g.path}`" + (f": {why}" if why else "")]
    reasons: list[str] = []
    apart = _type_and_name_apart(e, g, b)
    if apart:
        reasons.append(apart)
        if not b.match(e.args, g.args[1:]):
            reasons += _compare_args(e.args, g.args[1:], b, False)
    else:
        reasons += _compare_objects(e, g, b)
        if not b.match(e.args, g.args):
            reasons += _compare_args(e.args, g.args, b, e.path.startswith("create ") or e.path == "run")
    ef, gf = e.flag_map(), g.flag_map()
    for name in sorted(set(ef) | set(gf), key=lambda n: (n not in ef, n)):
        if name not in gf:
            reasons.append(f"missing {flag_text(name, b.show(ef[name]))}")
        elif name not in ef:
            reasons.append(f"unexpected {flag_text(name, gf[name])}")
        elif not b.match(ef[name], gf[name]):
            reasons.append(f"--{name}: expected {_shown(b.show(ef[name]))}, got {_shown(gf[name])}")
    if e.command != g.command and not b.match(e.command, g.command):
        if e.command is None:
            reasons.append(f"unexpected container command `{' '.join(g.command or ())}`")
        elif g.command is None:
            reasons.append(f"missing the container command `-- {' '.join(e.command)}`")
        else:
            # verbatim: `sh -c 'X'` = `X` or `sh` = `/bin/sh` hold only if the image has that shell at
            # that path and X reads no environment the shell adds (PWD, SHLVL): unprovable here
            reasons.append(f"after --: expected `{_argv(b.show(e.command))}`, got `{_argv(g.command)}` "
                           f"(the command run in the container is compared word for word)")
    reasons += _compare_redirects(e, g, b)
    return reasons


def _argv(cmd: tuple[str, ...]) -> str:
    # show argv boundaries: `-- 'sleep 3600'` (one element) vs `-- sleep 3600` (two)
    return " ".join(shlex.quote(a) for a in cmd)


def _compare_redirects(e: Canon, g: Canon, b: Binder) -> list[str]:
    e_files = tuple(f"{o} {t}" for o, t in e.redirects if o != "<<")
    g_files = tuple(f"{o} {t}" for o, t in g.redirects if o != "<<")
    reasons = []
    if not b.match(e_files, g_files):
        reasons.append(f"redirection: expected {' '.join(e_files) or 'none'}, got {' '.join(g_files) or 'none'}")
    e_docs = [t for o, t in e.redirects if o == "<<"]
    g_docs = [t for o, t in g.redirects if o == "<<"]
    if e_docs or g_docs:
        from drills.kubectl.manifest_check import compare_heredocs

        reasons += compare_heredocs(e_docs, g_docs, b, f"kubectl {e.path}" if e.program == "kubectl" else e.program)
    return reasons


def _kind(type_key: str) -> str:
    r = resources.by_key(type_key)
    return r.kind if r else type_key


def _compare_objects(e: Canon, g: Canon, b: Binder) -> list[str]:
    if b.match(tuple(e.objects), tuple(g.objects)):
        return []
    if (e.path in ORDERLESS_TYPES or e.path in NODE_CMDS) and b.match_unordered(e.objects, g.objects):
        return []
    reasons = []
    if len(e.objects) != len(g.objects):
        want = ", ".join(_obj(o) for o in e.objects) or "none"
        got = ", ".join(_obj(o) for o in g.objects) or "none"
        return [f"objects: expected {want}, got {got}"]
    for (et, en), (gt, gn) in zip(e.objects, g.objects):
        if not b.match(et, gt):
            typed = _typed_type(g, gt)
            if resources.by_key(gt) is None and resources.by_key(et) is not None:
                reasons.append(f"`{typed}` is not a resource type a Kubernetes 1.37 server knows; "
                               f"the task wants the {_kind(et)}")
            else:
                reasons.append(f"`{typed}` is {_a(_kind(gt))}, the task wants the {_kind(et)}")
        if not b.match(en, gn):
            if not en:
                reasons.append(f"unexpected name {gn} (the task wants every {_kind(et)})")
            elif not gn:
                reasons.append(f"missing the name {en}")
            else:
                reasons.append(f"name: expected {b.show(en)}, got {gn}")
    return reasons


def _type_and_name_apart(e: Canon, g: Canon, b: Binder) -> str | None:
    """`kubectl port-forward svc web 9090:80`: the type and the name typed as two arguments, where
    logs / exec / attach / port-forward take one (TYPE/NAME); kubectl reads `svc` as a Pod's name."""
    if e.path not in POD_CMDS or len(e.objects) != 1 or len(g.objects) != 1 or not g.args:
        return None
    (et, en), (gt, word) = e.objects[0], g.objects[0]
    r = resources.lookup(word)
    if gt != "pods" or r is None or not en or not b.match(en, g.args[0]):
        return None
    return (f"`{word} {g.args[0]}`: {e.path} takes the {_kind(et)} as one argument, {word}/{g.args[0]}; "
            f"apart, kubectl reads `{word}` as the name of a Pod")


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeio" else "a ") + word


def _typed_type(c: Canon, key: str) -> str:
    r = resources.by_key(key)
    for h in c.hints:
        if h[0] == "alias" and r is not None and h[2] == r.plural:
            return h[1]
    return r.plural if r else key


def _obj(o: ObjectRef) -> str:
    return f"{_kind(o[0])} {o[1]}" if o[1] else f"all {o[0]}"


def _compare_args(exp: tuple[str, ...], got: tuple[str, ...], b: Binder, first_is_name: bool) -> list[str]:
    if len(exp) == len(got):
        out = []
        for i, (x, y) in enumerate(zip(exp, got)):
            if not b.match(x, y):
                label = "name" if i == 0 and first_is_name else "argument"
                out.append(f"{label}: expected {b.show(x)}, got {y}")
        return out
    missing = [x for x in exp if x not in got]
    extra = [y for y in got if y not in exp]
    out = [f"missing argument {x}" for x in missing] + [f"unexpected argument {y}" for y in extra]
    return out or [f"arguments: expected {' '.join(exp)}, got {' '.join(got)}"]


def _notes(e: Canon, g: Canon) -> list[str]:
    if e.program in tools.TOOLS:
        return tools.notes(tools.read(e.program, e.args), tools.read(g.program, g.args))
    notes = []
    e_alias = {h[1] for h in e.hints if h[0] == "alias"}
    for h in g.hints:
        if h[0] == "alias" and h[1] not in e_alias and resources.is_short_name(h[1]):
            notes.append(f"also right; {resources.describe_alias(h[1]) or h[1]}")
    e_cmd = {h[1] for h in e.hints if h[0] == "command"}
    for h in g.hints:
        if h[0] == "command" and h[1] not in e_cmd:
            notes.append(f"also right; `kubectl {h[1]}` is short for `kubectl {h[2]}`")
    for h in e.hints:
        if h[0] == "current-namespace" and h not in g.hints:
            notes.append(f"also right if your current namespace is `default`; the deck's answer uses {h[1]}")
        if h[0] == "default" and h not in g.hints:
            notes.append(f"also right; the deck's answer uses {h[1]} (the default)")
    for h in g.hints:
        if h[0] == "default" and h not in e.hints:
            notes.append(f"also right; {h[1]} is the default")
        if h[0] == "shortcut" and h not in e.hints:
            from drills.kubectl.parse import SHORTCUTS

            held = " ".join(SHORTCUTS[h[1].strip("${}")])
            notes.append(f"also right, if {h[1]} holds the usual `{held}`")
        if h[0] == "newline" and h not in e.hints:
            notes.append(f"also right; the trailing {h[1]} only adds a line break")
        if h[0] == "current-namespace" and h not in e.hints:
            # The student named the namespace; it is the deck's answer that relies on the current one.
            notes.append(f"also right; the deck's answer leaves out {h[1]} because it assumes your "
                         f"current namespace is `default`")
        if h[0] == "scope" and h not in e.hints:
            notes.append(f"also right; {h[1]} changes nothing here: {h[2]}")
        if h[0] == "printed" and h not in e.hints:
            notes.append(f"also right; {h[1]} only changes what is printed: the object is the same")
    e_deprecated = {h for h in e.hints if h[0] == "deprecated"}
    for h in g.hints:
        if h[0] == "deprecated" and h not in e_deprecated:
            notes.append(f"also right, but --{h[1]} is deprecated in kubectl 1.37: {h[2]}")
    return notes
