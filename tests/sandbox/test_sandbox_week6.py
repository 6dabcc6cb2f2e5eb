"""Week 6 end to end against the sandbox with the real kubectl: the speed drill's answers in deck
order, and the four labs' solution commands reaching their success criteria. Commands and
manifests are read from the built deck (decks/week-06.yaml), so the test follows the deck."""

from __future__ import annotations

import ipaddress
import re
import shlex
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from drills.sandbox import Sandbox
from tests.sandbox.conftest import Kubectl, requires_kubectl

pytestmark = requires_kubectl
DECK = Path(__file__).resolve().parents[2] / "decks" / "week-06.yaml"
# commands that open an editor: not run here
INTERACTIVE = ("kubectl edit",)


def _cards() -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in yaml.safe_load(DECK.read_text())["cards"]}


def _sequence(card: dict[str, Any]) -> list[str]:
    """The card's commands in order: a multi-line answer is a sequence; several one-line answers of
    a lab card are its solution's steps (the deck's shape before sequences)."""
    answers = card["answers"]
    multi = next((a for a in answers if "\n" in a.strip()), None)
    lines = multi.strip().splitlines() if multi else answers
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def _manifests(card: dict[str, Any]) -> str:
    """The YAML blocks of the card's back (the solution key's manifests), joined as one stream."""
    blocks = re.findall(r"```ya?ml\n(.*?)```", card["back"], re.S)
    return "---\n".join(blocks)


def _substitute(line: str, kubectl: Kubectl) -> str:
    """Expand `$(kubectl ...)` as the student's shell would."""
    def run(m: re.Match[str]) -> str:
        return kubectl(m.group(1)).stdout.strip()
    return re.sub(r"\$\((kubectl [^)]*)\)", run, line)


# What a student types for a value the task leaves free (the deck's answers hold placeholders).
FREE_VALUES = {"<pod>": "tmp", "<image>": "busybox"}


def _speed_lines() -> list[str]:
    """The first accepted answer of each drill card (the others are alternatives), free values filled."""
    cards = _cards()
    ids = sorted((i for i in cards if i.startswith("w06.command.")), key=lambda i: cards[i].get("source_line", 0))
    lines = [line for i in ids for line in _sequence({**cards[i], "answers": cards[i]["answers"][:1]})]
    return [re.sub(r"<[a-z-]+>", lambda m: FREE_VALUES.get(m.group(0), m.group(0)), line) for line in lines]


def _port_forward(sandbox: Sandbox, line: str) -> str:
    """Run a port-forward line in the background (on a local port kubectl picks, `:80`, instead of
    the page's, so the test cannot collide with the machine), fetch a page through it, stop it. The
    page is fetched twice, a second apart: the tunnel outlives an idle moment (it once closed after
    half a second, so a fetch that came late on a busy machine found nobody listening). kubectl binds
    the port itself: a port the test found free and closed could be taken by another process (any
    outgoing connection on this busy machine) before kubectl bound it."""
    text, replaced = re.subn(r" (\d+):(\d+)$", r" :\2", line)
    assert replaced == 1, line
    argv = shlex.split(text)
    proc = subprocess.Popen(argv, env=sandbox.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        listening = re.match(r"Forwarding from 127\.0\.0\.1:(\d+) -> ", first)
        assert listening, first + proc.stderr.read()
        free = int(listening.group(1))
        first_page = urllib.request.urlopen(f"http://127.0.0.1:{free}/", timeout=30).read().decode()
        time.sleep(1.0)  # idle, as a student reading the page is
        again = urllib.request.urlopen(f"http://127.0.0.1:{free}/", timeout=30).read().decode()
        assert again == first_page
        return again
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_speed_drill_answers_in_order_behave_like_a_cluster(kubectl: Kubectl, sandbox: Sandbox) -> None:
    lines = _speed_lines()
    assert len(lines) >= 10
    seen: dict[str, str] = {}
    for line in lines:
        if line.startswith(INTERACTIVE):
            continue
        if line.startswith("kubectl port-forward"):
            assert "<title>Welcome to nginx!</title>" in _port_forward(sandbox, line)
            continue
        out = kubectl(line).stdout
        seen[line] = out
        if "-o jsonpath='{.spec.clusterIP}'" in line:
            assert ipaddress.ip_address(out.strip()) in ipaddress.ip_network("10.96.0.0/12")
        elif "nodePort}'" in line:
            assert 30000 <= int(out.strip()) <= 32767
        elif "wget -qO-" in line:
            assert "<title>Welcome to nginx!</title>" in out
        elif line.startswith("kubectl get endpoints"):
            name = line.split()[-1]
            row = next(r for r in out.splitlines() if r.startswith(name + " "))
            assert len(re.findall(r"10\.244\.\d+\.\d+:80", row)) == 2, out  # the two replicas
        elif line.startswith("kubectl delete svc"):
            assert "deleted" in out
    assert any("expose" in line for line in seen)
    # the deployment survived the Service's deletion, and the recreated Service has endpoints again
    assert "2/2" in kubectl("get deploy web").stdout
    assert re.search(r"10\.244\.\d+\.\d+:80", kubectl("get endpoints web").stdout)


def test_lab1_frontend_reaches_backend_by_name(kubectl: Kubectl) -> None:
    card = _cards()["w06.challenge.01"]
    kubectl("apply -f -", stdin=_manifests(card))
    out = ""
    for line in _sequence(card):
        out = kubectl(_substitute(line, kubectl)).stdout
    assert '"url": "http://backend/get"' in out  # httpbin's JSON answer, through the Service by name


def test_lab2_cross_namespace_fqdn(kubectl: Kubectl) -> None:
    out = ""
    for line in _sequence(_cards()["w06.challenge.02"]):
        out = kubectl(line).stdout
    assert "<title>Welcome to nginx!</title>" in out
    # the short name does not resolve from the other namespace
    short = kubectl("run tmp2 -n ns-a --image=busybox --rm -i --restart=Never -- wget -qO- http://web", ok=False)
    assert short.code != 0 and "bad address 'web'" in short.stdout + short.stderr


def test_lab3_endpoints_appear_after_the_selector_patch(kubectl: Kubectl) -> None:
    card = _cards()["w06.challenge.03"]
    # a namespace of its own: the speed drill's Deployment `web` carries app=web, which the broken
    # Service selects; the lab assumes nothing else in the namespace does
    kubectl("create namespace lab3")
    kubectl("config set-context --current --namespace=lab3")
    try:
        kubectl("apply -f -", stdin=_manifests(card))
        before = kubectl("get endpoints broken-svc").stdout
        assert "<none>" in before
        fail = kubectl("run probe --image=busybox --rm -i --restart=Never -- wget -qO- -T 2 broken-svc", ok=False)
        assert fail.code != 0 and "Connection refused" in fail.stdout + fail.stderr
        for line in _sequence(card):
            if not line.startswith(INTERACTIVE):
                kubectl(line)
        after = kubectl("get endpoints broken-svc").stdout
        assert len(re.findall(r"10\.244\.\d+\.\d+:80", after)) == 2, after
        ok = kubectl("run probe --image=busybox --rm -i --restart=Never -- wget -qO- broken-svc")
        assert "Welcome to nginx!" in ok.stdout
    finally:
        kubectl("config set-context --current --namespace=default")


def test_lab4_headless_service_resolves_to_one_record_per_pod(kubectl: Kubectl, workdir: Path) -> None:
    card = _cards()["w06.challenge.04"]
    (workdir / "statefulset-headless.yaml").write_text(_manifests(card))  # the file the lab applies
    out = ""
    for line in _sequence(card):
        out = kubectl(line).stdout
    ips = sorted(kubectl(f"get pod web-{i} -o jsonpath={{.status.podIP}}").stdout for i in range(3))
    assert sorted(re.findall(r"^Address: (\S+)$", out, re.M)) == ips
    assert out.count("Name:\tnginx-headless.default.svc.cluster.local") == 3
