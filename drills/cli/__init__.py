"""The `drill` command: a thin click layer over the library.

Commands live in small modules by theme (decks, checking, studying, export); each imports its heavy
dependencies inside the command body so that, e.g., `drill check` never pays for prompt_toolkit.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any


import click

from drills.errors import DrillsError
from drills.text_safety import one_line


INTERRUPTED = "drill: interrupted; every answer you confirmed is saved."


def db_option(help: str = "Study database (default: $DRILLS_DB, else the user data dir).") -> Any:
    """The ``--db PATH`` option every command that reads or writes your history takes."""
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), metavar="PATH", help=help)


class DrillGroup(click.Group):
    """Turns expected failures into one line on stderr and exit code 2; Ctrl-C into exit 130."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _usable_streams()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):  # noqa: D401
        try:
            return super().invoke(ctx)
        except click.UsageError as e:
            # A bad option value or a mistyped command: one line, like every other bad input.
            where = e.ctx.command_path if e.ctx is not None else "drill"
            click.echo(f"drill: error: {one_line(e.format_message())} (see `{where} --help`)", err=True)
            ctx.exit(2)
        except DrillsError as e:
            click.echo(f"drill: error: {one_line(str(e))}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("\n" + INTERRUPTED, err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # `drill cards | head`: the reader left; stop quietly (no second error when Python
            # flushes stdout at exit).
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except OSError as e:
            # Every OSError the environment can cause (full disk, a path through a file, a name too
            # long, a loop of symlinks...) is one line naming the file; nothing is written half.
            where = f"{os.fsdecode(e.filename)}: " if e.filename else ""
            problem = e.strerror or type(e).__name__
            if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
                problem += "; nothing was half-written"
            click.echo(f"drill: error: {one_line(where + problem)}", err=True)
            ctx.exit(2)


def _usable_streams() -> None:
    """Standard streams every command can use whatever the environment did to them.

    A closed stdin (``drill review <&-``) reads as empty input and a closed stdout/stderr discards;
    output that the encoding cannot show (PYTHONIOENCODING=ascii, LANG=C) is written with
    backslash escapes instead of failing; input that is not valid in the encoding becomes U+FFFD
    instead of a crash later (or a lone surrogate reaching the database).
    """
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))
    for stream, errors in ((sys.stdout, "backslashreplace"), (sys.stderr, "backslashreplace"),
                           (sys.stdin, "replace")):
        reconfigure = getattr(stream, "reconfigure", None)  # test runners may swap in other streams
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors=errors)


@click.group(cls=DrillGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drills")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Flashcards and timed kubectl speed drills for the CKAD exam.

    \b
    Daily:     drill review            (due cards first, then new ones)
    Timed:     drill speed --week 6    (the week's speed drill against the clock)
    Decks:     drill build PAGE|DIR    (turn course pages into decks)
    Grading:   drill check --expected "kubectl ..." "kubectl ..."
    Anki:      drill export anki -o ckad.apkg
    """
    if ctx.invoked_subcommand is None:
        # Bare `drill`: where you stand today and what to type next, then the command list.
        from drills.cli.status import status_lines, today_status

        import shutil

        for line in status_lines(today_status(), shutil.get_terminal_size().columns):
            click.echo(line)
        click.echo()
        click.echo(ctx.get_help())


def _register() -> None:
    # Each module adds its commands to `main` at import time; they import only click at top level.
    from drills.cli import (  # noqa: F401
        check_cmds,
        deck_cmds,
        export_cmds,
        history_cmds,
        manage_cmds,
        sandbox_cmds,
        stats_cmds,
        study_cmds,
    )


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
