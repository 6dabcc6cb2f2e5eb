"""The small shell's grammar: a command's outcome (`Result`), splitting a script on `;`, `&&`, `||`,
newlines and `|` (quotes respected), redirections, durations, and the text filters a pipeline ends
in (grep, head, tail, wc, sort, cat)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Result:
    """A command's outcome; ``running`` when it does not end by itself (a server, a long sleep)."""

    stdout: str = ""
    stderr: str = ""
    code: int = 0
    running: bool = False
    exited: bool = False  # the script ran `exit`

    def add(self, other: Result) -> None:
        self.stdout += other.stdout
        self.stderr += other.stderr
        self.code, self.running, self.exited = other.code, other.running, other.exited


def split_pipe(command: str) -> list[str]:
    parts, cur, quote = [], "", ""
    for ch in command:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "|":
            parts.append(cur)
            cur = ""
            continue
        cur += ch
    return [p for p in (*parts, cur) if p.strip()]


def filter_text(argv: list[str], text: str) -> Result:
    """The end of a pipeline: grep, head, tail, wc -l, sort, cat over ``text``."""
    name, args = (argv[0].rsplit("/", 1)[-1], argv[1:]) if argv else ("cat", [])
    lines = text.splitlines(keepends=True)
    flags = "".join(a[1:] for a in args if a.startswith("-") and not a[1:].isdigit() and a != "-n")
    words = [a for a in args if not a.startswith("-")]
    if name == "grep":
        pattern = words[0] if words else ""
        case = re.I if "i" in flags else 0
        hits = [ln for ln in lines if (re.search(pattern, ln, case) is not None) != ("v" in flags)]
        out = f"{len(hits)}\n" if "c" in flags else "".join(hits)
        return Result(out, code=0 if hits else 1)
    if name in ("head", "tail"):
        n = next((int(a[1:]) for a in args if a.startswith("-") and a[1:].isdigit()), None)
        if n is None:
            n = int(words[0]) if "-n" in args and words and words[0].isdigit() else 10
        return Result("".join(lines[:n] if name == "head" else lines[-n:] if n else []))
    if name == "wc":
        return Result(f"{len(lines)}\n" if "l" in flags else f"{len(lines)} {len(text.split())} {len(text)}\n")
    if name == "sort":
        return Result("".join(sorted(lines)))
    if name == "cat":
        return Result(text)
    return Result(stderr=f"sh: {name}: not found\n", code=127)


def seconds(value: str) -> float:
    m = re.match(r"^(\d+(?:\.\d+)?)([smhd]?)$", value)
    if not m:
        return 0.0
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def split_script(text: str) -> list[tuple[str, str]]:
    """[(operator before, command)] for `a; b && c || d` and newlines, quotes respected."""
    parts: list[tuple[str, str]] = []
    op, cur, quote, i = ";", "", "", 0
    while i < len(text):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
            cur += ch
        elif ch in "'\"":
            quote, cur = ch, cur + ch
        elif text.startswith(("&&", "||"), i):
            parts.append((op, cur))
            op, cur = text[i:i + 2], ""
            i += 1
        elif ch in ";\n":
            parts.append((op, cur))
            op, cur = ";", ""
        else:
            cur += ch
        i += 1
    parts.append((op, cur))
    return [(o, c.strip()) for o, c in parts if c.strip()]


def redirect(argv: list[str]) -> tuple[list[str], str | None]:
    for i, w in enumerate(argv):
        if w in (">&2", "1>&2"):
            return argv[:i] + argv[i + 1:], "&2"
        if w in ("2>&1", "2>/dev/null"):
            return redirect(argv[:i] + argv[i + 1:])
        if w in (">", ">>") and i + 1 < len(argv):
            return argv[:i] + argv[i + 2:], argv[i + 1]
        if w.startswith(">") and len(w) > 1:
            return argv[:i] + argv[i + 1:], w.lstrip(">")
    return argv, None


