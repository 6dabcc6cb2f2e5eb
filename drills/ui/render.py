"""Everything the study screens print, as rich renderables.

On a terminal: colour (unless NO_COLOR), panels, rounded tables. Not on a terminal (pipes, scripts,
tests): no colour, no box-drawing panels, ASCII tables, words instead of symbols -- output a person can
read in a log file and a script can grep.
"""

from __future__ import annotations

import os
import re
from typing import IO, TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from drills.deck.model import Card
from drills.kubectl.verdict import Verdict
from drills.text_safety import for_terminal
from drills.ui import cloze as cloze_text
from drills.ui.clock import format_ms
from drills.vocabulary import VerdictStatus

if TYPE_CHECKING:
    from drills.app.contracts import ReviewProgress, ReviewSummary, SpeedResult

_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_VERDICT_STYLE: dict[str, str] = {
    VerdictStatus.CORRECT: "bold green", VerdictStatus.INCORRECT: "bold red", VerdictStatus.UNREADABLE: "bold yellow"}
_VERDICT_MARK: dict[str, str] = {
    VerdictStatus.CORRECT: "✓", VerdictStatus.INCORRECT: "✗", VerdictStatus.UNREADABLE: "?", VerdictStatus.SKIPPED: "»"}


class _TrimmedLines:
    """A text stream that drops the spaces rich pads lines with (tables, wrapped notes) before each
    newline: piped output carries no trailing spaces. Everything else goes to ``file`` unchanged."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file

    def write(self, text: str) -> int:
        self._file.write(_TRAILING_SPACES.sub("", text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


_TRAILING_SPACES = re.compile(r"[ \t]+(?=\n)")


def make_console(file: IO[str] | None = None, *, force_terminal: bool | None = None) -> Console:
    """A console that honours NO_COLOR and wraps at the terminal's width (80 when not a terminal).
    Not forced to be a terminal (line mode): lines carry no trailing spaces."""
    if not force_terminal:
        import sys

        file = _TrimmedLines(file or sys.stdout)  # type: ignore[assignment]
    return Console(
        file=file,
        force_terminal=force_terminal,
        no_color=bool(os.environ.get("NO_COLOR")),
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def rating_names() -> dict[int, str]:
    """fsrs's names of the ratings: {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}. (fsrs is loaded
    here, when a rating is shown, not with this module: `drill check` draws verdicts without it.)"""
    from fsrs import Rating

    return {int(r): r.name for r in Rating}


def rating_label(rating: int) -> str:
    return f"{rating_names().get(int(rating), '?')} ({int(rating)})"


def styled(text: str, *, plain: bool) -> Text:
    """Card text: code spans styled on a terminal (backticks kept when plain); fenced blocks indented.

    Control characters are shown as escapes (drills.text_safety): rich would pass ESC through."""
    text = for_terminal(text)
    out = Text()
    in_fence = False
    for line in text.splitlines() or [""]:
        if line.strip().startswith("```"):
            in_fence = not in_fence
            if plain:
                out.append(line + "\n")
            continue
        if in_fence:
            out.append(("" if plain else "  ") + line + "\n", style="" if plain else "cyan")
            continue
        if plain:
            out.append(line + "\n")
            continue
        pos = 0
        for m in _CODE_SPAN.finditer(line):
            out.append(line[pos : m.start()])
            out.append(m.group(1), style="bold cyan")
            pos = m.end()
        out.append(line[pos:] + "\n")
    out.rstrip()
    return out


def card_header(card: Card, position: str = "", *, plain: bool) -> Text:
    """``[3/20] w06.command.03 · command · week 6`` -- where the student is and what kind of card."""
    label = f"{position} " if position else ""
    label += f"{card.id} · {card.kind} · week {card.week}"
    return Text(label, style="" if plain else "dim")


def card_front(card: Card, *, plain: bool) -> Text:
    """The question side. Cloze cards show the paragraph with the asked deletion hidden."""
    if card.cloze:
        return _cloze(card, reveal=False, plain=plain)
    return styled(card.front, plain=plain)


def card_back(card: Card, *, plain: bool) -> RenderableType:
    """The answer side: the asked sentence of a cloze with its deletion filled in (not the whole
    paragraph again: it would push the question off a 24-row screen), or the back text (and answers)."""
    if card.cloze:
        sentence = cloze_text.asked_sentence(card.cloze, card.cloze_index)
        return Text("answer: " if plain else "→ ").append_text(_cloze_text(sentence, card.cloze_index, True, plain))
    parts: list[RenderableType] = []
    if card.back:
        parts.append(styled(card.back, plain=plain))
    if card.answers and not card.back_shows(card.answers[0]):
        parts.append(answer_lines(card.answers, plain=plain))
    body = Group(*parts) if parts else Text("(no answer on the card)")
    if plain:
        return Group(Text("answer:"), body)
    return Panel(body, title="answer", title_align="left", border_style="blue", box=box.ROUNDED)


def answer_lines(answers: list[str], *, plain: bool, label: str = "") -> Text:
    """The first accepted answer after ``label``, then the other accepted answers on one ``or`` line
    (see ``also_accepted``; ``drill cards --json`` lists them all)."""
    out = Text(label)
    # a sequence or a manifest: its lines under each other, below the label's end
    first = for_terminal(answers[0]).strip("\n").replace("\n", "\n" + " " * len(label))
    out.append(first, style="" if plain else "bold cyan")
    others = answers[1:]
    if len(others) == 1 and "\n" not in others[0].strip("\n"):
        lead = "or: " if plain else " or "
        out.append("\n" + lead, style="" if plain else "dim")
        out.append(for_terminal(others[0]).strip(), style="" if plain else "bold cyan")
    elif others:
        out.append("\n" + for_terminal(also_accepted(answers, indent=len(label) - len(label.lstrip()))),
                   style="" if plain else "dim")
    return out


def also_accepted(answers: list[str], *, indent: int = 0, width: int = 80) -> str:
    """One line for the answers after the first: when they all share words at the start, only what
    follows the last shared word, as many as fit in ``width``:
    ``  or, after "--": wget -qO- http://web · wget -O- web · curl web · +4 more``"""
    others = answers[1:]
    head = " " * indent + "or"
    if any("\n" in a.strip("\n") for a in answers):
        return head + f": {len(others)} other forms (`drill cards --json` lists them)"
    words = [a.split() for a in answers]
    start = 0
    while all(len(w) > start + 1 for w in words) and len({w[start] for w in words}) == 1:
        start += 1
    if start:
        head += f', after "{words[0][start - 1]}"'
    shown = [" ".join(w[start:]) for w in words[1:]]
    line = head + ": "
    for i, part in enumerate(shown):
        rest = len(shown) - i - 1
        candidate = line + (" · " if i else "") + part
        if i and len(candidate + (f" · +{rest} more" if rest else "")) > width:
            return line + f" · +{len(shown) - i} more"
        line = candidate
    return line


def _cloze(card: Card, *, reveal: bool, plain: bool) -> Text:
    return _cloze_text(card.cloze or "", card.cloze_index, reveal, plain)


def _cloze_text(text: str, index: int | None, reveal: bool, plain: bool) -> Text:
    text = for_terminal(text)
    if plain:
        return Text(cloze_text.plain(text, index, reveal=reveal))
    out = Text()
    for seg in cloze_text.segments(text, index, reveal=reveal):
        if seg.asked:
            out.append(seg.text, style="bold reverse" if not reveal else "bold green underline")
        else:
            out.append_text(styled(seg.text, plain=False) if "`" in seg.text else Text(seg.text))
    return out


def verdict_view(
    verdict: Verdict,
    card: Card | None = None,
    *,
    ms: int | None = None,
    plain: bool,
    show_answer: bool = True,
    compact: bool = False,
) -> RenderableType:
    """The checker's verdict: status, one line per reason, notes, and the deck's answer when wrong.
    ``compact``: a plain right answer takes one line instead of a panel (the speed drill, 24 rows)."""
    status = verdict.status
    head = Text()
    if plain:
        head.append(status)
    else:
        head.append(f"{_VERDICT_MARK.get(status, '')} {status}", style=_VERDICT_STYLE.get(status, "bold"))
    if ms is not None:
        head.append(f"  {format_ms(ms)}", style="" if plain else "dim")
    lines: list[RenderableType] = [head]
    for reason in verdict.reasons:
        lines.append(hanging(Text("  - "), styled(reason, plain=plain)))
    for note in verdict.notes:
        lines.append(hanging(Text("  note: ", style="" if plain else "dim"), styled(note, plain=plain)))
    if show_answer and not verdict.correct:
        expected = verdict.matched or (card.answers[0] if card and card.answers else None)
        if expected:
            # a sequence or a manifest: its lines under each other, below the label's end
            shown = for_terminal(expected).strip("\n").replace("\n", "\n" + " " * len("  answer: "))
            line = Text("  answer: ")
            line.append(shown, style="" if plain else "bold cyan")
            lines.append(line)
    if plain or (compact and len(lines) == 1):
        return Group(*lines)
    border = {"correct": "green", "incorrect": "red"}.get(status, "yellow")
    return Panel(Group(*lines), border_style=border, box=box.ROUNDED, expand=True)


def hanging(label: Text, body: Text) -> RenderableType:
    """``label`` then ``body``; when ``body`` wraps, its next lines start under its first word."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(label, body)
    return grid


def review_summary(summary: ReviewSummary, progress: ReviewProgress | None = None, *, plain: bool,
                   cram: bool = False) -> Table:
    """End-of-session table: how many, how well, how long, what is left (in cram: what is left of the
    cram; it changed no schedule)."""
    table = Table(
        title="Cram summary" if cram else "Review summary",
        box=box.ASCII if plain else box.ROUNDED,
        show_header=False,
        title_justify="left",
    )
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("reviewed", str(summary["reviewed"]))
    if summary["typed"]:
        table.add_row("typed commands right", f"{summary['correct']}/{summary['typed']}")
    for rating, name in rating_names().items():
        table.add_row(f"rated {name}", str(summary["by_rating"].get(rating, 0)))
    table.add_row("time", format_ms(summary["ms"]))
    if progress is not None and cram:
        table.add_row("left in this cram", str(progress["due_left"]))
    elif progress is not None:
        table.add_row("still due", str(progress["due_left"]))
        table.add_row("new left today", str(progress["new_left"]))
    return table


def speed_table(result: SpeedResult, *, plain: bool) -> RenderableType:
    """End-of-run table: each task with its verdict, time, time to first key and attempts; the total
    and the personal best for the week."""
    table = Table(
        title=f"Week {result['week']} speed drill",
        title_justify="left",
        box=box.ASCII if plain else box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("task", ratio=1, overflow="fold")
    table.add_column("verdict", no_wrap=True)
    table.add_column("time", justify="right", no_wrap=True)
    table.add_column("1st key", justify="right", no_wrap=True)
    table.add_column("tries", justify="right", no_wrap=True)
    for i, task in enumerate(result["tasks"], 1):
        verdict = task["verdict"] or "not reached"
        style = "" if plain else _VERDICT_STYLE.get(verdict, "dim")
        table.add_row(
            str(i),
            # the task's own line: its context ("(continues: ...)") made the table hard to scan
            styled((task["front"] or task["id"]).strip().split("\n", 1)[0], plain=plain),
            Text(verdict, style=style),
            format_ms(task["ms"]) if task["attempts"] else "-",
            format_ms(task["first_key_ms"]),
            str(task["attempts"]),
        )
    return Group(table, speed_footer(result, plain=plain))


def speed_footer(result: SpeedResult, *, plain: bool) -> Text:
    """``total 1:23.4 · 9/10 correct · personal best 1:10.2`` (+ why the run does not count)."""
    tasks = result["tasks"]
    correct = sum(1 for t in tasks if t["verdict"] == VerdictStatus.CORRECT)
    out = Text(f"total {format_ms(result['total_ms'])}  ·  {correct}/{len(tasks)} correct")
    best = result["personal_best_ms"]
    out.append(f"  ·  personal best {format_ms(best)}" if best is not None else "  ·  no personal best yet")
    if result["new_best"]:
        out.append("  ·  NEW PERSONAL BEST", style="" if plain else "bold green")
    elif not result["complete"]:
        out.append("\n(a run counts for the personal best when every task is answered correctly)",
                   style="" if plain else "dim")
    return out


def task_list(tasks: list[Card], *, plain: bool) -> Text:
    """The numbered list of a week's drill tasks (shown before the run starts)."""
    out = Text()
    for i, card in enumerate(tasks, 1):
        out.append(f"{i:>3}. ", style="" if plain else "dim")
        out.append_text(styled(card.front, plain=plain))
        if card.self_graded:
            out.append("  (self-graded)", style="" if plain else "dim")
        out.append("\n")
    out.rstrip()
    return out
