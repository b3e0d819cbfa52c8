"""The library screen: groups, details, filter, the disclaimer, and quitting."""

from __future__ import annotations

from conftest import AppFactory
from helpers import plain
from textual.widgets import OptionList, Static
from ui_fixtures import TALK, TRICKY

from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.setup import SetupScreen


def prompts(options: OptionList) -> list[str]:
    return [
        str(options.get_option_at_index(i).prompt.plain)  # type: ignore[union-attr]
        for i in range(options.option_count)
    ]


async def test_scenarios_are_grouped_with_their_details(make_app: AppFactory) -> None:
    app = make_app(TALK, TRICKY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        shown = prompts(app.screen.query_one("#scenarios", OptionList))
        assert shown[0] == "ROLE DISPUTES"
        assert "SKILL DRILLS" in shown
        talk = next(text for text in shown if text.startswith("Talking about the dishes"))
        assert "with Sam (partner)" in talk
        assert "moderate" in talk and "5 min" in talk
        assert "Assertiveness, Active listening" in talk
        disclaimer = plain(app.screen.query_one("#disclaimer", Static))
        assert "not therapy" in disclaimer and "not a crisis service" in disclaimer


async def test_filter_narrows_the_list_and_escape_clears_it(make_app: AppFactory) -> None:
    app = make_app(TALK, TRICKY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("slash", *"dishes")
        await pilot.pause()
        options = app.screen.query_one("#scenarios", OptionList)
        assert [t for t in prompts(options) if not t.isupper()] == [
            next(t for t in prompts(options) if t.startswith("Talking"))
        ]
        assert "1 of 2" in plain(app.screen.query_one("#library-status", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert "2 scenarios" in plain(app.screen.query_one("#library-status", Static))


async def test_enter_opens_setup_with_defaults(make_app: AppFactory) -> None:
    app = make_app(TALK)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        plan = app.screen.plan()
        assert plan.personalisation == {"partner": "Sam"}
        assert plan.mode == "type"
        notes = plain(app.screen.query_one("#content-notes", Static))
        assert "a raised voice" in notes
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_quit_button_exits(make_app: AppFactory) -> None:
    app = make_app(TALK)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.click("#quit")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_ctrl_q_quits_from_anywhere(make_app: AppFactory) -> None:
    app = make_app(TALK)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running
