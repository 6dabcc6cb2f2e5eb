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
    from drills.deck.checks import asks_to_see
    from drills.kubectl import check

    verdict = check(accepted, answer, reads_required=card is not None and asks_to_see(card.front))
    world = _start_world(context)
    try:
        if context:
            from drills.execute.cluster import judge_on_cluster

            effect = judge_on_cluster(world.runner, accepted, answer)
        else:
            if card is not None:
                for dep in _dependencies(card):
                    Task(world, list(dep.answers)).advance()
            effect = Task(world, accepted).judge(answer, dict(verdict.bindings), verdict.matched,
                                                 card is not None and asks_to_see(card.front))
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


def second_opinion(accepted: list[str], answer: str, card, verdict):
    """The grammar checker's incorrect ``verdict``, or correct ("same object as the deck's answer,
    checked by kubectl") when the real kubectl renders the object the deck's answer renders, in a
    sandbox brought to the card's starting state (its deck's earlier answers). As in `drill review`
    and `drill speed`: only when kubectl and the sandbox are installed, the answer makes one object,
    and config.toml's `[check] second_opinion` is not false."""
    from drills.execute.runner import find_kubectl
    from drills.execute.second import could_be_same

    # drills.sandbox ships with drills (tests/test_wheel.py): only kubectl can be missing
    if not could_be_same(accepted, answer) or find_kubectl() is None:
        return verdict
    from drills.config import load_config

    if not load_config().second_opinion:
        return verdict
    from drills.deck.model import Card
    from drills.execute.grading import SecondOpinion

    if card is None:  # -e EXPECTED: a card of its own, with nothing before it
        card = Card(id="check.command.01", week=0, kind="command", front="", back="", answers=list(accepted))
        cards = [card]
    else:
        cards = _deck_cards(card)
    grader = SecondOpinion(cards, retry_wrong=True)
    try:
        return grader.grade(card, answer, verdict)
    finally:
        grader.close()


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
    """The cards whose effect ``card``'s task starts from (drills.execute.grading.chain), from its deck."""
    from drills.execute.grading import chain

    return chain(_deck_cards(card), card)


def _deck_cards(card):
    """The cards of ``card``'s deck (``[card]`` when it is in none)."""
    from drills.deck.files import load_decks

    for deck in load_decks():
        if any(c.id == card.id for c in deck.cards):
            return list(deck.cards)
    return [card]


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
