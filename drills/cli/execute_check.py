"""`drill check --execute` (one answer judged by its effect, with the evidence) and
`drill check --disagreements` (what execute mode accepted although the grammar checker did not).

Imported only when one of those options is given: plain `drill check` stays light.
"""

from __future__ import annotations

import json

import click

from drills.cli.check_cmds import EXIT, STYLE, _echo, print_verdict


def run_execute_check(accepted: list[str], answer: str, card, as_json: bool, context: str | None) -> int:
    """Grade ``answer`` by the grammar checker and by effect; print both and the evidence. Exit code."""
    from drills.execute.judge import CORRECT, INCORRECT, Task, evidence_lines
    from drills.kubectl import check

    verdict = check(accepted, answer)
    world = _start_world(context)
    try:
        if context:
            from drills.execute.cluster import judge_on_cluster

            effect = judge_on_cluster(world.runner, accepted, answer)
        else:
            if card is not None:
                for dep in _dependencies(card):
                    Task(world, list(dep.answers)).advance()
            effect = Task(world, accepted).judge(answer, dict(verdict.bindings), verdict.matched)
    finally:
        world.stop()
    final = effect.status if effect.status in (CORRECT, INCORRECT) else verdict.status
    if as_json:
        out = {"answer": answer, "status": final, "grammar": verdict.to_dict(), "effect": effect.to_dict()}
        if card is not None:
            out["card"] = card.id
        if context:
            out["context"] = context
        click.echo(json.dumps(out, ensure_ascii=False))
        return EXIT[final]
    _echo("grammar checker:")
    print_verdict(verdict)
    where = f"on context {context} (server dry-run)" if context else "in the sandbox"
    if effect.status in (CORRECT, INCORRECT):
        _echo(f"by effect {where}: " + click.style(effect.status, fg=STYLE[effect.status], bold=True))
    else:
        _echo(f"by effect {where}: not judged; the grammar checker's verdict stands")
    for r in effect.reasons:
        _echo(f"  - {r}")
    for n in effect.notes:
        _echo(f"  {n}")
    lines = evidence_lines(effect)
    if lines:
        _echo("evidence:")
        for ln in lines:
            _echo("  " + ln)
    _echo(click.style(f"verdict: {final}", fg=STYLE[final], bold=True))
    return EXIT[final]


def _start_world(context: str | None):
    from drills.errors import DrillsError

    try:
        if context:
            from drills.execute.cluster import ClusterWorld

            return ClusterWorld.start(context)
        from drills.execute.world import World

        return World.start()
    except (RuntimeError, OSError, ImportError) as e:
        raise DrillsError(f"cannot execute answers: {e}") from None


def _dependencies(card):
    """The cards ``card`` builds on (see drills.execute.grading.dependencies), from its deck."""
    from drills.deck.files import load_decks
    from drills.execute.grading import dependencies

    for deck in load_decks():
        if any(c.id == card.id for c in deck.cards):
            return dependencies(deck.cards, card)
    return []


def show_disagreements(as_json: bool) -> int:
    from drills.execute.disagreements import DisagreementLog

    log = DisagreementLog()
    entries = log.read()
    if as_json:
        for d in entries:
            click.echo(json.dumps(d.to_dict(), ensure_ascii=False))
        return 0
    if not entries:
        _echo(f"No disagreements logged yet ({log.path}).")
        return 0
    for d in entries:
        head = f"{d.card or '(no card)'}  {d.at}"
        _echo(click.style(head, bold=True))
        _echo(f"  answer:   {d.answer}")
        for e in d.expected[:3]:
            _echo(f"  expected: {e}")
        g, x = d.grammar, d.effect
        _echo(f"  grammar checker: {g.get('status')}" + "".join(f"\n    - {r}" for r in g.get("reasons", [])))
        _echo(f"  by effect: {x.get('status')}" + "".join(f"\n    - {r}" for r in x.get("reasons", []))
              + "".join(f"\n    {n}" for n in x.get("notes", [])))
    _echo(f"{len(entries)} disagreement(s) in {log.path}")
    return 0
