"""The person's own crisis contacts: add, remove, and see them as the card will show them.

Opened from the crisis card, the welcome screen and the command palette.
Editing happens here, in memory, with the rules of ``core.contacts``; on
closing, a changed list goes to the app as ``ContactsChanged`` and the app
writes it in a thread worker. Everything is shown literally, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ipt_trainer.core.contacts import MAX_CONTACTS, MAX_LENGTH, ContactError, added, removed

ABOUT = (
    "People you would want to reach if things got really hard: a friend, a relative, "
    "your therapist. They are shown first on the support card. Kept only on this "
    "computer, readable only by you."
)
NOBODY_YET = "No one yet."


class ContactsChanged(Message):
    """The learner's contacts are now ``contacts`` (the app keeps and saves them)."""

    def __init__(self, contacts: tuple[str, ...]) -> None:
        super().__init__()
        self.contacts = contacts


class ContactsScreen(ModalScreen[tuple[str, ...]]):
    """Edit the list; closing returns it (and tells the app when it changed)."""

    AUTO_FOCUS = "#contact-new"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Done"),
        Binding("delete", "remove", "Remove selected", show=False),  # the box keeps its own
    ]

    def __init__(self, contacts: tuple[str, ...]) -> None:
        super().__init__()
        self.original = contacts
        self.contacts = contacts

    def compose(self) -> ComposeResult:
        with Vertical(id="contacts-dialog", classes="dialog"):
            yield Static("People to contact", classes="dialog-title")
            yield Static(Text(ABOUT), markup=False, classes="muted")
            yield OptionList(id="contact-list", markup=False)
            with Horizontal(id="contact-add-row"):
                yield Input(
                    placeholder="e.g. Sam (sister) 07700 900123",
                    max_length=MAX_LENGTH,
                    id="contact-new",
                    compact=True,
                )
                yield Button("Add", id="contact-add", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done", id="contact-done", variant="primary")
                yield Button("Remove selected", id="contact-remove")

    def on_mount(self) -> None:
        self._refresh_list()

    def _refresh_list(self, highlight: int | None = None) -> None:
        listing = self.query_one("#contact-list", OptionList)
        listing.clear_options()
        if not self.contacts:
            listing.add_option(Option(Text(NOBODY_YET), disabled=True))
        else:
            listing.add_options(
                Option(Text(f"{number}. ") + Text(line))
                for number, line in enumerate(self.contacts, start=1)
            )
            if highlight is not None:
                listing.highlighted = min(highlight, len(self.contacts) - 1)
        self.query_one("#contact-remove", Button).disabled = not self.contacts
        self.query_one("#contact-new", Input).disabled = len(self.contacts) >= MAX_CONTACTS

    @on(Input.Submitted, "#contact-new")
    @on(Button.Pressed, "#contact-add")
    def action_add(self) -> None:
        """Add what is in the box as a new contact."""
        box = self.query_one("#contact-new", Input)
        try:
            self.contacts = added(self.contacts, box.value)
        except ContactError as error:
            self.notify(str(error).capitalize() + ".", severity="warning", markup=False)
            return
        box.value = ""
        self._refresh_list()

    @on(Button.Pressed, "#contact-remove")
    def action_remove(self) -> None:
        """Remove the highlighted contact."""
        index = self.query_one("#contact-list", OptionList).highlighted
        if index is None or not self.contacts:
            self.notify("Choose a contact in the list first.", severity="information")
            return
        self.contacts, _ = removed(self.contacts, index + 1)
        self._refresh_list(highlight=index)

    @on(Button.Pressed, "#contact-done")
    def action_done(self) -> None:
        """Close, handing a changed list to the app to save."""
        if self.contacts != self.original:
            self.app.post_message(ContactsChanged(self.contacts))
        self.dismiss(self.contacts)
