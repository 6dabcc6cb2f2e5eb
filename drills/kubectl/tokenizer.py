"""Split a typed answer into shell words and command segments, on (a useful subset of) bash rules.

Handled: single/double quotes, backslash escapes, line continuations, comments, ``$(...)`` command
substitution (kept inside its word), the control operators ``&&``, ``||``, ``;``, ``|``, ``&`` and
newlines (segment separators), redirections (``>``, ``>>``, ``<``, ``2>``, ``2>&1``, ``&>``) and
here-documents (``<<EOF`` ... ``EOF``, body kept verbatim). A leading ``$ `` shell prompt on a line is
dropped. ``<pod>``-style placeholders are word characters, not redirections (a deck answer is not a
script that redirects from a file named ``pod>``). Between commands, the word ``then`` (as in "cmd1
then cmd2") is a separator too.

Errors are :class:`ShellSyntaxError` with a 1-based column (and line when the answer has several).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SEQUENCE_OPS = ("&&", "||", ";", "\n", "&", "then")
PIPE = "|"
PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9_.:-]*>")
_REDIRECT = re.compile(r"(?:[0-9]?>>|[0-9]?>&[0-9-]|&>>?|[0-9]?>|<<<|<<-?|<)")


class ShellSyntaxError(ValueError):
    """The answer cannot be split into words (unbalanced quote, unclosed ``$(``)."""

    def __init__(self, message: str, line: int, column: int, multiline: bool = False, open_ended: bool = False) -> None:
        where = f"line {line}, column {column}" if multiline else f"column {column}"
        super().__init__(f"{message} at {where}")
        self.line = line
        self.column = column
        self.open_ended = open_ended  # something opened (a quote, ``$(``, a here-document) never closes


@dataclass(frozen=True)
class Word:
    """One shell word: ``text`` after quote removal, ``raw`` as typed, 1-based ``column``."""

    text: str
    raw: str
    column: int
    quoted: bool = False
    subst: bool = False  # contains an unquoted $(...)


@dataclass(frozen=True)
class Redirect:
    """``op`` (``>``, ``>>``, ``<``, ``2>&1``, ``<<``) and its target (file name or heredoc body)."""

    op: str
    target: str


@dataclass
class Segment:
    """One simple command: its words, redirections, and the operator that joins it to the next."""

    words: list[Word] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    op: str | None = None  # "|", or a sequence operator, or None for the last segment


def tokenize(text: str) -> list[Segment]:
    """Split ``text`` into segments. Raises :class:`ShellSyntaxError`."""
    return _Lexer(text).run()


def tokenize_with_operators(text: str) -> tuple[list[Segment], list[str]]:
    """The segments of ``text`` and every operator met between them, in order (newlines and
    ``then`` included; a trailing ``&`` or ``;``, which ends no segment, is kept here too). Raises
    :class:`ShellSyntaxError`."""
    lexer = _Lexer(text)
    segments = lexer.run()
    return segments, lexer.ops


def command_spans(text: str) -> tuple[str, list[tuple[int, int, bool]]]:
    """Where each command of ``text`` starts and ends, as bash reads it: a command is a logical
    line (continuations, quotes open across lines, ``&&``/``||``/``|`` at a line end and here-document
    bodies keep it going; blank and comment-only lines belong to none). Returns ``text`` with its
    line ends normalised (the offsets index it) and the ``[start, end)`` offsets of each command with
    whether it can be read: one where a quote or here-document never closes runs to the end; one with
    a mistake inside its lines (``>`` with no target) ends with the line of the mistake."""
    whole = _normalised(text)
    spans: list[tuple[int, int, bool]] = []
    offset = 0
    while True:  # read on after each mistake that ends with its line
        lexer = _Lexer(whole, start=offset)
        try:
            lexer.run()
        except ShellSyntaxError as e:
            spans += [(a, b, True) for a, b in lexer.spans]
            start = lexer.command_start if lexer.command_start is not None else lexer.i
            line_end = whole.find("\n", lexer.i)
            end = len(whole) if e.open_ended or line_end < 0 else line_end + 1
            spans.append((start, end, False))
            if end == len(whole):
                return whole, spans
            offset = end
            continue
        return whole, spans + [(a, b, True) for a, b in lexer.spans]


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def substitutions(raw: str) -> list[str]:
    """The commands a shell runs for the ``$(...)`` command substitutions of a word as typed
    (:attr:`Word.raw`), in order: unquoted or inside double quotes, not inside single quotes
    (``"http://$(kubectl get svc web ...):80"`` -> ``kubectl get svc web ...``). Each is read as
    the tokenizer reads it (nested parentheses and quotes respected); an unbalanced one ends the list."""
    lexer = _Lexer(raw)
    s = lexer.s  # line ends normalised, as the lexer reads them
    inner: list[str] = []
    in_double = False
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "'" and not in_double:
            end = s.find("'", i + 1)
            if end < 0:
                break
            i = end + 1
            continue
        if c == '"':
            in_double = not in_double
        elif s.startswith("$(", i):
            lexer.i = i
            try:
                inner.append(lexer.read_subst()[2:-1])
            except ShellSyntaxError:
                break
            i = lexer.i
            continue
        i += 1
    return inner


class _Lexer:
    def __init__(self, text: str, start: int | None = None) -> None:
        """``start``: read the already normalised ``text`` from this offset (a line start) on."""
        self.s = _normalised(text) if start is None else text
        self.i = self.base = start or 0
        self.segments: list[Segment] = [Segment()]
        self.pending_heredocs: list[tuple[Segment, str, bool, int]] = []
        self.ops: list[str] = []  # every operator met, in order (see tokenize_with_operators)
        # where each command (a logical line) starts and ends, see command_spans
        self.spans: list[tuple[int, int]] = []
        self.command_start: int | None = None
        self.awaits_more = False  # the last operator (`&&`, `||`, `|`) carries the command to the next line

    # -- positions -------------------------------------------------------------------------
    def where(self, pos: int) -> tuple[int, int]:
        line = self.s.count("\n", self.base, pos) + 1  # counted from where reading started
        col = pos - (self.s.rfind("\n", 0, pos) + 1) + 1
        return line, col

    def error(self, message: str, pos: int) -> ShellSyntaxError:
        line, col = self.where(pos)
        multiline = self.base == 0 and "\n" in self.s.strip()
        return ShellSyntaxError(message, line, col, multiline, message.startswith(("unbalanced", "here-document")))

    # -- main loop -------------------------------------------------------------------------
    def run(self) -> list[Segment]:
        s = self.s
        at_line_start = True
        while self.i < len(s):
            c = s[self.i]
            if at_line_start:
                # a "$ " prompt (or "# " root prompt is a comment anyway) at the start of a line
                j = self.i
                while j < len(s) and s[j] in " \t":
                    j += 1
                if s.startswith("$ ", j):
                    self.i = j + 2
                    at_line_start = False
                    continue
                at_line_start = False
            if c == "\\" and s.startswith("\\\n", self.i):
                self.i += 2
                continue
            if c in " \t":
                self.i += 1
                continue
            if c == "\n":
                self.i += 1
                self.read_heredoc_bodies()
                self.end_segment("\n")
                at_line_start = True
                if self.command_start is not None and not self.awaits_more:
                    self.spans.append((self.command_start, self.i))
                    self.command_start = None
                continue
            if c == "#":
                while self.i < len(s) and s[self.i] != "\n":
                    self.i += 1
                continue
            if self.command_start is None:
                self.command_start = self.i
            op = self.match_operator()
            if op:
                self.end_segment(op)
                self.awaits_more = op in ("&&", "||", PIPE)
                continue
            self.awaits_more = False
            m = _REDIRECT.match(s, self.i)
            if m and not PLACEHOLDER.match(s, self.i):
                self.read_redirect(m.group(0))
                continue
            word = self.read_word()
            seg = self.segments[-1]
            if word.text == "then" and not word.quoted and seg.words == [] and len(self.segments) > 1:
                continue  # "cmd1 && then cmd2" style leftovers: the separator is already there
            if word.text == "then" and not word.quoted and seg.words and _looks_like_command_start(s, self.i):
                self.end_segment("then")
                continue
            seg.words.append(word)
        if self.pending_heredocs:
            _, delim, _, pos = self.pending_heredocs[0]
            raise self.error(f"here-document never ends (no line `{delim}`)", pos)
        if self.command_start is not None:
            self.spans.append((self.command_start, len(s)))
            self.command_start = None
        segs = [g for g in self.segments if g.words or g.redirects]
        if segs:
            segs[-1].op = None
        return segs

    def match_operator(self) -> str | None:
        s, i = self.s, self.i
        for op in ("&&", "||", ";", "|"):
            if s.startswith(op, i):
                if op == "|" and s.startswith("|&", i):
                    self.i += 2
                    return "|"
                self.i += len(op)
                return op
        if s[i] == "&" and not s.startswith("&>", i):
            self.i += 1
            return "&"
        return None

    def end_segment(self, op: str) -> None:
        self.ops.append(op)
        seg = self.segments[-1]
        if seg.words or seg.redirects:
            seg.op = op
            self.segments.append(Segment())
        elif op == PIPE and len(self.segments) > 1:
            raise self.error("`|` with no command before it", self.i - 1)

    def read_redirect(self, op: str) -> None:
        start = self.i
        self.i += len(op)
        if op.startswith(">&") or op[1:].startswith(">&") or re.fullmatch(r"[0-9]?>&[0-9-]", op):
            self.segments[-1].redirects.append(Redirect(op, ""))
            return
        while self.i < len(self.s) and self.s[self.i] in " \t":
            self.i += 1
        if self.i >= len(self.s) or self.s[self.i] in "\n;&|<>":
            raise self.error(f"`{op}` needs a target", start)
        target = self.read_word()
        if op in ("<<", "<<-"):
            delim = target.text
            self.pending_heredocs.append((self.segments[-1], delim, op == "<<-", start))
            return
        self.segments[-1].redirects.append(Redirect(op, target.text))

    def read_heredoc_bodies(self) -> None:
        for seg, delim, strip_tabs, pos in self.pending_heredocs:
            body_lines = []
            while True:
                if self.i >= len(self.s):
                    raise self.error(f"here-document never ends (no line `{delim}`)", pos)
                end = self.s.find("\n", self.i)
                end = len(self.s) if end < 0 else end
                line = self.s[self.i:end]
                self.i = min(end + 1, len(self.s))
                check = line.lstrip("\t") if strip_tabs else line
                if check.strip() == delim:
                    break
                body_lines.append(check.rstrip())
            seg.redirects.append(Redirect("<<", "\n".join(body_lines)))
        self.pending_heredocs = []

    def read_word(self) -> Word:
        s = self.s
        start = self.i
        out: list[str] = []
        quoted = subst = False
        while self.i < len(s):
            c = s[self.i]
            if c in " \t\n;|&":
                break
            if c in "<>":
                m = PLACEHOLDER.match(s, self.i)
                if m:
                    out.append(m.group(0))
                    self.i = m.end()
                    continue
                break
            if c == "\\":
                if self.i + 1 < len(s):
                    if s[self.i + 1] == "\n":
                        self.i += 2
                        continue
                    out.append(s[self.i + 1])
                    quoted = True
                    self.i += 2
                else:
                    self.i += 1
                continue
            if c == "'":
                end = s.find("'", self.i + 1)
                if end < 0:
                    raise self.error("unbalanced '", self.i)
                out.append(s[self.i + 1:end])
                quoted = True
                self.i = end + 1
                continue
            if c == '"':
                out.append(self.read_double_quoted())
                quoted = True
                continue
            if c == "$" and s.startswith("$(", self.i):
                out.append(self.read_subst())
                subst = True
                continue
            if c == "`":
                end = s.find("`", self.i + 1)
                if end < 0:
                    raise self.error("unbalanced `", self.i)
                out.append(s[self.i:end + 1])
                subst = True
                self.i = end + 1
                continue
            out.append(c)
            self.i += 1
        column = start - s.rfind("\n", 0, start)  # not where(): counting lines at every word is quadratic
        return Word("".join(out), s[start:self.i], column, quoted, subst)

    def read_double_quoted(self) -> str:
        s = self.s
        open_at = self.i
        self.i += 1
        out: list[str] = []
        while self.i < len(s):
            c = s[self.i]
            if c == '"':
                self.i += 1
                return "".join(out)
            if c == "\\" and self.i + 1 < len(s) and s[self.i + 1] in '"\\$`\n':
                if s[self.i + 1] != "\n":
                    out.append(s[self.i + 1])
                self.i += 2
                continue
            if c == "$" and s.startswith("$(", self.i):
                out.append(self.read_subst())
                continue
            out.append(c)
            self.i += 1
        raise self.error('unbalanced "', open_at)

    def read_subst(self) -> str:
        """``$( ... )`` kept verbatim (nested parentheses and quotes respected)."""
        s = self.s
        start = self.i
        depth = 0
        i = self.i + 1
        while i < len(s):
            c = s[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    self.i = i + 1
                    return s[start:self.i]
            elif c == "'":
                end = s.find("'", i + 1)
                if end < 0:
                    raise self.error("unbalanced '", i)
                i = end
            elif c == '"':
                j = i + 1
                while j < len(s) and s[j] != '"':
                    j += 2 if s[j] == "\\" else 1
                if j >= len(s):
                    raise self.error('unbalanced "', i)
                i = j
            elif c == "\\":
                i += 1
            i += 1
        raise self.error("unbalanced $(", start)


_COMMAND_START = re.compile(r"[ \t]*(?:kubectl|k)\s")


def _looks_like_command_start(s: str, i: int) -> bool:
    # matched in place: slicing the rest of the answer at every "then" would be quadratic
    return bool(_COMMAND_START.match(s, i))
