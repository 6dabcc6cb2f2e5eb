"""Why a different command is not the deck's: the explanation after ``command: expected kubectl X,
got kubectl Y`` for the pairs students confuse, so the student learns what the other command does.

Each explanation states only what kubectl 1.37 does whatever the cluster holds (measured with
``--dry-run=client -o yaml``):

- ``kubectl create service KIND NAME`` always selects ``app=NAME`` (its own name; ExternalName
  included); ``kubectl expose TYPE NAME`` takes the selector from that object (a Pod's labels, a
  controller's selector) unless ``--selector`` gives one. So the two are the same Service only by
  coincidence of labels.
- ``kubectl run`` makes one Pod (since kubectl 1.18), never a Deployment, Job or CronJob; ``kubectl
  create deployment|job|cronjob`` makes that controller, whose Pods get generated names.
- ``kubectl create -f`` fails on an object that exists; ``kubectl apply -f`` creates or updates it
  and records the configuration it applied (the last-applied annotation; not with ``--server-side``,
  which records field managers instead).
"""

from __future__ import annotations

from drills.kubectl import resources
from drills.kubectl.form import Canon

WORKLOADS = {"create deployment": "Deployment", "create job": "Job", "create cronjob": "CronJob"}


def _kind(type_key: str) -> str:
    r = resources.by_key(type_key)
    return r.kind if r else type_key


def _exposed(c: Canon) -> str | None:
    """``deployment web`` for ``kubectl expose deployment web``; None when it names no one object."""
    if len(c.objects) != 1 or not c.objects[0][1]:
        return None
    type_key, name = c.objects[0]
    return f"{_kind(type_key).lower()} {name}"


def _copied(exposed: str) -> str:
    """What ``kubectl expose`` copies into the Service's selector: a Pod's labels, else its selector."""
    return f"{exposed}'s labels" if exposed.startswith("pod ") else f"{exposed}'s selector"


def _service(c: Canon) -> tuple[str, str] | None:
    """(``nodeport``, NAME) for ``kubectl create service nodeport NAME``."""
    if not c.path.startswith("create service ") or not c.args:
        return None
    return c.path.removeprefix("create service "), c.args[0]


def why_different(expected: Canon, got: Canon) -> str | None:
    """One clause saying why ``got``'s command does not do what ``expected``'s does, or None."""
    e, g = expected.path, got.path
    exposed = _exposed(expected) if e == "expose" else _exposed(got) if g == "expose" else None
    service = _service(got) if e == "expose" else _service(expected) if g == "expose" else None
    expose = expected if e == "expose" else got
    if exposed is not None and service is not None and "selector" not in expose.flag_map():  # else it is given
        kind, name = service
        return (f"`kubectl create service {kind} {name}` selects app={name} (its own name); "
                f"`kubectl expose {exposed}` copies {_copied(exposed)}")
    if g == "run" and e in WORKLOADS:
        return f"`kubectl run` makes a single Pod, not a {WORKLOADS[e]}"
    if e == "run" and g in WORKLOADS:
        return f"`kubectl {g}` makes a {WORKLOADS[g]}, not a single Pod"
    files = "filename" in expected.flag_map() and "filename" in got.flag_map()
    if files and e == "apply" and g == "create":
        return "`kubectl create -f` fails when the object exists; `kubectl apply -f` creates or updates it"
    if files and e == "create" and g == "apply" and "server-side" not in got.flag_map():  # no annotation then
        return "`kubectl apply -f` also records the configuration it applied (the last-applied annotation)"
    return None
