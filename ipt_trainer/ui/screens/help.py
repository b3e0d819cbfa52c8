"""Every key, in one place (F1 or ?)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ipt_trainer.ui.labels import DISCLAIMER

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("F1 or ?", "This help"),
            ("ctrl+p", "Command palette: every action by name"),
            ("Tab / shift+Tab", "Move between parts of the screen"),
            ("ctrl+q", "Quit the app (or use the Quit button in the library)"),
        ),
    ),
    (
        "Library",
        (
            ("↑ ↓, Enter", "Choose a scenario and open its set-up"),
            ("/", "Filter the list; Esc clears the filter"),
            ("p", "Your progress (c there: the PHQ-9 self-check)"),
            ("h", "Homework and report export"),
            ("c", "Your contacts: people listed first on the support card"),
        ),
    ),
    (
        "Set-up",
        (
            ("F5", "Start the role-play"),
            ("Esc", "Back to the library"),
        ),
    ),
    (
        "Role-play",
        (
            ("Enter", "Send your reply"),
            ("ctrl+j", "New line in your reply (shift+Enter in some terminals)"),
            ("F2 or ctrl+s", "Show or hide suggested replies"),
            ("1-8", "Pick a suggestion (when the list has focus), or Enter / click"),
            ("ctrl+r", "Try again: take back your last reply"),
            ("Esc", "Pause: resume or quit to the library"),
        ),
    ),
    (
        "Debrief",
        (("Enter / Esc", "Back to the library"),),
    ),
)
"""What the help screen lists; a test checks every key here is really bound."""


def key_table() -> Table:
    """The keys as a two-column table, one section per screen."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
    table.add_column("Key", style="bold", no_wrap=True)
    table.add_column("What it does")
    for index, (section, rows) in enumerate(KEYS):
        if index:
            table.add_row("", "")
        table.add_row(Text(section, style="underline"), "")
        for key, action in rows:
            table.add_row(key, action)
    return table


class HelpScreen(ModalScreen[None]):
    """A key reference; any of Esc, F1, q or the button closes it."""

    AUTO_FOCUS = "#close"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "close", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            yield Static(key_table(), id="keys")
            yield Static(DISCLAIMER, classes="muted", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
