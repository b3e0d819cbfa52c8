"""Set-up: what the scenario is, what it touches, names to use, and how to reply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Header, Input, Label, RadioButton, RadioSet, Static

from ipt_trainer.core.loading import LoadedScenario
from ipt_trainer.core.text import fill, placeholder_values
from ipt_trainer.ui.labels import DIFFICULTY_TITLES, SKILL_TITLES
from ipt_trainer.ui.widgets.mood import MoodSelect

ReplyMode = Literal["type", "choose"]


@dataclass(frozen=True)
class PracticePlan:
    """What the learner chose at set-up."""

    loaded: LoadedScenario
    personalisation: dict[str, str]
    mode: ReplyMode
    mood_before: int | None = None
    """An optional 0-10 mood rating, kept with the session once it starts."""


class SetupScreen(Screen[None]):
    """Read about a scenario, fill in names, pick a reply mode, start."""

    AUTO_FOCUS = "#start"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to library"),
        Binding("ctrl+enter,f5", "start", "Start", key_display="F5"),
    ]

    class Start(Message):
        """The learner is ready to play ``plan``."""

        def __init__(self, plan: PracticePlan) -> None:
            super().__init__()
            self.plan = plan

    def __init__(self, loaded: LoadedScenario, *, names: Sequence[str] = ()) -> None:
        super().__init__()
        self.loaded = loaded
        self.names = list(names)
        """Names from the learner's important people, offered as completions."""

    def compose(self) -> ComposeResult:
        scenario = self.loaded.scenario
        person = scenario.other_person
        defaults = placeholder_values(scenario, {})
        yield Header()
        with VerticalScroll(id="setup-body"):
            yield Static(
                Text(fill(scenario.title, defaults), style="bold"), id="setup-title", markup=False
            )
            facts = (
                f"With {fill(person.name, defaults)} ({person.relationship}) · "
                f"{DIFFICULTY_TITLES[scenario.difficulty]} · about {scenario.minutes} min · "
                + ", ".join(SKILL_TITLES[s] for s in scenario.learning_goals)
            )
            yield Static(Text(facts), classes="muted", markup=False)
            yield Static(Text(fill(scenario.summary, defaults)), id="setup-summary", markup=False)
            if scenario.content_notes:
                notes = Text("Content notes: ", style="bold")
                notes.append("; ".join(scenario.content_notes))
                yield Static(notes, id="content-notes", markup=False)
            for key, placeholder in scenario.placeholders.items():
                yield Label(Text(placeholder.prompt), markup=False)
                yield Input(
                    value=placeholder.default,
                    placeholder=placeholder.default,
                    max_length=80,
                    id=f"ph-{key}",
                    classes="placeholder",
                    suggester=SuggestFromList(self.names, case_sensitive=False)
                    if self.names
                    else None,
                )
            if self.names and scenario.placeholders:
                yield Static(
                    Text("Names you can use (Tab or → completes): " + ", ".join(self.names)),
                    classes="muted",
                    id="known-names",
                    markup=False,
                )
            yield Label("How would you like to reply?")
            with RadioSet(id="mode"):
                yield RadioButton("Type my own replies", value=True, id="mode-type")
                yield RadioButton("Choose from suggestions", id="mode-choose")
            yield Label("How is your mood right now, 0 (lowest) to 10? Optional.")
            yield MoodSelect(id="mood-before")
        with Horizontal(id="setup-buttons"):
            yield Button("Start", id="start", variant="primary")
            yield Button("Back", id="back")
        yield Footer(compact=True)

    def plan(self) -> PracticePlan:
        """The learner's choices as they stand."""
        values = {
            key: self.query_one(f"#ph-{key}", Input).value
            for key in self.loaded.scenario.placeholders
        }
        choose = self.query_one("#mode-choose", RadioButton).value
        mood = self.query_one("#mood-before", MoodSelect).mood
        return PracticePlan(self.loaded, values, "choose" if choose else "type", mood)

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        """Begin the role-play."""
        self.post_message(self.Start(self.plan()))

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Return to the library."""
        self.dismiss()
