"""Two tries at the same turn, side by side: what "Try again" is for.

After the learner takes a reply back and answers the same prompt again,
seeing both replies next to each other, each with its three skill numbers,
is what turns a retry into learning. The cards are built from the session's
own ``Turn`` records (text and score as kept), never parsed as markup, and
every number is written out so nothing rests on colour alone.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Static

from ipt_trainer.core.model import SKILLS
from ipt_trainer.core.session import Turn
from ipt_trainer.ui.labels import SKILL_SHORT, SKILL_TITLES
from ipt_trainer.ui.widgets.coach_panel import skill_details
from ipt_trainer.ui.widgets.meter import EMPTY, FILL

NOT_SCORED = "A suggestion you picked: not scored."


def skill_numbers(turn: Turn) -> dict[str, int | None]:
    """Each skill's score for ``turn`` (None: not scored, or not in play)."""
    if turn.score is None:
        return dict.fromkeys(SKILLS)
    return {skill: value for skill, (value, _) in skill_details(turn.score).items()}


def change_text(before: int | None, after: int | None) -> str:
    """'+12', '-5' or 'same' between two scores; '' when either is missing."""
    if before is None or after is None:
        return ""
    delta = after - before
    return "same" if delta == 0 else f"{delta:+d}"


class AttemptCard(Widget):
    """One attempt: its heading, the reply as typed, and a number and bar per skill."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "attempt--heading",
        "attempt--fill",
        "attempt--empty",
        "attempt--muted",
    }

    def __init__(
        self,
        heading: str,
        turn: Turn,
        *,
        compared_with: Turn | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="attempt")
        self.heading = heading
        self.turn = turn
        self.compared_with = compared_with
        """The other attempt, to show each number's change from it."""

    def readings(self) -> dict[str, str]:
        """Each skill's number as text, with its change when comparing: '80/100 (+50)'."""
        numbers = skill_numbers(self.turn)
        earlier = None if self.compared_with is None else skill_numbers(self.compared_with)
        shown: dict[str, str] = {}
        for skill, value in numbers.items():
            if value is None:
                shown[skill] = "–" if self.turn.score is None else "not in play"
                continue
            change = "" if earlier is None else change_text(earlier[skill], value)
            shown[skill] = f"{value}/100" + (f" ({change})" if change else "")
        return shown

    def render(self) -> Text:
        width = max(self.size.width, 12)
        muted = self.get_component_rich_style("attempt--muted")
        text = Text(self.heading, style=self.get_component_rich_style("attempt--heading"))
        text.append("\n")
        text.append(f"\u201c{self.turn.text or ''}\u201d")
        if self.turn.score is None:
            text.append("\n")
            text.append(NOT_SCORED, style=muted)
            return text
        numbers = skill_numbers(self.turn)
        for skill, reading in self.readings().items():
            title = SKILL_TITLES[skill]
            if len(title) + 1 + len(reading) > width:
                title = SKILL_SHORT[skill]  # 80 columns: 'Listening 45/100 (same)'
            gap = width - len(title) - len(reading)
            text.append("\n")
            text.append(title + " " * gap + reading if gap >= 1 else f"{title}\n{reading}")
            value = numbers[skill]
            filled = 0 if value is None else round(min(max(value, 0), 100) / 100 * width)
            text.append("\n")
            text.append(FILL * filled, style=self.get_component_rich_style("attempt--fill"))
            text.append(
                EMPTY * (width - filled), style=self.get_component_rich_style("attempt--empty")
            )
        return text


class AttemptsCompare(Vertical):
    """The first attempt and the new one, side by side, under a short heading."""

    def __init__(self, first: Turn, new: Turn, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="compare")
        self.first = first
        self.new = new

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Your two tries at this turn", style="bold"),
            classes="compare-title",
            markup=False,
        )
        with Horizontal(classes="compare-cards"):
            yield AttemptCard("First attempt", self.first, id="attempt-first")
            yield AttemptCard("New attempt", self.new, compared_with=self.first, id="attempt-new")
