"""What a command run inside a sandbox Pod prints: `kubectl exec POD -- CMD`, and a container's own
command (its logs; `kubectl run tmp --rm -i -- wget -qO- web` shows them).

A small shell: `sh -c` scripts of simple commands joined by `;`, `&&`, `||` and newlines, `$VAR`
expansion, `while true; do ...; done` (runs the body once, then keeps running). Commands: wget, curl,
nslookup, hostname, env/printenv, cat/ls of mounted ConfigMap and Secret files, echo, sleep, true,
false, date, whoami, id, pwd. Which tools exist depends on the image (busybox has no curl).
"""

from __future__ import annotations

import base64
import re
import shlex
from typing import TYPE_CHECKING

from drills.sandbox import netpol
from drills.sandbox.network import DNS_IP, SERVERS, SHELL_IMAGES, image_family, resolve
from drills.sandbox.storage import Obj
from drills.sandbox.shellwords import Result, filter_text, redirect, seconds, split_pipe, split_script
from drills.sandbox.webtools import curl, wget

if TYPE_CHECKING:
    from drills.sandbox.api import Api

BUSYBOX_LIKE = {"busybox", "alpine", "curl", "netshoot"}
NO_SHELL_TOOLS = {"curl"}  # not in busybox
LONG_SLEEP = 30.0
MAX_FILES, MAX_FILE = 64, 64 * 1024  # per Pod: what `echo > f`, `touch`, `wget -O f` may write
IMAGE_LOGS = {
    "nginx": ("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n"
              "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\n"
              "/docker-entrypoint.sh: Configuration complete; ready for start up\n"),
    "httpbin": "[INFO] Starting gunicorn 19.9.0\n[INFO] Listening at: http://0.0.0.0:80 (1)\n",
    "redis": "1:M * Ready to accept connections tcp\n",
}


class Shell:
    """One container's view: its env, its mounted files, the network."""

    def __init__(self, api: Api, pod: Obj, container: Obj) -> None:
        self.api, self.pod, self.container = api, pod, container
        self.family = image_family(str(container.get("image", "")))
        self.env = environment(api, pod, container)

    def has(self, tool: str) -> bool:
        if tool in ("wget", "nslookup"):
            return self.family in BUSYBOX_LIKE or self.family not in ("nginx", "httpd", "httpbin", "redis")
        if tool in NO_SHELL_TOOLS:
            return self.family not in ("busybox", "alpine")
        return True

    def run(self, argv: list[str]) -> Result:
        if not argv:
            return Result()
        name = argv[0].rsplit("/", 1)[-1]
        if name in ("sh", "bash", "ash") and len(argv) >= 3 and argv[1] == "-c":
            return self.script(argv[2])
        if name in ("sh", "bash", "ash") and len(argv) == 1:
            return Result()  # an interactive shell with no input ends at once
        handler = getattr(self, f"cmd_{name.replace('-', '_')}", None)
        if handler is None or not self.has(name):
            return Result(stderr=f"sh: {name}: not found\n", code=127)
        result: Result = handler(argv[1:])
        return result

    def script(self, text: str) -> Result:
        out = Result()
        loop = re.match(r"^\s*while\s+(true|:)\s*;?\s*do\s+(.*?);?\s*done\s*;?\s*$", text, re.S)
        if loop:
            out.add(self.script(loop.group(2)))
            out.running, out.code = True, 0
            return out
        for op, cmd in split_script(text):
            if (op == "&&" and out.code != 0) or (op == "||" and out.code == 0):
                continue
            try:
                stages = [[self.expand(w) for w in shlex.split(part)] for part in split_pipe(cmd)]
            except ValueError:
                return Result(stderr="sh: syntax error: unterminated quoted string\n", code=2)
            argv, target = redirect(stages[-1])
            if len(stages) > 1:
                result = self.run(stages[0])
                for stage in stages[1:-1] + [argv]:
                    piped = filter_text(stage, result.stdout)
                    piped.stderr = result.stderr + piped.stderr
                    result = piped
            else:
                result = self.run(argv)
            if target == "&2":
                result.stderr, result.stdout = result.stderr + result.stdout, ""
            elif target == "/dev/null":
                result.stdout = ""
            elif target is not None:
                self.write(target, result.stdout)
                result.stdout = ""
            out.add(result)
            if out.running or out.exited:
                break
        return out

    def write(self, path: str, content: str) -> None:
        """Write a file in the Pod (memory-bounded: a few files of modest size per Pod)."""
        files = self.api.files.setdefault(self._pod_key(), {})
        if path in files or len(files) < MAX_FILES:
            files[path] = content[:MAX_FILE]

    def _pod_key(self) -> tuple[str, str]:
        return self.pod["metadata"]["namespace"], self.pod["metadata"]["name"]

    def expand(self, word: str) -> str:
        return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: self.env.get(m.group(1) or m.group(2), ""), word)

    # -- commands --------------------------------------------------------------------------
    def cmd_echo(self, args: list[str]) -> Result:
        if args[:1] == ["-n"]:
            return Result(" ".join(args[1:]))
        return Result(" ".join(args) + "\n")

    def cmd_sleep(self, args: list[str]) -> Result:
        value = (args or ["0"])[0]
        duration = float("inf") if value == "infinity" else seconds(value)
        return Result(running=duration >= LONG_SLEEP)

    def cmd_exit(self, args: list[str]) -> Result:
        return Result(code=int(args[0]) if args and args[0].isdigit() else 0, exited=True)

    def cmd_touch(self, args: list[str]) -> Result:
        for path in args:
            if self.read(path) is None:
                self.write(path, "")
        return Result()

    def cmd_rm(self, args: list[str]) -> Result:
        files = self.api.files.setdefault(self._pod_key(), {})
        missing = [p for p in args if not p.startswith("-") and files.pop(p, None) is None]
        if not missing or any(a.startswith("-") and "f" in a for a in args):
            return Result()
        return Result(stderr="".join(f"rm: can't remove '{p}': No such file or directory\n" for p in missing),
                      code=1)

    def cmd_mkdir(self, args: list[str]) -> Result:
        return Result()

    def cmd_true(self, args: list[str]) -> Result:
        return Result()

    def cmd_false(self, args: list[str]) -> Result:
        return Result(code=1)

    def cmd_hostname(self, args: list[str]) -> Result:
        if args[:1] == ["-i"]:
            return Result(self.pod["status"].get("podIP", "") + "\n")
        return Result(self.env["HOSTNAME"] + "\n")

    def cmd_env(self, args: list[str]) -> Result:
        return Result("".join(f"{k}={v}\n" for k, v in self.env.items()))

    def cmd_printenv(self, args: list[str]) -> Result:
        if not args:
            return self.cmd_env(args)
        values = [self.env[a] for a in args if a in self.env]
        return Result("".join(v + "\n" for v in values), code=0 if len(values) == len(args) else 1)

    def cmd_whoami(self, args: list[str]) -> Result:
        return Result("root\n")

    def cmd_id(self, args: list[str]) -> Result:
        return Result("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n")

    def cmd_pwd(self, args: list[str]) -> Result:
        return Result("/\n")

    def cmd_date(self, args: list[str]) -> Result:
        from datetime import datetime, timezone

        return Result(datetime.fromtimestamp(self.api.clock(), timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y\n"))

    def cmd_cat(self, args: list[str]) -> Result:
        out = Result()
        for path in args:
            content = self.read(path)
            if content is None:
                out.stderr += f"cat: can't open '{path}': No such file or directory\n"
                out.code = 1
            else:
                out.stdout += content
        return out

    def cmd_ls(self, args: list[str]) -> Result:
        paths = [a for a in args if not a.startswith("-")] or ["/"]
        out = Result()
        for path in paths:
            names = self.listdir(path.rstrip("/") or "/")
            if names is None:
                out.stderr += f"ls: {path}: No such file or directory\n"
                out.code = 1
            else:
                out.stdout += "".join(n + "\n" for n in names)
        return out

    def cmd_nslookup(self, args: list[str]) -> Result:
        names = [a for a in args if not a.startswith("-")]
        if not names:
            return Result(stderr="BusyBox v1.37.0 multi-call binary.\n\nUsage: nslookup HOST [DNS_SERVER]\n", code=1)
        if not netpol.dns_allowed(self.api, self.pod):
            return Result(";; connection timed out; no servers could be reached\n\n", code=1)
        fqdn, ips, svc = resolve(self.api, names[0], self.pod["metadata"]["namespace"])
        head = f"Server:\t\t{DNS_IP}\nAddress:\t{DNS_IP}:53\n\n"
        if svc is not None and svc["spec"].get("type") == "ExternalName":
            return Result(head + f"{fqdn}\tcanonical name = {svc['spec'].get('externalName', '')}\n\n")
        if not ips:
            return Result(head + f"** server can't find {fqdn}: NXDOMAIN\n\n", code=1)
        return Result(head + "".join(f"Name:\t{fqdn}\nAddress: {ip}\n" for ip in ips) + "\n")

    def cmd_nginx(self, args: list[str]) -> Result:
        if self.family != "nginx":
            return Result(stderr="sh: nginx: not found\n", code=127)
        if args[:1] in (["-v"], ["-V"]):
            return Result(stderr="nginx version: nginx/1.29.3\n")
        if args[:1] == ["-t"]:
            return Result(stderr="nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                                 "nginx: configuration file /etc/nginx/nginx.conf test is successful\n")
        return Result(stderr="nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address in use)\n", code=1)

    def cmd_wget(self, args: list[str]) -> Result:
        return wget(self, args)

    def cmd_curl(self, args: list[str]) -> Result:
        return curl(self, args)

    # -- files -----------------------------------------------------------------------------
    def mounts(self) -> dict[str, dict[str, str]]:
        """Mount path -> {file name: content} for ConfigMap, Secret and service account volumes."""
        volumes = {v.get("name"): v for v in self.pod["spec"].get("volumes") or []}
        ns = self.pod["metadata"]["namespace"]
        result: dict[str, dict[str, str]] = {
            "/var/run/secrets/kubernetes.io/serviceaccount": {"namespace": ns, "token": "sandbox-token\n",
                                                               "ca.crt": "(sandbox CA)\n"}}
        for m in self.container.get("volumeMounts") or []:
            vol = volumes.get(m.get("name"))
            if vol is None:
                continue
            files = self._volume_files(vol, ns)
            path = str(m.get("mountPath", "")).rstrip("/")
            if m.get("subPath"):
                if m["subPath"] in files:
                    parent, _, leaf = path.rpartition("/")
                    result.setdefault(parent or "/", {})[leaf] = files[m["subPath"]]
            else:
                result[path] = files
        return result

    def _volume_files(self, vol: Obj, ns: str) -> dict[str, str]:
        for src, key, decode in (("configMap", "configmaps", False), ("secret", "secrets", True)):
            if src not in vol:
                continue
            ref = vol[src]
            obj = self.api.store.peek(key, ns, ref.get("name") or ref.get("secretName") or "")
            if obj is None:
                return {}
            data = {k: base64.b64decode(v).decode(errors="replace") if decode else v
                    for k, v in (obj.get("data") or {}).items()}
            if ref.get("items"):
                return {i["path"]: data[i["key"]] for i in ref["items"] if i.get("key") in data}
            return data
        return {}

    def read(self, path: str) -> str | None:
        parent, _, leaf = path.rstrip("/").rpartition("/")
        files = self.mounts().get(parent or "/", {})
        if leaf in files:
            return files[leaf]
        if path == "/etc/hostname":
            return self.env["HOSTNAME"] + "\n"
        if path == "/etc/resolv.conf":
            ns = self.pod["metadata"]["namespace"]
            return f"search {ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver {DNS_IP}\n" \
                   "options ndots:5\n"
        written = self.api.files.get(self._pod_key(), {})
        return written.get(path)

    def listdir(self, path: str) -> list[str] | None:
        mounts = self.mounts()
        if path in mounts:
            return sorted(mounts[path])
        return None


def environment(api: Api, pod: Obj, container: Obj) -> dict[str, str]:
    """The container's environment: image basics, service links, then env / envFrom."""
    ns = pod["metadata"]["namespace"]
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "HOSTNAME": pod["spec"].get("hostname") or pod["metadata"]["name"], "HOME": "/root"}
    created = pod["metadata"].get("creationTimestamp", "")
    for svc in api.store.iter("services", ns):
        ip = svc["spec"].get("clusterIP")
        ports = svc["spec"].get("ports") or []
        if not ip or ip == "None" or not ports or svc["metadata"]["creationTimestamp"] > created:
            continue
        prefix = svc["metadata"]["name"].upper().replace("-", "_")
        env[f"{prefix}_SERVICE_HOST"] = ip
        env[f"{prefix}_SERVICE_PORT"] = str(ports[0]["port"])
        env[f"{prefix}_PORT"] = f"{ports[0].get('protocol', 'TCP').lower()}://{ip}:{ports[0]['port']}"
    env.update({"KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443",
                "KUBERNETES_PORT": "tcp://10.96.0.1:443"})
    for src in container.get("envFrom") or []:
        for kind, key in (("configMapRef", "configmaps"), ("secretRef", "secrets")):
            if kind in src:
                obj = api.store.peek(key, ns, src[kind].get("name", "")) or {}
                for k, v in (obj.get("data") or {}).items():
                    env[src.get("prefix", "") + k] = base64.b64decode(v).decode(errors="replace") \
                        if key == "secrets" else v
    for e in container.get("env") or []:
        env[e["name"]] = env_value(api, pod, e)
    return env


def env_value(api: Api, pod: Obj, e: Obj) -> str:
    if "value" in e:
        return re.sub(r"\$\((\w+)\)", lambda m: m.group(0), str(e["value"]))
    ref = e.get("valueFrom") or {}
    ns = pod["metadata"]["namespace"]
    if "configMapKeyRef" in ref:
        obj = api.store.peek("configmaps", ns, ref["configMapKeyRef"].get("name", "")) or {}
        return str((obj.get("data") or {}).get(ref["configMapKeyRef"].get("key"), ""))
    if "secretKeyRef" in ref:
        obj = api.store.peek("secrets", ns, ref["secretKeyRef"].get("name", "")) or {}
        raw = (obj.get("data") or {}).get(ref["secretKeyRef"].get("key"), "")
        return base64.b64decode(raw).decode(errors="replace")
    if "fieldRef" in ref:
        from drills.sandbox.selectors import field_value

        return field_value(pod, ref["fieldRef"].get("fieldPath", ""))
    return ""


def main_process(api: Api, pod: Obj, container: Obj) -> Result:
    """What the container's own command does when the Pod starts."""
    argv = [str(a) for a in (container.get("command") or []) + (container.get("args") or [])]
    family = image_family(str(container.get("image", "")))
    if not container.get("command") and (family in IMAGE_LOGS or family in SERVERS):
        return Result(IMAGE_LOGS.get(family, ""), running=True)
    if argv:
        return Shell(api, pod, container).run(argv)
    if family in BUSYBOX_LIKE or family in SHELL_IMAGES:
        return Result()  # the image's default `sh` ends at once without a terminal
    return Result(running=True)  # an unknown image: assume it serves something
