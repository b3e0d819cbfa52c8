"""The library's list: Textual's ``OptionList`` that draws its first screen once.

At start-up a plain ``OptionList`` measures and draws the library more than once. It is laid out
before it knows how tall its options are, so it is first wrapped and drawn
two cells wider, without its scrollbar; once the options are measured the
scrollbar appears and everything is wrapped and drawn again. Then the
``Resize`` of that first layout arrives, after the paint, and throws every
wrapped line and drawn option away to be made a third time at the same width.
It also redrew its scrollbar at every layout of the screen. Avoiding all this
saved about 52 million instructions, some 4% of the whole start-up (counted
with valgrind).

This list avoids that, and looks and behaves the same:

* when it is mounted with more lines than the terminal has rows (a lower
  bound: every option is at least as many lines as it has line breaks plus
  one), it will certainly need its scrollbar, so it shows it from the start,
  exactly as Textual would after measuring; a shorter list is left to
  Textual;
* it measures its options as soon as it is laid out, before the paint, so the
  scrollbar's thumb is right in the first frame, and redraws the scrollbar
  only when its size or lines change, not at every layout of the screen;
* a ``Resize`` that keeps the width the options were wrapped and drawn at
  keeps them (a change of height alone changes no line); any other clears
  them, as Textual does;
* its options' text (``ListText``) counts its wrapped lines with the same
  line breaker Textual uses, without formatting every wrapped line as
  ``Content`` does only to count them.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich._wrap import divide_line
from textual import events
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ListText(Content):
    """``Content`` for an option: the same text and look, its height counted more cheaply."""

    def get_height(self, rules: RulesMap, width: int) -> int:
        plain = self.plain
        if "\t" in plain or rules.get("line_pad", 0) or rules.get("text_wrap", "wrap") == "nowrap":
            return super().get_height(rules, width)
        # as Content._wrap_and_format: each line is broken by ``divide_line``, which
        # returns the offsets where the breaks go
        fold = rules.get("text_overflow", "fold") == "fold"
        return sum(len(divide_line(line, width, fold=fold)) + 1 for line in plain.split("\n"))


def least_lines(options: Sequence[Option]) -> int:
    """A lower bound on the lines the options take at any width: one per line break, plus one."""
    return sum(
        option.prompt.plain.count("\n") + 1 if isinstance(option.prompt, Content) else 1
        for option in options
    )


class ScenarioList(OptionList):
    """An ``OptionList`` that wraps and draws its options once at start-up."""

    def __init__(self, *content: Option | None, id: str | None = None) -> None:
        super().__init__(*content, id=id, markup=False)
        self._lines_width: int | None = None
        """The width every measured line was wrapped at (None: unknown or mixed)."""
        self._drawn_widths: set[int] = set()
        """The widths options were drawn at since the caches were last cleared."""

    def on_mount(self) -> None:
        if self.styles.overflow_y != "auto" or self._vertical_scrollbar is not None:
            return
        lines = least_lines(self.options)
        if lines > self.app.size.height:  # taller than the whole terminal: it must scroll
            self.virtual_size = Size(0, lines)
            self.show_vertical_scrollbar = True
            self.vertical_scrollbar.display = True

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # A scroll view keeps its own virtual size and ignores the one given here, which
        # differs from it at every layout of the screen: the scrollbar was redrawn at
        # each (three times before the library was ready). Given its own, the scroll
        # view updates its scrollbar when its size changes; a change of lines updates
        # it in ``_update_lines``.
        resized = super()._size_updated(size, self.virtual_size, container_size, layout)
        self._update_lines()  # measured before the paint (nothing is done when already measured)
        return resized

    def _update_lines(self) -> None:
        width = self.scrollable_content_region.width
        before = len(self._line_cache.lines)
        super()._update_lines()
        if len(self._line_cache.lines) != before:  # lines were measured now, at ``width``
            same = before == 0 or self._lines_width == width
            self._lines_width = width if same else None

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        self._drawn_widths.add(self.scrollable_content_region.width)
        return super()._get_option_render(option, style)

    def _on_resize(self, event: events.Resize | None = None) -> None:
        width = self.scrollable_content_region.width
        if event is not None and self._lines_width == width and self._drawn_widths <= {width}:
            event.prevent_default()  # OptionList's handler would clear what still fits
            return
        self._lines_width = None
        self._drawn_widths.clear()
