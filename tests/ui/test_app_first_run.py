"""First run: the welcome is shown once, its answers are kept and used; themes are remembered."""

from __future__ import annotations

import stat
from pathlib import Path

from conftest import AppFactory
from helpers import plain, settle
from textual.widgets import Input, OptionList, Select, Static
from ui_fixtures import TALK, TRICKY

from ipt_trainer.ui.screens.first_run import FirstRunScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.setup import SetupScreen
from ipt_trainer.ui.settings import load_settings
from ipt_trainer.ui.themes import HIGH_CONTRAST

GRIEF = (
    TALK.replace("id: talk", "id: loss")
    .replace("Talking about the dishes", "Missing Gran")
    .replace("problem_area: role_dispute", "problem_area: grief")
)


async def test_welcome_once_then_its_answers_are_used(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(TALK, GRIEF, TRICKY, first_run=None)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FirstRunScreen)
        help_text = plain(screen.query_one("#urgent-help", Static))
        assert "988" in help_text and "116 123" in help_text and "findahelpline.com" in help_text
        screen.query_one("#display-name", Input).value = "Robin"
        screen.query_one("#focus-area", Select).value = "grief"
        screen.query_one("#person-0-name", Input).value = "Alex"
        screen.query_one("#person-0-relationship", Input).value = "partner"
        screen.query_one("#person-1-name", Input).value = "Gran"
        await pilot.click("#continue")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.sub_title.startswith("Hello, Robin")
        options = app.screen.query_one("#scenarios", OptionList)
        assert str(options.get_option_at_index(0).prompt) == "GRIEF"
        await pilot.press("enter")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        assert "Alex, Gran" in plain(setup.query_one("#known-names", Static))
        field = setup.query_one("#ph-partner", Input)
        field.value = ""
        field.focus()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("right")
        assert field.value == "Alex"
        titles = {command.title for command in app.get_system_commands(app.library_screen)}
        assert {
            "About / first-run",
            "Theme: high contrast",
            "Theme: light",
            "Progress",
            "Homework",
            "PHQ-9 self-check",
        } <= titles
        app.set_theme(HIGH_CONTRAST)
        await settle(pilot)
    path = tmp_path / "config" / "settings.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    kept = load_settings(path)
    assert kept.first_run_done and kept.display_name == "Robin" and kept.focus_area == "grief"
    assert [(p.name, p.relationship) for p in kept.people] == [("Alex", "partner"), ("Gran", "")]
    assert kept.theme == HIGH_CONTRAST

    again = make_app(TALK, first_run=None)
    async with again.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, LibraryScreen)
        assert again.theme == HIGH_CONTRAST
        again.action_welcome()  # the palette's "About / first-run"
        await pilot.pause()
        assert isinstance(again.screen, FirstRunScreen)
        assert again.screen.query_one("#person-1-name", Input).value == "Gran"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(again.screen, LibraryScreen)
