"""The library's one-widget header, footer and light Quit button act as Textual's did.

The look is checked by the library snapshots; these check behaviour:
clicking a key runs it, hovering shows the key's tooltip, a key that is not
available rings the bell, the footer follows the screen's keys, and the
Quit button is reachable by keyboard (Tab, Enter) as well as by mouse.
"""

from __future__ import annotations

from conftest import AppFactory
from textual.command import CommandPalette
from textual.widgets import Input

from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.progress import ProgressScreen
from ipt_trainer.ui.widgets.footer import KeyFooter
from ipt_trainer.ui.widgets.header import TitleHeader
from ipt_trainer.ui.widgets.light_button import LightButton


def _column_of(footer: KeyFooter, description: str) -> int:
    """The first cell of the key described ``description``, as drawn."""
    index = next(i for i, key in enumerate(footer.keys) if key.description == description)
    return next(start for start, _, shown in footer._spans if shown == index)


async def test_the_footer_shows_the_library_keys_in_order(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        shown = [(key.display, key.description) for key in footer.keys]
        assert shown == [
            ("/", "Search"),
            ("p", "Progress"),
            ("h", "Homework"),
            ("^q", "Quit"),
            ("f1", "Help"),
            ("^p", "palette"),
        ]
        assert footer.drawn == 6
        assert _column_of(footer, "palette") == 68  # on the right, behind its rule


async def test_clicking_a_footer_key_runs_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        await pilot.click(KeyFooter, offset=(_column_of(footer, "Progress") + 3, 0))
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)


async def test_clicking_search_focuses_the_filter_and_gaps_do_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        await pilot.click(KeyFooter, offset=(55, 0))  # between the keys and the palette
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert not isinstance(app.focused, Input)
        await pilot.click(KeyFooter, offset=(_column_of(footer, "Search"), 0))
        await pilot.pause()
        assert isinstance(app.focused, Input)


async def test_hovering_a_key_highlights_it_and_shows_its_tooltip(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        palette = _column_of(footer, "palette")
        await pilot.hover(KeyFooter, offset=(palette + 2, 0))
        await pilot.pause()
        assert footer.hovered == len(footer.keys) - 1
        assert footer.tooltip == footer.keys[-1].tooltip != ""
        assert footer.styles.pointer == "pointer"
        await pilot.hover(KeyFooter, offset=(55, 0))
        await pilot.pause()
        assert footer.hovered is None and footer.tooltip is None
        assert footer.styles.pointer == "default"


async def test_the_footer_follows_the_screen_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        before = footer.keys
        app.screen.query_one("#search", Input).focus()  # typing there: no letter keys
        await pilot.pause()
        shown = [key.description for key in footer.keys]
        assert shown == ["Search", "Quit", "Help", "palette"]
        assert footer.drawn == len(shown)
        await pilot.press("tab", "tab")  # the Quit button, then the list
        await pilot.pause()
        assert footer.keys == before
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert footer.keys == before and footer.drawn == len(before)


async def test_quit_button_by_keyboard(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#search", Input).focus()
        await pilot.press("tab")  # the button is next in the focus chain, as Button was
        assert isinstance(app.focused, LightButton)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_header_icon_opens_the_palette_and_a_click_makes_it_tall(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(TitleHeader)
        await pilot.hover(TitleHeader, offset=(1, 0))
        await pilot.pause()
        assert header.tooltip == "Open the command palette"
        await pilot.click(TitleHeader, offset=(40, 0))
        await pilot.pause()
        assert header.size.height == 3
        await pilot.click(TitleHeader, offset=(40, 0))
        await pilot.pause()
        assert header.size.height == 1
        await pilot.click(TitleHeader, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_header_follows_the_sub_title(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(TitleHeader)
        assert "practice, not therapy" in header.render().plain
        app.sub_title = "Hello, Sam"
        await pilot.pause()
        assert "IPT Trainer — Hello, Sam" in header.render().plain
