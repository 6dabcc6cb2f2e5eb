"""The `drill` command: a thin click layer over the library.

Commands live in small modules by theme (decks, checking, studying, export); each imports its heavy
dependencies inside the command body so that, e.g., `drill check` never pays for prompt_toolkit.
"""

from __future__ import annotations

import errno
import sys

from typing import Any

import click

from drills.errors import DrillsError


INTERRUPTED = "drill: interrupted; every answer you confirmed is saved."


def db_option(help: str = "Study database (default: $DRILLS_DB, else the user data dir).") -> Any:
    """The ``--db PATH`` option every command that reads or writes your history takes."""
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), metavar="PATH", help=help)


class DrillGroup(click.Group):
    """Turns expected failures into one line on stderr and exit code 2; Ctrl-C into exit 130."""

    def invoke(self, ctx: click.Context):  # noqa: D401
        try:
            return super().invoke(ctx)
        except DrillsError as e:
            click.echo(f"drill: error: {e}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("\n" + INTERRUPTED, err=True)
            ctx.exit(130)
        except OSError as e:
            if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
                where = f"{e.filename}: " if e.filename else ""
                click.echo(f"drill: error: {where}{e.strerror}; nothing was half-written", err=True)
                ctx.exit(2)
            raise


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
