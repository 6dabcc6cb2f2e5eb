"""A drill task with no answer takes the command that does exactly that task elsewhere on the page.

"Create deployment `api` with image nginx" and tutorial step 2's ``kubectl create deployment api
--image=nginx`` share the verb (create), the resource (deployment) and every name the task gives
(``api``). Only an unambiguous match counts: one distinct command, with at least one name. The
card's back then says where it comes from ("from tutorial step 2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drills.course.model import Week
from drills.deck.values import literals, segments
from drills.deck.words import object_kind, split_flag

# Task wording verb -> kubectl verbs that do it.
VERBS = {
    "create": {"create", "run"}, "make": {"create", "run"}, "run": {"run"}, "start": {"run"},
    "expose": {"expose"}, "scale": {"scale"}, "delete": {"delete"}, "remove": {"delete"},
    "get": {"get"}, "list": {"get"}, "show": {"get", "describe", "logs"}, "print": {"get"},
    "describe": {"describe"}, "label": {"label"}, "annotate": {"annotate"}, "autoscale": {"autoscale"},
    "roll": {"rollout"}, "undo": {"rollout"}, "restart": {"rollout"}, "patch": {"patch"},
    "port-forward": {"port-forward"}, "forward": {"port-forward"}, "exec": {"exec"},
}
RESOURCE_WORDS = re.compile(
    r"\b(pods?|deployments?|services?|svc|configmaps?|secrets?|namespaces?|jobs?|cronjobs?|"
    r"statefulsets?|daemonsets?|ingress(?:es)?|serviceaccounts?|roles?|rolebindings?|quotas?|"
    r"resourcequotas?|networkpolic(?:y|ies)|pvcs?|persistentvolumeclaims?)\b", re.I)


@dataclass
class Source:
    """A command the page runs in a tutorial step or a lab solution."""

    command: str
    label: str  # "tutorial step 2", "the Solution Key of challenge 1"


@dataclass
class Borrowed:
    command: str
    label: str


def page_commands(week: Week) -> list[Source]:
    out = [Source(c, f"tutorial step {s.number}") for s in week.steps for c in s.commands]
    for ch in week.challenges:
        if ch.solution:
            out += [Source(c, f"the Solution Key of challenge {ch.number}") for c in ch.solution.commands]
    return out


def _wording(text: str) -> tuple[set[str], str | None, set[str]]:
    """(kubectl verbs that do it, resource kind, names in code spans) of a task's wording."""
    first = re.match(r"^\s*([A-Za-z-]+)", text)
    verbs = VERBS.get(first.group(1).lower(), set()) if first else set()
    res = RESOURCE_WORDS.search(text)
    kind = object_kind(res.group(1).lower()) if res else None
    if kind == "quota":
        kind = "resourcequota"
    names = {c for c in re.findall(r"`([^`\s]+)`", text) if not c.startswith("-")}
    return verbs, kind, names


def _command(command: str) -> tuple[str, str | None, set[str]]:
    words = next((w for w in segments(command) if w and w[0] in ("kubectl", "k")), [])
    pos = [w for w in words[1:] if split_flag(w) is None]
    verb = pos[0] if pos else ""
    kind = None
    if verb == "run":
        kind = "pod"
    elif len(pos) > 1:
        kind = object_kind(pos[1].split("/", 1)[0])
    if kind == "quota":
        kind = "resourcequota"
    names = {lit.text for lit in literals(command)} | set(words)
    return verb, kind, names


_NUMBER = r"(?<![\w.]){}(?![\w.]|\.\d)"
_IMAGE_WORD = re.compile(r"\bimage\s+`?([\w./:@-]+?)`?(?=[\s,;.)]|$)", re.I)


def _contradicts(task_text: str, command: str) -> bool:
    """The task states a value the command does not use: "to 5 replicas" vs ``--replicas=3``, "with
    image httpd" vs ``--image=nginx``. Such a command does another task, however alike."""
    for n in re.findall(r"(?<![\w.])\d+(?![\w.]|\.\d)", task_text):
        if not re.search(_NUMBER.format(re.escape(n)), command):
            return True
    m = _IMAGE_WORD.search(task_text)
    images = [lit.text for lit in literals(command) if lit.role == "image"]
    if m and images and not any(i == m.group(1) or i.startswith(m.group(1) + ":") for i in images):
        return True
    return False


def borrow(task_text: str, sources: list[Source]) -> Borrowed | None:
    """The page's command for this task when exactly one distinct command matches, else None."""
    verbs, kind, names = _wording(task_text)
    if not verbs or kind is None or not names:
        return None
    found: dict[str, str] = {}
    for src in sources:
        verb, ckind, cnames = _command(src.command)
        if verb in verbs and ckind == kind and names <= cnames and not _contradicts(task_text, src.command):
            found.setdefault(src.command, src.label)
    if len(found) != 1:
        return None
    command, label = next(iter(found.items()))
    return Borrowed(command, label)
