"""Deck files on disk: the only module of drills/deck that does I/O.

    load_decks(extra_dirs=None) -> list[Deck]   # built-in + user decks (+ extra dirs), overrides applied
    load_deck(week) -> Deck                     # DrillsError "no deck for week 7 (have: 6); ..."
    deck_for_week(decks, week) -> Deck          # the same error, for decks already loaded
    find_card(card_id, decks=None) -> Card      # DrillsError if unknown
    write_deck(deck, directory) -> Path         # atomic: temp file in the same folder + os.replace

A deck for the same week found later wins: built-in, then the user decks folder, then extra dirs.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from drills.atomic import write_text_atomically
from drills.deck.model import Card, Deck
from drills.deck.overrides import Overrides, apply_overrides, parse_overrides, resolve_ids
from drills.deck.renames import RENAMED_IDS, RETIRED_IDS
from drills.deck.yamlfmt import dump_deck_checked, parse_deck
from drills.errors import DrillsError
from drills.text_safety import one_line
from drills.safe_io import DECK_LIMIT, OVERRIDES_LIMIT, decode_utf8, read_bounded


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("drills"))


def user_decks_dir() -> Path:
    """Where `drill build` writes by default: $XDG_DATA_HOME/drills/decks."""
    return data_dir() / "decks"


def overrides_dir() -> Path:
    """The user's overrides: $XDG_DATA_HOME/drills/overrides/week-NN.yaml (never written by drill)."""
    return data_dir() / "overrides"


def overrides_path(week: int) -> Path:
    return overrides_dir() / f"week-{week:02d}.yaml"


@dataclass
class DeckEntry:
    """A loaded deck and where it came from ("builtin", "user" or "extra")."""

    deck: Deck
    path: Path
    origin: str
    overrides: Path | None = None
    notices: list[str] = field(default_factory=list)  # about its overrides file (renamed/unknown ids)


def read_text(path: Path, limit: int = DECK_LIMIT, what: str = "deck file") -> str:
    """A regular file's text, bounded (FIFOs, devices and oversized files are refused unread)."""
    return decode_utf8(read_bounded(path, limit, what), str(path))


def read_deck(path: Path) -> Deck:
    return parse_deck(read_text(path), str(path))


def read_overrides(week: int) -> tuple[Overrides, Path | None]:
    path = overrides_path(week)
    if not os.path.lexists(path):
        return Overrides(), None
    return parse_overrides(read_text(path, OVERRIDES_LIMIT, "overrides file"), str(path)), path


def deck_entries(extra_dirs: list[Path] | None = None, tell: Callable[[str], None] | None = None) -> list[DeckEntry]:
    """Every deck that wins for its week, with its origin, sorted by week; overrides applied.

    What the user should fix in an overrides file (an old card id, an unknown one) goes to ``tell``,
    one line each (default: stderr, so ``--json`` output stays clean)."""
    from drills.bundled import builtin_decks_dir

    sources = [(builtin_decks_dir(), "builtin"), (user_decks_dir(), "user")]
    sources += [(Path(d), "extra") for d in extra_dirs or []]
    by_week: dict[int, DeckEntry] = {}
    for directory, origin in sources:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("week-*.yaml")):
            deck = read_deck(path)
            by_week[deck.week] = DeckEntry(deck, path, origin)
    for entry in by_week.values():
        overrides, overrides_path = read_overrides(entry.deck.week)
        if overrides_path is not None:
            overrides, notices = resolve_ids(overrides, entry.deck, RENAMED_IDS, RETIRED_IDS)
            for notice in notices:
                where = f"{overrides_path}:{notice.line}" if notice.line else str(overrides_path)
                entry.notices.append(f"{'warning' if notice.warning else 'notice'}: {where}: {notice.message}")
            entry.deck = apply_overrides(entry.deck, overrides, str(overrides_path))
            entry.overrides = overrides_path
    entries = [by_week[w] for w in sorted(by_week)]
    for line in [n for e in entries for n in e.notices] + _unread_overrides(set(by_week)):
        (tell or _to_stderr)(line)
    return entries


def _unread_overrides(weeks: set[int]) -> list[str]:
    """Files in the overrides folder that no deck reads: a week without a deck, or a misnamed file."""
    folder = overrides_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yaml", ".yml") or path.name in {overrides_path(w).name for w in weeks}:
            continue
        named = re.fullmatch(r"week-(\d\d)\.yaml", path.name)
        why = (f"there is no deck for week {int(named.group(1))}" if named else
               "overrides files are named week-NN.yaml after their week, e.g. week-06.yaml")
        out.append(f"warning: {path}: none of its overrides apply ({why})")
    return out


def _to_stderr(line: str) -> None:
    print(f"drill: {one_line(line)}", file=sys.stderr)


def load_decks(extra_dirs: list[Path] | None = None, tell: Callable[[str], None] | None = None) -> list[Deck]:
    """Built-in decks + user decks (a user deck for the same week wins), overrides applied."""
    return [e.deck for e in deck_entries(extra_dirs, tell)]


def load_deck(week: int) -> Deck:
    return deck_for_week(load_decks(), week)


def deck_for_week(decks: list[Deck], week: int) -> Deck:
    """The deck of ``week``; the one error every command gives for a week without a deck (exit 2)."""
    for deck in decks:
        if deck.week == week:
            return deck
    raise no_deck_error(week, decks)


def no_deck_error(week: int, decks: list[Deck]) -> DrillsError:
    have = ", ".join(str(d.week) for d in decks) or "none"
    return DrillsError(f"no deck for week {week} (have: {have}); build one with `drill build PAGE`")


def find_card(card_id: str, decks: list[Deck] | None = None) -> Card:
    for deck in decks if decks is not None else load_decks():
        for card in deck.cards:
            if card.id == card_id:
                return card
    raise DrillsError(f"unknown card id '{card_id}'")


def deck_path(week: int, directory: Path) -> Path:
    return Path(directory) / f"week-{week:02d}.yaml"


def write_deck(deck: Deck, directory: Path) -> Path:
    """Write ``week-NN.yaml`` into ``directory`` atomically; returns its path."""
    path = deck_path(deck.week, directory)
    write_text_atomically(path, dump_deck_checked(deck, deck.source or str(path)), make_parents=True)
    return path
