"""`drill check` (grade a typed kubectl answer) and `drill lint` (every deck answer against kubectl 1.37).

Only click is imported at module level: `drill check` must not pay for prompt_toolkit, genanki,
sqlite_utils or fsrs. The checker and the deck files are imported inside the commands.

Exit codes: 0 correct / clean, 1 incorrect / problems found, 2 unreadable answer or usage error
(unknown card, a card that cannot be auto-graded, a bad --batch file).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from drills.cli import main
from drills.cli.params import WEEK

EXIT = {"correct": 0, "incorrect": 1, "unreadable": 2}
STYLE = {"correct": "green", "incorrect": "red", "unreadable": "yellow"}


def _color() -> bool | None:
    # NO_COLOR (https://no-color.org): any non-empty value turns colour off; otherwise click decides (tty).
    return False if os.environ.get("NO_COLOR") else None


def _echo(text: str = "", err: bool = False) -> None:
    click.echo(text, err=err, color=_color())


def _json(value: object) -> str:
    from drills.text_safety import json_safe

    return json_safe(json.dumps(value, ensure_ascii=False))


def card_answers(card) -> list[str]:
    """The answers of ``card`` that are safe to grade against; DrillsError when there are none."""
    from drills.errors import DrillsError
    from drills.kubectl import lint

    if card.kind != "command" and not card.answers:
        raise DrillsError(f"card {card.id} is a {card.kind} card with no answer to check against")
    if card.self_graded or not card.answers:
        raise DrillsError(f"card {card.id} is self-graded (the course gives no answer to check against); "
                          f"add one to the deck's overrides to have it graded")
    if card.problems:
        raise DrillsError(f"card {card.id} cannot be graded: its answer has problems: " + "; ".join(card.problems))
    bad = {a: lint(a) for a in card.answers}
    good = [a for a, p in bad.items() if not p]
    if not good:
        details = "; ".join(f"`{a}`: {', '.join(p)}" for a, p in bad.items())
        raise DrillsError(f"card {card.id} cannot be graded: kubectl 1.37 rejects its answer ({details})")
    return good


def _hanging(first: str, text: str) -> str:
    """``text`` after ``first``; on a terminal, wrapped to its width with the lines after the first
    indented under the text (a pipe gets one line per reason or note, for grep)."""
    if not sys.stdout.isatty():
        return first + text
    import shutil
    import textwrap

    return textwrap.fill(text, max(40, shutil.get_terminal_size().columns - 1), initial_indent=first,
                         subsequent_indent=" " * len(first), break_long_words=False, break_on_hyphens=False)


def print_verdict(verdict) -> None:
    from drills.text_safety import for_terminal as safe  # reasons quote the answer's own tokens

    status = verdict.status
    _echo(click.style(status, fg=STYLE[status], bold=True))
    for r in verdict.reasons:
        _echo(_hanging("  - ", safe(r)))
    for n in verdict.notes:
        _echo(_hanging("  ", safe(n)))
    if verdict.bindings:
        _echo(safe("  placeholders: " + ", ".join(f"{k} = {v}" for k, v in verdict.bindings.items())))
    if status != "correct" and verdict.matched:
        shown = safe(verdict.matched).strip("\n").replace("\n", "\n    ")  # a sequence or manifest: one line each
        label = "  the deck's answer:" + ("\n    " if "\n" in shown else " ")
        _echo(click.style(label + shown, dim=True))


@main.command("check", short_help="Grade a typed kubectl answer.")
@click.argument("answer", required=False)
@click.option("--expected", "-e", "expected", multiple=True, metavar="CMD",
              help="An accepted answer (repeat for several).")
@click.option("--card", "card_id", metavar="ID", help="Grade against this card's answers (e.g. w06.command.03).")
@click.option("--batch", "batch", metavar="FILE",
              help="Grade `expected<TAB>answer` lines (or JSON objects {\"expected\", \"answer\"}) from FILE "
                   "(- for stdin); one JSON verdict a line.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option("--execute", "execute", is_flag=True,
              help="Also run both answers in a fresh sandbox and compare what they do (prints the evidence).")
@click.option("--context", "context", metavar="NAME",
              help="Like --execute, but on this kubeconfig context's cluster, with --dry-run=server only.")
@click.option("--disagreements", is_flag=True,
              help="List answers execute mode accepted although the grammar checker did not.")
def check_cmd(answer: str | None, expected: tuple[str, ...], card_id: str | None, batch: str | None,
              as_json: bool, execute: bool = False, context: str | None = None,
              disagreements: bool = False) -> None:
    """Grade a typed kubectl ANSWER: correct, incorrect (naming the wrong token) or unreadable.

    \b
    drill check --expected "kubectl expose deployment web --port=80" "k expose deploy/web --port 80"
    drill check --card w06.command.04 "kubectl expose deploy web --port=80 --type=NodePort"
    drill check --batch pairs.tsv
    drill check --execute -e "kubectl expose deploy web --port=80" "kubectl create svc clusterip web --tcp=80:80"

    A sequence or a manifest spans lines: put real newlines in the quoted
    argument (-e "$(cat answer.txt)" works), or use a JSON batch line.
    """
    ctx = click.get_current_context()
    if disagreements:
        from drills.cli.execute_check import show_disagreements

        ctx.exit(show_disagreements(as_json))
    if batch is not None:
        if answer is not None or expected or card_id:
            raise click.UsageError("--batch reads everything from the file; give no ANSWER, --expected or --card")
        ctx.exit(_run_batch(batch))
    if answer is None:
        raise click.UsageError("give the ANSWER to check (quote it: drill check -e \"kubectl ...\" \"kubectl ...\")")
    if expected and card_id:
        raise click.UsageError("give either --expected (one or more) or --card, not both")
    if not expected and not card_id:
        raise click.UsageError("what is the right answer? give --expected \"kubectl ...\" (one or more) "
                               "or --card ID (e.g. w06.command.03)")

    from drills.kubectl import check

    accepted = list(expected)
    card = None
    reads_required = False
    if card_id:
        from drills.deck.checks import asks_to_see
        from drills.deck.files import find_card

        card = find_card(card_id)
        accepted = card_answers(card)
        reads_required = asks_to_see(card.front)  # "… and print it": the reads are the task
    if execute or context:
        from drills.cli.execute_check import run_execute_check

        ctx.exit(run_execute_check(accepted, answer, card, as_json, context))
    verdict = grammar = check(accepted, answer, reads_required=reads_required)
    if verdict.status == "incorrect":  # the second opinion (drills.cli.execute_check): lazily, only here
        from drills.cli.execute_check import second_opinion

        verdict = second_opinion(accepted, answer, card, grammar)
    if as_json:
        out = {"answer": answer, **verdict.to_dict()}
        if card is not None:
            out["card"] = card.id
        if verdict is not grammar:
            out["grammar"] = grammar.to_dict()
        click.echo(_json(out))
    else:
        print_verdict(verdict)
    ctx.exit(EXIT[verdict.status])


def _run_batch(source: str) -> int:
    from drills.errors import DrillsError
    from drills.kubectl import check

    from drills.safe_io import BATCH_LIMIT, decode_utf8, read_bounded, read_stream_bounded

    if source == "-":
        name = "<stdin>"
        if sys.stdin is None:
            raise DrillsError("standard input is closed", name)
        data = read_stream_bounded(sys.stdin.buffer, BATCH_LIMIT, "batch input", name)
    else:
        name = source
        data = read_bounded(source, BATCH_LIMIT, "batch file")
    text = decode_utf8(data, name)
    worst = 0
    # Records end at "\n" only (a "\r" before it is dropped): a form feed or U+2028 inside a line
    # is part of the answer, not a second record (str.splitlines would split there).
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        pair = _batch_pair(line)
        if isinstance(pair, str):
            click.echo(_json({"line": n, "status": "error", "error": pair}))
            worst = 2
            continue
        exp, ans = pair
        verdict = check(exp, ans)
        click.echo(_json({"line": n, "expected": exp, "answer": ans, **verdict.to_dict()}))
        worst = max(worst, EXIT[verdict.status])
    return worst


def _batch_pair(line: str) -> tuple[str | list[str], str] | str:
    """``expected<TAB>answer``, or a JSON object ``{"expected": "…" | ["…", …], "answer": "…"}`` for
    answers that span lines (sequences, manifests: newlines as ``\\n``). An error text otherwise."""
    if line.lstrip().startswith("{"):
        try:
            obj = json.loads(line)
        except ValueError as e:
            return f"not a JSON object: {e}"
        exp, ans = (obj.get("expected"), obj.get("answer")) if isinstance(obj, dict) else (None, None)
        if not isinstance(ans, str) or not (isinstance(exp, str) or (
                isinstance(exp, list) and exp and all(isinstance(x, str) for x in exp))):
            return 'a JSON line needs "expected" (a string or a list of strings) and "answer" (a string)'
        return exp, ans
    if "\t" not in line:
        return "no tab: a line is `expected<TAB>answer` (or a JSON object)"
    exp, ans = line.split("\t", 1)
    return exp, ans


@main.command("lint", short_help="Check deck answers against kubectl 1.37 (and the build's findings).")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--week", type=WEEK, default=None, help="Only this week's deck.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def lint_cmd(paths: tuple[Path, ...], week: int | None, as_json: bool) -> None:
    """Check deck answers against kubectl 1.37's commands and flags, and report the problems the
    build stored on cards (exit 1 if any). PATHS are deck files or folders of week-NN.yaml (for
    decks built with --out); without PATHS, every loaded deck."""
    from drills.deck.files import deck_for_week, load_decks, read_deck
    from drills.errors import DrillsError
    from drills.kubectl import lint
    from drills.kubectl.flagtable import kubectl_version
    from drills.kubectl.shape import is_manifest

    if paths:
        decks = []
        for path in paths:
            if path.is_dir():
                files = sorted(path.glob("week-*.yaml"))
                if not files:
                    raise DrillsError("no decks here (expected week-NN.yaml)", str(path))
                decks += [read_deck(f) for f in files]
            elif path.is_file():
                decks.append(read_deck(path))
            else:
                raise DrillsError("no such file or folder", str(path))
    else:
        decks = load_decks()
    if week is not None:
        decks = [deck_for_week(decks, week)]
    findings = []
    checked = 0
    for deck in decks:
        for card in deck.cards:
            for stored in card.problems:
                problem, _, answer = stored.rpartition(" (in: ")
                findings.append({"card": card.id, "week": deck.week, "answer": answer.rstrip(")") if problem else "",
                                 "problem": problem or stored, "stored": True})
            for ans in card.answers:
                if is_manifest(ans):
                    continue
                checked += 1
                for problem in lint(ans):
                    findings.append({"card": card.id, "week": deck.week, "answer": ans, "problem": problem,
                                     "stored": False})
    ctx = click.get_current_context()
    if as_json:
        click.echo(json.dumps({"kubectl": kubectl_version(), "answers_checked": checked, "problems": findings},
                              ensure_ascii=False))
    else:
        for f in findings:
            where = " (stored by the build; the answer is on the card's back only)" if f["stored"] else ""
            _echo(f"{click.style(f['card'], bold=True)}: {f['answer']}{where}")
            _echo(click.style(f"  {f['problem']}", fg="red"))
        summary = f"{checked} answers checked against kubectl {kubectl_version()}: "
        summary += f"{len(findings)} problem(s)" if findings else "no problems"
        _echo(summary)
    ctx.exit(1 if findings else 0)
