"""A labelled meter: a name, a number and a bar, so meaning never rests on colour alone."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FILL = "█"
EMPTY = "░"


class Meter(Widget):
    """Two lines: ``Label: 72/100 · detail`` and a bar as wide as the widget.

    ``value`` None means 'not in play' (e.g. conflict resolution when there
    was no disagreement): the text says so and the bar is left empty.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"meter--fill", "meter--empty", "meter--label"}

    DEFAULT_CSS = """
    Meter { height: 2; width: 1fr; }
    Meter > .meter--fill { color: $primary; }
    Meter > .meter--empty { color: $foreground 30%; }
    Meter > .meter--label { text-style: bold; }
    """

    value: reactive[int | None] = reactive[int | None](None)
    detail: reactive[str] = reactive("")

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
        """Set the number and its description together (one refresh)."""
        self.value = value
        self.detail = detail

    def fraction(self) -> float:
        """How full the bar is, 0.0 to 1.0."""
        if self.value is None or self.maximum <= self.minimum:
            return 0.0
        span = self.maximum - self.minimum
        return min(max((self.value - self.minimum) / span, 0.0), 1.0)

    def render(self) -> Text:
        """The label line and the bar line."""
        label_style = self.get_component_rich_style("meter--label")
        line = Text(self.label, style=label_style, end="")
        if self.value is None:
            line.append(": not in play")
        else:
            line.append(f": {self.value}/{self.maximum}")
        if self.detail:
            line.append(f" · {self.detail}")
        width = max(self.size.width, 4)
        filled = round(self.fraction() * width)
        bar = Text(end="")
        bar.append(FILL * filled, style=self.get_component_rich_style("meter--fill"))
        bar.append(EMPTY * (width - filled), style=self.get_component_rich_style("meter--empty"))
        line.truncate(width, overflow="ellipsis")
        return Text("\n", end="").join([line, bar])
