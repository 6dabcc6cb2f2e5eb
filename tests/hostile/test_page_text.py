"""Page text that would act on a terminal, on Anki's cloze parser or on the deck file's own format
is carried as text: the build succeeds (or refuses with one line), and every later command works."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from drills.deck.files import load_decks
from drills.export.html import cloze_numbers
from drills.ui import cloze as ui_cloze

from .helpers import one_line_error, run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course.pages import FRONT, LAB_PLAIN, PITFALLS_PLAIN, SOLUTIONS_PLAIN, page  # noqa: E402

ESCAPES = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;owned\x07\x9b31m"  # clipboard, clear, title, C1 CSI


def build(tmp_path: Path, text: str, name: str = "03-pods.md"):
    pages = tmp_path / "pages"
    pages.mkdir(exist_ok=True)
    (pages / name).write_text(text, encoding="utf-8")
    return run("build", str(pages))


@pytest.mark.parametrize("title", ["Pods\u2028and config", "Pods\u0085and config", "Pods\u2029x",
                                   "Pods\x1b[2J\x1b]0;t\x07", "Pods\rx\x0bz"])
def test_a_title_with_line_breaks_or_escapes_builds_a_deck_every_command_loads(tmp_path, title):
    front = FRONT.replace("title: Week 3 — Pods & Config: the basics", f"title: Week 3 — {title}")
    result = build(tmp_path, page(front=front, h1="# Pods"))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    for command in (["decks"], ["cards", "--week", "3"], ["lint", "--week", "3"], ["decks", "--json"]):
        later = run(*command)
        assert later.exit_code in (0, 1), later.output  # lint may find problems; never a load error
        assert "\x1b" not in later.output and "\x9b" not in later.output
    shown = json.loads(run("decks", "--json").output)["decks"]
    assert [d["week"] for d in shown if d["source"] == "user"] == [3]


def test_a_file_name_with_a_line_separator_builds_a_deck_every_command_loads(tmp_path):
    result = build(tmp_path, page(), name="03-pods\u2028\x1b[2Jnew.md")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert run("decks").exit_code == 0
    assert run("cards", "--week", "3").exit_code == 0


def test_week_0_is_refused_with_one_line_and_nothing_is_written(tmp_path):
    front = FRONT.replace("title: Week 3 — Pods & Config: the basics", "title: Week 0 — Setup")
    front = front.replace("03-pods-and-config", "00-setup")
    one_line_error(build(tmp_path, page(front=front, h1="# Week 0: Setup"), "00-setup.md"),
                   "00-setup.md:1", "week 0")
    assert run("decks").exit_code == 0  # nothing poisoned


def test_escape_sequences_in_page_text_never_reach_the_terminal(tmp_path):
    concept = f"A Pod{ESCAPES} is the smallest deployable unit. It wraps 1 or more containers."
    pitfalls = f"- **Forgetting{ESCAPES} the namespace** — Add `-n <namespace>` to every command."
    assert build(tmp_path, page(concept=concept, pitfalls=pitfalls)).exit_code == 0
    shown = run("cards", "--week", "3")
    assert shown.exit_code == 0
    for raw in ("\x1b", "\x07", "\x9b"):
        assert raw not in shown.output
    assert "\\x1b]52;c;ZXZpbA==\\x07" in shown.output  # shown as what it is, not acted on
    deck = next(d for d in load_decks() if d.week == 3)
    for card in deck.cards:
        for text in (card.front, card.back, card.cloze or "", *card.answers):
            assert "\x1b" not in text and "\x9b" not in text


def test_escape_sequences_in_a_warning_are_shown_not_sent(tmp_path):
    # An unknown section is quoted in a warning: its title comes from the page.
    text = page() + "\n## Extra\x1b[2J stuff\n\ntext\n"
    result = build(tmp_path, text)
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\\x1b[2J" in result.output


def test_cloze_syntax_in_page_text_is_not_a_deletion_in_our_cards_or_anki(tmp_path):
    concept = ("A Pod {{c1::secret}} wraps 1 or more containers; {{c7::x::hint}} stays text. "
               "The `ClusterIP` type is the default.")
    assert build(tmp_path, page(concept=concept)).exit_code == 0
    deck = next(d for d in load_decks() if d.week == 3)
    clozes = [c for c in deck.cards if c.cloze]
    assert clozes
    for card in clozes:
        inserted = set(cloze_numbers(card.cloze))
        assert 7 not in inserted  # the page's own "{{c7::" is not a deletion
        assert len(inserted) == len({c.cloze_index for c in clozes if c.cloze == card.cloze})
        assert all("secret" not in a for a in ui_cloze.answers(card.cloze, card.cloze_index))
        # the student reads the page's text as written (the joiner is invisible)
        assert "{{c1::secret}}" in ui_cloze.plain(card.cloze, card.cloze_index, reveal=True).replace("\u2060", "")


def test_lists_nested_too_deep_are_one_line_naming_the_line(tmp_path):
    nest = "\n".join("  " * i + "- level" for i in range(14))
    text = page(pitfalls=nest)
    line = one_line_error(build(tmp_path, text), "03-pods.md:", "nested too deeply")
    number = int(line.split("03-pods.md:")[1].split(":")[0])
    start = text.split("\n").index("- level") + 1
    assert start <= number < start + 14


def test_quotes_nested_too_deep_are_one_line(tmp_path):
    one_line_error(build(tmp_path, page(concept="> " * 40 + "deep\n\nA Pod wraps containers.")),
                   "nested too deeply")


def test_nesting_within_the_limit_keeps_every_section(tmp_path):
    nest = "\n".join("  " * i + "- level" for i in range(6))
    assert build(tmp_path, page(pitfalls=nest)).exit_code == 0
    result = run("build", "--json", str(tmp_path / "pages"))
    counts = json.loads(result.output)["weeks"][0]["counts"]
    assert counts["pitfall"] >= 1 and counts["challenge"] == 1 and counts["command"] == 2


@pytest.mark.parametrize("where", ["lab", "pitfalls", "solutions"])
def test_a_lone_summary_line_is_text_and_loses_no_section(tmp_path, where):
    parts = {"lab": LAB_PLAIN, "pitfalls": PITFALLS_PLAIN, "solutions": SOLUTIONS_PLAIN}
    parts[where] = "<summary\n\n" + parts[where]
    assert build(tmp_path, page(**parts)).exit_code == 0
    result = run("build", "--json", str(tmp_path / "pages"))
    counts = json.loads(result.output)["weeks"][0]["counts"]
    assert counts["challenge"] == 1 and counts["pitfall"] == 1 and counts["command_answered"] == 2
