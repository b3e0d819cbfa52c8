"""The pause dialog: resume, or leave the role-play for the library."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

PauseChoice = Literal["resume", "quit"]


class PauseScreen(ModalScreen[PauseChoice]):
    """Returns "resume" or "quit"."""

    AUTO_FOCUS = "#resume"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "resume", "Resume"),
        Binding("q", "quit_to_library", "Quit to library"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="pause-dialog", classes="dialog"):
            yield Static("Paused", classes="dialog-title")
            yield Static(
                "Take all the time you need. Your replies so far are kept.",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume", id="resume", variant="primary")
                yield Button("Quit to library", id="quit")

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        """Back to the conversation."""
        self.dismiss("resume")

    @on(Button.Pressed, "#quit")
    def action_quit_to_library(self) -> None:
        """Leave this role-play."""
        self.dismiss("quit")
