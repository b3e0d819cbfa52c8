"""A one-line button that costs the first paint little: the library's Quit.

Textual's ``Button`` brings 7 KB of default styles (every variant, flat and
ANSI looks), parsed before the first screen can be drawn: 13-15 ms for the
library's single compact Quit button. This widget draws the same compact,
default-variant button from a few rules in ``app.tcss`` and behaves the
same: focusable, Enter or a click presses it, it flashes while pressed, and
it posts ``Pressed``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

ACTIVE_SECONDS = 0.2
"""How long the pressed look lasts, as Textual's Button."""


class LightButton(Widget, can_focus=True):
    """A compact button with a plain label; styled in ``app.tcss``."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "press", "Press button", show=False)]

    class Pressed(Message):
        """The button was pressed (click or Enter)."""

        def __init__(self, button: LightButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> LightButton:
            """The button, so ``@on(LightButton.Pressed, "#id")`` selects by id."""
            return self.button

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = Content(label)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._label.cell_length + 2  # a space either side, as Button

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render(self) -> Content:
        return self._label

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.press()

    def action_press(self) -> None:
        """Press the button from the keyboard."""
        self.press()

    def press(self) -> None:
        """Flash the pressed look and tell the screen (once per press)."""
        if self.disabled or not self.display or self.has_class("-active"):
            return
        self.add_class("-active")
        self.set_timer(ACTIVE_SECONDS, lambda: self.remove_class("-active"))
        self.post_message(self.Pressed(self))
