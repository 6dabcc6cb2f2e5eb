"""Self-contained fronts: what a card shown alone needs from the rest of its page (pure).

In review a card comes alone and out of order, so a drill task that says "Expose it" must say what
"it" is. For each card of a sequence (drill tasks, tutorial steps):

- values the page leaves free become placeholders: a throwaway pod (``kubectl run tmp --rm …``)
  gets ``<pod>`` and ``<image>``, and its client may be ``wget`` or ``curl`` (several answers);
- every other value the answer requires and the front omits is added to the front: an object an
  earlier card made as "continues: deployment `web` from task 1" (and that card's id goes into
  ``depends_on``), anything else as "use: port 80, name `web-np`" — values only, never flags, so
  the card does not turn into copy-typing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import yaml

from drills.course.shell import heredoc_bodies, shell_lines
from drills.deck.values import (OBJECT_KINDS, VALUE_FLAGS, literal_stated, missing, segments, stated,
                                value_parts)
from drills.deck.words import Literal, object_kind, split_flag

MAX_ALTERNATIVES = 16


@dataclass
class Made:
    """An object an earlier card's answer creates (so later cards can say they continue it)."""

    kind: str
    name: str
    card_id: str
    label: str  # "task 1", "step 3"


def made_by(answer: str) -> list[tuple[str, str]]:
    """(kind, name) of the objects an answer creates: create, run, expose, apply of a heredoc."""
    out: list[tuple[str, str]] = []
    for words in segments(answer):
        if not words or words[0] not in ("kubectl", "k"):
            continue
        pos = [w for w in words[1:] if split_flag(w) is None]
        flags = dict(f for f in (split_flag(w) for w in words[1:]) if f is not None)
        verb = pos[0] if pos else ""
        if verb == "create" and len(pos) >= 3:
            kind = object_kind(pos[1])
            name = pos[3] if pos[1] in ("secret", "service", "svc") and len(pos) >= 4 else pos[2]
            out.append((kind, name))
        elif verb == "run" and len(pos) >= 2 and "rm" not in flags:
            out.append(("pod", pos[1]))
        elif verb == "expose" and len(pos) >= 2:
            name = pos[1].split("/", 1)[1] if "/" in pos[1] else (pos[2] if len(pos) >= 3 else "")
            given = next((words[i + 1] for i, w in enumerate(words[:-1]) if w == "--name"), None)
            out.append(("service", flags.get("name") or given or name))
        elif verb == "autoscale" and len(pos) >= 2:
            out.append(("horizontalpodautoscaler", pos[-1].split("/")[-1]))
    for body in heredoc_bodies(answer):
        out += manifest_objects(body)
    return [(k, n) for k, n in out if n]


def manifest_objects(text: str) -> list[tuple[str, str]]:
    """(kind, metadata.name) of every document of a YAML manifest (unreadable YAML: none)."""
    try:
        docs = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return []
    out = []
    for d in docs:
        if isinstance(d, dict) and isinstance(d.get("metadata"), dict) and d["metadata"].get("name"):
            out.append((str(d.get("kind", "object")).lower(), str(d["metadata"]["name"])))
    return out


def _run_name(command: str) -> re.Match[str] | None:
    """The pod name word of ``kubectl [flags] run [flags] NAME …`` (flags may come first: ``run -it
    --rm debug``, ``kubectl -n shop run tmp``), as a match over the command text; None if not a run."""
    words = list(re.finditer(r"\S+", command))
    if not words or words[0].group(0) not in ("kubectl", "k"):
        return None
    seen_run = False
    skip = False
    for w in words[1:]:
        text = w.group(0)
        if skip:
            skip = False
            continue
        if text == "--":
            return None
        flag = split_flag(text)
        if flag is not None:
            skip = flag[1] is None and flag[0] in VALUE_FLAGS and flag[0] != "p"
            continue
        if not seen_run:
            if text != "run":
                return None
            seen_run = True
            continue
        return w
    return None


_IMAGE = re.compile(r"(--image[= ])(\S+)")
_CLIENT = re.compile(r"(\s--\s+)(?:wget|curl)\b[^\n]*?(\S+)\s*$")


def _line_variants(command: str, front: str) -> list[str]:
    """A command with its free values as placeholders; a throwaway client as wget or curl."""
    run = _run_name(command) if "\n" not in command else None
    if run is None or not re.search(r"\s--rm\b", command):
        return [command]
    if not stated(run.group(0), front):
        command = command[: run.start()] + "<pod>" + command[run.end():]
    image = _IMAGE.search(command)
    if image and not stated(image.group(2), front):
        command = _IMAGE.sub(lambda m: m.group(1) + "<image>", command, count=1)
    client = _CLIENT.search(command)
    if not client:
        return [command]
    head = command[: client.start()] + client.group(1)
    target = client.group(2)
    bare = re.sub(r"^https?://", "", target)
    targets = [bare, f"http://{bare}"]
    tools = ["wget -qO-", "wget -O-", "curl", "curl -s"]
    page = command[client.start() + len(client.group(1)):]
    variants = [page] + [f"{t} {u}" for t in tools for u in targets]
    return [head + v for v in dict.fromkeys(variants)]


def free_values(answer: str, front: str) -> list[str]:
    """The alternatives an answer stands for once its free values are freed (the first is the page's)."""
    lines = [sl.text for sl in shell_lines(answer) if sl.kind == "command"]
    if not lines:
        return [answer]
    options = [_line_variants(line, front) for line in lines]
    out = []
    for combo in itertools.islice(itertools.product(*options), MAX_ALTERNATIVES):
        out.append("\n".join(combo))
    return out


def _value(lit: Literal) -> str:
    return lit.text if re.fullmatch(r"[\d:.,%]+", lit.text) else f"`{lit.text}`"


# Roles of values that never name a Kubernetes object an earlier card made: a helm release, a chart
# or an image called `shop` does not continue deployment `shop`.
_NOT_OBJECTS = {"image", "tag", "new tag", "release", "chart", "repo name", "repo URL", "build context",
                "values file", "revision", "replicas", "port", "target port", "schedule", "data", "env",
                "labels", "label", "lines", "since", "CPU percent", "min", "max", "limit", "file", "ports",
                "from file", "from env file", "container"}


def _maker(lit: Literal, made: list[Made]) -> Made | None:
    """The latest earlier object with this name (of the literal's kind, when it names one)."""
    same = [m for m in made if m.name == lit.text]
    role = lit.role.replace(" ", "").lower()
    kind = {"endpoints": "service", "quota": "resourcequota"}.get(role, role)
    if kind in OBJECT_KINDS:
        return next((m for m in reversed(same) if m.kind.replace(" ", "").lower() == kind), None)
    if lit.role in _NOT_OBJECTS:
        return None
    return same[-1] if same else None


def context_note(answers: list[str], front: str, made: list[Made]) -> tuple[str, list[str]]:
    """The note to add to ``front`` ("" when nothing is missing) and the ids of cards it continues."""
    continues: list[str] = []
    use: list[str] = []
    deps: list[str] = []
    covered = front
    for answer in answers[:1]:  # the first answer is the page's; the others only free its values
        for lit in missing(answer, covered):
            if literal_stated(lit, covered):
                continue  # an earlier note already gave it ("file `x.yaml`" gives `x`)
            maker = _maker(lit, made)
            if maker is None and lit.role not in _NOT_OBJECTS and value_parts(lit.text) != [lit.text]:
                # a composite value (nginx.default.svc.cluster.local): an earlier object may be its part;
                # not a file's name (`app.env` does not continue ConfigMap `app`)
                parts = [p for p in value_parts(lit.text) if not stated(p, covered)]
                makers = [_maker(Literal(p, ""), made) for p in parts]
                if parts and all(makers):
                    for m in makers:
                        continues.append(f"{m.kind} `{m.name}` from {m.label}")  # type: ignore[union-attr]
                        deps += [m.card_id] if m.card_id not in deps else []  # type: ignore[union-attr]
                        covered += f" {m.name}"  # type: ignore[union-attr]
                    continue
            if maker is not None:
                continues.append(f"{maker.kind} `{maker.name}` from {maker.label}")
                if maker.card_id not in deps:
                    deps.append(maker.card_id)
            elif lit.role == "namespace":
                use.append(f"namespace `{lit.text}`")
            elif lit.role in ("label", "annotation") and lit.text.endswith("-") and "=" not in lit.text:
                use.append(f"{lit.role} to remove `{lit.text[:-1]}`")  # the trailing dash is the knowledge
            elif lit.role == "ports" and ":" in lit.text and stated(lit.text.split(":")[0], covered):
                use.append(f"remote port {_value(Literal(lit.text.split(':', 1)[1], 'port'))}")
            else:
                use.append(f"{lit.role} {_value(lit)}")
            covered += f" {lit.text}"
    parts = []
    if continues:
        parts.append("continues: " + ", ".join(dict.fromkeys(continues)))
    if use:
        parts.append("use: " + ", ".join(dict.fromkeys(use)))
    return ("(" + "; ".join(parts) + ")" if parts else ""), deps


def self_contained(front: str, answers: list[str], made: list[Made]) -> tuple[str, list[str], list[str]]:
    """(front with its context note, answers with free values freed, ids of the cards it continues)."""
    if not answers:
        return front, answers, []
    freed: list[str] = []
    for a in answers:
        freed += [v for v in free_values(a, front) if v not in freed]
    note, deps = context_note(freed, front, made)
    return (f"{front}\n\n{note}" if note else front), freed, deps
