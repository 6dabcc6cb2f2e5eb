"""`drill sandbox`: a practice cluster for your own kubectl, in the foreground until Ctrl-C."""

from __future__ import annotations

import signal
import threading

import click

from drills.cli import main


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt_once(signum: int, frame: object) -> None:
    """The first Ctrl-C or SIGTERM ignores any further ones, then interrupts. Ignoring them only in
    the clean-up left a window (between this interrupt and the clean-up's first line) in which a
    second Ctrl-C, sent a few milliseconds later to a process the scheduler had paused, would
    interrupt the clean-up itself and leave the private key and kubeconfig behind."""
    for sig in _STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    raise KeyboardInterrupt


def wait_until_interrupted() -> None:
    """Block until Ctrl-C (SIGINT) or SIGTERM; tests replace this."""
    threading.Event().wait()


@main.command("sandbox", short_help="Practise kubectl on a local API server.")
def sandbox_cmd() -> None:
    """Run a practice Kubernetes API server on 127.0.0.1 for your own kubectl.

    \b
    Prints `export KUBECONFIG=...`: paste it into another terminal and use kubectl as on a
    cluster (Deployments get Running Pods, Services get ClusterIPs and endpoints; `exec`,
    `logs`, `run -i`, `port-forward` answer plausibly). Ctrl-C stops the server and removes
    its files.
    """
    from drills.sandbox import Sandbox

    sandbox = Sandbox.start()
    # Before the export line: whoever reads it may press Ctrl-C at once. A SIGINT ignored by whoever
    # started drill (a background job) stays ignored.
    saved = {sig: signal.getsignal(sig) for sig in _STOP_SIGNALS}
    for sig, handler in saved.items():
        if handler is not signal.SIG_IGN:
            signal.signal(sig, _interrupt_once)
    try:
        click.echo(f"export KUBECONFIG={sandbox.kubeconfig}")
        click.echo(f"drill sandbox: serving {sandbox.url} (Kubernetes v1.37 API, namespace default); "
                   "Ctrl-C stops it and removes its files")
        wait_until_interrupted()
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C (or a wrapper such as `timeout` passing one on) during the clean-up would
        # interrupt it and leave the private key and kubeconfig behind: the clean-up finishes first
        # (whatever ended the wait: a test's stand-in raises KeyboardInterrupt itself).
        for sig in _STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        try:
            sandbox.stop()
        finally:
            for sig, handler in saved.items():
                if handler is not None:
                    signal.signal(sig, handler)
    click.echo("drill sandbox: stopped; its files are removed")
