"""Shape F drill items are only a command (``k get po -A``): say what it does, to make a front.

The description is deliberately plain ("List pods in all namespaces, wide output"); unknown flags
are quoted as written, so the front never lies about the command.
"""

from __future__ import annotations

import re

from drills.kubectl.resources import RESOURCES as REGISTRY
from drills.kubectl.resources import Resource
from drills.kubectl.tokenizer import ShellSyntaxError, tokenize

def _phrase(resource: Resource) -> str:
    """A resource type as a sentence says it: ``NetworkPolicy`` -> "network policies"."""
    words = re.findall(r"[A-Z][a-z]*", resource.kind)
    prefix = "".join(words[:-1]).lower()
    if not resource.plural.startswith(prefix):
        return resource.plural
    return " ".join([w.lower() for w in words[:-1]] + [resource.plural[len(prefix):]])


# Every spelling kubectl accepts for a type (po, pod, pods, svc...) -> its phrase; the names come from
# the kubectl package's resource registry, the one place that knows them.
RESOURCES = {name: _phrase(r) for r in REGISTRY for name in (r.plural, r.singular, r.kind.lower(), *r.short)}
RESOURCES["all"] = "all resources"
VERBS = {
    "get": "List", "describe": "Describe", "delete": "Delete", "create": "Create", "run": "Run a pod",
    "expose": "Expose", "logs": "Show the logs of", "exec": "Run a command in", "apply": "Apply",
    "edit": "Edit", "scale": "Scale", "explain": "Explain the fields of", "top": "Show resource usage of",
    "label": "Label", "annotate": "Annotate", "port-forward": "Port-forward to", "rollout": "Manage the rollout of",
    "set": "Set a field of", "patch": "Patch", "replace": "Replace", "cp": "Copy files with", "wait": "Wait for",
    "auth": "Check permissions with", "config": "Change the kubeconfig:", "api-resources": "List the API resources",
    "version": "Show the client and server versions", "cluster-info": "Show the cluster info", "taint": "Taint",
    "cordon": "Cordon", "drain": "Drain", "autoscale": "Autoscale", "debug": "Debug",
}
FLAGS = {
    "-A": "in all namespaces", "--all-namespaces": "in all namespaces", "-w": "and watch for changes",
    "--watch": "and watch for changes", "--show-labels": "showing their labels", "-o wide": "with wide output",
    "-o yaml": "as YAML", "-o json": "as JSON", "-o name": "as names only", "-f": "(follow)",
    "--previous": "of the previous container", "-p": "of the previous container",
    "--dry-run=client": "without creating anything", "-it": "interactively", "--rm": "removed afterwards",
    "--all": "all of them", "--force": "forcefully", "--recursive": "recursively",
}
VALUE_FLAGS = {"-n": "in namespace {}", "--namespace": "in namespace {}", "-l": "with label {}",
               "--selector": "with label {}", "-c": "container {}", "--sort-by": "sorted by {}",
               "--field-selector": "where {}", "--image": "with image {}", "--replicas": "{} replicas",
               "--port": "port {}", "--tail": "last {} lines", "--since": "since {}",
               "--type": "type {}", "--context": "context {}"}


def describe(command: str) -> str:
    """"k get po -A -o wide" -> "List pods in all namespaces, with wide output"."""
    try:  # the first command of the first line, split as the checker splits answers
        segments = tokenize(command.split("\n", 1)[0])
        words = [w.text for w in segments[0].words] if segments else []
    except ShellSyntaxError:
        words = command.split()
    if not words or words[0] not in ("k", "kubectl"):
        return command
    words = words[1:]
    parts: list[str] = []
    i = 0
    verb = None
    positional: list[str] = []
    while i < len(words):
        w = words[i]
        if w == "--":
            parts.append("running `" + " ".join(words[i + 1 :]) + "`")
            break
        if w == "-o" and i + 1 < len(words) and f"-o {words[i + 1]}" in FLAGS:
            parts.append(FLAGS[f"-o {words[i + 1]}"])
            i += 2
            continue
        if "=" in w and w.split("=", 1)[0] in VALUE_FLAGS:
            name, value = w.split("=", 1)
            parts.append(VALUE_FLAGS[name].format(value))
        elif w in VALUE_FLAGS and i + 1 < len(words):
            parts.append(VALUE_FLAGS[w].format(words[i + 1]))
            i += 1
        elif w in FLAGS:
            parts.append(FLAGS[w])
        elif w.startswith("-"):
            parts.append(f"with `{w}`")
        elif verb is None:
            verb = w
        else:
            positional.append(RESOURCES.get(w, w) if not positional else w)
            if len(positional) == 2 and positional[0] != words[words.index(verb) + 1]:
                positional[0] = _singular(positional[0])
        i += 1
    head = VERBS.get(verb or "", (verb or "").capitalize())
    if verb == "get" and len(positional) > 1:
        head = "Get"
    text = " ".join([head] + positional)
    if parts:
        text += " " + ", ".join(parts)
    return text.strip()


def _singular(plural: str) -> str:
    if plural in ("endpoints", "all resources"):
        return plural
    if plural.endswith("sses"):
        return plural[:-2]
    return plural[:-1] if plural.endswith("s") else plural
