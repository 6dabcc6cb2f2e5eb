"""Run a kubectl command line against a sandbox, as the student typed it (an argument list, never a
shell). Typed `kubectl create KIND ...` and `autoscale` send protobuf bodies; the sandbox reads those
of the kinds it has a schema for (`protoschema.py`). Should one still come back 415 (a field the
sandbox cannot read), the command is rendered with `--dry-run=client -o json` and the JSON submitted
with `kubectl create -f -` (keeping the user's `-n`, `--dry-run=server`, `-o`, `--save-config`...);
the output is what the original command prints."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drills.sandbox.sandbox import kubectl_path

if TYPE_CHECKING:
    from drills.sandbox.sandbox import Sandbox

# `kubectl create SUBCOMMAND` forms that build the object in kubectl and POST it as protobuf
TYPED_CREATE = {"clusterrole", "clusterrolebinding", "configmap", "cm", "cronjob", "cj", "deployment", "deploy",
                "ingress", "ing", "job", "namespace", "ns", "poddisruptionbudget", "pdb", "priorityclass", "pc",
                "quota", "resourcequota", "role", "rolebinding", "secret", "service", "svc", "serviceaccount", "sa"}
# flags about printing or sending, which go to the submitting `create -f -`, not to the rendering
SUBMIT_FLAGS = {"--dry-run", "-o", "--output", "--save-config", "--field-manager", "--show-managed-fields",
                "--template", "--allow-missing-template-keys", "--show-labels", "--validate",
                "--windows-line-endings", "--edit", "--raw", "--record"}
GLOBAL_VALUE_FLAGS = {"-n", "--namespace", "--context", "--cluster", "--user", "--kubeconfig", "-s", "--server",
                      "--token", "--as", "--as-group", "--request-timeout", "-v", "--v"}


@dataclass
class KubectlResult:
    """Exit code and output of one kubectl command line."""

    argv: list[str]
    code: int
    stdout: str
    stderr: str

    def to_dict(self) -> dict[str, object]:
        return {"argv": self.argv, "code": self.code, "stdout": self.stdout, "stderr": self.stderr}

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> KubectlResult:
        return cls(list(d["argv"]), int(d["code"]), str(d["stdout"]), str(d["stderr"]))  # type: ignore[call-overload]


def _typed_create(args: list[str]) -> bool:
    """`create SUB ...` with a typed SUB, or `autoscale` (args without the program name)."""
    words: list[str] = []
    i = 0
    while i < len(args) and len(words) < 2:
        a = args[i]
        if a == "--":
            break
        if a.startswith("-"):
            if a in GLOBAL_VALUE_FLAGS and "=" not in a:
                i += 1
        else:
            words.append(a)
        i += 1
    if words[:1] == ["autoscale"]:
        return True
    return len(words) == 2 and words[0] == "create" and words[1] in TYPED_CREATE


def split_create(args: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(rendering args, submitting args, `--` and what follows) for a typed create: the user's
    printing flags move to the submit."""
    render, submit, i = [], [], 0
    while i < len(args):
        a = args[i]
        name = a.split("=", 1)[0]
        if a == "--":
            break
        if name in SUBMIT_FLAGS:
            takes_value = "=" not in a and name in ("-o", "--output", "--field-manager", "--template")
            submit.append(a)
            if takes_value and i + 1 < len(args):
                submit.append(args[i + 1])
                i += 1
        elif name in ("-n", "--namespace", "--context", "--as", "--as-group", "--request-timeout"):
            render.append(a)
            submit.append(a)
            if "=" not in a and i + 1 < len(args):
                render.append(args[i + 1])
                submit.append(args[i + 1])
                i += 1
        else:
            render.append(a)
        i += 1
    return render, submit, args[i:]


def run_kubectl(sandbox: Sandbox, argv: list[str], stdin: str | None = None, timeout: float = 60.0,
                cwd: str | None = None) -> KubectlResult:
    """Run ``argv`` (starting with `kubectl`) against ``sandbox``; typed creates are submitted as JSON."""
    program, args = kubectl_path(), list(argv[1:])

    def call(a: list[str], data: str | None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([program, *a], env=sandbox.env, input=data, capture_output=True, text=True,
                              timeout=timeout, cwd=cwd, stdin=None if data is not None else subprocess.DEVNULL)

    if _typed_create(args):
        direct = call(args, stdin)
        if direct.returncode == 0 or "accepts JSON only" not in direct.stderr:
            return KubectlResult(list(argv), direct.returncode, direct.stdout, direct.stderr)
        render, submit, command = split_create(args)
        if any(a.split("=", 1)[0] == "--dry-run" and a.split("=", 1)[-1] in ("client", "--dry-run") for a in submit):
            done = call(args, stdin)  # a client dry run never reaches the server
            return KubectlResult(list(argv), done.returncode, done.stdout, done.stderr)
        rendered = call([*render, "--dry-run=client", "-o", "json", *command], stdin)
        if rendered.returncode != 0:
            return KubectlResult(list(argv), rendered.returncode, rendered.stdout, rendered.stderr)
        done = call(["create", "-f", "-", *submit], rendered.stdout)
        stdout = done.stdout
        if "autoscale" in args and not any(a.split("=", 1)[0] in ("-o", "--output") for a in submit):
            stdout = stdout.replace(" created\n", " autoscaled\n")  # what `kubectl autoscale` prints
        return KubectlResult(list(argv), done.returncode, stdout, rendered.stderr + done.stderr)
    done = call(args, stdin)
    return KubectlResult(list(argv), done.returncode, done.stdout, done.stderr)
