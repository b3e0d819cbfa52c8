"""The library's header: Textual's ``Header`` drawn by one widget.

Textual's ``Header`` is four widgets (the header, its icon, a ``Static``
title and the clock's space), each with default styles to parse, laid out
and painted on its own: about 15 ms of the library's first paint. This
header draws the same line: the icon on the left (highlighted under the
mouse, with its tooltip; a click opens the command palette), the screen's or
app's title and sub-title centred between the icon and the clock's space
(cut with an ellipsis when narrow), and a click elsewhere makes it three
lines tall and back, as Textual's does. Styles are in ``app.tcss``.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8
"""The icon's cells on the left (padding included), as ``HeaderIcon``."""
CLOCK_WIDTH = 10
"""The cells kept on the right for a clock, as ``HeaderClockSpace``."""
PALETTE_TOOLTIP = "Open the command palette"


class TitleHeader(Widget):
    """The app's icon and title on one line; click to make it tall."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"title-header--icon-hover"}

    icon_hovered: reactive[bool] = reactive(False)
    """True while the mouse is over the icon."""

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            for name in ("title", "sub_title"):
                self.watch(owner, name, self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def _title(self) -> Text:
        screen_title = self.screen.title
        title = screen_title if screen_title is not None else self.app.title
        screen_sub_title = self.screen.sub_title
        sub_title = screen_sub_title if screen_sub_title is not None else self.app.sub_title
        text = Text(title, no_wrap=True, end="")
        if sub_title:  # as App.format_title
            text.append(" — ", "dim")
            text.append(sub_title, "dim")
        return text

    def render(self) -> Text:
        width, height = self.size
        full = self.rich_style
        blank = Style(bgcolor=full.bgcolor)  # spaces take no colour, as Textual's padding
        icon_blank, icon_full = blank, full
        if self.icon_hovered:
            hover = self.get_component_styles("title-header--icon-hover").background
            over = Style(bgcolor=(self.styles.background + hover).rich_color)
            icon_blank, icon_full = blank + over, full + over
        middle = max(width - ICON_WIDTH - CLOCK_WIDTH, 0)
        # as Textual's: the title on the first line, the icon on the middle one
        icon_row = (height - 1) // 2
        rows = [Text(no_wrap=True, end="") for _ in range(max(height, 1))]
        for number, row in enumerate(rows):
            if number == icon_row:
                row.append(" ", icon_blank)
                row.append(ICON, icon_full)
                row.append(" " * (ICON_WIDTH - 2), icon_blank)
            else:
                row.append(" " * ICON_WIDTH, icon_blank)
        title = self._title()
        if title.cell_len > middle:
            title.truncate(middle, overflow="ellipsis")
        title.stylize_before(full)
        left = (middle - title.cell_len) // 2
        rows[0].append(" " * left, blank)
        rows[0].append_text(title)
        return Text("\n", no_wrap=True, end="").join(rows)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.icon_hovered = event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE

    def on_leave(self, event: events.Leave) -> None:
        self.icon_hovered = False

    def watch_icon_hovered(self, hovered: bool) -> None:
        self.tooltip = PALETTE_TOOLTIP if hovered else None

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        if event.x < ICON_WIDTH:
            if self.app.ENABLE_COMMAND_PALETTE:
                await self.run_action("app.command_palette")
            return
        self.toggle_class("-tall")
