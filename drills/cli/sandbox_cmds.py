"""`drill sandbox`: a practice cluster for your own kubectl, in the foreground until Ctrl-C."""

from __future__ import annotations

import threading

import click

from drills.cli import main


def wait_until_interrupted() -> None:
    """Block until Ctrl-C (SIGINT) or SIGTERM; tests replace this."""
    import signal

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
        sandbox.stop()
    click.echo("drill sandbox: stopped; its files are removed")
