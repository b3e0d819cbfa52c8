"""The crisis card: shown, calmly, when something typed suggests someone may be at risk.

The role-play stays paused underneath; the reply was not scored. The
learner leaves the card only by choosing to, and the text comes from
``core.resources`` (with a built-in fallback), shown literally, with the
learner's own contacts first. They can add or change those contacts from
here; the card is redrawn with them straight away.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ipt_trainer.core.resources import crisis_card_text
from ipt_trainer.ui.screens.contacts import ContactsScreen

CardChoice = Literal["back", "stop"]


class CrisisScreen(ModalScreen[CardChoice]):
    """A resources card that waits until the learner chooses: back, or stop for today."""

    AUTO_FOCUS = "#back"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to the role-play"),
    ]

    def __init__(self, contacts: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.contacts = contacts

    @property
    def card_text(self) -> str:
        """The card as shown: the learner's contacts, then the helplines."""
        return crisis_card_text(own_contacts=self.contacts)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="crisis-card", classes="dialog"):
            yield Static("Let's pause here", classes="dialog-title")
            yield Static(Text(self.card_text), id="crisis-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("I'm ready to go back", id="back", variant="primary")
                yield Button("Stop for today", id="stop")
                yield Button("My contacts", id="contacts")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Close the card; the role-play is where it was."""
        self.dismiss("back")

    @on(Button.Pressed, "#stop")
    def action_stop(self) -> None:
        """Leave the role-play; it stays saved, so it can be finished another day."""
        self.dismiss("stop")

    @on(Button.Pressed, "#contacts")
    def action_contacts(self) -> None:
        """Add or change the people shown first on this card."""
        self.app.push_screen(ContactsScreen(self.contacts), self._contacts_changed)

    def _contacts_changed(self, contacts: tuple[str, ...] | None) -> None:
        if contacts is not None:
            self.contacts = contacts
            self.query_one("#crisis-text", Static).update(Text(self.card_text))
