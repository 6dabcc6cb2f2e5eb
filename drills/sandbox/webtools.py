"""`wget` (busybox) and `curl` inside a sandbox Pod: their flags, output and error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from drills.sandbox.network import Answer, http_get

if TYPE_CHECKING:
    from drills.sandbox.execs import Result, Shell


def _target(url: str) -> tuple[str, int, str] | None:
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.hostname, port, path


def _fetch(shell: Shell, url: str, agent: str) -> tuple[Answer, str, int]:
    target = _target(url)
    if target is None:
        return Answer(error="unresolved"), url, 80
    host, port, path = target
    return http_get(shell.api, shell.pod, host, port, path, agent), host, port


@dataclass
class _Argv:
    """A command line as BusyBox wget and curl read it: options that take a value (the next word,
    ``--opt=value``, or in a cluster of short options the rest of the cluster: ``-qO-``), flags (long
    ones by name, short ones letter by letter: ``-sS``) and operands (the URLs). Unknown long options
    are ignored, as both tools' sandbox stand-ins always did."""

    values: dict[str, str] = field(default_factory=dict)  # canonical option -> its (last) value
    flags: set[str] = field(default_factory=set)  # canonical long flags and short letters
    operands: list[str] = field(default_factory=list)

    def has(self, flag: str) -> bool:
        return flag in self.flags

    @classmethod
    def read(cls, args: list[str], valued: dict[str, str], long_flags: dict[str, str], short_values: str) -> _Argv:
        out = cls()
        i = 0
        while i < len(args):
            a = args[i]
            name, eq, inline = a.partition("=")
            if a in valued:
                out.values[valued[a]] = args[i + 1] if i + 1 < len(args) else ""
                i += 1
            elif a.startswith("--") and eq and name in valued:
                out.values[valued[name]] = inline
            elif a in long_flags:
                out.flags.add(long_flags[a])
            elif a.startswith("-") and not a.startswith("--") and len(a) > 1:
                for k, letter in enumerate(a[1:], 1):
                    if letter in short_values:
                        rest = a[k + 1:]
                        if not rest:
                            rest = args[i + 1] if i + 1 < len(args) else ""
                            i += 1
                        out.values[letter] = rest
                        break
                    out.flags.add(letter)
            elif not a.startswith("-"):
                out.operands.append(a)
            i += 1
        return out


def wget(shell: Shell, args: list[str]) -> Result:
    from drills.sandbox.execs import Result

    argv = _Argv.read(args, {"-O": "O", "--output-document": "O", "-T": "T", "--timeout": "T", "-U": "U",
                             "--header": "H"}, {"--spider": "spider", "--quiet": "q"}, short_values="OTU")
    quiet, spider, output, urls = argv.has("q"), argv.has("spider"), argv.values.get("O"), argv.operands
    if not urls:
        return Result(stderr="BusyBox v1.37.0 multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...\n", code=1)
    answer, host, port = _fetch(shell, urls[0], "Wget")
    note = "" if quiet else f"Connecting to {host}{'' if port == 80 else f':{port}'} ({answer.ip or host}:{port})\n"
    if answer.error == "unresolved":
        return Result(stderr=f"wget: bad address '{host}'\n", code=1)
    if answer.error == "refused":
        return Result(stderr=note + f"wget: can't connect to remote host ({answer.ip}): Connection refused\n", code=1)
    if answer.error:
        return Result(stderr=note + "wget: download timed out\n", code=1)
    if answer.status >= 400:
        reason = {404: "Not Found", 403: "Forbidden", 500: "Internal Server Error"}.get(answer.status, "Error")
        return Result(stderr=note + f"wget: server returned error: HTTP/1.1 {answer.status} {reason}\n", code=1)
    if spider:
        return Result(stderr=note + ("" if quiet else "remote file exists\n"))
    size = len(answer.body.encode())
    if output == "-":
        done = "" if quiet else f"writing to stdout\n-                    100% |********************************| " \
                                f"{size:>5}  0:00:00 ETA\nwritten to stdout\n"
        return Result(stdout=answer.body, stderr=note + done)
    name = output or (urls[0].rstrip("/").rsplit("/", 1)[-1] if "/" in urls[0].split("://", 1)[-1] else "index.html")
    shell.write(name if name.startswith("/") else f"/{name}", answer.body)
    saved = "" if quiet else f"saving to '{name}'\n{name:<20} 100% |********************************| " \
                             f"{size:>5}  0:00:00 ETA\n'{name}' saved\n"
    return Result(stderr=note + saved)


def curl(shell: Shell, args: list[str]) -> Result:
    from drills.sandbox.execs import Result

    valued = {"-o": "o", "--output": "o", "-m": "m", "--max-time": "m", "--connect-timeout": "connect-timeout",
              "-H": "H", "--header": "H", "-X": "X", "--request": "X", "-w": "w", "--write-out": "w",
              "-A": "A", "--user-agent": "A", "-d": "d", "--data": "d", "-u": "u", "--user": "u", "--retry": "retry"}
    argv = _Argv.read(args, valued, {"--silent": "s", "--show-error": "S", "--head": "I", "--fail": "f",
                                     "--verbose": "v"}, short_values="omHXwAdu")
    silent, show_error, head, fail, verbose = (argv.has(f) for f in "sSIfv")
    output, urls = argv.values.get("o"), argv.operands
    if not urls:
        return Result(stderr="curl: try 'curl --help' or 'curl --manual' for more information\n", code=2)
    answer, host, port = _fetch(shell, urls[0], "curl/8.14.1")
    loud = not silent or show_error
    if answer.error == "unresolved":
        return Result(stderr=f"curl: (6) Could not resolve host: {host}\n" if loud else "", code=6)
    if answer.error == "refused":
        return Result(stderr=f"curl: (7) Failed to connect to {host} port {port} after 0 ms: Could not connect to "
                             "server\n" if loud else "", code=7)
    if answer.error:
        return Result(stderr=f"curl: (28) Failed to connect to {host} port {port} after 10000 ms: Timeout was "
                             "reached\n" if loud else "", code=28)
    if fail and answer.status >= 400:
        return Result(stderr=f"curl: (22) The requested URL returned error: {answer.status}\n" if loud else "",
                      code=22)
    reason = {200: "OK", 404: "Not Found"}.get(answer.status, "")
    headers = f"HTTP/1.1 {answer.status} {reason}\r\n" + (f"Server: {answer.server}\r\n" if answer.server else "") \
        + f"Content-Type: {answer.content_type}\r\nContent-Length: {len(answer.body.encode())}\r\n\r\n"
    if head:
        return Result(stdout=headers)
    trace = "" if not verbose else f"*   Trying {answer.ip}:{port}...\n* Connected to {host} ({answer.ip}) port " \
                                   f"{port}\n> GET / HTTP/1.1\n> Host: {host}\n>\n" + "".join(
                                       f"< {line}\n" for line in headers.strip().split("\r\n"))
    if output and output != "-":
        shell.write(output if output.startswith("/") else f"/{output}", answer.body)
        return Result(stderr=trace)
    return Result(stdout=answer.body, stderr=trace)
