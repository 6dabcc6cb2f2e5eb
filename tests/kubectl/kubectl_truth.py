"""What the two real-kubectl truth tests share: picking table cases, building argument lists,
rendering them with ``--dry-run=client -o json`` and comparing the objects with the labels.

Used by test_kubectl_dry_run_truth.py (offline commands) and test_kubectl_dry_run_server.py
(commands that need a 127.0.0.1 discovery stub); each supplies its own kubectl environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from drills.kubectl.canonical import canonicalize
from drills.kubectl.tokenizer import PLACEHOLDER, tokenize
from kubectl_cases import CASES

KUBECTL = shutil.which("kubectl", path=os.path.dirname(sys.executable))


def argv_for(text: str) -> list[str] | None:
    """The argument list kubectl runs for a one-segment command, printing the object it would send."""
    segs = tokenize(text)
    if len(segs) != 1 or segs[0].redirects:
        return None
    words = [w.text for w in segs[0].words]
    if words[0] not in ("kubectl", "k"):
        return None
    rest = words[1:]
    cut = rest.index("--") if "--" in rest else len(rest)
    return [KUBECTL, *rest[:cut], "--dry-run=client", "-o", "json", *rest[cut:]]


def select_cases(paths: set[str], skip_flags: set[str]) -> list[tuple[int, list[str], list[str], str]]:
    """(index, expected argv, answer argv, label) for the table cases whose expected command is one
    of ``paths`` and in which neither command uses one of ``skip_flags``."""
    out = []
    for i, (expected, answer, status, _token) in enumerate(CASES):
        if status == "unreadable" or PLACEHOLDER.search(expected + answer):
            continue
        try:
            exp, got = canonicalize(expected), canonicalize(answer)
        except ValueError:
            continue
        if len(exp) != 1 or exp[0].path not in paths:
            continue
        if {n for c in exp + got for n, _ in c.flags} & skip_flags:
            continue
        a, b = argv_for(expected), argv_for(answer)
        if a and b:
            out.append((i, a, b, status))
    return out


def _pull_policy(image: str) -> str:
    last = image.rsplit("/", 1)[-1]
    pinned = "@" in image or (":" in last and not last.endswith(":latest"))
    return "IfNotPresent" if pinned else "Always"


def normalise(obj):
    """Drop volatile fields; apply the API server defaults FACTS.md lists (the end state is judged):
    Secret type Opaque, Service type ClusterIP / port protocol TCP / targetPort = port, container
    imagePullPolicy (IfNotPresent for a pinned tag, else Always)."""
    obj.get("metadata", {}).pop("creationTimestamp", None)
    if obj.get("kind") == "Secret":
        obj.setdefault("type", "Opaque")
    if obj.get("kind") == "Service":
        spec = obj.setdefault("spec", {})
        spec.setdefault("type", "ClusterIP")
        for port in spec.get("ports", []):
            port.setdefault("protocol", "TCP")
            port.setdefault("targetPort", port.get("port"))
    if obj.get("kind") == "Pod":
        for c in obj.get("spec", {}).get("containers", []):
            c.setdefault("imagePullPolicy", _pull_policy(c.get("image", "")))
    for tmpl in (obj.get("spec", {}).get("template", {}), obj.get("spec", {}).get("jobTemplate", {})):
        tmpl.get("metadata", {}).pop("creationTimestamp", None)
        tmpl.get("spec", {}).get("template", {}).get("metadata", {}).pop("creationTimestamp", None)
    return obj


def kubectl_env(home: Path, kubeconfig: str) -> dict[str, str]:
    """A private HOME holding ``kubeconfig``: the environment every kubectl run gets."""
    cfg = home / "kubeconfig"
    cfg.write_text(kubeconfig)
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "KUBECONFIG": str(cfg), "LANG": "C"}


def mislabelled(cases, env: dict[str, str]) -> list[str]:
    """Render every distinct argv once (four at a time) and list the cases whose label disagrees
    with kubectl: equal objects <=> ``correct``. An accepted answer kubectl rejects fails at once."""
    argvs = sorted({tuple(a) for _, a, _, _ in cases} | {tuple(b) for _, _, b, _ in cases})

    def render(argv):
        p = subprocess.run(list(argv), capture_output=True, text=True, env=env, timeout=30)
        return argv, (normalise(json.loads(p.stdout)) if p.returncode == 0 else None), p.stderr

    with ThreadPoolExecutor(max_workers=4) as pool:
        rendered = {argv: (obj, err) for argv, obj, err in pool.map(render, argvs)}
    wrong = []
    for i, a, b, status in cases:
        obj_a, err_a = rendered[tuple(a)]
        obj_b, _ = rendered[tuple(b)]
        assert obj_a is not None, f"case {i}: kubectl rejects the accepted answer {a}: {err_a}"
        same = obj_b is not None and obj_a == obj_b
        if same != (status == "correct"):
            wrong.append(f"case {i}: labelled {status} but kubectl objects are {'equal' if same else 'different'}: "
                         f"{' '.join(a[1:])}  vs  {' '.join(b[1:])}")
    return wrong
