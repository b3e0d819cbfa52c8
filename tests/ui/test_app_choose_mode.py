"""'Choose from suggestions' from set-up to debrief: number keys, arrows and Enter, the mouse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import AppFactory
from helpers import entries, open_roleplay, plain, send, settle
from textual.pilot import Pilot
from textual.widgets import Static
from ui_fixtures import TALK

from ipt_trainer.store import SqliteStore
from ipt_trainer.ui.screens.debrief import DebriefScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.widgets.meter import Meter
from ipt_trainer.ui.widgets.reply_box import ReplyBox
from ipt_trainer.ui.widgets.suggestions import SuggestionList

CHOICES = TALK.replace(
    '    text: "Agree a plan."\n    skills: [conflict_resolution]\n',
    '    text: "Agree a plan."\n    skills: [conflict_resolution]\n'
    "    suggestions:\n"
    '      - {id: turns, text: "Could we take turns, one night each?", next: done}\n'
    '      - {id: later, text: "Let\'s [b]talk[/b] later.", next: done}\n',
)


def options(suggestions: SuggestionList) -> list[str]:
    return [str(suggestions.get_option_at_index(i).prompt) for i in range(suggestions.option_count)]


async def test_keyboard_from_start_to_debrief(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(CHOICES)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot, choose=True)
        suggestions = screen.query_one(SuggestionList)
        assert app.focused is suggestions and suggestions.highlighted == 0
        assert options(suggestions) == [
            "1. I feel tired when the dishes pile up.",
            "2. You never help.",
        ]
        instruction = plain(screen.query_one("#instruction", Static))
        assert (
            instruction == "Tell Sam how you feel. Pick a reply: 1-2, arrows and Enter, or click."
        )
        await pilot.press("down", "enter")  # arrows and Enter
        await settle(pilot)
        assert ("learner", "You (suggestion)\nYou never help.") in entries(screen)
        assert screen.query_one("#var-trust", Meter).value == 40
        # the next prompt has its own suggestions: shown, numbered afresh, focused
        assert suggestions.display and app.focused is suggestions
        assert options(suggestions) == [
            "1. Could we take turns, one night each?",
            "2. Let's [b]talk[/b] later.",  # literally
        ]
        await pilot.press("1")  # a number key
        await settle(pilot)
        assert ("learner", "You (suggestion)\nCould we take turns, one night each?") in entries(
            screen
        )
        assert not suggestions.display and not screen.query_one(ReplyBox).display
        assert app.focused is screen.query_one("#debrief")
        await pilot.press("enter")
        await settle(pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert plain(debrief.query_one("#ending-title", Static)) == "A plan together"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    store = SqliteStore(tmp_path / "data")
    try:
        (session,) = store.sessions()
        assert session.status == "finished"
        replies = store.replies(session.id)
    finally:
        store.close()
    assert [(r.source, r.text) for r in replies] == [
        ("suggestion", "You never help."),
        ("suggestion", "Could we take turns, one night each?"),
    ]


async def test_mouse_picks_the_clicked_suggestion(make_app: AppFactory) -> None:
    app = make_app(CHOICES)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot, choose=True)
        suggestions = screen.query_one(SuggestionList)
        # the list has a one-line border: its second option is on the third row
        await pilot.click(suggestions, offset=(6, 2))
        await settle(pilot)
        assert ("learner", "You (suggestion)\nYou never help.") in entries(screen)


async def test_typing_still_works_in_choose_mode(make_app: AppFactory) -> None:
    app = make_app()  # TALK: its second prompt offers no suggestions
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot, choose=True)
        await pilot.press("1")
        await settle(pilot)
        instruction = plain(screen.query_one("#instruction", Static))
        assert instruction == "Agree a plan. No suggestions here: type your own reply."
        assert app.focused is screen.query_one(ReplyBox)
        await send(pilot, "Could we take turns?")
        assert screen.query_one("#debrief").display


async def test_a_number_with_no_suggestion_does_nothing(make_app: AppFactory) -> None:
    app = make_app(CHOICES)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot, choose=True)
        before = entries(screen)
        await pilot.press("7")
        await settle(pilot)
        assert entries(screen) == before


async def _choose_first_turn(pilot: Pilot[None]) -> None:
    await open_roleplay(pilot, choose=True)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_choose_mode(
    snap_compare: Any, make_app: AppFactory, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(CHOICES), terminal_size=size, run_before=_choose_first_turn)
