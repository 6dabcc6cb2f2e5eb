"""Pick the facts of a concept paragraph and turn them into cloze deletions.

A fact is, by priority: an inline code span, a range (``30000–32767``), a DNS form
(``<svc>.<ns>.svc.cluster.local``); then numbers with a unit ("10 seconds", "256Mi"), the lead-in
term and CamelCase Kubernetes names (``ClusterIP``, ``NodePort``); and only when a paragraph has
fewer than two of those, predicate adjectives ending a sentence ("… are ephemeral."), Pod phases,
networking acronyms (DNS, CNAME), a few Kubernetes phrases ("label selectors", "rolling update")
and, for a paragraph with nothing else, common Kubernetes nouns that occur at most twice.

Never: a stop word, a whole sentence, a bare number word ("two"), an example name (``team-a``,
``app: nginx``, anything after "e.g." / "such as"), one item of an enumeration (only its position
would tell which), or a word still visible elsewhere on the card in any inflection (hiding
"ReplicaSets" next to "ReplicaSet"). At most ``MAX_CLOZES`` per paragraph; every occurrence of a
chosen fact is hidden under the same number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from drills.course.model import Concept
from drills.text_safety import WORD_JOINER, literal_cloze

MAX_CLOZES = 4

STOP_WORDS = frozenset(
    "a an the is are was were be been of to in on at by for from with and or not no it its this that these "
    "those as if then than so but can may must will use used using you your we our they their there here "
    "which what who when where how all any each every one some such only also just do does did".split()
)
_K8S_NOUNS = (
    "Pods?|Services?|Deployments?|ReplicaSets?|StatefulSets?|DaemonSets?|Jobs?|CronJobs?|ConfigMaps?|Secrets?|"
    "Namespaces?|Endpoints|EndpointSlices?|Ingress(?:es)?|NetworkPolicy|NetworkPolicies|Nodes?|Volumes?|"
    "PersistentVolumes?|PersistentVolumeClaims?|ServiceAccounts?|Roles?|RoleBindings?|ClusterRoles?|"
    "Probes?|Labels?|Selectors?|Annotations?|Containers?|Controllers?"
)
_INT = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_RANGE = re.compile(r"(?<![\w./:\-–<])(" + _INT + r"\s?[–-]\s?" + _INT + r")(?![\w/:<]|\.\d|-\w)")
_UNIT = (r"(?:%|ms|s|m|h|d|Ki|Mi|Gi|Ti|KiB|MiB|GiB|[KMGT]B|m?cores?|millicores?|seconds?|minutes?|hours?|days?|"
         r"bytes?|characters?|retries|times|restarts?)")
_NUMBER = re.compile(r"(?<![\w./:\-–<])(" + _INT + r"(?:\s?" + _UNIT + r"(?![\w])|%))(?![\w/:<–]|\.\d|-\w)")
_EXAMPLE_CUE = re.compile(r"(?:e\.g\.,?|for example,?|for instance,?|such as|like|called|named|say)\s*\(?$", re.I)
_EXAMPLE_SENTENCE = re.compile(r"^\s*(?:for example|for instance|e\.g\.|example:|say,)", re.I)
_LABEL_KEYS = {"app", "env", "tier", "team", "role", "version", "component", "run", "environment", "owner", "name"}
_NAME_LIKE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:\d+|[a-z])$")
_DNS = re.compile(r"(?<![\w`])[\w<>-]+(?:\.[\w<>-]+)*\.svc(?:\.cluster\.local)?\b")
_CAMEL = re.compile(r"\b[A-Z][a-z]+[A-Z][A-Za-z]*\b")
_COUNT = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.I)
_PREDICATE = re.compile(r"\b(?:is|are)\s+([a-z][a-z-]{3,})(?=[.;])")
_PHRASE = re.compile(
    r"\b(?:label selectors?|rolling updates?|(?:liveness|readiness|startup) probes?|init containers?|"
    r"sidecar containers?|taints?|tolerations?|node affinity|virtual IP|A records?|CNAME records?|"
    r"port-forward|ephemeral|immutable|idempotent|declarative|imperative|round-robin|load-balanced)\b"
)
_NOUN = re.compile(r"\b(?:" + _K8S_NOUNS + r")\b")
_ACRONYM = re.compile(
    r"\b(?:DNS|CNAME|TLS|RBAC|CRDs?|HPA|PVCs?|PVs?|FQDN|CPU|SRV|TCP|UDP|SCTP|HTTPS?|gRPC|OOMKilled)\b")
_STATUS = re.compile(
    r"\b(?:Pending|Running|Succeeded|Failed|Completed|Terminating|CrashLoopBackOff|ImagePullBackOff|Ready)\b")


@dataclass
class Fact:
    text: str
    priority: int
    start: int  # offset in the paragraph's plain text


def _text_and_codes(concept: Concept) -> tuple[str, list[tuple[int, int]]]:
    """The paragraph as one string (code spans with their backticks) and the code span ranges."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for kind, content in concept.runs or [("text", concept.text)]:
        piece = f"`{content}`" if kind == "code" else content
        if kind == "code":
            spans.append((pos, pos + len(piece)))
        parts.append(piece)
        pos += len(piece)
    return "".join(parts), spans


def is_example(fact: str, text: str, start: int) -> bool:
    """An illustration, not a fact: after "e.g." / "such as", a label like ``app: nginx``, ``web-0``."""
    bare = fact.strip("`").strip()
    if _EXAMPLE_CUE.search(text[max(0, start - 24):start].rstrip()):
        return True
    # "For example, `env=staging` selects …, and `tier in (web, api)` selects …": the whole sentence
    ends = [m.end() for m in re.finditer(r"[.!?]\s+", text[:start])
            if not re.search(r"(?i)\b(?:e\.g|i\.e|vs)\.\s+$", text[:m.end()])]
    sentence = text[max([0, text.rfind("\n", 0, start) + 1, *ends]):start]
    if _EXAMPLE_SENTENCE.match(sentence):
        return True
    m = re.match(r"^([\w.-]+)\s*[:=]\s*([\w.-]+)$", bare)
    if m and m.group(1).lower() in _LABEL_KEYS:
        return True
    return bool(_NAME_LIKE.match(bare))


def _stem_pattern(fact: str) -> str:
    bare = fact.strip("`").strip().lower()
    stem = re.sub(r"(?:ies|es|s)$", "", bare) if len(bare) > 3 and re.match(r"^[a-z]", bare) else bare
    return r"(?<![a-z0-9])" + re.escape(stem) + r"(?:s|es|ies|y)?(?![a-z0-9])"


def given_away(fact: str, text: str) -> bool:
    """True when the fact still shows once its own occurrences are hidden (any case or inflection)."""
    rest = text
    for a, b in sorted(_occurrences(text, fact), reverse=True):
        rest = rest[:a] + " [...] " + rest[b:]
    bare = fact.strip("`")
    if fact.startswith("`") and len(bare) >= 4 and re.search("`" + re.escape(bare) + r"[\w=.-]", rest):
        return True  # `kubectl create role` still shows as the start of `kubectl create rolebinding`
    compound = r"[a-z]" + re.escape(fact) + r"(?![a-z])|\b" + re.escape(fact) + r"(?=[A-Z])"
    if re.fullmatch(r"[A-Z][A-Za-z]+", fact) and re.search(compound, rest):
        return True  # "Role" still shows inside "ClusterRole", "ClusterRole" inside "ClusterRoleBinding"
    return bool(re.search(_stem_pattern(fact), rest.lower()))


# "A, B and C" / "`a`, `b`, or `c`": three or more short items (a code span or one to three words).
_ITEM = r"(?:`[^`\n]+`|[\w./%<>-]+(?: [\w./%<>-]+){0,2})"
_ENUMERATION = re.compile(_ITEM + r"(?:, " + _ITEM + r")+,? (?:and|or) " + _ITEM)


def _in_listed_items(fact: str, text: str, start: int) -> bool:
    """The fact is one whole item of an "A, B and C" run inside a clause (its first or last item too)."""
    clause_start = max(text.rfind(c, 0, start) for c in (". ", "; ", ": ", "(", "\n")) + 1
    ends = [i for i in (text.find(c, start + len(fact)) for c in (". ", "; ", ")", "\n")) if i >= 0]
    clause_end = min(ends) if ends else len(text)
    clause = text[clause_start:clause_end]
    pos = start - clause_start
    for m in _ENUMERATION.finditer(clause):
        if m.start() <= pos and pos + len(fact) <= m.end():
            items = [i.strip() for i in re.split(r",? (?:and|or) |, ", m.group(0))]
            # a whole item; the first may carry the clause's opening words ("lists `a`, `b` and `c`")
            return fact in items or items[0].endswith(" " + fact)
    return False


def in_enumeration(fact: str, text: str, start: int) -> bool:
    """One item of "A, B, and C" or of a list of bare items: only its position says which is hidden."""
    if _in_listed_items(fact, text, start):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    if re.match(r"^(?:-|\d+\.)\s+" + re.escape(fact) + r"[.;,]?$", line.strip()):
        return True
    before = text[max(0, start - 2):start]
    after = text[start + len(fact): start + len(fact) + 6]
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("(", 0, start), line_start - 1)
    sentence_end = min([i for i in (text.find(". ", start), text.find(")", start)) if i >= 0] or [len(text)])
    items = [x.strip() for x in re.split(r",|\band\b|\bor\b", text[sentence_start + 1:sentence_end])]
    short = [x for x in items if x and len(x.split()) <= 3]
    return (before == ", " or after.startswith(",")) and len(short) >= 3


def _acceptable(fact: str, sentences: list[str]) -> bool:
    bare = fact.strip("`").strip()
    if len(bare) < 2 or bare.lower() in STOP_WORDS or "::" in bare or "}}" in bare or "{{" in bare:
        return False
    if _COUNT.fullmatch(bare):
        return False  # "two" from prose: a bare number word is no fact
    words = bare.split()
    if all(w.lower() in STOP_WORDS for w in words):
        return False
    # Never (almost) a whole sentence: the card would be a blank to fill from nothing.
    return not any(fact in s and len(fact) >= 0.8 * len(s.rstrip(".!?: ")) for s in sentences)


def find_facts(concept: Concept) -> list[Fact]:
    """The facts to hide, in the order they appear (at most MAX_CLOZES)."""
    text, code_spans = _text_and_codes(concept)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    if concept.lead:
        # One item of a "X — does Y" list: the one fact is which X does it.
        m = re.search(r"(?<![\w`])" + re.escape(concept.term or "\0") + r"(?![\w`])", text) if concept.term else None
        if not m or not concept.term or given_away(concept.term, text):
            return []  # "`limits` — … over its memory limit …": the item names its own answer
        return [Fact(concept.term, 1, m.start())]

    def in_code(i: int, j: int) -> bool:
        return any(a <= i < b or a < j <= b for a, b in code_spans)

    candidates: list[Fact] = []
    for a, b in code_spans:
        candidates.append(Fact(text[a:b], 1, a))
    for rx, prio in ((_DNS, 1), (_RANGE, 1), (_NUMBER, 2), (_CAMEL, 2)):
        for m in rx.finditer(text):
            g = m.group(1) if rx.groups else m.group(0)
            start = m.start(1) if rx.groups else m.start()
            if not in_code(start, start + len(g)):
                candidates.append(Fact(g, prio, start))
    if concept.term:
        term = concept.term
        found = re.search(r"(?<![\w`])" + re.escape(term) + r"(?![\w`])", text)
        if found:
            candidates.append(Fact(term, 2, found.start()))
    chosen = _choose(candidates, text, sentences)
    if len(chosen) < 2:
        extra: list[Fact] = []
        for rx, prio in ((_PREDICATE, 3), (_STATUS, 3), (_ACRONYM, 3), (_PHRASE, 3), (_NOUN, 4)):
            for m in rx.finditer(text):
                g = m.group(1) if rx.groups else m.group(0)
                start = m.start(1) if rx.groups else m.start()
                if in_code(start, start + len(g)):
                    continue
                if prio >= 4 and len(re.findall(r"(?<![\w`])" + re.escape(g) + r"(?![\w`])", text)) > 2:
                    continue  # hiding a word that is everywhere makes the card unreadable
                extra.append(Fact(g, prio, start))
        chosen = _choose(candidates + [f for f in extra if f.priority < 4], text, sentences)
        if not chosen:
            chosen = _choose(candidates + extra, text, sentences, limit=2)
    return sorted(chosen, key=lambda f: f.start)


def _choose(candidates: list[Fact], text: str, sentences: list[str], limit: int = MAX_CLOZES) -> list[Fact]:
    chosen: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for f in sorted(candidates, key=lambda f: (f.priority, f.start)):
        if len(chosen) >= limit:
            break
        if not _acceptable(f.text, sentences) or any(c.text == f.text for c in chosen):
            continue
        if is_example(f.text, text, f.start) or given_away(f.text, text) or in_enumeration(f.text, text, f.start):
            continue
        spans = list(_occurrences(text, f.text))
        if any(a < tb and ta < b for a, b in spans for ta, tb in taken):
            continue
        chosen.append(f)
        taken += spans
    return chosen


def _occurrences(text: str, fact: str) -> Iterator[tuple[int, int]]:
    if fact.startswith("`"):
        pattern = re.escape(fact)
    else:
        pattern = r"(?<![\w`])" + re.escape(fact) + r"(?![\w`])"
    for m in re.finditer(pattern, text):
        yield m.start(), m.end()


def cloze_text(concept: Concept, facts: list[Fact]) -> str:
    """The paragraph with ``{{cN::fact}}`` around every occurrence of the N-th fact."""
    text, _ = _text_and_codes(concept)
    marks: list[tuple[int, int, int]] = []
    for n, f in enumerate(facts, 1):
        marks += [(a, b, n) for a, b in _occurrences(text, f.text)]
    out = []
    pos = 0
    for a, b, n in sorted(marks):
        if a < pos:
            continue
        out.append(_page_text(text[pos:a]))
        out.append("{{c%d::%s}}" % (n, text[a:b]))
        pos = b
    out.append(_page_text(text[pos:]))
    return "".join(out).strip()


def _page_text(chunk: str) -> str:
    """Page text between deletions: it never opens a deletion of its own, and a brace it has next to
    a deletion (``{{1 MiB}}`` with ``1 MiB`` hidden) is kept apart from the deletion's own ``{{``/``}}``
    by a WORD JOINER, or ``}}}}`` would end the deletion one brace late."""
    chunk = literal_cloze(chunk)
    if chunk.endswith("{"):
        chunk += WORD_JOINER
    if chunk.startswith("}"):
        chunk = WORD_JOINER + chunk
    return chunk


_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}(?!\})", re.S)


def mask(cloze: str, index: int) -> str:
    """The card front: deletion ``index`` shown as ``[...]``, the others revealed."""
    return _CLOZE.sub(lambda m: "[...]" if int(m.group(1)) == index else m.group(2), cloze)
