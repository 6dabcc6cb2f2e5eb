"""Private temporary folders that say who owns them, and the sweeping of those whose owner is gone.

The sandbox's folder (a kubeconfig with a bearer token, kubectl's HOME) and execute mode's runner
folders are removed when their session ends; a process killed with SIGKILL never gets to. So each
such folder holds an owner file (this process's pid, its start time and the host), and every new one
first sweeps the folders of the same prefix whose owner is gone.

A folder is deleted only when everything says it is ours and stale: its name has the prefix, it is a
real directory (not a link) owned by this user, its owner file parses, names this host and a process
that no longer runs (or a pid now used by a process started at another time), and it holds nothing
but the entries its kind of folder is made of. Anything else is left alone.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

OWNER_FILE = ".drills-owner"
_MAGIC = "drills private folder"


@dataclass(frozen=True)
class Owner:
    """The process that made a folder: pid, its start time (clock ticks since boot, from /proc; None
    where there is no /proc) and the host name (a /tmp shared between machines or containers)."""

    pid: int
    started: int | None
    host: str

    def to_text(self) -> str:
        started = "-" if self.started is None else str(self.started)
        return f"{_MAGIC}\npid {self.pid}\nstarted {started}\nhost {self.host}\n"

    @classmethod
    def from_text(cls, text: str) -> Owner | None:
        lines = text.splitlines()
        if len(lines) != 4 or lines[0] != _MAGIC:
            return None
        fields = dict(ln.partition(" ")[::2] for ln in lines[1:])
        try:
            pid = int(fields["pid"])
            started = None if fields["started"] == "-" else int(fields["started"])
            host = fields["host"]
        except (KeyError, ValueError):
            return None
        return cls(pid, started, host) if pid > 0 else None

    @classmethod
    def this_process(cls) -> Owner:
        return cls(os.getpid(), process_start(os.getpid()), socket.gethostname())

    def gone(self) -> bool:
        """True when this process no longer runs (on this host: callers check the host first)."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # another user's process has the pid now: ours is gone only if it restarted
            pass
        except OSError:
            return False
        started = process_start(self.pid)
        return self.started is not None and started is not None and started != self.started


def process_start(pid: int) -> int | None:
    """The start time of process ``pid`` in clock ticks since boot (Linux /proc), else None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    try:  # the command name (field 2) is in parentheses and may hold spaces: count after the last ')'
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (IndexError, ValueError):
        return None


def make_private_dir(prefix: str, contents: Iterable[str], parent: Path | None = None) -> Path:
    """A new folder ``prefix…`` (mode 0700) holding its owner file, after sweeping the stale folders
    of the same prefix whose entries are among ``contents`` (the names such a folder is made of)."""
    allowed = set(contents)
    sweep_stale(prefix, allowed, parent)
    directory = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        directory.chmod(0o700)
        fd = os.open(directory / OWNER_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(Owner.this_process().to_text())
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return directory


def sweep_stale(prefix: str, contents: Iterable[str], parent: Path | None = None) -> list[Path]:
    """Remove the folders ``prefix…`` in ``parent`` (the temporary folder by default) that are ours
    and whose owner is gone (see the module's docstring); the removed ones. Never raises for a
    folder it cannot read or remove: that one stays."""
    allowed = set(contents) | {OWNER_FILE}
    where = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    host = socket.gethostname()
    removed = []
    try:
        candidates = [p for p in where.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return []
    for folder in candidates:
        try:
            if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
                continue
            owner_file = folder / OWNER_FILE
            if owner_file.is_symlink() or owner_file.stat().st_size > 512:
                continue
            owner = Owner.from_text(owner_file.read_text("utf-8"))
            if owner is None or owner.host != host or not owner.gone():
                continue
            if any(entry.name not in allowed for entry in folder.iterdir()):
                continue
        except (OSError, UnicodeDecodeError):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed
