"""A labelled meter: a name, a number and a bar, so meaning never rests on colour alone."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FILL = "█"
EMPTY = "░"


class Meter(Widget):
    """``Label  72/100`` over a bar as wide as the widget, and a detail line when given.

    ``value`` None means 'not in play' (e.g. conflict resolution when there
    was no disagreement): the text says so and the bar is left empty.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "meter--fill",
        "meter--empty",
        "meter--label",
        "meter--detail",
    }

    value: reactive[int | None] = reactive[int | None](None, layout=True)
    detail: reactive[str] = reactive("", layout=True)

    def __init__(
        self,
        label: str,
        value: int | None = None,
        *,
        minimum: int = 0,
        maximum: int = 100,
        detail: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self.minimum = minimum
        self.maximum = maximum
        self.set_reactive(Meter.value, value)
        self.set_reactive(Meter.detail, detail)

    def show(self, value: int | None, detail: str = "") -> None:
        """Set the number and its description together."""
        self.value = value
        self.detail = detail

    def fraction(self) -> float:
        """How full the bar is, 0.0 to 1.0."""
        if self.value is None or self.maximum <= self.minimum:
            return 0.0
        span = self.maximum - self.minimum
        return min(max((self.value - self.minimum) / span, 0.0), 1.0)

    def reading(self) -> str:
        """The number as words and digits, e.g. '72/100' or 'not in play'."""
        return "not in play" if self.value is None else f"{self.value}/{self.maximum}"

    def render(self) -> Text:
        """Label and number, the bar, then the detail (if any).

        When the label and the number do not fit on one line, the number
        moves to the start of the detail line rather than being cut.
        """
        width = max(self.size.width, 8)
        reading = self.reading()
        label = Text(self.label, style=self.get_component_rich_style("meter--label"), end="")
        details = [self.detail] if self.detail else []
        if label.cell_len + 1 + len(reading) <= width:
            head = label + Text(" " * (width - label.cell_len - len(reading)) + reading, end="")
        else:
            head = label
            head.truncate(width, overflow="ellipsis")
            details.insert(0, reading)
        filled = round(self.fraction() * width)
        bar = Text(end="")
        bar.append(FILL * filled, style=self.get_component_rich_style("meter--fill"))
        bar.append(EMPTY * (width - filled), style=self.get_component_rich_style("meter--empty"))
        lines = [head, bar]
        if details:
            style = self.get_component_rich_style("meter--detail")
            detail = Text(" · ".join(details), style=style, end="")
            detail.truncate(width, overflow="ellipsis")
            lines.append(detail)
        return Text("\n", end="").join(lines)
