"""The weekly PHQ-9 self-check: nine questions, 0-3 each, then the total and band.

Scoring is ``core.phq9``'s; saving runs in a thread worker. Item 9 (thoughts
of death or self-harm) above 0 always brings up the crisis resources card,
whatever the total, and before anything else is said about the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, RadioButton, RadioSet, Static

from ipt_trainer.core.phq9 import ITEMS, OPTIONS, STEM, Phq9Result, score
from ipt_trainer.ui.screens.crisis import CrisisScreen

ABOUT = (
    "A short, widely used questionnaire about the last two weeks. It is a self-check, "
    "not a diagnosis: if your answers worry you, please talk to your doctor or therapist."
)


def result_text(result: Phq9Result) -> Text:
    """The total and band, gently worded."""
    text = Text("Your total: ", style="bold")
    text.append(f"{result.total} of 27 ({result.band})", style="bold")
    text.append(
        "\nScores can move week to week. If they stay high, or you are worried, "
        "talking to a professional can help."
    )
    return text


class Phq9Screen(Screen[None]):
    """Answer nine questions; the result is shown here and kept when saving is on."""

    AUTO_FOCUS = "#item-1"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
    ]

    class Saved(Message):
        """The store answered (``kept`` False: progress is not being kept)."""

        def __init__(self, kept: bool, problem: str | None) -> None:
            super().__init__()
            self.kept = kept
            self.problem = problem

    def __init__(
        self,
        save: Callable[[Phq9Result], bool],
        *,
        contacts: Callable[[], tuple[str, ...]] = tuple,
    ) -> None:
        super().__init__()
        self._save = save
        self._contacts = contacts
        """The learner's own contacts, read when the card is shown."""
        self.result: Phq9Result | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="phq9-body"):
            yield Static(Text(ABOUT), classes="muted", markup=False)
            yield Static(Text(STEM, style="bold"), id="phq9-stem", markup=False)
            for number, item in enumerate(ITEMS, start=1):
                yield Static(Text(f"{number}. {item}"), classes="phq9-item", markup=False)
                with RadioSet(id=f"item-{number}", classes="phq9-answers"):
                    for value, option in enumerate(OPTIONS):
                        yield RadioButton(f"{option} ({value})", id=f"item-{number}-{value}")
            yield Static("", id="phq9-result", markup=False)
        with Horizontal(id="phq9-buttons"):
            yield Button("See my total", id="submit", variant="primary", compact=True)
            yield Button("Back", id="back", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "PHQ-9 self-check"
        self.query_one("#phq9-result").display = False

    def answers(self) -> list[int | None]:
        """Each item's answer, None where nothing is chosen yet."""
        found: list[int | None] = []
        for number in range(1, len(ITEMS) + 1):
            index = self.query_one(f"#item-{number}", RadioSet).pressed_index
            found.append(None if index < 0 else index)
        return found

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        """Score the answers, show the result, and save it."""
        answers = self.answers()
        missing = [str(n) for n, a in enumerate(answers, start=1) if a is None]
        if missing:
            self.notify(
                f"Please answer question{'s' if len(missing) > 1 else ''} {', '.join(missing)}.",
                severity="information",
            )
            self.query_one(f"#item-{missing[0]}", RadioSet).focus()
            return
        result = score([a for a in answers if a is not None])
        self.result = result
        shown = self.query_one("#phq9-result", Static)
        shown.update(result_text(result))
        shown.display = True
        self.query_one("#submit", Button).disabled = True
        self._store(result)
        if result.needs_crisis_card:
            self.app.push_screen(CrisisScreen(self._contacts()))
        else:
            self.call_after_refresh(shown.scroll_visible)

    @work(thread=True, exclusive=True, group="store")
    def _store(self, result: Phq9Result) -> None:
        try:
            kept = self._save(result)
        except Exception as error:  # shown to the learner, never dropped
            self.post_message(self.Saved(False, f"Could not save the check: {error}"))
        else:
            self.post_message(self.Saved(kept, None))

    def on_phq9_screen_saved(self, message: Saved) -> None:
        if message.problem is not None:
            self.notify(message.problem, severity="warning")
        elif message.kept:
            self.notify("Saved to your progress.", severity="information")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Return to the progress screen."""
        self.dismiss()
