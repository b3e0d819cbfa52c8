"""The library's footer: Textual's compact footer drawn by one widget.

Textual's ``Footer`` is a scrolling container with one ``FooterKey`` widget
per key (six on the library), each styled, laid out and painted on its own,
and composed twice at start-up (empty, then with its keys); with its default
styles it cost the library's first paint about 30 ms. This footer draws the
same line itself: the same keys in the same order and colours, the command
palette key on the right behind a thin rule, a disabled key dimmed. It
behaves the same: pressing on a key runs it (as if typed; a bell for a
disabled one), the key under the mouse is highlighted with the pointer
cursor, and a key's tooltip shows on hover. It redraws only when the keys
change. Styles are in ``app.tcss``. Keys of a binding group are shown one by
one (the library has no groups).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

RULE = "▏"
"""The left edge of the palette key (Textual's ``vkey`` border)."""


class Key(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget, can_focus=False):
    """The screen's keys on one line; click a key to run it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--rule",
        "key-footer--hover",
    }

    hovered: reactive[int | None] = reactive(None)
    """The index of the key under the mouse."""

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[Key, ...] | None = None
        self._spans: list[tuple[int, int, int]] = []
        """Where each key is drawn: (first cell, cell after, index into the keys)."""

    @property
    def keys(self) -> tuple[Key, ...]:
        """The keys shown (the screen's visible bindings, then the palette key)."""
        if self._keys is None:
            self._keys = self._read_keys()
        return self._keys

    @property
    def drawn(self) -> int:
        """How many keys the last render drew (0 before the first)."""
        return len(self._spans)

    def _read_keys(self) -> tuple[Key, ...]:
        app = self.app
        bindings = self.screen.active_bindings
        keys: list[Key] = []
        seen: set[str] = set()
        for _, binding, enabled, tooltip in bindings.values():
            if binding.show and binding.action not in seen:  # one key per action, as Footer
                seen.add(binding.action)
                display = app.get_key_display(binding)
                keys.append(Key(binding.key, display, binding.description, enabled, tooltip))
        palette = bindings.get(app.COMMAND_PALETTE_BINDING)
        if app.ENABLE_COMMAND_PALETTE and palette is not None:
            _, binding, enabled, _ = palette
            display = app.get_key_display(binding)
            tooltip = binding.tooltip or binding.description
            keys.append(Key(binding.key, display, binding.description, enabled, tooltip))
        return tuple(keys)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen:
            return
        keys = self._read_keys()
        if keys != self._keys:  # the same keys (most focus changes): nothing to redraw
            self._keys = keys
            self.hovered = None
            self.refresh()

    def _palette_shown(self) -> bool:
        return bool(self.keys) and self.keys[-1].key == self.app.COMMAND_PALETTE_BINDING

    def render(self) -> Text:
        keys = self.keys
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        hover_style = self._hover_style()
        dim = Style(dim=True)
        spans: list[tuple[int, int, int]] = []
        palette = len(keys) - 1 if self._palette_shown() else None

        def drawn(index: int, text: Text | None = None) -> Text:
            key = keys[index]
            text = text or Text()
            text.append_text(
                Text.assemble((key.display, key_style), (f" {key.description}", description_style))
            )
            if index == self.hovered:
                text.stylize(hover_style)
            if not key.enabled:
                text.stylize(dim)
            return text

        line = Text(no_wrap=True, overflow="crop", end="")
        for index in range(len(keys) if palette is None else palette):
            text = drawn(index)
            spans.append((line.cell_len, line.cell_len + text.cell_len, index))
            line.append_text(text)
            line.append(" ")  # the gap between keys
        if palette is not None:
            rule = Text.assemble((RULE, self.get_component_rich_style("key-footer--rule")))
            right = drawn(palette, rule)
            right.append(" ")
            width = self.size.width
            start = max(width - right.cell_len, 0)
            line.truncate(start, pad=True)
            spans = [(a, min(b, start), i) for a, b, i in spans if a < start]
            spans.append((start, start + right.cell_len - 1, palette))
            line.append_text(right)
        line.stylize_before(self.rich_style)
        self._spans = spans
        return line

    def _hover_style(self) -> Style:
        """The hovered key's background, blended over the footer's as Textual does."""
        hover = self.get_component_styles("key-footer--hover").background
        return Style(bgcolor=(self.styles.background + hover).rich_color)

    def _key_at(self, x: int) -> int | None:
        return next((index for start, end, index in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._key_at(event.x)

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None

    def watch_hovered(self, hovered: int | None) -> None:
        key = None if hovered is None else self.keys[hovered]
        self.set_class(key is not None, "-over-key")
        self.tooltip = key.tooltip if key is not None and key.tooltip else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._key_at(event.x)
        if index is None:
            return
        key = self.keys[index]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
