"""Reading and writing files we did not create, without hanging, exhausting memory or clobbering
something that is not a file (edge: file I/O).

    read_bounded(path, limit, what) -> bytes     # regular files only, at most ``limit`` bytes
    read_stream_bounded(stream, limit, what)     # a pipe or stdin, at most ``limit`` bytes
    decode_utf8(data, file) -> str               # DrillsError naming the line of the first bad byte
    check_output_path(path) -> Path              # where to write: a new path or a regular file

Every refusal is a DrillsError naming the file: the CLI prints it as one line and exits 2.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from drills.errors import DrillsError

KIB = 1024
MIB = 1024 * KIB
# Generous for what each file holds (the week 6 page is 15 KB, its deck 40 KB), small enough that
# parsing the largest allowed file takes about a second.
PAGE_LIMIT = 1 * MIB
DECK_LIMIT = 4 * MIB
OVERRIDES_LIMIT = 1 * MIB
CONFIG_LIMIT = 64 * KIB
BATCH_LIMIT = 16 * MIB


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(n: int) -> str:
    return f"{n / MIB:.1f} MB" if n >= MIB else f"{n / KIB:.0f} KB" if n >= KIB else f"{n} bytes"


def read_bounded(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), refusing FIFOs, devices,
    sockets and folders, and anything over ``limit`` bytes, before reading any of it."""
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not wait; O_NOCTTY: a tty never becomes ours.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise DrillsError(f"cannot read the {what}: {e.strerror}", name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DrillsError(f"cannot read the {what}: it is {_kind(info.st_mode)}, not a regular file", name)
        if info.st_size > limit:
            raise DrillsError(f"the {what} is too large ({_size(info.st_size)}; the limit is {_size(limit)})", name)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return _read_at_most(fh, limit, what, name)
    except OSError as e:
        raise DrillsError(f"cannot read the {what}: {e.strerror}", name) from None
    finally:
        os.close(fd)


def read_stream_bounded(stream: BinaryIO, limit: int, what: str, name: str) -> bytes:
    """At most ``limit`` bytes from an open binary stream (stdin, a pipe); more is a DrillsError."""
    try:
        return _read_at_most(stream, limit, what, name)
    except OSError as e:
        raise DrillsError(f"cannot read the {what}: {e.strerror}", name) from None


def _read_at_most(fh: BinaryIO, limit: int, what: str, name: str) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = fh.read(min(MIB, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise DrillsError(f"the {what} is too large (more than {_size(limit)})", name)
    return b"".join(chunks)


def decode_utf8(data: bytes, file: str) -> str:
    """UTF-8 bytes -> text; a bad byte is a DrillsError with its line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise DrillsError(f"not UTF-8 text (byte 0x{data[e.start]:02x})", file, line, col) from None


def check_output_path(path: str | os.PathLike[str], what: str = "output") -> Path:
    """The path to write ``what`` to, checked: a new path, or an existing regular file (through a
    symlink: the file it points to). A FIFO, a device, a socket or a folder is refused, so replacing
    the output never destroys something that is not a file of ours."""
    target = Path(path)
    try:
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as e:
        raise DrillsError(f"cannot write the {what}: {e.strerror}", os.fspath(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise DrillsError(f"will not write the {what} over {_kind(info.st_mode)}; give a new file name",
                          os.fspath(path))
    return target
