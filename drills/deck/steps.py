"""Tutorial steps and lab challenges -> cards (pure). Every step gives at least one card:

- a step with commands to type (kubectl, docker, helm): a step card whose answer is the sequence
  of those commands (one a line), or one answer per variant when the step offers a choice;
- a step that is only a manifest: a "write the manifest" card whose answer is the YAML;
- a step of prose only: a concept card (``wNN.concept.sNN``) to explain in your own words;
- a step with only other tools (minikube, curl): a self-graded step card showing them;
- anything else (an empty step) is skipped with a warning naming the step.
"""

from __future__ import annotations

import re

import yaml

from drills.course.model import Challenge, CodeBlock, Notice, Step
from drills.course.shell import heredoc_bodies
from drills.course.tutorial import DATA_LANGS, block_commands
from drills.deck.checks import checks_back, split_answers
from drills.deck.context import Made, made_by, manifest_objects, self_contained
from drills.deck.ids import card_id
from drills.deck.model import Card
from drills.deck.values import manifest_literals

_FILE = re.compile(r"([\w./-]+\.ya?ml)\b")
_TOOL = re.compile(r"^(?:sudo\s+)?(docker|helm|kustomize)\b")


def step_cards(week: int, steps: list[Step], notices: list[Notice],
               drilled: frozenset[int] = frozenset()) -> list[Card]:
    """``drilled``: numbers of the steps that hold a drill (its tasks are command cards already)."""
    cards: list[Card] = []
    made: list[Made] = []
    for step in steps:
        card = step_card(week, step, made, drilled=step.number in drilled)
        if card is None and step.number in drilled:
            continue  # a step that is only a drill: its tasks are its cards
        if card is None:
            notices.append(Notice(step.line, f"tutorial step {step.number} skipped (no command, manifest "
                                             f"or prose): {step.title}"))
            continue
        cards.append(card)
        extra = manifest_card(week, step)
        if extra is not None:
            card.group = extra.group  # siblings: one shown, the other waits for the next day
            cards.append(extra)
        for kind, name in _step_objects(step):
            made.append(Made(kind, name, card.id, f"step {step.number}"))
    return cards


def _step_objects(step: Step) -> list[tuple[str, str]]:
    out = [o for v in step.variants[:1] for c in v for o in made_by(c)]
    for block in step.blocks:
        if block.lang in DATA_LANGS:
            out += manifest_objects(block.code)
    return list(dict.fromkeys(out))


def _norm(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip().split("\n"))


def _back(step: Step) -> str:
    heredoc_yaml = {_norm(b) for c in step.commands + step.other_commands for b in heredoc_bodies(c)}
    shown: set[str] = set()
    parts: list[str] = []
    in_blocks: set[str] = set()
    for block in step.blocks:
        norm = _norm(block.code)
        if not norm or norm in shown:
            continue
        if block.lang in DATA_LANGS and norm in heredoc_yaml:
            continue  # the same manifest again inside `kubectl apply -f - <<EOF`: show it once
        shown.add(norm)
        label = f"{block.label}\n" if block.label else ""  # "For minikube:", "Option B: …": which block is which
        parts.append(f"{label}```{block.lang}\n{block.code.rstrip()}\n```")
        in_blocks.update(block_commands(block))
    loose = [c for c in step.commands if c not in in_blocks]
    if loose:
        parts.append("```bash\n" + "\n".join(loose) + "\n```")
    if step.notes:
        parts.append(step.notes)
    return "\n\n".join(parts)


def _front(step: Step) -> str:
    # Prose that labels a block ("Apply and verify:") or spells out a command would give the answer away.
    everything = step.commands + step.other_commands + [c for v in step.variants for c in v]
    prose = []
    for p in step.text.split("\n\n"):
        if not p or p.rstrip().endswith(":"):
            continue
        if any(c in p for c in everything):
            # "Record the owner with `kubectl annotate pod front owner=alice`.": keep what to do, not how
            for c in everything:
                p = p.replace(f"`{c}`", "…")
            if any(c in p for c in everything) or len(re.findall(r"[A-Za-z]{3,}", p)) < 3:
                continue
        prose.append(p)
    front = f"Tutorial step {step.number}: {step.title}"
    return front + ("\n\n" + "\n\n".join(prose) if prose else "")


def _tools(answers: list[str]) -> list[str]:
    found = [m.group(1) for a in answers for line in a.split("\n") for m in [_TOOL.match(line)] if m]
    return list(dict.fromkeys(found))


def step_card(week: int, step: Step, made: list[Made], drilled: bool = False) -> Card | None:
    cid = card_id(week, "step", step.number)
    front = _front(step)
    if step.variants:
        # "do X, then check it": X is the answer, the checks go on the back (drills.deck.checks)
        answers, checks = split_answers(["\n".join(v) for v in step.variants], front)
        tools = _tools(answers)
        if tools:
            front += f"\n\nWrite the {' and '.join(tools)} command{'s' if len(answers[0].split(chr(10))) > 1 else ''}."
        front, graded, deps = self_contained(front, answers, made)
        back = "\n\n".join(p for p in (_back(step), checks_back(checks)) if p)
        return Card(id=cid, week=week, kind="step", front=front, back=back, answers=graded,
                    source_line=step.line, depends_on=deps)
    manifests = [b for b in step.blocks if b.lang in ("yaml", "yml") and b.code.strip()]
    if manifests:
        answer = manifest_answer(manifests)
        return Card(id=cid, week=week, kind="step", front=_manifest_front(front, answer, _files(manifests)),
                    back=_back(step), answers=[answer], source_line=step.line)
    if step.other_commands:
        return Card(id=cid, week=week, kind="step", front=front, back=_back(step), self_graded=True,
                    source_line=step.line)
    prose = "\n\n".join(p for p in (step.text, step.notes) if p)
    if prose and not drilled:
        return Card(id=card_id(week, "concept", f"s{step.number:02d}"), week=week, kind="concept",
                    front=f"Explain (tutorial step {step.number}): {step.title}", back=prose,
                    self_graded=True, source_line=step.line)
    return None


def _objects(text: str) -> list[tuple[str, str]]:
    """(kind as written, metadata.name) of each document: what the manifest makes."""
    try:
        docs = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return []
    return [(str(d.get("kind", "object")), str(d["metadata"]["name"])) for d in docs
            if isinstance(d, dict) and isinstance(d.get("metadata"), dict) and d["metadata"].get("name")]


def _manifest_front(front: str, answer: str, files: list[str]) -> str:
    """"Write the manifest (`x.yaml`): Pod `secure`." and the values it needs."""
    objects = [f"{kind} `{name}`" for kind, name in _objects(answer)]
    front += "\n\nWrite the manifest" + (f" ({', '.join(f'`{f}`' for f in files)})" if files else "") + (
        ": " + ", ".join(objects) if objects else "") + "."
    use = [f"{role} {value}" for role, value in manifest_literals(answer, front)]
    return front + ("\n\n(use: " + ", ".join(dict.fromkeys(use)) + ")" if use else "")


_APPLY_FILE = re.compile(r"^(?:kubectl|k)\s+(?:apply|create)\b.*?\s-f\s*=?\s*([\w./-]+\.ya?ml)\b")


def manifest_card(week: int, step: Step) -> Card | None:
    """A step that applies a manifest it shows also teaches writing it: a second card, its sibling.

    Only whole manifests (with a ``kind``) that are not already the body of a heredoc; a step with
    one manifest and one ``kubectl apply -f file.yaml`` names the file.
    """
    heredoc = {_norm(b) for c in step.commands for b in heredoc_bodies(c)}
    blocks = [b for b in step.blocks if b.lang in ("yaml", "yml") and _norm(b.code) not in heredoc
              and _whole_manifest(b)]
    if not blocks or not step.variants:
        return None
    files = _files(blocks)
    applied = [m.group(1) for c in step.commands for m in [_APPLY_FILE.match(c)] if m]
    if not files and len(blocks) == 1 and len(applied) == 1:
        files = applied
        blocks = [CodeBlock(blocks[0].lang, f"# {applied[0]}\n{blocks[0].code}", blocks[0].line, blocks[0].label)]
    answer = manifest_answer(blocks)
    back = "\n\n".join(f"```yaml\n{b.code.rstrip()}\n```" for b in blocks)
    return Card(id=card_id(week, "step", step.number, "yaml"), week=week, kind="step",
                front=_manifest_front(f"Tutorial step {step.number}: {step.title}", answer, files),
                back=back, answers=[answer], source_line=step.line, group=card_id(week, "step", step.number))


def _whole_manifest(block: CodeBlock) -> bool:
    """An object with a ``kind``, or a Kustomize file (``kustomization.yaml`` has no kind of its own)."""
    name = _file_of(block) or ""
    return bool(re.search(r"^kind:\s*\S", block.code, re.M)) or name.rsplit("/", 1)[-1] in (
        "kustomization.yaml", "kustomization.yml")


def _file_of(block: CodeBlock) -> str | None:
    first = block.code.strip().split("\n", 1)[0]
    m = re.match(r"^#\s*([\w./-]+\.ya?ml)\s*$", first)
    if m:
        return m.group(1)
    m = _FILE.search(block.label or "")
    return m.group(1) if m else None


def _files(blocks: list[CodeBlock]) -> list[str]:
    return [f for f in (_file_of(b) for b in blocks) if f]


def manifest_answer(blocks: list[CodeBlock]) -> str:
    """The YAML of a step, one document after another; each file named by a ``# file.yaml`` line."""
    docs = []
    for b in blocks:
        code = b.code.strip("\n")
        name = _file_of(b)
        if name and not code.lstrip().startswith("#"):
            code = f"# {name}\n{code}"
        docs.append(code)
    return "\n---\n".join(docs)


def challenge_card(week: int, ch: Challenge) -> Card:
    """A self-graded flip card: scenario + success criteria / the paired Solution Key entry.

    Its answers are the solution's whole sequences (one per choice the entry offers), never its
    steps one by one: each entry of ``answers`` is an alternative."""
    front = f"Challenge {ch.number}: {ch.title}"
    if ch.scenario:
        front += f"\n\n{ch.scenario}"
    if ch.criteria:
        front += f"\n\nSuccess criteria: {ch.criteria}" if "\n" not in ch.criteria else \
            f"\n\nSuccess criteria:\n{ch.criteria}"
    back = ch.solution.text if ch.solution else ""
    if not back and ch.hints:
        back = "Hints:\n" + "\n".join(f"- {h}" for h in ch.hints)
    return Card(
        id=card_id(week, "challenge", ch.number), week=week, kind="challenge", front=front, back=back,
        answers=list(ch.solution.answers) if ch.solution else [], self_graded=True, source_line=ch.line,
    )
