"""The one error type the CLI turns into a one-line message and exit code 2."""

from __future__ import annotations

from dataclasses import dataclass

from drills.text_safety import one_line


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
        # a message quotes input (an id, a key, a file name): whatever it holds, the error stays one
        # line (a mutated deck file put a newline inside a card id, and the message split in two)
        self.message = one_line(self.message, 2000)
        if self.file is not None:
            self.file = one_line(str(self.file), 500)
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
