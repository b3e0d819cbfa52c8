"""The Textual application (wiring only; screens live in ``ui/screens``)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class IPTTrainerApp(App[None]):
    """IPT Trainer's terminal app."""

    TITLE = "IPT Trainer"
    CSS_PATH = "app.tcss"
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("IPT Trainer — practice, not therapy.", id="welcome")
        yield Footer()


def run_app() -> int:
    """Open the app; returns an exit code for the CLI."""
    IPTTrainerApp().run()
    return 0
