"""The debrief: how it ended, what the run showed, and every reply again."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Select, Static

from ipt_trainer.core.debrief import overall, summarise_run
from ipt_trainer.core.events import EndingEvent
from ipt_trainer.core.model import SKILLS, Scenario
from ipt_trainer.core.session import SessionState, Turn
from ipt_trainer.ui.labels import OUTCOME_TITLES, SKILL_TITLES, style_title
from ipt_trainer.ui.messages import save_in_background
from ipt_trainer.ui.widgets.meter import Meter
from ipt_trainer.ui.widgets.mood import MoodSelect


def turn_text(turn: Turn, heading: str) -> Text:
    """One reply with what it answered and how it scored."""
    body = Text(heading, style="bold")
    if turn.context:
        body.append("\nThey said: ", style="italic")
        body.append(turn.context, style="italic")
    body.append("\nYou: ")
    body.append(turn.text or "")
    if turn.source == "suggestion":
        body.append("\n(picked from the suggestions)", style="dim")
    if turn.score is not None:
        score = turn.score
        conflict = (
            "not in play"
            if score.conflict_resolution is None
            else f"{score.conflict_resolution} {style_title(score.conflict_mode)}"
        )
        body.append(
            f"\nAssertiveness {score.assertiveness} {style_title(score.assertiveness_style)}"
            f" · Listening {score.active_listening} (level {score.listening_level})"
            f" · Conflict {conflict}",
            style="dim",
        )
    if turn.rewound:
        body.append("\n(you took this one back and tried again)", style="dim")
    return body


class DebriefScreen(Screen[None]):
    """Read-only: what happened and what to try next time."""

    AUTO_FOCUS = "#debrief-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "library", "Back to library", key_display="Esc"),
    ]

    def __init__(
        self,
        scenario: Scenario,
        state: SessionState,
        ending: EndingEvent,
        *,
        record_mood: Callable[[int], bool] | None = None,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.state = state
        self.ending = ending
        self._record_mood = record_mood

    def compose(self) -> ComposeResult:
        summary = summarise_run(self.state)
        outcome = OUTCOME_TITLES.get(self.ending.outcome, self.ending.outcome)
        yield Header()
        with VerticalScroll(id="debrief-body", can_focus=True):
            yield Static(Text(f"Outcome: {outcome}"), id="outcome", markup=False)
            yield Static(Text(self.ending.title, style="bold"), id="ending-title", markup=False)
            yield Static(Text(self.ending.debrief), id="debrief-text", markup=False)
            yield Static(
                Text(
                    f"This run: {summary.typed} typed repl{'y' if summary.typed == 1 else 'ies'}"
                    f", {summary.picked} picked from suggestions",
                    style="bold",
                ),
                classes="section",
                markup=False,
            )
            for skill in SKILLS:
                average = summary.averages[skill]
                value = None if average is None else round(average)
                yield Meter(
                    SKILL_TITLES[skill],
                    value,
                    detail="average" if value is not None else "",
                    classes="average",
                )
            if summary.strongest is not None and summary.strongest.score is not None:
                heading = f"Strongest reply (mean {overall(summary.strongest.score):.0f})"
                yield Static(turn_text(summary.strongest, heading), markup=False, classes="turn")
            if summary.weakest is not None and summary.weakest.score is not None:
                heading = f"Reply to revisit (mean {overall(summary.weakest.score):.0f})"
                yield Static(turn_text(summary.weakest, heading), markup=False, classes="turn")
            if self.scenario.ipt_notes:
                notes = Text("About this scenario (IPT notes)\n", style="bold")
                notes.append(self.scenario.ipt_notes)
                yield Static(notes, id="ipt-notes", markup=False, classes="section")
            yield Static(Text("Reply by reply", style="bold"), classes="section", markup=False)
            replies = [t for t in self.state.transcript if t.kind == "reply"]
            for number, turn in enumerate(replies, start=1):
                yield Static(turn_text(turn, f"Reply {number}"), markup=False, classes="turn")
            if not replies:
                yield Static("No replies this time.", markup=False, classes="muted")
            if self._record_mood is not None:
                yield Static(
                    Text("How is your mood now, 0 (lowest) to 10? Optional."),
                    classes="section",
                    markup=False,
                )
                yield MoodSelect(id="mood-after")
            with Horizontal(id="debrief-buttons"):
                yield Button("Back to library", id="library", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.scenario.title

    @on(Select.Changed, "#mood-after")
    def _mood(self, event: Select.Changed) -> None:
        value = event.value
        if isinstance(value, int) and self._record_mood is not None:
            # run and reported by the app, so leaving the debrief at once loses nothing
            save_in_background(
                self.app,
                "mood",
                partial(self._record_mood, value),
                failure="Could not save your mood",
                done="Mood saved.",
            )

    @on(Button.Pressed, "#library")
    def action_library(self) -> None:
        """Close the debrief."""
        self.dismiss()
