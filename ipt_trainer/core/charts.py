"""Text charts shared by the CLI and the Markdown report."""

from __future__ import annotations

from collections.abc import Sequence

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], top: float = 100.0) -> str:
    """One character per value, ▁ (0) to █ (top); '·' where there is no value."""
    marks = []
    for value in values:
        if value is None:
            marks.append("·")
        else:
            level = round(max(0.0, min(value, top)) / top * (len(SPARKS) - 1))
            marks.append(SPARKS[level])
    return "".join(marks)
