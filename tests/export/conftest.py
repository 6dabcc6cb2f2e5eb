"""Helpers for proving exports with the official `anki` package (a test-only dependency).

`import_into` imports a package exactly as Anki's desktop "File > Import" does;
`rendered_text` turns what Anki renders for a card into the text a student reads;
`expected_text` turns card text (backticks, fences) into that same reading.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

from drills.deck.model import Card, Deck

IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER


def import_into(col: Collection, package: Path):
    """Import like the desktop app with its default options (= get_import_anki_package_presets():
    update notes and note types if newer, no scheduling); returns the import log."""
    request = ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(
            merge_notetypes=False,
            update_notes=IF_NEWER,
            update_notetypes=IF_NEWER,
            with_scheduling=False,
            with_deck_configs=False,
        ),
    )
    return col.import_anki_package(request).log


def rendered_text(card_html: str) -> str:
    """What the student reads: no <style>, tags removed (block tags as spaces), entities decoded."""
    s = re.sub(r"<style>.*?</style>", "", card_html, flags=re.S)
    s = re.sub(r"<br\s*/?>|<hr[^>]*>|</?(?:div|pre|p)\b[^>]*>", " ", s)
    s = re.sub(r"<[^>]+>", "", s)
    return " ".join(html.unescape(s).split())


def expected_text(text: str) -> str:
    """Card text as the student should read it: code fences and backticks gone, spacing collapsed."""
    s = re.sub(r"^```[^\n]*$", " ", text, flags=re.M)
    return " ".join(s.replace("`", "").split())


def cloze_text(cloze: str, hide: int | None) -> str:
    """A cloze paragraph as Anki shows it: deletion ``hide`` as ``[...]``, the others revealed."""
    from drills.export.html import split_cloze

    skeleton, deletions = split_cloze(cloze)

    def put(m: re.Match) -> str:
        number, content = deletions[int(m.group(1))]
        return "[...]" if number == hide else content

    return expected_text(re.sub("\ue000(\\d+)\ue001", put, skeleton))


@pytest.fixture
def collection(tmp_path):
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def sample_deck() -> Deck:
    """A small week-6-like deck with every card shape the exporter distinguishes."""
    para = (
        "Every Service gets a DNS entry: `{{c1::<service-name>.<namespace>.svc.cluster.local}}`. "
        "NodePort uses the range {{c2::30000–32767}}. A headless Service sets `{{c3::clusterIP: None}}`."
    )
    cards = [
        Card("w06.concept.01.c1", 6, "concept", "", "", cloze=para, cloze_index=1, source_line=20),
        Card("w06.concept.01.c2", 6, "concept", "", "", cloze=para, cloze_index=2, source_line=20),
        Card("w06.concept.01.c3", 6, "concept", "", "", cloze=para, cloze_index=3, source_line=20),
        Card("w06.concept.02", 6, "concept", "What is a headless Service?",
             "A Service with `clusterIP: None`: DNS returns the Pod IPs.", source_line=30),
        Card("w06.command.01", 6, "command", "Print the ClusterIP of Service `<svc>`", "",
             answers=["kubectl get svc <svc> -o jsonpath='{.spec.clusterIP}'",
                      "kubectl get service <svc> -o jsonpath='{.spec.clusterIP}'"], source_line=40),
        Card("w06.command.02", 6, "command", "Run a shell in Pod `<pod>`", "",
             answers=["kubectl exec -it <pod> -- sh"], source_line=41),
        Card("w06.command.03", 6, "command", "Apply a Service from a heredoc", "",
             answers=["cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Service\nEOF"], source_line=42),
        Card("w06.command.04", 6, "command", "Port-forward Service nginx to local port 8080",
             "Runs in the foreground; stop it with Ctrl+C.", self_graded=True, source_line=43),
        Card("w06.pitfall.01", 6, "pitfall", "Selector mismatch",
             "The Service selector must match the Pod labels, or `kubectl get endpoints <svc>` is empty.",
             source_line=50),
        Card("w06.step.01", 6, "step", "Expose the deployment as ClusterIP",
             "```bash\nkubectl expose deployment nginx --port=80\n```", source_line=60),
        Card("w06.challenge.01", 6, "challenge", "Reach `<svc>.<ns>.svc.cluster.local` from `ns-a`",
             "Run `wget -qO- http://<service-name>.ns-b.svc.cluster.local` in a Pod in `ns-a`.",
             source_line=70),
    ]
    return Deck(week=6, title="Week 6 — Services & Networking", cards=cards,
                source="06-services-and-networking.md")


_PLACEHOLDER = re.compile(r"<[A-Za-z][\w.-]*>")


def note_key(card: Card) -> str:
    """A cloze card's note is its paragraph (``w06.concept.03.c-nodeport`` -> ``w06.concept.03``)."""
    return card.id.rsplit(".", 1)[0] if card.cloze else card.id


def anki_card_for(col: Collection, card: Card):
    """The Anki card made from a drills card: its note by the CardId field; for a cloze note, the one
    card of the note whose question hides this card's deletion (whatever ordinal the export gave it)."""
    (note_id,) = col.find_notes(f'"CardId:{note_key(card)}"')
    cards = col.get_note(note_id).cards()
    if card.cloze:
        asked = cloze_text(card.cloze, hide=card.cloze_index)
        cards = [c for c in cards if asked in rendered_text(c.question())]
    (anki_card,) = cards
    return anki_card


def check_rendering(col: Collection, deck: Deck) -> None:
    """Every drills card of ``deck``, as imported into ``col``, reads exactly as the deck says."""
    for card in deck.cards:
        anki_card = anki_card_for(col, card)
        question = rendered_text(anki_card.question())
        answer = rendered_text(anki_card.answer())
        if card.cloze:
            assert cloze_text(card.cloze, hide=card.cloze_index) in question, card.id
            assert cloze_text(card.cloze, hide=None) in answer, card.id
            source = card.cloze
        else:
            assert expected_text(card.front) in question, card.id
            assert expected_text(card.front) in answer, card.id
            assert expected_text(card.back) in answer, card.id
            for accepted in card.answers:
                # every command of a sequence is read on the back (a solution's back shows them in
                # blocks of their own, between comments: not necessarily one after the other)
                for line in accepted.split("\n"):
                    assert " ".join(line.split()) in answer, card.id
                assert " ".join(accepted.split()) not in question, f"{card.id}: answer shown on the front"
            source = card.front + card.back + "".join(card.answers)
        for placeholder in _PLACEHOLDER.findall(source):
            assert placeholder in answer, f"{card.id}: {placeholder} lost"
        note = anki_card.note()
        if "{{type:Answer}}" in note.note_type()["tmpls"][0]["qfmt"]:
            assert "[[type:Answer]]" in anki_card.question()
            # What Anki's reviewer does with the typed text: diff it against the Answer field.
            diff = col.compare_answer(note["Answer"], card.answers[0])
            assert "typeBad" not in diff and "typeMissed" not in diff, (card.id, diff)


def expected_counts(deck: Deck) -> tuple[int, int]:
    """(notes, cards) Anki should hold: one note per card except one per cloze paragraph."""
    return len({note_key(c) for c in deck.cards}), len(deck.cards)
