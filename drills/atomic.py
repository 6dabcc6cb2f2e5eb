"""Writing a file so that a reader (or a crash) sees the old file or the new one, never half of it:
the one helper every writer of user files uses (decks, Anki packages, history exports, backups)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from drills.errors import DrillsError
from drills.safe_io import check_output_path


def write_atomically(path: str | Path, write: Callable[[str], None], *, what: str | None = None,
                     failures: tuple[type[BaseException], ...] = (), make_parents: bool = False) -> None:
    """Run ``write(temp_path)`` on a temp file next to ``path``, flush it to disk, then rename it
    over ``path`` (an ordinary file's permissions, not mkstemp's 0600). The temp file never outlives
    a failure.

    With ``what`` ("package", "export"...), an OSError (no such folder, no permission, full disk)
    or one of ``failures`` (e.g. sqlite3.Error for a package built in SQLite) becomes a one-line
    ``DrillsError`` naming the file; without it, the error goes up as it is.
    """
    import tempfile  # here, not at import: deck loading (before the first prompt) imports this module

    path = Path(path)
    if what is not None and path.is_dir():
        raise DrillsError(f"is a directory, not a {what} file name", file=str(path))
    # Only a new path or a regular file is replaced (a symlink: the file it names); a FIFO or a
    # device node there is refused, never swapped for our file.
    path = check_output_path(path, what or "file")
    directory = path.parent if str(path.parent) else Path(".")
    tmp: str | None = None
    try:
        if make_parents:
            directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        os.close(fd)
        write(tmp)
        with open(tmp, "rb+") as f:  # on disk before the rename makes it the file
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        tmp = None
    except (OSError, *failures) as e:  # type: ignore[misc]  # mypy: no starred except
        if what is None:
            raise
        reason = getattr(e, "strerror", None) or (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise DrillsError(f"cannot write the {what}: {reason}; nothing was written", file=str(path)) from None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def write_text_atomically(path: str | Path, text: str, **options: object) -> None:
    """``write_atomically`` for UTF-8 text with "\\n" line ends."""

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    write_atomically(path, write, **options)  # type: ignore[arg-type]
