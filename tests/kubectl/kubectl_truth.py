"""What the two real-kubectl truth tests share: picking table cases, building argument lists,
rendering them with ``--dry-run=client -o json`` and comparing the objects with the labels.

Used by test_kubectl_dry_run_truth.py (offline commands) and test_kubectl_dry_run_server.py
(commands that need a 127.0.0.1 discovery stub); each supplies its own kubectl environment.
"""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from http.server import ThreadingHTTPServer
from pathlib import Path

from drills.kubectl.canonical import canonicalize
from drills.kubectl.tokenizer import PLACEHOLDER, tokenize
from kubectl_cases import CASES

KUBECTL = shutil.which("kubectl", path=os.path.dirname(sys.executable))


class LoopbackHTTPServer(ThreadingHTTPServer):
    """The stubs' server. kubectl fetches discovery for every API group at once, over a fresh
    connection each (these stubs speak HTTP/1.0); the default listen backlog of 5 overflowed under
    load, the kernel dropped the SYNs and retried after 1, 2, 4, 8, 16 s, and a kubectl ran into the
    30 s timeout (CI, stop 15). A deep backlog keeps every connection in the queue."""

    request_queue_size = 128
    daemon_threads = True


# `run --rm -it` attaches, and kubectl refuses --dry-run with it; when both commands of a case give these
# the same values, they are left out of both (the Pod's stdin/tty fields are then equal on both sides
# anyway, and --rm only deletes the Pod afterwards): the rest of the Pod (restartPolicy!) is compared.
ATTACH_FLAGS = frozenset({"stdin", "tty", "rm", "attach"})
_ATTACH_WORD = re.compile(r"-it|-ti|-i|-t|--(?:rm|stdin|tty|attach)(?:=\S+)?")


def argv_for(text: str, strip_attach: bool = False) -> list[str] | None:
    """The argument list kubectl runs for a one-segment command, printing the object it would send."""
    segs = tokenize(text)
    if len(segs) != 1 or segs[0].redirects:
        return None
    words = [w.text for w in segs[0].words]
    if words[0] not in ("kubectl", "k"):
        return None
    rest = words[1:]
    cut = rest.index("--") if "--" in rest else len(rest)
    if strip_attach:
        rest = [w for w in rest[:cut] if not _ATTACH_WORD.fullmatch(w)] + rest[cut:]
        cut = rest.index("--") if "--" in rest else len(rest)
    # the stub serves no OpenAPI document: schema validation off (it changes no object)
    no_schema = ["--validate=false"] if canonicalize(text)[0].path in ("create", "apply", "replace") else []
    return [KUBECTL, *rest[:cut], "--dry-run=client", "-o", "json", *no_schema, *rest[cut:]]


def select_cases(paths: set[str], skip_flags: set[str], same_flags: frozenset[str] = frozenset(),
                 strip_attach: bool = False) -> list[tuple[int, list[str], list[str], str]]:
    """(index, expected argv, answer argv, label) for the table cases whose expected command is one
    of ``paths``, in which neither command uses one of ``skip_flags`` and both give the flags in
    ``same_flags`` the same value (``patch --type``: a different type is a different request). With
    ``strip_attach``, cases where both give the ATTACH_FLAGS the same values run without them."""
    out = []
    for i, (expected, answer, status, _token) in enumerate(CASES):
        if status == "unreadable" or PLACEHOLDER.search(expected + answer) or "://" in expected + answer:
            continue  # placeholders are not commands; a URL would make kubectl reach beyond 127.0.0.1
        try:
            exp, got = canonicalize(expected), canonicalize(answer)
        except ValueError:
            continue
        if len(exp) != 1 or exp[0].path not in paths:
            continue
        if {n for c in exp + got for n, _ in c.flags} & skip_flags:
            continue
        if any(exp[0].flag_map().get(n) != c.flag_map().get(n) for c in got for n in same_flags):
            continue
        attach = strip_attach and any(n in ATTACH_FLAGS for c in exp + got for n, _ in c.flags)
        if attach and any(exp[0].flag_map().get(n) != c.flag_map().get(n) for c in got for n in ATTACH_FLAGS):
            continue
        a, b = argv_for(expected, attach), argv_for(answer, attach)
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
    # --record writes the command line itself, as typed, into this annotation: every spelling would be
    # a different object. The checker compares meaning; this one annotation is left out (docs/checking.md).
    obj.get("metadata", {}).get("annotations", {}).pop("kubernetes.io/change-cause", None)
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
    if obj.get("kind") in ("Role", "ClusterRole"):
        # RBAC rules are sets (of rules; of verbs, groups, resources in a rule): order grants nothing
        rules = [{k: sorted(v) if isinstance(v, list) else v for k, v in r.items()} for r in obj.get("rules", [])]
        obj["rules"] = sorted(rules, key=lambda r: json.dumps(r, sort_keys=True))
    for tmpl in (obj.get("spec", {}).get("template", {}), obj.get("spec", {}).get("jobTemplate", {})):
        tmpl.get("metadata", {}).pop("creationTimestamp", None)
        tmpl.get("spec", {}).get("template", {}).get("metadata", {}).pop("creationTimestamp", None)
    return obj


def _objects(stdout: str):
    """One object, or the list of them that kubectl prints one after another (``-f DIR``)."""
    dec, pos, out = json.JSONDecoder(), 0, []
    while pos < len(stdout.rstrip()):
        obj, end = dec.raw_decode(stdout, pos)
        out.append(normalise(obj))
        pos = end
        while pos < len(stdout) and stdout[pos].isspace():
            pos += 1
    # several objects (`-f DIR`, `label pod a b`): the set sent, whatever the order they are printed in
    return out[0] if len(out) == 1 else sorted(out, key=lambda o: json.dumps(o, sort_keys=True))


def kubectl_env(home: Path, kubeconfig: str) -> dict[str, str]:
    """A private HOME holding ``kubeconfig``: the environment every kubectl run gets."""
    cfg = home / "kubeconfig"
    cfg.write_text(kubeconfig)
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "KUBECONFIG": str(cfg), "LANG": "C"}


WORLD = {
    # files the table's commands name, so that kubectl reads real ones (a key from a file name, a
    # directory read file by file, an env file); contents differ so that a wrong file shows
    "web.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n",
    "shop.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop\ndata:\n  a: '1'\n",
    "manifests/one.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n",
    "manifests/two.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: two\n",
    "manifest/other.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n",
    "app.properties": "color=blue\nsize=3\n",
    "other.properties": "color=red\n",
    "app.env": "MODE=prod\nLEVEL=3\n",
    "conf/a.conf": "a\n",
    "conf/b.conf": "b\n",
    "tls.crt": "CERT\n",
    "tls.key": "KEY\n",
    "overlays/dev/kustomization.yaml": "resources: [sa.yaml]\nnamePrefix: dev-\n",
    "overlays/dev/sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop\n",
}


def seed_world(root: Path) -> Path:
    """A working directory holding :data:`WORLD`; every kubectl of the truth tests runs in it."""
    for name, text in WORLD.items():
        f = root / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
    return root


def mislabelled(cases, env: dict[str, str], cwd: Path | None = None) -> list[str]:
    """Render every distinct argv once (four at a time) and list the cases whose label disagrees
    with kubectl: equal objects <=> ``correct``. An accepted answer kubectl rejects fails at once."""
    argvs = sorted({tuple(a) for _, a, _, _ in cases} | {tuple(b) for _, _, b, _ in cases})

    def render(argv):
        p = subprocess.run(list(argv), capture_output=True, text=True, env=env, timeout=120, cwd=cwd)
        return argv, (_objects(p.stdout) if p.returncode == 0 else None), p.stderr

    if argvs:  # one run first fills kubectl's discovery cache under HOME: the others then read it
        render(argvs[0])
    with ThreadPoolExecutor(max_workers=4) as pool:
        rendered = {argv: (obj, err) for argv, obj, err in pool.map(render, argvs)}
    wrong = []
    for i, a, b, status in cases:
        obj_a, err_a = rendered[tuple(a)]
        obj_b, err_b = rendered[tuple(b)]
        if obj_a is None and "the deck's answer is not valid" in (CASES[i][3] or ""):
            same = obj_b is None and err_a == err_b  # both rejected, for the same reason
        else:
            assert obj_a is not None, f"case {i}: kubectl rejects the accepted answer {a}: {err_a}"
            same = obj_b is not None and obj_a == obj_b
        if same != (status == "correct"):
            wrong.append(f"case {i}: labelled {status} but kubectl objects are {'equal' if same else 'different'}: "
                         f"{' '.join(a[1:])}  vs  {' '.join(b[1:])}")
    return wrong
