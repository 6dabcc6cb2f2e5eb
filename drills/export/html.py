"""Card text -> Anki field HTML, so that what the student sees is exactly what the deck says.

Anki fields are HTML. Card text is plain text with Markdown-ish code (`spans` and ``` fences), full of
things a browser would eat: ``<pod>``, ``<svc>.<ns>.svc.cluster.local``, ``<<EOF``. So every literal
is ``html.escape``d FIRST and only then marked up (code spans -> <code>, fences -> <pre>, newlines ->
<br>). Markup is never taken from the card text: a ``<script>`` in a card is shown, not run.

Two Anki-specific traps on top of HTML:
- ``[`` is written as ``&#91;`` everywhere: Anki's reviewer rewrites ``[sound:...]`` and
  ``[[type:...]]`` found anywhere in the rendered card, field content included.
- Inside a cloze field Anki parses ``{{c1::`` / ``}}`` / ``::`` on the raw field text, escaped or not.
  In cloze text every brace and colon that is content is written as ``&#123;`` ``&#125;`` ``&#58;``,
  so only our own deletion markup is cloze syntax.
"""

from __future__ import annotations

import html
import re

_FENCE = re.compile(r"^```[^\n`]*\n(.*?)(?:^```[ \t]*$|\Z)", re.S | re.M)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
# Private-use characters: never in course text, untouched by html.escape.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}")
_CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")


def escape(text: str) -> str:
    """Literal text -> HTML that renders as exactly that text (quotes, <, >, & and [ encoded)."""
    return html.escape(text, quote=True).replace("[", "&#91;")


def _inline(text: str) -> str:
    """Escaped prose with `code spans` as <code> and newlines as <br>."""
    out = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        out.append(escape(text[pos : m.start()]).replace("\n", "<br>"))
        out.append(f"<code>{escape(m.group(2))}</code>")
        pos = m.end()
    out.append(escape(text[pos:]).replace("\n", "<br>"))
    return "".join(out)


def text_html(text: str) -> str:
    """Card text (plain, Markdown-ish) -> field HTML: fenced blocks as <pre><code>, the rest inline."""
    out = []
    pos = 0
    for m in _FENCE.finditer(text):
        before = text[pos : m.start()]
        if before.strip():
            out.append(_inline(before.strip("\n")))
        out.append(code_html(m.group(1).rstrip("\n")))
        pos = m.end()
    rest = text[pos:]
    if rest.strip() or not out:
        out.append(_inline(rest.strip("\n")))
    return "".join(out)


def code_html(command: str) -> str:
    """A command or code block, shown monospace with its line breaks and spacing kept."""
    return f"<pre><code>{escape(command)}</code></pre>"


def _cloze_safe(fragment_html: str) -> str:
    """HTML whose braces and colons Anki's cloze parser must not see."""
    return fragment_html.replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")


def split_cloze(cloze: str) -> tuple[str, list[tuple[int, str]]]:
    """``"a {{c1::b}} c"`` -> (``"a \\ue0000\\ue001 c"``, ``[(1, "b")]``).

    A deletion ends at the first ``}}`` outside balanced braces, so ``{{c1::-o jsonpath='{.x}'}}``
    keeps its jsonpath. Everything between ``{{cN::`` and the end is content (drills writes no hints).
    A ``{{cN::`` that never closes is left as literal text.
    """
    out: list[str] = []
    deletions: list[tuple[int, str]] = []
    pos = 0
    while True:
        m = _CLOZE_OPEN.search(cloze, pos)
        if not m:
            break
        depth, i, end = 0, m.end(), None
        while i < len(cloze):
            if cloze.startswith("}}", i) and depth == 0:
                end = i
                break
            if cloze[i] == "{":
                depth += 1
            elif cloze[i] == "}":
                depth = max(0, depth - 1)
            i += 1
        if end is None:
            break
        out.append(cloze[pos : m.start()])
        out.append(f"{_MARK_OPEN}{len(deletions)}{_MARK_CLOSE}")
        deletions.append((int(m.group(1)), cloze[m.end() : end]))
        pos = end + 2
    out.append(cloze[pos:])
    return "".join(out), deletions


def cloze_html(cloze: str, numbers: dict[int, int] | None = None) -> str:
    """A drills cloze paragraph -> an Anki cloze field: our ``{{cN::...}}`` are the only cloze syntax.

    Deletions are cut out first and replaced by markers, so a code span around a deletion
    (`` `{{c1::clusterIP: None}}` ``) still becomes <code>; each deletion's content is rendered on its
    own, then every brace and colon of content is entity-encoded. ``numbers`` renumbers deletions
    (drills number -> Anki number; see ``drills.export.ordinals``).
    """
    skeleton, deletions = split_cloze(cloze)
    body = _cloze_safe(text_html(skeleton))

    def put_back(m: re.Match) -> str:
        number, content = deletions[int(m.group(1))]
        number = (numbers or {}).get(number, number)
        return f"{{{{c{number}::{_cloze_safe(_inline(content))}}}}}"

    return _MARK.sub(put_back, body)


def cloze_numbers(cloze: str) -> list[int]:
    """The distinct deletion numbers in a drills cloze paragraph, sorted: Anki makes one card each."""
    return sorted({n for n, _ in split_cloze(cloze)[1]})
