"""Every graded card is answerable from its front alone.

For each value in a card's answer that the front does not state, a student cannot know it, so
changing it must still be accepted by the grader (it must be a placeholder). What counts as a value
is decided here independently of the generator: every word of the command that is not kubectl's
own vocabulary (subcommands, resource types, flag names), not the value of a flag whose value is
the knowledge tested (``-o``, ``--type``, ``--restart``, ``--dry-run``, ``--for``), and not a
common client tool. Values are split at ``:``, ``/``, ``=`` and ``.`` (``svc/web``, ``9090:80``).

Covers every graded answer shape: single kubectl commands, sequences (each line), docker/helm
commands, heredocs and YAML manifests (each leaf value but apiVersion, changed in the parsed YAML).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from drills.course import read_week
from drills.deck.build import build_deck
from drills.kubectl import check
from drills.kubectl.answer_lint import lint
from drills.bundled import builtin_weeks_dir

from course.pages import DRILL_A, DRILL_D, DRILL_F, TUTORIAL_HIDDEN, page
from deck import rule_pages as rp

VOCABULARY = set("""
kubectl k get describe create delete run expose scale edit patch label annotate apply logs exec
port-forward rollout undo status restart history set image env resources auth can-i explain top
config set-context use-context wait autoscale cp replace
deployment deployments deploy pod pods po service services svc endpoints ep configmap configmaps cm
secret secrets generic tls namespace namespaces ns node nodes no job jobs cronjob cronjobs cj
statefulset sts daemonset ds replicaset rs ingress ing networkpolicy netpol quota resourcequota
serviceaccount sa role rolebinding clusterrole clusterrolebinding pvc pv hpa all events
clusterip nodeport loadbalancer externalname
wget curl nslookup sh bash sleep echo cat env printenv id
watch update list kustomize
svc cluster local default http https
docker build push pull tag images ps helm repo add install upgrade rollback uninstall list template
show search update dependency
""".split())
KNOWLEDGE_FLAGS = {"-o", "--output", "--type", "--restart", "--dry-run", "--for", "--sort-by", "--field-selector"}


def values(answer: str) -> list[str]:
    """The word parts of an answer a student must be told (see the module docstring)."""
    lexer = shlex.shlex(answer, posix=True, punctuation_chars="|&;>")
    lexer.whitespace_split = True
    words = list(lexer)
    out: list[str] = []
    skip_next = False
    for i, w in enumerate(words):
        if w in ("|", "&&", ";", ">", "||"):
            break  # what a pipe feeds (base64 -d, grep) is the tool's, not a value
        if skip_next:
            skip_next = False
            continue
        if w.startswith("-"):
            name, eq, val = w.partition("=")
            if eq and name not in KNOWLEDGE_FLAGS:
                out.append(val)
            elif not eq and name in KNOWLEDGE_FLAGS:
                skip_next = True
            elif not eq and name in ("-n", "--namespace", "--image", "--name", "--port", "--replicas", "-l", "-c"):
                if i + 1 < len(words):
                    out.append(words[i + 1])
                skip_next = True
            continue
        if w.lower() not in VOCABULARY:
            out.append(w)
    # a trailing dash removes a label or annotation (`tier-`): syntax, the key is the value
    parts = [p.rstrip("-") for v in out for p in re.split(r"[:/=.,]", v) if p.rstrip("-")]
    return [p for p in parts if not re.fullmatch(r"<[^<>]+>", p) and p.lower() not in VOCABULARY
            and re.fullmatch(r"[\w-]+", p)]


def stated(part: str, front: str) -> bool:
    return bool(re.search(r"(?<![\w-])" + re.escape(part) + r"(?![\w-])", front, re.I))


def changed(part: str) -> str:
    return str(int(part) + 1) if part.isdigit() else part + "zz"


def graded(deck):
    for card in deck.cards:
        if not card.self_graded and card.answers and "$(" not in card.answers[0]:
            yield card


def is_manifest(answer: str) -> bool:
    return not re.match(r"^\s*(?:kubectl|k|docker|helm|cat)\s", answer)


def leaves(node, path=()):
    """(path, value) of every scalar leaf of parsed YAML, apiVersion aside."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k != "apiVersion":
                yield from leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaves(v, path + (i,))
    elif isinstance(node, (str, int)) and not isinstance(node, bool):
        yield path, node


def manifest_mutations(answer: str):
    """(value, the manifest with that one leaf changed) for every leaf value."""
    docs = list(yaml.safe_load_all(answer))
    for d, doc in enumerate(docs):
        for path, value in leaves(doc):
            text = str(value)
            # None/true/false are what a field means (clusterIP: None makes a headless Service): knowledge
            if not re.search(r"[A-Za-z0-9]", text) or text.lower() in VOCABULARY | {"none", "null", "true", "false"}:
                continue
            copy = yaml.safe_load(yaml.safe_dump(doc))
            node = copy
            for p in path[:-1]:
                node = node[p]
            node[path[-1]] = value + 1 if isinstance(value, int) else changed(text)
            others = [copy if i == d else x for i, x in enumerate(docs)]
            yield text, yaml.safe_dump_all(others, sort_keys=False)


def logical_lines(text: str) -> list[str]:
    """Lines, a quote left open (a multi-line JSON patch) joining the next ones."""
    out: list[str] = []
    pending = ""
    for line in text.split("\n"):
        pending = f"{pending}\n{line}" if pending else line
        try:
            shlex.split(pending)
        except ValueError:
            continue
        out.append(pending)
        pending = ""
    return out + ([pending] if pending else [])


def command_mutations(answer: str):
    """(value part, the answer with it changed) for the values of every command line."""
    bodies = re.findall(r"<<-?\s*'?(\w+)'?[^\n]*\n(.*?)\n\1$", answer, re.S | re.M)
    head = answer
    for _, body in bodies:
        head = head.replace(body, "")
        for text, _ in manifest_mutations(body):
            for part in re.split(r"[:/=.,]", text):
                if re.fullmatch(r"[\w-]+", part) and part.lower() not in VOCABULARY:
                    yield part, re.sub(r"(?<![\w-])" + re.escape(part) + r"(?![\w-])", changed(part), answer)
    for line in logical_lines(head):
        line = re.sub(r"^\s*cat\s+<<-?\s*'?\w+'?\s*\|\s*", "", line)  # `cat <<EOF | kubectl apply -f -`
        if re.match(r"^\s*(?:kubectl|k|docker|helm)\s", line):
            for part in dict.fromkeys(values(line)):
                yield part, re.sub(r"(?<![\w-])" + re.escape(part) + r"(?![\w-])", changed(part), answer)


STUDENT_WEEKS = Path(__file__).resolve().parent.parent / "student" / "weeks"

PAGES = {
    "week6": lambda: (builtin_weeks_dir() / "06-services-and-networking.md").read_text(encoding="utf-8"),
    "context": lambda: page(drill=rp.DRILL_CONTEXT, solutions=rp.SOLUTIONS_CONTEXT),
    "tools": lambda: page(tutorial=rp.TUTORIAL_TOOLS, drill=rp.DRILL_BORROW),
    "shapes": lambda: page(drill=DRILL_A, tutorial=TUTORIAL_HIDDEN),
    "inline": lambda: page(drill=DRILL_D),
    "bare": lambda: page(drill=DRILL_F),
    # made-up whole weeks in shapes week 6 does not use (tests/student/weeks)
    "student-w03": lambda: (STUDENT_WEEKS / "03-pod-design.md").read_text(encoding="utf-8"),
    "student-w09": lambda: (STUDENT_WEEKS / "09-security.md").read_text(encoding="utf-8"),
    "student-w04": lambda: (STUDENT_WEEKS / "04-configuration.md").read_text(encoding="utf-8"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_graded_card_is_answerable_from_its_front(name):
    deck = build_deck(read_week(PAGES[name](), "03-x.md" if name != "week6" else "06.md"), lint=lint).deck
    tried = 0
    for card in graded(deck):
        # the accepted answer, and the page's own command as shown on the back (tmp, busybox, …)
        page_command = logical_lines(card.back)[0].strip("`")
        shown = [card.answers[0]] + ([page_command] if re.match(r"^(kubectl|k)\s", page_command) else [])
        for answer in shown:
            mutations = manifest_mutations(answer) if is_manifest(answer) else command_mutations(answer)
            for part, other in mutations:
                if stated(part, card.front):
                    continue
                verdict = check(card.answers, other)
                assert verdict.status == "correct", (
                    f"{card.id}: `{part}` is required but not on the front\n{card.front}\n{verdict.reasons}")
                tried += 1
    if name == "week6":
        assert tried > 0  # the throwaway pods' names and images are free


def test_the_value_finder_finds_values():
    assert set(values("kubectl expose deployment web --port=80 --type=NodePort --name=web-np")) == {
        "web", "80", "web-np"}
    assert set(values("kubectl get svc web-np -o jsonpath='{.spec.clusterIP}'")) == {"web-np"}
    assert set(values("kubectl port-forward svc/web 9090:80")) == {"web", "9090", "80"}


def test_the_mutations_reach_manifests_sequences_and_heredocs():
    manifest = "# p.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: secure\nspec:\n  securityContext:\n    runAsUser: 1000\n"
    assert [v for v, _ in manifest_mutations(manifest)] == ["secure", "1000"]  # a kind is vocabulary
    sequence = "kubectl create namespace q\nkubectl create quota rq -n q --hard=pods=5"
    assert {p for p, _ in command_mutations(sequence)} == {"q", "rq", "5"}
    heredoc = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\nEOF"
    assert {p for p, _ in command_mutations(heredoc)} == {"cfg"}
