"""markdown-it-py tokens -> a small tree of blocks with page line numbers.

The section readers never look at raw lines of Markdown: they walk these blocks, so a ``#`` comment
in a bash block stays code, a ``---`` inside YAML stays YAML, and a list glued to a paragraph is
still a list. ``<details>`` raw HTML is flattened: the Markdown inside it is parsed too (CommonMark
swallows the lines after ``<details>`` into the HTML block until a blank line) and every block
inside carries the ``<summary>`` text in ``details``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from drills.errors import DrillsError

_MD = MarkdownIt("commonmark").enable("table")


@dataclass
class Seg:
    """A run of inline content: plain text or a code span; ``bold`` when inside ``**…**``."""

    kind: str  # "text" | "code"
    text: str
    bold: bool = False


@dataclass
class Item:
    """One list item: its number (ordered lists) and the blocks inside it."""

    number: int | None
    line: int
    blocks: list["Block"] = field(default_factory=list)

    @property
    def segs(self) -> list[Seg]:
        """Inline content of the item's first paragraph (empty if it has none)."""
        for b in self.blocks:
            if b.kind == "paragraph":
                return b.segs
        return []

    def text(self) -> str:
        """The item's first paragraph rendered as Markdown-ish text."""
        return render(self.segs)


@dataclass
class Block:
    """A top-level Markdown block with its 1-based first line in the page."""

    kind: str  # heading | paragraph | fence | bullet_list | ordered_list | html | hr (quotes are flattened)
    line: int
    level: int = 0  # heading level
    segs: list[Seg] = field(default_factory=list)  # heading / paragraph inline content
    info: str = ""  # fence language
    code: str = ""  # fence content
    items: list[Item] = field(default_factory=list)  # lists
    children: list["Block"] = field(default_factory=list)  # unused: a block quote's blocks are flattened
    html: str = ""
    details: str | None = None  # summary text of the enclosing <details>, if inside one

    def text(self) -> str:
        return render(self.segs)


def render(segs: list[Seg]) -> str:
    """Markdown-ish plain text: code spans keep their backticks, bold markers are dropped."""
    out = []
    for s in segs:
        if s.kind == "code":
            fence = "``" if "`" in s.text else "`"
            pad = " " if fence == "``" else ""
            out.append(f"{fence}{pad}{s.text}{pad}{fence}")
        else:
            out.append(s.text)
    return re.sub(r"[ \t]+\n", "\n", "".join(out)).strip()


def _inline(tok: Token) -> list[Seg]:
    segs: list[Seg] = []
    bold = 0

    def add(kind: str, text: str) -> None:
        if kind == "text" and segs and segs[-1].kind == "text" and segs[-1].bold == (bold > 0):
            segs[-1].text += text
        else:
            segs.append(Seg(kind, text, bold > 0))

    for c in tok.children or []:
        if c.type == "text":
            add("text", c.content)
        elif c.type == "code_inline":
            add("code", c.content)
        elif c.type == "strong_open":
            bold += 1
        elif c.type == "strong_close":
            bold -= 1
        elif c.type == "softbreak":
            add("text", " ")
        elif c.type == "hardbreak":
            add("text", "\n")
        elif c.type == "html_inline":
            # `<pod>` outside backticks is parsed as an HTML tag: it is a placeholder, keep it.
            add("text", c.content)
        elif c.type == "image":
            add("text", c.content)
        # link_open/close, em_open/close: markers only; their text children come as "text".
    return segs


def _table_segs(tokens: list[Token]) -> list[Seg]:
    segs: list[Seg] = []
    for tok in tokens:
        if tok.type == "tr_open":
            if segs:
                segs.append(Seg("text", "\n"))
            segs.append(Seg("text", "|"))
        elif tok.type == "inline":
            segs.append(Seg("text", " "))
            segs.extend(_inline(tok))
            segs.append(Seg("text", " |"))
    return segs


def _close(tokens: list[Token], i: int) -> int:
    """Index of the token closing the one opened at ``i``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _line(tok: Token, offset: int) -> int:
    return (tok.map[0] if tok.map else 0) + offset + 1


def _blocks(tokens: list[Token], offset: int) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open" and t.markup in ("-", "="):
            # A setext underline is almost always a `---` rule glued to a paragraph: keep both apart.
            out.append(Block("paragraph", _line(t, offset), segs=_inline(tokens[i + 1])))
            i += 3
        elif t.type == "heading_open":
            out.append(Block("heading", _line(t, offset), level=int(t.tag[1]), segs=_inline(tokens[i + 1])))
            i += 3
        elif t.type == "paragraph_open":
            out.append(Block("paragraph", _line(t, offset), segs=_inline(tokens[i + 1])))
            i += 3
        elif t.type in ("fence", "code_block"):
            info = t.info.strip().split()[0].lower() if t.info.strip() else ""
            out.append(Block("fence", _line(t, offset), info=info, code=t.content))
            i += 1
        elif t.type == "html_block":
            out.append(Block("html", _line(t, offset), html=t.content))
            i += 1
        elif t.type == "hr":
            out.append(Block("hr", _line(t, offset)))
            i += 1
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            end = _close(tokens, i)
            kind = "bullet_list" if t.type == "bullet_list_open" else "ordered_list"
            block = Block(kind, _line(t, offset))
            j = i + 1
            # Items are numbered as rendered (start + position): "1. 1. 1." lists are common.
            start = int(t.attrs.get("start", 1) or 1) if kind == "ordered_list" else None
            while j < end:
                if tokens[j].type == "list_item_open":
                    k = _close(tokens, j)
                    number = start + len(block.items) if start is not None else None
                    block.items.append(Item(number, _line(tokens[j], offset), _blocks(tokens[j + 1 : k], offset)))
                    j = k + 1
                else:
                    j += 1
            out.append(block)
            i = end + 1
        elif t.type == "blockquote_open":
            # A note or admonition ("> **Note:** …") is page content like any other: its blocks
            # stand where the quote stands (no reader drops them unseen).
            end = _close(tokens, i)
            out.extend(_blocks(tokens[i + 1 : end], offset))
            i = end + 1
        elif t.type == "table_open":
            # A table is read as a paragraph of rows ("| Role | `pod-reader` |"), one row a line, so
            # every section reader keeps it, and its cells' code spans stay code spans.
            end = _close(tokens, i)
            out.append(Block("paragraph", _line(t, offset), segs=_table_segs(tokens[i + 1 : end])))
            i = end + 1
        else:
            i += 1
    return out


_DETAILS_TAG = re.compile(r"</?details[^>]*>|<summary>(.*?)</summary>|</?summary>", re.I | re.S)
_TAG_LINE = re.compile(r"</?details[^>]*>|<summary>(.*?)</summary>|</?summary>|<br\s*/?>", re.I | re.S)


def parse_blocks(text: str, offset: int = 0) -> list[Block]:
    """Parse Markdown into blocks; ``offset`` is the number of page lines before ``text``.

    DrillsError (line, no file) when lists or quotes nest too deep for the Markdown parser."""
    blocks = _blocks(_parse(text, offset), offset)
    return _flatten_details(blocks)


def _parse(text: str, offset: int) -> list[Token]:
    """markdown-it tokens; refuses text that reaches markdown-it's nesting limit.

    At its limit (``maxNesting``, 20 token levels: about 9 lists inside each other) markdown-it
    silently stops reading the rest of the page, so every later section would be lost or reported
    missing at the wrong place. Say where instead."""
    tokens = _MD.parse(text)
    limit = _MD.options["maxNesting"] - 1
    for tok in tokens:
        if tok.level >= limit or any(c.level >= limit for c in tok.children or []):
            raise DrillsError("lists or quotes nested too deeply to read (at most 8 levels)",
                              None, _line(tok, offset))
    return tokens


def _flatten_details(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    stack: list[str] = []  # summaries of the open <details> elements
    for b in blocks:
        # The same pattern decides and walks: a block with no complete tag (a lone "<summary" line)
        # stays a plain HTML block instead of being re-parsed into itself forever.
        if b.kind != "html" or not _DETAILS_TAG.search(b.html):
            if stack:
                _mark(b, stack[-1])
            out.append(b)
            continue
        # Walk the HTML block: tags change the state, leftover lines are Markdown inside <details>.
        pos = 0
        rest_start_line = b.line
        for m in _TAG_LINE.finditer(b.html):
            _reparse(b.html[pos : m.start()], b.line, b.html[:pos].count("\n"), stack, out)
            tag = m.group(0).lower()
            if tag.startswith("<details"):
                stack.append("")
            elif tag.startswith("</details"):
                if stack:
                    stack.pop()
            elif tag.startswith("<summary") and m.group(1) is not None and stack:
                stack[-1] = re.sub(r"<[^>]+>", "", m.group(1)).strip()
            pos = m.end()
        _reparse(b.html[pos:], rest_start_line, b.html[:pos].count("\n"), stack, out)
    return out


def _reparse(chunk: str, block_line: int, lines_before: int, stack: list[str], out: list[Block]) -> None:
    if not chunk.strip():
        return
    # Leading text on the tag's own line belongs to that line; keep line numbers honest.
    inner_offset = block_line - 1 + lines_before
    inner = _flatten_details(_blocks(_parse(chunk.lstrip(" \t"), inner_offset), inner_offset))
    for ib in inner:
        if stack:
            _mark(ib, stack[-1])
        out.append(ib)


def _mark(b: Block, summary: str) -> None:
    if b.details is None:
        b.details = summary
    for item in b.items:
        for ib in item.blocks:
            _mark(ib, summary)
    for ib in b.children:
        _mark(ib, summary)
