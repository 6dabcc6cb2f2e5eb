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
- a command with no object (``--all``), and a run mixing named objects with a whole type
  (``get pods`` and ``get pod web`` cannot be one command), or naming an object twice.

The same holds for files: ``delete``, ``apply``, ``create``, ``get`` and ``describe`` take ``-f`` more
than once and act on the files in the order given, each object the same way, so ``kubectl apply -f
a.yaml -f b.yaml`` does what ``kubectl apply -f a.yaml`` then ``kubectl apply -f b.yaml`` do. A run
of such commands (no objects named, identical other flags, no file twice) folds into one command
over its files, in the order typed (the order of ``-f`` is kept, as everywhere). Kept apart, besides
the above: ``-f -`` (one stdin), ``apply --prune`` (prunes what the whole file set leaves out),
``create --edit`` (one editor session), and ``apply``/``create`` of a file named like a
CustomResourceDefinition (``crd.yaml``): kubectl maps every object of one ``apply`` before it sends
any, so a resource of a type the same command defines fails ("ensure CRDs are installed first")
where two commands succeed; the grader cannot see what a file holds, so it goes by the name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from drills.kubectl.form import Canon, FlagValue

Step = list[Canon]

MULTI_OBJECT_PATHS = frozenset({"delete", "get", "describe", "label", "annotate"})
# Flags that make several objects in one command differ from one command per object (docstring).
SINGLE_OBJECT_FLAGS = frozenset({"template", "sort-by", "watch", "watch-only", "resource-version", "raw"})
SAME_LINE_OUTPUTS = frozenset({"wide", "name"})
MULTI_FILE_PATHS = frozenset({"delete", "apply", "create", "get", "describe"})
SINGLE_FILE_SET_FLAGS = frozenset({"prune", "prune-allowlist", "edit", "all"})
# A file that may define a type a later file of the same apply/create uses (docstring).
DEFINES_TYPES = re.compile(r"crd|customresourcedefinition", re.I)


def _foldable(step: Step, paths: frozenset[str]) -> Canon | None:
    """The one kubectl command of ``step`` when nothing but its objects or files keeps it apart."""
    if len(step) != 1:
        return None
    c = step[0]
    if (c.program != "kubectl" or c.path not in paths or c.redirects or c.command is not None
            or c.problems or c.op == "|"):
        return None
    flags = c.flag_map()
    if any(name in flags for name in SINGLE_OBJECT_FLAGS):
        return None
    if "output" in flags and flags["output"] not in SAME_LINE_OUTPUTS:
        return None
    return c


def _mergeable(step: Step) -> Canon | None:
    """The command of ``step`` when its objects may be folded with its neighbours', else None."""
    c = _foldable(step, MULTI_OBJECT_PATHS)
    if c is None or not c.objects:
        return None
    named = {bool(n) for _, n in c.objects}
    if len(named) != 1 or len(set(c.objects)) != len(c.objects):
        return None
    return c


def _joins(a: Canon, b: Canon) -> bool:
    """Same command, flags and arguments; both name objects (or both whole types); none shared."""
    return (a.path == b.path and a.flags == b.flags and a.args == b.args
            and bool(a.objects[0][1]) == bool(b.objects[0][1]) and not set(a.objects) & set(b.objects))


def _files(c: Canon) -> tuple[str, ...]:
    value: FlagValue = c.flag_map().get("filename", ())
    return value if isinstance(value, tuple) else (value,)


def _file_mergeable(step: Step) -> Canon | None:
    """The command of ``step`` when its files may be folded with its neighbours', else None."""
    c = _foldable(step, MULTI_FILE_PATHS)
    if c is None or c.objects or c.args or not _files(c) or "-" in _files(c):
        return None
    if any(name in SINGLE_FILE_SET_FLAGS for name, _ in c.flags):
        return None
    if c.path in ("apply", "create") and any(DEFINES_TYPES.search(f) for f in _files(c)):
        return None
    return c


def _file_joins(a: Canon, b: Canon) -> bool:
    """Same command and flags but for the files; no file in both."""
    others = [(n, v) for n, v in a.flags if n != "filename"] == [(n, v) for n, v in b.flags if n != "filename"]
    return a.path == b.path and others and not set(_files(a)) & set(_files(b))


def _with_files(c: Canon, files: tuple[str, ...]) -> Canon:
    return replace(c, flags=tuple((n, files if n == "filename" else v) for n, v in c.flags))


def merge_runs(steps: list[Step]) -> tuple[list[Step], str | None]:
    """``steps`` with each foldable run made one step (objects sorted, files in order, hints kept for
    the notes), and the note for a right answer when anything was folded."""
    out: list[Step] = []
    note: str | None = None
    for step in steps:
        c, f = _mergeable(step), _file_mergeable(step)
        prev = _mergeable(out[-1]) if out else None
        prev_f = _file_mergeable(out[-1]) if out else None
        if c is not None and prev is not None and _joins(prev, c):
            out[-1] = [replace(prev, objects=tuple(sorted(prev.objects + c.objects)), op=c.op,
                               hints=tuple(dict.fromkeys(prev.hints + c.hints)))]
            note = note or OBJECTS_NOTE.format(path=c.path)
        elif f is not None and prev_f is not None and _file_joins(prev_f, f):
            out[-1] = [replace(_with_files(prev_f, _files(prev_f) + _files(f)), op=f.op,
                               hints=tuple(dict.fromkeys(prev_f.hints + f.hints)))]
            note = note or FILES_NOTE.format(path=f.path)
        else:
            out.append(step)
    return out, note


OBJECTS_NOTE = ("also right; one `kubectl {path}` over several objects does what one `kubectl {path}` "
                "per object does")
FILES_NOTE = ("also right; one `kubectl {path}` with several -f does what one `kubectl {path}` per file "
              "does, in the same order")
