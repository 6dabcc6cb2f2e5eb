"""The values an answer requires, and whether a card's front states them (pure).

A command card is answerable alone only when every name and value its grader requires is on its
front. The *how* (kubectl's subcommands, flag names, output formats, resource types) is what the
student learns; the *what* (the deployment is called ``web``, port 80, namespace ``shop``) must be
given. ``literals(answer)`` lists the what; ``missing(answer, front)`` the part the front omits.

Commands are split into words by the checker's shell tokenizer (``drills.kubectl.tokenizer``), so
the deck and the grader read quotes, comments, ``&&``, pipes, redirections and here-documents the
same way; a small word-level reading on top of it is enough to tell names from flags.
"""

from __future__ import annotations

import re
from drills.course.shell import heredoc_bodies, shell_lines
from drills.deck.tool_values import tool_literals
from drills.deck.words import Literal, object_kind, split_flag
from drills.kubectl.tokenizer import ShellSyntaxError, substitutions, tokenize

# Flags whose value is knowledge the card tests (an output format, a condition), not a given.
KNOWLEDGE_FLAGS = {"o", "output", "dry-run", "restart", "sort-by", "for", "type", "field-selector",
                   "p", "patch", "protocol", "overrides", "template", "timeout", "verb", "resource",
                   "image-pull-policy"}
# Flags that take a value (otherwise a following word would be read as a positional name).
VALUE_FLAGS = {"n", "namespace", "o", "output", "l", "selector", "c", "container", "image", "replicas",
               "port", "target-port", "name", "type", "from-literal", "from-file", "from-env-file",
               "schedule", "restart", "labels", "env", "f", "filename", "sort-by", "field-selector", "for",
               "timeout", "to-revision", "as", "verb", "resource", "role", "clusterrole", "serviceaccount",
               "user", "group", "hard", "cpu", "memory", "requests", "limits", "min", "max", "cpu-percent",
               "tail", "since", "context", "cluster", "protocol", "overrides", "patch", "image-pull-policy",
               "cert", "key", "docker-server", "docker-username", "docker-password",
               "external-name", "tcp", "class", "rule", "default-backend", "container-port", "revision",
               "template", "session-affinity", "generator", "limit", "chunk-size", "token", "p", "k", "kustomize",
               "grace-period", "duration", "current-context"}
ROLES = {"n": "namespace", "namespace": "namespace", "l": "label", "selector": "label", "c": "container",
         "image": "image", "replicas": "replicas", "port": "port", "target-port": "target port",
         "name": "name", "from-literal": "data", "schedule": "schedule", "labels": "labels", "env": "env",
         "f": "file", "filename": "file", "hard": "limit", "as": "user", "to-revision": "revision",
         "serviceaccount": "service account", "role": "role", "clusterrole": "cluster role",
         "cpu-percent": "CPU percent", "min": "min", "max": "max", "tail": "lines", "since": "since",
         "k": "directory", "kustomize": "directory",
         # the file a ConfigMap or Secret is made from is the page's (`app.env`): nobody can guess it
         "from-file": "from file", "from-env-file": "from env file"}
# kubectl verbs followed by a subcommand word (``create deployment``, ``rollout undo``).
SUBCOMMAND_VERBS = {"create", "set", "rollout", "config", "auth", "top", "certificate", "apply", "plugin"}
CREATE_TWO_WORDS = {"secret", "service", "svc"}  # create secret generic NAME, create service nodeport NAME
# Verbs whose first positional word is a resource type (``get svc web``), unless it is TYPE/NAME.
TYPED_VERBS = {"get", "describe", "delete", "edit", "patch", "label", "annotate", "expose", "scale", "wait",
               "autoscale", "explain", "rollout", "set", "top", "taint", "cordon", "uncordon", "drain"}
# Words that are never a given value: shell tools, well-known DNS parts, keywords.
KNOWN_WORDS = {"sh", "bash", "/bin/sh", "/bin/bash", "env", "printenv", "cat", "ls", "nslookup", "wget",
               "curl", "sleep", "echo", "date", "hostname", "ps", "top", "df", "id", "whoami", "nc", "ping",
               "svc", "cluster", "local", "default", "http", "https", "tcp", "udp", "localhost", "ready",
               "true", "false", "none", "all", "condition", "dig", "host", "tail", "head", "grep", "sort",
               "base64", "jq", "xargs", "wc", "test", "exit", "kubernetes", "cluster-info", "yaml", "json",
               "yml", "txt", "conf", "sed", "awk", "tee", "cp", "mv", "rm", "mkdir", "touch", "chmod", "vi"}
_PLACEHOLDER = re.compile(r"<[^<>\s]+>")
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def segments(answer: str) -> list[list[str]]:
    """The words of every command of an answer (one command a line, or joined by | && ; "then"),
    quotes removed, as kubectl's shell tokenizer reads them: comments, redirections and
    here-document bodies are not words. A word built by a ``$(...)`` is computed, not given: it is
    kept as ``$(…)`` (no value in it), and the command inside is a command of its own."""
    try:
        return [words for words in _tokenized(answer, 0) if words]
    except (ShellSyntaxError, RecursionError):
        return _segments_by_blanks(answer)


COMPUTED = "$(…)"
_MAX_NESTING = 8  # $( $( ... ) ): a page nests two at most; a hostile one may nest thousands


def _tokenized(text: str, depth: int) -> list[list[str]]:
    out: list[list[str]] = []
    for seg in tokenize(text):
        words: list[str] = []
        inner: list[str] = []
        for w in seg.words:
            subs = substitutions(w.raw) if "$(" in w.raw else []
            words.append(COMPUTED if subs else w.text)
            inner += subs
        out.append(words)
        if depth < _MAX_NESTING:
            for command in inner:
                out += _tokenized(command, depth + 1)
    return out


def _segments_by_blanks(answer: str) -> list[list[str]]:
    """An answer the tokenizer cannot read (an unbalanced quote): words split at blanks, commands at
    the words ``|``, ``&&``, ``;``."""
    out: list[list[str]] = []
    for sl in shell_lines(answer):
        if sl.kind != "command":
            continue
        body = sl.text
        for b in heredoc_bodies(sl.text):
            body = body.replace(b, "")
        current: list[str] = []
        for w in body.split():
            if set(w) <= set("|&;()<>"):
                if current:
                    out.append(current)
                current = []
            else:
                current.append(w)
        if current:
            out.append(current)
    return out


def kubectl_literals(words: list[str]) -> list[Literal]:
    """The given values of one kubectl command (``words`` starts with kubectl or k)."""
    out: list[Literal] = []
    verb: str | None = None
    kind: str | None = None
    named = False  # after the first name, further positional words are values (``env=prod``)
    positional = 0
    i = 1
    while i < len(words):
        w = words[i]
        if w == "--":
            if verb == "create" and (kind or "").replace(" ", "") in ("job", "cronjob", "deployment") \
                    and i + 1 < len(words):
                # what a workload runs is the page's choice (`-- date`), not a tool to know
                out.append(Literal(words[i + 1], CONTAINER_COMMAND))
            out += _after_dash(words[i + 1:])
            break
        flag = split_flag(w)
        if flag is not None:
            name, val = flag
            takes = name in VALUE_FLAGS and not (name == "p" and verb != "patch")
            if val is None and takes and i + 1 < len(words):
                val = words[i + 1]
                i += 1
            if val is not None and name not in KNOWLEDGE_FLAGS:
                out.append(Literal(val, ROLES.get(name, name)))
            elif val is not None and (name == "overrides" or (name in ("p", "patch") and verb == "patch")):
                out += structured_literals(val)  # the patch's shape is knowledge, its values are given
            i += 1
            continue
        if verb is None:
            verb = w
        elif verb in SUBCOMMAND_VERBS and positional == 0 and not (verb in TYPED_VERBS and "/" in w):
            positional += 1
            if verb == "create":
                kind = object_kind(w)
                if w in CREATE_TWO_WORDS and i + 1 < len(words) and not words[i + 1].startswith("-"):
                    i += 1  # generic / nodeport: part of the subcommand
            elif verb in TYPED_VERBS and i + 1 < len(words) and not words[i + 1].startswith("-"):
                nxt = words[i + 1]
                if "/" in nxt:
                    kind, name_ = nxt.split("/", 1)
                    out.append(Literal(name_, object_kind(kind)))
                    named = True
                    i += 1
                elif verb in ("rollout", "set", "top"):
                    kind = object_kind(nxt)
                    i += 1
        elif verb in TYPED_VERBS and kind is None and verb not in ("explain",):
            if "/" in w:
                k, name_ = w.split("/", 1)
                out.append(Literal(name_, object_kind(k)))
                kind, named = object_kind(k), True
            else:
                kind = object_kind(w)
            positional += 1
        elif verb == "explain":
            pass  # a field path is knowledge
        else:
            positional += 1
            role = "value" if named else kind or (
                "pod" if verb in ("run", "logs", "exec", "attach", "port-forward", "cp") and positional == 1
                else "value")
            if role == "value":
                # say what the value is, so the front's "use:" note reads as an instruction
                role = {"label": "label", "annotate": "annotation", "set": "container image",
                        "kustomize": "directory"}.get(verb, role)
                if verb == "auth":
                    role = "verb" if positional == 2 else "resource" if positional == 3 else role
            named = True
            if verb in ("port-forward", "logs", "exec", "attach") and positional == 1 and "/" in w:
                # `logs deploy/shop`: a Deployment called shop, not a pod called "deploy/shop"
                k, name_ = w.split("/", 1)
                out.append(Literal(name_, object_kind(k)))
            elif verb == "port-forward" and positional > 1:
                out.append(Literal(w, "ports"))
            else:
                out.append(Literal(w, role))
        i += 1
    return out


def structured_literals(text: str) -> list[Literal]:
    """The leaf values of a JSON (or YAML) patch or override, named by their field: the grader
    compares them, so a front must give them (``serviceAccountName`` -> service account)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    out: list[Literal] = []

    def walk(node: object, key: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif node is not None and not isinstance(node, bool) and _manifest_value(str(node)):
            kind = key[:-4].lower() if key.endswith("Name") else ""
            out.append(Literal(str(node), kind if kind in OBJECT_KINDS else key))

    if isinstance(data, (dict, list)):
        walk(data, "")
    return out


def _after_dash(words: list[str]) -> list[Literal]:
    """Arguments of the container command: the tool is knowledge, its values are given."""
    out = []
    for w in words[1:]:
        if w.startswith("-"):
            continue
        out.append(Literal(w, "argument"))
    return out


def literals(answer: str) -> list[Literal]:
    """Every given value of an answer (kubectl, docker and helm commands; placeholders are not values)."""
    out: list[Literal] = []
    for words in segments(answer):
        if words and words[0] in ("kubectl", "k"):
            out += kubectl_literals(words)
        elif words and words[0] in ("docker", "helm"):
            out += tool_literals(words)
    return [lit for lit in out if value_parts(lit.text, names_object(lit.role))]


def manifest_values(text: str) -> list[Literal]:
    """Every leaf value of a YAML manifest (apiVersion aside), named by its field."""
    import yaml

    try:
        docs = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return []
    out: list[Literal] = []

    def walk(node: object, key: str, parent: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "apiVersion":
                    walk(v, str(k), key)
        elif isinstance(node, list):
            for v in node:
                walk(v, key, parent)
        elif node is not None and not isinstance(node, bool) and _manifest_value(str(node)):
            # "name" alone says little: a container's name is "container name"
            role = f"{parent.rstrip('s')} name" if key == "name" and parent not in ("", "metadata") else key
            out.append(Literal(str(node), role))

    for d in docs:
        walk(d, "", "")
    return out


def manifest_literals(text: str, front: str = "") -> list[tuple[str, str]]:
    """(field name, shown value) of every leaf value of a YAML manifest (apiVersion aside) that
    ``front`` does not show as written."""
    return [(lit.role, lit.text if re.fullmatch(r"[\d:.,%]+", lit.text) else f"`{lit.text}`")
            for lit in manifest_values(text) if not stated_whole(lit.text, front)]


def value_parts(text: str, name: bool = False) -> list[str]:
    """The word parts of a value that a front must show (placeholders and known words excluded;
    ``name``: the value names an object, so a pod called ``whoami`` or ``test`` is still a name)."""
    text = _PLACEHOLDER.sub(" ", text.strip("'\""))
    if text.startswith("$(") or text.startswith("{") or "{." in text:
        return []
    parts = [p.rstrip("-") for p in _PART.findall(text)]  # `tier-` removes label `tier`: the dash is syntax
    if name and len(parts) == 1:
        return parts  # the whole value is the object's name (`default:robot` is two parts, not a name)
    return [p for p in parts if p.lower() not in KNOWN_WORDS]


# Kinds of object a value can name: such a value is a name even when it is also a common word.
OBJECT_KINDS = {"pod", "deployment", "service", "endpoints", "configmap", "secret", "namespace", "job", "cronjob",
                "statefulset", "daemonset", "replicaset", "ingress", "serviceaccount", "role", "rolebinding",
                "clusterrole", "clusterrolebinding", "persistentvolumeclaim", "horizontalpodautoscaler",
                "networkpolicy", "resourcequota", "quota", "node"}


CONTAINER_COMMAND = "container command"


def names_object(role: str) -> bool:
    """The value names something the page chose (an object, a workload's program): a common word
    (``test``, ``date``) is still a value the front must give."""
    return role.replace(" ", "").lower() in OBJECT_KINDS or role == CONTAINER_COMMAND


def stated(text: str, front: str, *, name: bool = False, alone: bool = False) -> bool:
    """True when every part of ``text`` shows on ``front`` as a whole word (any case).

    A number inside another number is not stated (``1`` in ``1.26``). ``alone``: the part must not
    be glued by ``:``, ``.`` or ``/`` to other words either: a namespace ``sec`` inside
    ``system:serviceaccount:sec:builder`` does not tell the student to pass ``-n sec``."""
    low = front.lower()
    for part in value_parts(text, name):
        before, after = (r"(?<![\w:./-])", r"(?![\w-])(?![:./]\w)") if alone else (r"(?<![\w-])", r"(?![\w-])")
        pattern = before + re.escape(part.lower()) + after
        if part.isdigit() and not re.search(r"\d\." + part + r"\b|\b" + part + r"\.\d", text):
            pattern = r"(?<!\d\.)" + pattern + r"(?!\.\d)"  # `1` alone; `1.26` would be another number
        if not re.search(pattern, low):
            return False
    return True


def literal_stated(lit: Literal, front: str) -> bool:
    """``stated`` for one value of an answer, read by its role (an object name, a namespace).

    A container's name shows as one only next to the word: deployment `api` does not tell the
    student that its container is called `api` too (`kubectl set resources deploy api -c=api`)."""
    if lit.role == "container":
        return bool(re.search(r"\bcontainers?\W{1,3}" + re.escape(lit.text.lower()) + r"(?![\w-])", front.lower()))
    return stated(lit.text, front, name=names_object(lit.role), alone=lit.role == "namespace")


def _manifest_value(text: str) -> bool:
    """A value a manifest card must give: anything with a letter or digit but None/true/false
    (``clusterIP: None`` is what a headless Service is: knowledge, not a given)."""
    return bool(re.search(r"[A-Za-z0-9]", text)) and text.lower() not in ("none", "null", "true", "false")


def stated_whole(text: str, front: str) -> bool:
    """A manifest value must show as written (``../../base`` is not just ``base``)."""
    if not _manifest_value(text):
        return True
    return bool(re.search(r"(?<![\w-])" + re.escape(text.lower()) + r"(?![\w-])", front.lower()))


def missing(answer: str, front: str) -> list[Literal]:
    """The given values of ``answer`` that ``front`` does not state (each text once)."""
    seen: set[str] = set()
    out = []
    bodies = [lit for body in heredoc_bodies(answer) for lit in manifest_values(body)]
    for lit in literals(answer) + bodies:
        if lit.text not in seen and not literal_stated(lit, front):
            seen.add(lit.text)
            out.append(lit)
    return out
