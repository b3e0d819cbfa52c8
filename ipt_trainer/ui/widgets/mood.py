"""An optional 0-10 mood rating, offered before and after a role-play.

A ``Select`` with a blank choice: skipping is the default and costs nothing.
"""

from __future__ import annotations

from textual.widgets import Select

MOOD_WORDS = {0: "lowest", 5: "middling", 10: "best"}


class MoodSelect(Select[int]):
    """Pick a mood from 0 (lowest) to 10 (best), or leave it blank."""

    def __init__(self, *, id: str | None = None) -> None:
        options = [
            (f"{value} ({MOOD_WORDS[value]})" if value in MOOD_WORDS else str(value), value)
            for value in range(11)
        ]
        super().__init__(options, prompt="Skip (optional)", allow_blank=True, id=id, compact=True)

    @property
    def mood(self) -> int | None:
        """The rating chosen, or None when skipped."""
        value = self.value
        return value if isinstance(value, int) else None
