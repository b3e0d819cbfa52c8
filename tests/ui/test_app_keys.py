"""Help, the command palette, keyboard-only use, and small or changing terminal sizes."""

from __future__ import annotations

from conftest import AppFactory
from helpers import open_roleplay, send, settle
from textual.binding import Binding

from ipt_trainer.ui.app import IPTTrainerApp
from ipt_trainer.ui.screens.debrief import DebriefScreen
from ipt_trainer.ui.screens.help import KEYS, HelpScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen
from ipt_trainer.ui.screens.setup import SetupScreen
from ipt_trainer.ui.widgets.reply_box import ReplyBox
from ipt_trainer.ui.widgets.suggestions import SuggestionList


def bound_keys(*owners: type) -> set[str]:
    keys: set[str] = set()
    for owner in owners:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            keys.update(binding.key.split(","))
    return keys


def test_help_lists_only_keys_that_are_bound() -> None:
    bound = bound_keys(
        IPTTrainerApp, LibraryScreen, SetupScreen, RolePlayScreen, ReplyBox, DebriefScreen
    )
    listed = {key for _, rows in KEYS for key, _ in rows}
    for key, name in [
        ("F1 or ?", "f1"),
        ("ctrl+q", "ctrl+q"),
        ("/", "slash"),
        ("F5", "f5"),
        ("ctrl+j", "ctrl+j"),
        ("F2 or ctrl+s", "ctrl+s"),
        ("ctrl+r", "ctrl+r"),
        ("p", "p"),
        ("h", "h"),
        ("c", "c"),
    ]:
        assert key in listed
        assert name in bound
    assert {"1", "8"} <= bound_keys(SuggestionList)


async def test_f1_and_question_mark_open_help(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await open_roleplay(pilot)
        await pilot.press("f1")  # works while typing a reply
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, RolePlayScreen)


async def test_question_mark_types_in_the_reply_box(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        await pilot.press(*"Why?")
        assert screen.query_one(ReplyBox).text == "Why?"
        assert app.screen is screen


async def test_palette_offers_every_role_play_action(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        titles = {command.title for command in app.get_system_commands(screen)}
        assert {"Help: keys", "Try again", "Suggestions", "Pause", "Quit"} <= titles


async def test_keyboard_only_play_at_80x24_survives_resizing(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_roleplay(pilot)
        await send(pilot, "I feel tired.")
        for size in [(40, 12), (20, 8), (200, 60), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            narrow = "-narrow" in screen.classes
            assert narrow == (size[0] < 72)  # the coach panel moves below when narrow
        assert screen.query_one(ReplyBox).region.height >= 1
        await send(pilot, "Let's share.")
        assert app.focused is screen.query_one("#debrief")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
