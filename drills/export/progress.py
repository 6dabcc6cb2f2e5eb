"""`--with-progress`: the Anki package plus each card's FSRS state and review history.

genanki cannot write scheduling, so this path uses the official ``anki`` package, which is NOT a
dependency of drills (AGPL): it is the optional extra ``drills[progress]``; without it the user gets
one line telling them to install it. How: write the plain package, import it into a throw-away Anki collection,
set every reviewed card's state from the store (queue, due, interval, reps, lapses, FSRS stability
and difficulty), add the review log, and export that collection "with scheduling".

Anki applies this only when a card is imported for the first time and the user ticks
"Import any learning progress"; a later import never overwrites the progress Anki already has.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drills.deck.model import Deck
from drills.schedule.memory import State
from drills.vocabulary import SessionMode
from drills.errors import DrillsError
from drills.atomic import write_atomically
from drills.export.anki import write_apkg
from drills.export.notes import notes_for_deck

if TYPE_CHECKING:
    from drills.app.store_protocols import CardRecord, LoggedReview, StudyStore

MISSING_ANKI = "exporting progress needs the optional 'anki' package: pip install 'drills[progress]'"

# Anki card types/queues and review-log kinds.
_NEW, _LEARN, _REVIEW, _RELEARN = 0, 1, 2, 3
_QUEUE_SUSPENDED = -1
_LOG_LEARN, _LOG_REVIEW, _LOG_RELEARN, _LOG_FILTERED = 0, 1, 2, 3


def require_anki() -> Any:
    try:
        import anki.collection  # noqa: F401
    except ImportError:
        raise DrillsError(MISSING_ANKI) from None
    return anki.collection


def _anki_cards(col: Any, decks: list[Deck]) -> dict[str, int]:
    """drills card id -> Anki card id, through the notes' GUIDs and the cards' ordinals."""
    import genanki

    nid_by_guid = dict((guid, nid) for nid, guid in col.db.all("select id, guid from notes"))
    cid_by_note_ord = {(nid, ord_): cid for cid, nid, ord_ in col.db.all("select id, nid, ord from cards")}
    found: dict[str, int] = {}
    for deck in decks:
        for spec in notes_for_deck(deck):
            nid = nid_by_guid.get(genanki.guid_for(spec.key))
            for card in (c for c in deck.cards if c.id in spec.card_ids):
                cid = cid_by_note_ord.get((nid, spec.ordinal(card.id)))
                if cid is not None:
                    found[card.id] = cid
    return found


def _anki_days(moment: float) -> int:
    """Day number of a moment with Anki's default 4 a.m. rollover (UTC: drills has no local day)."""
    return math.floor((moment - 4 * 3600) / 86400)


def _apply_memory(col: Any, cid: int, record: CardRecord, now: float) -> bool:
    """Copy one card's schedule from the store; False for a card never reviewed."""
    from anki.cards_pb2 import FsrsMemoryState

    m = record.memory
    if m.state is None:
        return False
    card = col.get_card(cid)
    card.reps, card.lapses = m.reps, m.lapses
    card.factor = 2500
    last = m.last_review.timestamp() if m.last_review else now
    due = m.due.timestamp() if m.due else now
    if m.state == State.Review:
        card.type = card.queue = _REVIEW
        card.ivl = max(1, round((due - last) / 86400))
        card.due = col.sched.today + max(0, _anki_days(due) - _anki_days(now))
    else:  # learning or relearning steps: due is a moment, like Anki's intraday learning queue
        card.type = _LEARN if m.state == State.Learning else _RELEARN
        card.queue = _LEARN
        card.ivl = 0 if m.state == State.Learning else max(1, round((due - last) / 86400))
        card.due = int(due)
        card.left = 1
    if m.stability is not None and m.difficulty is not None:
        card.memory_state = FsrsMemoryState(stability=m.stability, difficulty=m.difficulty)
    card.last_review_time = int(last)
    if record.suspended:
        card.queue = _QUEUE_SUSPENDED
    col.update_card(card)
    return True


def _log_kind(review: LoggedReview) -> int:
    if review.mode == SessionMode.CRAM:
        return _LOG_FILTERED
    log_kinds = {int(State.Review): _LOG_REVIEW, int(State.Relearning): _LOG_RELEARN}
    return log_kinds.get(review.state_before or 0, _LOG_LEARN)


def _add_reviews(col: Any, cid: int, reviews: list[LoggedReview], used_ids: set[int]) -> int:
    """Insert the card's review log (oldest first); Anki keys the log by millisecond time."""
    for review in sorted(reviews, key=lambda r: r.at):
        rid = round(review.at.timestamp() * 1000)
        while rid in used_ids:  # two answers in the same millisecond: keep both
            rid += 1
        used_ids.add(rid)
        col.db.execute(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
            " values (?, ?, -1, ?, 0, 0, 0, ?, ?)",
            rid, cid, int(review.rating), min(review.duration_ms or 0, 60_000),
            _log_kind(review),
        )
    return len(reviews)


def write_apkg_with_progress(
    decks: list[Deck],
    path: str | Path,
    *,
    built_at: float,
    store: StudyStore,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Like ``write_apkg``, plus scheduling from ``store`` (opened by the caller, through drills.app).

    The summary gains ``"progress": {"cards": n, "reviews": n}`` (cards with a schedule, log rows).
    """
    collection = require_anki()
    work = tempfile.mkdtemp(prefix="drills-export-")
    try:
        plain = os.path.join(work, "plain.apkg")
        result = write_apkg(decks, plain, built_at=built_at, progress=progress)
        result["file"] = os.path.abspath(path)
        col = collection.Collection(os.path.join(work, "collection.anki2"))
        try:
            col.import_anki_package(collection.ImportAnkiPackageRequest(
                package_path=plain, options=collection.ImportAnkiPackageOptions()))
            records = {r.id: r for r in store.cards.all()}
            cards = reviews = 0
            used: set[int] = set()
            for card_id, cid in _anki_cards(col, decks).items():
                record = records.get(card_id)
                if record is None:
                    continue
                cards += _apply_memory(col, cid, record, built_at)
                reviews += _add_reviews(col, cid, store.reviews.log(card_id), used)
            result["progress"] = {"cards": cards, "reviews": reviews}

            def export(tmp: str) -> None:
                col.export_anki_package(out_path=tmp, limit=None, options=collection.ExportAnkiPackageOptions(
                    with_scheduling=True, with_deck_configs=False, with_media=False, legacy=False))

            import anki.errors

            import sqlite3

            write_atomically(path, export, what="package",
                             failures=(sqlite3.Error, anki.errors.BackendIOError, anki.errors.DBError))
        finally:
            col.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result
