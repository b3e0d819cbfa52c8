"""The learner's reply box: Enter sends, ctrl+j (or shift+enter) starts a new line."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea


class ReplyBox(TextArea):
    """A multi-line TextArea whose Enter key submits instead of breaking the line.

    Most terminals cannot tell shift+enter from enter, so ctrl+j (a real
    line feed everywhere) is the documented way to add a line.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+j,shift+enter", "new_line", "New line", show=True),
    ]

    class Submitted(Message):
        """The learner pressed Enter; ``text`` is exactly what is in the box."""

        def __init__(self, reply_box: ReplyBox, text: str) -> None:
            super().__init__()
            self.reply_box = reply_box
            self.text = text

        @property
        def control(self) -> ReplyBox:
            """The box that was submitted."""
            return self.reply_box

    def __init__(self, *, id: str | None = None, cursor_blink: bool = True) -> None:
        super().__init__(
            id=id,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            compact=True,
            placeholder="Type what you would say, then press Enter",
        )
        self.cursor_blink = cursor_blink

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        await super()._on_key(event)

    def action_new_line(self) -> None:
        """Break the line at the cursor."""
        self.insert("\n")
