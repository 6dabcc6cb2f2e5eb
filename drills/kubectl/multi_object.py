"""One command over several objects = one command per object, in a row.

kubectl's ``delete``, ``get``, ``describe``, ``label`` and ``annotate`` take several objects
(``TYPE/NAME ...``, ``TYPE NAME NAME``, ``TYPE1,TYPE2``) and act on each the same way, with the same
flags; the order of the objects changes only the order of the lines printed (form.ORDERLESS_TYPES).
So ``kubectl delete job/once cronjob/every5`` does what ``kubectl delete job once`` then
``kubectl delete cronjob every5`` do, and the other way round.

:func:`merge_runs` folds every run of consecutive steps that are such commands, with the same command
path, identical flags and identical arguments (the ``key=value`` of label/annotate) into one step
over the union of their objects. Applied to both sides, two sequences that differ only in how they
split the objects compare equal. Kept out of the fold (their verdict stays what it was):

- pipelines, redirections, here-documents, a container command, a command kubectl rejects;
- a chosen output format (``-o yaml``/``jsonpath``/``--template``): several objects print as one
  ``List`` (a jsonpath like ``{.metadata.name}`` then prints nothing), one object prints itself;
  ``-o wide`` and ``-o name`` print the same lines either way;
- ``--sort-by`` (one table sorted across the objects), ``--watch``/``--watch-only`` (the first
  command never ends, so the next never runs), ``--resource-version`` (kubectl: only with a single
  resource), ``--raw``;
- a command with no object (``-f file``, ``--all``), and a run mixing named objects with a whole type
  (``get pods`` and ``get pod web`` cannot be one command), or naming an object twice.
"""

from __future__ import annotations

from dataclasses import replace

from drills.kubectl.form import Canon

Step = list[Canon]

MULTI_OBJECT_PATHS = frozenset({"delete", "get", "describe", "label", "annotate"})
# Flags that make several objects in one command differ from one command per object (docstring).
SINGLE_OBJECT_FLAGS = frozenset({"template", "sort-by", "watch", "watch-only", "resource-version", "raw"})
SAME_LINE_OUTPUTS = frozenset({"wide", "name"})


def _mergeable(step: Step) -> Canon | None:
    """The command of ``step`` when it may be folded with its neighbours, else None."""
    if len(step) != 1:
        return None
    c = step[0]
    if (c.program != "kubectl" or c.path not in MULTI_OBJECT_PATHS or c.redirects or c.command is not None
            or c.problems or not c.objects or c.op == "|"):
        return None
    flags = c.flag_map()
    if any(name in flags for name in SINGLE_OBJECT_FLAGS):
        return None
    if "output" in flags and flags["output"] not in SAME_LINE_OUTPUTS:
        return None
    named = {bool(n) for _, n in c.objects}
    if len(named) != 1 or len(set(c.objects)) != len(c.objects):
        return None
    return c


def _joins(a: Canon, b: Canon) -> bool:
    """Same command, flags and arguments; both name objects (or both whole types); none shared."""
    return (a.path == b.path and a.flags == b.flags and a.args == b.args
            and bool(a.objects[0][1]) == bool(b.objects[0][1]) and not set(a.objects) & set(b.objects))


def merge_runs(steps: list[Step]) -> tuple[list[Step], bool]:
    """``steps`` with each foldable run made one step (objects sorted, hints kept for the notes), and
    whether anything was folded."""
    out: list[Step] = []
    merged = False
    for step in steps:
        c = _mergeable(step)
        prev = _mergeable(out[-1]) if out else None
        if c is not None and prev is not None and _joins(prev, c):
            out[-1] = [replace(prev, objects=tuple(sorted(prev.objects + c.objects)), op=c.op,
                               hints=tuple(dict.fromkeys(prev.hints + c.hints)))]
            merged = True
        else:
            out.append(step)
    return out, merged
