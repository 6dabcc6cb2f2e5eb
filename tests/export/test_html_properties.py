"""Any text survives the trip to Anki: checked on generated text against Anki's own cloze engine."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest
from anki.collection import Collection
from hypothesis import given, settings
from hypothesis import strategies as st

from drills.export.html import cloze_html, split_cloze, text_html

# The characters that matter to HTML, Markdown-ish code, Anki media tags and cloze syntax.
TRICKY = st.text(alphabet=st.sampled_from(list("ab <>&\"'[]{}:c1-—日🚀\\/=.$|")), max_size=40)


@pytest.fixture(scope="module")
def col(tmp_path_factory):
    collection = Collection(str(tmp_path_factory.mktemp("anki") / "c.anki2"))
    yield collection
    collection.close()


@given(TRICKY)
@settings(max_examples=300, deadline=None)
def test_prose_renders_as_the_same_text(text):
    rendered = html.unescape(re.sub(r"<[^>]+>", "", text_html(text).replace("<br>", "\n")))
    assert rendered == text
    assert not re.search(r"<(?!/?(code|pre|br)>)", text_html(text))  # only our own tags


@given(TRICKY)
@settings(max_examples=300, deadline=None)
def test_cloze_content_is_exactly_what_anki_asks_for(col, content):
    cloze = "before {{c1::" + content + "}} after"
    skeleton, deletions = split_cloze(cloze)
    if deletions != [(1, content)]:
        return  # content with an unbalanced "}}" is not one deletion in the deck format either
    field = cloze_html(cloze)
    # Anki's own cloze parser: the text it expects for deletion 1, and what card 1 hides.
    assert html.unescape(col.extract_cloze_for_typing(field, 1)) == content
    assert col.extract_cloze_for_typing(field, 2) == ""  # no second deletion invented
    # Our markup is the only cloze syntax left in the field; the rest is the text, encoded.
    assert html.unescape(re.sub(r"<[^>]+>", "", field.replace("{{c1::", "").replace("}}", ""))) == \
        f"before {content} after"


def test_export_commands_do_not_load_genanki_or_anki_for_other_commands():
    code = "import sys, drills.cli; print(sorted(m for m in ('genanki', 'anki') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
