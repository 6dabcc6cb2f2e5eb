"""The one error type the CLI turns into a one-line message and exit code 2."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DrillsError(Exception):
    """Bad input or an environment problem the user can fix.

    Rendered by the CLI as ``drill: FILE:LINE:COL: message`` (the parts that are known) and exit 2.
    Never used for bugs: those should surface as tracebacks in tests.
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return where + self.message
