"""The values a docker or helm command requires (pure): its arguments and flag values, named by
role ("release", "image", "tag"), not its subcommands."""

from __future__ import annotations

from drills.deck.words import Literal, split_flag

# Flags that take a value (docker <cmd> --help lists them with a type; helm's non-boolean flags): the
# word after such a flag is its value, never an image or a release (``docker run --user 1000 app``).
TOOL_VALUE_FLAGS = {"t", "tag", "f", "file", "p", "publish", "name", "e", "env", "v", "volume", "set",
                    "values", "version", "n", "namespace", "revision", "network", "platform", "build-arg",
                    "repo", "label", "l", "o", "output", "set-string", "timeout", "u", "user", "w", "workdir",
                    "entrypoint", "h", "hostname", "m", "memory", "cpus", "restart", "env-file", "mount",
                    "add-host", "expose", "cap-add", "cap-drop", "device", "dns", "c", "cpu-shares", "target",
                    "cache-from", "secret", "ssh", "kube-context", "description", "set-file", "set-json",
                    "set-literal", "username", "password", "post-renderer", "max", "filter", "signal", "format",
                    "health-cmd", "ulimit", "userns", "pid", "ipc", "shm-size", "stop-signal", "log-driver"}
# helm/docker commands whose first word after the tool is a group ("helm repo add", "docker image ls").
TOOL_GROUPS = {"repo", "search", "show", "dependency", "get", "plugin", "image", "container", "network",
               "volume", "compose", "registry", "system", "buildx"}


TOOL_ROLES = {"create": ["chart"], "package": ["chart directory"],
              "repo add": ["repo name", "repo URL"], "install": ["release", "chart"],
              "upgrade": ["release", "chart"], "rollback": ["release", "revision"], "uninstall": ["release"],
              "template": ["release", "chart"], "status": ["release"], "history": ["release"],
              "run": ["image"], "push": ["image"], "pull": ["image"], "tag": ["image", "new tag"],
              "build": ["build context"]}
TOOL_FLAG_ROLES = {"t": "tag", "f": "file", "n": "namespace", "p": "ports", "publish": "ports", "e": "env",
                   "v": "volume", "set": "value", "values": "values file", "u": "user", "w": "workdir"}


def tool_literals(words: list[str]) -> list[Literal]:
    """The given values of a docker or helm command: arguments and flag values, not subcommands."""
    out: list[Literal] = []
    sub: list[str] = []
    args = 0
    i = 1
    while i < len(words):
        w = words[i]
        flag = split_flag(w)
        if flag is not None:
            name, val = flag
            if val is None and name in TOOL_VALUE_FLAGS and i + 1 < len(words):
                val = words[i + 1]
                i += 1
            if val is not None and name not in ("o", "output", "timeout"):
                out.append(Literal(val, TOOL_FLAG_ROLES.get(name, name)))
        elif not sub or (len(sub) == 1 and sub[0] in TOOL_GROUPS):
            sub.append(w)
        else:
            roles = TOOL_ROLES.get(" ".join(sub), [])
            out.append(Literal(w, roles[args] if args < len(roles) else "argument"))
            args += 1
        i += 1
    return out
