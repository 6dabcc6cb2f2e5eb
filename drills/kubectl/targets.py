"""The objects a kubectl command names (pure): ``edit quota q -n ns`` and ``create quota q -n ns``
both name ResourceQuota ``q`` in namespace ``ns``.

Used to read a page's "Or …" alternative that stands for ONE command of a longer solution
(``kubectl create namespace x`` + ``kubectl create quota q -n x``, then "Or edit: ``kubectl edit
quota q -n x``"): the alternative replaces the command on the same object, not the whole solution.
"""

from __future__ import annotations

from drills.kubectl import resources
from drills.kubectl.canonical import canonicalize
from drills.kubectl.tokenizer import ShellSyntaxError

Target = tuple[str, str, str]  # (resource key, name, namespace as given or "")


def named_objects(command: str) -> frozenset[Target]:
    """The objects one kubectl command names (empty for a file, a selector, another program, a
    command the tokenizer cannot read, or several commands)."""
    try:
        canons = canonicalize(command)
    except (ShellSyntaxError, RecursionError):
        return frozenset()
    if len(canons) != 1 or canons[0].program != "kubectl":
        return frozenset()
    canon = canons[0]
    ns = canon.flag_map().get("namespace")
    namespace = ns if isinstance(ns, str) else ""
    out = {(typ, name, namespace) for typ, name in canon.objects}
    words = canon.path.split()
    if words[:1] == ["create"] and len(words) > 1 and canon.args:
        made = resources.lookup(words[1])
        if made is not None:
            out.add((made.key, canon.args[0], namespace))
    elif words == ["run"] and canon.args:
        out.add(("pods", canon.args[0], namespace))
    return frozenset(out)


def replaces_one(commands: list[str], alternative: str) -> int | None:
    """The index of the one command in ``commands`` that names the same object as ``alternative``,
    or None (no object named, or several commands name it: the alternative is for them all)."""
    wanted = named_objects(alternative)
    if not wanted:
        return None
    hits = [i for i, c in enumerate(commands) if named_objects(c) & wanted]
    return hits[0] if len(hits) == 1 else None
