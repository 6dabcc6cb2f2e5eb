"""`drill sandbox`: a practice cluster for your own kubectl, in the foreground until Ctrl-C."""

from __future__ import annotations

import signal
import threading

import click

from drills.cli import main


def wait_until_interrupted() -> None:
    """Block until Ctrl-C (SIGINT) or SIGTERM; tests replace this."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
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
    try:
        click.echo(f"export KUBECONFIG={sandbox.kubeconfig}")
        click.echo(f"drill sandbox: serving {sandbox.url} (Kubernetes v1.37 API, namespace default); "
                   "Ctrl-C stops it and removes its files")
        wait_until_interrupted()
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C (or a wrapper such as `timeout` passing one on) during the clean-up would
        # interrupt it and leave the private key and kubeconfig behind: the clean-up finishes first.
        saved = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            sandbox.stop()
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)
    click.echo("drill sandbox: stopped; its files are removed")
