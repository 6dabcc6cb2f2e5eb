"""Text from outside (course pages, deck files, typed answers, file names) made harmless where it goes.

Pure: strings in, strings out. Three destinations, three functions:

- a terminal: ``for_terminal`` shows every control character as a visible escape (``\\x1b``), so a
  page cannot clear the screen, retitle the window or write the clipboard (OSC 52) when its text is
  printed, and what the student sees is exactly what is in the file. Newlines and tabs stay.
- one line (error messages, the deck file's header comments): ``one_line`` also escapes newlines,
  tabs and the Unicode line breaks (U+0085, U+2028, U+2029) and caps the length, so a file name or a
  title can never add a line, and an error stays one line however big the value it quotes.
- a deck's cloze field: ``literal_cloze`` breaks a cloze opener that is page text (``{{c1::``) with
  an invisible WORD JOINER, so only the deletions the deck builder inserts are cloze syntax, in our
  cards and in Anki.

Escaping is idempotent (the escapes are plain text), so text that went through the builder may go
through the loader again unchanged.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (CSI is U+009B on its own), the Unicode line
# and paragraph separators, and the bidirectional overrides/isolates that reorder what is shown.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CLOZE_OPENER = re.compile(r"\{\{(?=c\d+::)", re.IGNORECASE)
WORD_JOINER = "\u2060"
MAX_LINE = 400


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` with every control character except newline and tab shown as ``\\xNN``/``\\uNNNN``."""
    return _CONTROL.sub(_escape, text)


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """``text`` as one printable line: controls and line breaks escaped, at most ``limit`` characters
    (the middle is cut, so both the start and the end of a long message stay readable)."""
    line = _CONTROL_OR_BREAK.sub(_escape, text)
    if len(line) > limit:
        half = (limit - 5) // 2
        line = f"{line[:half]} […] {line[-half:]}"
    return line


def deck_text(text: str) -> str:
    """Page or deck text as a card may hold it: control characters made visible (see for_terminal)."""
    return for_terminal(text)


def literal_cloze(text: str) -> str:
    """Page text destined for a cloze field: a ``{{cN::`` in it is not a deletion opener any more."""
    return _CLOZE_OPENER.sub("{" + WORD_JOINER + "{", text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(encoded: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the controls JSON leaves raw (DEL,
    C1, line separators, bidi overrides) written as ``\\uNNNN`` escapes: same value, safe to print."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", encoded)
