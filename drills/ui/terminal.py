"""The prompt_toolkit side of the study screens (imported only when stdin and stdout are terminals).

``TerminalIO`` implements the interface described in ``drills.ui.io``: a PromptSession for typed
answers (line editing, history, the previous attempt pre-filled for a retry) and a tiny one-line
Application for single-key choices. Both draw a two-line bottom toolbar (status + the keys that work
right now) that refreshes four times a second, so the clock runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING

from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText, to_formatted_text
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import ColorDepth, create_output
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import Style

from drills.ui.clock import Stopwatch
from drills.ui.io import CONTINUATION, EndSession, Toolbar
from drills.ui.screen import Line, wrap

if TYPE_CHECKING:
    from rich.console import Console

REFRESH_SECONDS = 0.25
# A lone Esc is told apart from Alt-<key> by waiting this long for a following key.
ESC_TIMEOUT_SECONDS = 0.25
_STYLE = Style.from_dict(
    {"bottom-toolbar": "reverse", "prompt": "bold", "choice": "bold", "bold": "bold", "dim": "dim",
     "code": "bold fg:ansicyan"}
)
_KEY_NAMES = {"enter": "enter", "space": " ", "escape": "escape"}


def _color_depth() -> ColorDepth | None:
    return ColorDepth.DEPTH_1_BIT if os.environ.get("NO_COLOR") else None


class TerminalIO:
    """Typed answers and one-key choices on a real terminal."""

    interactive = True

    def __init__(
        self, console: Console | Callable[[], Console], file: IO[str] | None = None, *, input=None, output=None
    ) -> None:
        # ``console``: a rich Console, or a function making one when first needed (importing rich
        # costs a third of prompt_toolkit; the first screen does without it, see ``show``).
        # ``input``/``output``: prompt_toolkit Input/Output objects, for tests (a pipe input and a
        # DummyOutput); by default the real terminal on stdin and ``file``.
        self._console = console
        self._after_first_prompt: list[Callable[[], None]] = []
        self._input = input
        self._output = output or create_output(stdout=file)  # type: ignore[arg-type]  # any text stream
        self._stopwatch: Stopwatch | None = None
        self._skippable = False
        self._multiline = False
        self._session: PromptSession[str] = PromptSession(
            input=self._input,
            output=self._output,
            color_depth=_color_depth(),
            style=_STYLE,
            key_bindings=self._line_bindings(),
            refresh_interval=REFRESH_SECONDS,
            enable_history_search=False,
            reserve_space_for_menu=0,
        )
        self._session.app.ttimeoutlen = ESC_TIMEOUT_SECONDS
        self._session.app.timeoutlen = ESC_TIMEOUT_SECONDS
        self._session.app.key_processor.before_key_press += self._on_key
        self._session.app.after_render += self._on_render

    @property
    def console(self) -> Console:
        if callable(self._console):
            self._console = self._console()
        return self._console

    def show(self, lines: list[Line]) -> None:
        """Print screen lines with prompt_toolkit (no rich needed), word-wrapped to the terminal."""
        width = max(20, self._output.get_size().columns - 1)
        for line in (part for whole in lines for part in (wrap(whole, width) if whole else [whole])):
            print_formatted_text(
                FormattedText([(f"class:{style}" if style else "", text) for style, text in line]),
                output=self._output, style=_STYLE, color_depth=_color_depth(),
            )

    def after_first_prompt(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the prompt and its toolbar are on screen (the student is reading the
        task): the moment to warm up what the first answer will need."""
        self._after_first_prompt.append(callback)

    def _on_render(self, app) -> None:
        # The toolbar is drawn once the terminal has said where the cursor is (height known).
        if self._after_first_prompt and app.renderer.height_is_known:
            callbacks, self._after_first_prompt = self._after_first_prompt, []
            for callback in callbacks:
                callback()

    # --- typed answers -------------------------------------------------------------------------
    def _on_key(self, _sender) -> None:
        if self._stopwatch is not None:
            self._stopwatch.key_pressed()

    def _line_bindings(self) -> KeyBindings:
        kb = KeyBindings()

        @kb.add("c-s", filter=Condition(lambda: self._skippable))
        def _skip(event) -> None:
            event.app.exit(result=None)

        @kb.add("escape")
        def _quit(event) -> None:
            event.app.exit(exception=EndSession("quit"))

        multiline = Condition(lambda: self._multiline)

        @kb.add("enter", filter=multiline)
        def _newline_or_check(event) -> None:
            # A multi-line answer (sequence, manifest): Enter starts a new line; Enter on an empty
            # last line checks it, unless a here-document still waits for its end line.
            from drills.kubectl.shape import blank_line_ends

            buf = event.current_buffer
            doc = buf.document
            on_last_line = doc.cursor_position_row == doc.line_count - 1
            before = "\n".join(doc.lines[:-1])
            if on_last_line and not doc.current_line.strip() and blank_line_ends(before):
                buf.text = before.rstrip()
                buf.validate_and_handle()
            else:
                buf.insert_text("\n")

        @kb.add("escape", "enter", filter=multiline)
        def _check_now(event) -> None:
            buf = event.current_buffer
            buf.text = buf.text.rstrip()
            buf.validate_and_handle()

        return kb

    def ask_line(
        self,
        prompt: str,
        *,
        default: str = "",
        toolbar: Toolbar | None = None,
        stopwatch: Stopwatch | None = None,
        skippable: bool = False,
        multiline: bool = False,
    ) -> str | None:
        self._stopwatch, self._skippable, self._multiline = stopwatch, skippable, multiline
        try:
            return self._session.prompt(
                [("class:prompt", prompt)],
                default=default,
                bottom_toolbar=(lambda: toolbar()) if toolbar else None,
                multiline=multiline,
                prompt_continuation=[("class:prompt", CONTINUATION.rjust(len(prompt)))] if multiline else None,
            )
        except KeyboardInterrupt:
            raise EndSession("interrupt") from None
        except EOFError:
            raise EndSession("quit") from None
        finally:
            self._stopwatch = None

    # --- one-key choices -----------------------------------------------------------------------
    def choose(
        self,
        prompt: str,
        keys: Iterable[str],
        *,
        default: str | None = None,
        toolbar: Toolbar | None = None,
    ) -> str:
        allowed = list(keys)
        kb = KeyBindings()

        def bind(name: str, result: str) -> None:
            @kb.add(_KEY_NAMES.get(name, name))
            def _pick(event) -> None:
                event.app.exit(result=result)

        for key in allowed:
            bind(key, key)
        if "enter" in allowed and "space" not in allowed:
            bind("space", "enter")
        if default is not None and "enter" not in allowed:
            bind("enter", default)

        @kb.add("escape")
        def _quit(event) -> None:
            event.app.exit(exception=EndSession("quit"))

        @kb.add("c-c")
        def _interrupt(event) -> None:
            event.app.exit(exception=EndSession("interrupt"))

        @kb.add("c-d")
        def _eof(event) -> None:
            event.app.exit(exception=EndSession("quit"))

        @kb.add("<any>")
        def _ignore(event) -> None:  # any other key: nothing happens (no stray text on screen)
            pass

        def bar():
            return to_formatted_text(toolbar() if toolbar else "", style="class:bottom-toolbar")

        body = HSplit(
            [
                Window(FormattedTextControl([("class:choice", prompt)]), wrap_lines=True, dont_extend_height=True),
                Window(),  # takes the free rows: the toolbar sits at the bottom, as in the typing prompt
                Window(FormattedTextControl(bar), style="class:bottom-toolbar", dont_extend_height=True),
            ]
        )
        app: Application[str] = Application(
            layout=Layout(body),
            key_bindings=kb,
            style=_STYLE,
            input=self._input,
            output=self._output,
            color_depth=_color_depth(),
            refresh_interval=REFRESH_SECONDS,
            erase_when_done=True,
            full_screen=False,
        )
        app.ttimeoutlen = ESC_TIMEOUT_SECONDS
        app.timeoutlen = ESC_TIMEOUT_SECONDS
        try:
            return app.run()
        except KeyboardInterrupt:
            raise EndSession("interrupt") from None
