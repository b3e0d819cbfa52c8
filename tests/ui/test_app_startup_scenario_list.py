"""The library's list draws its first screen once and looks and acts as Textual's OptionList.

``ScenarioList`` shows its scrollbar from the start when it certainly
overflows, measures its options before the first paint, keeps its wrapped
lines across a resize that keeps its width, and counts its options' lines
with ``ListText``. Each is checked against a plain ``OptionList`` given the
same options: same picture, same lines, same scrollbar, same keys and clicks.
"""

from __future__ import annotations

import gc

import pytest
from conftest import AppFactory
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from ui_fixtures import TALK, TRICKY

from ipt_trainer.ui import app as app_module
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.setup import SetupScreen
from ipt_trainer.ui.widgets.scenario_list import ListText, ScenarioList, least_lines

WORDS = st.text(alphabet=st.sampled_from("ab cdé·●○—\n界"), max_size=120)


class _Rules(dict[str, object]):
    """Style rules as ``get_height`` reads them."""


@settings(max_examples=300, deadline=None)
@given(text=WORDS, width=st.integers(min_value=1, max_value=60))
def test_list_text_counts_the_lines_content_would(text: str, width: int) -> None:
    plain = Content(text)
    assert ListText(text).get_height(_Rules(), width) == plain.get_height(_Rules(), width)
    rules = _Rules(text_overflow="ellipsis")
    assert ListText(text).get_height(rules, width) == plain.get_height(rules, width)


def test_list_text_falls_back_to_content_for_what_it_does_not_count() -> None:
    text = "a\tb c d e f g"
    for rules in (_Rules(), _Rules(line_pad=1), _Rules(text_wrap="nowrap")):
        assert ListText(text).get_height(rules, 3) == Content(text).get_height(rules, 3)
        assert ListText("abc def ghi").get_height(rules, 3) == Content("abc def ghi").get_height(
            rules, 3
        )


def _options(count: int) -> list[Option | None]:
    options: list[Option | None] = [Option(ListText.styled("HEADING", "bold"), disabled=True)]
    for number in range(count):
        details = f"with Sam (partner) · ●●○ moderate · {number} min · Assertiveness, listening"
        text = ListText.assemble((f"Scenario {number}", "bold"), "\n", (details, "dim"))
        options.append(Option(text, id=f"s{number}"))
        if number % 5 == 4:
            options.append(None)
    return options


class _ListApp(App[None]):
    def __init__(self, plain: bool, count: int) -> None:
        super().__init__()
        self.plain = plain
        self.count = count
        self.chosen: list[str | None] = []

    def compose(self) -> ComposeResult:
        options = _options(self.count)
        if self.plain:
            yield OptionList(*options, id="scenarios", markup=False)
        else:
            yield ScenarioList(*options, id="scenarios")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.chosen.append(event.option.id)


async def _picture(plain: bool, count: int, sizes: list[tuple[int, int]]) -> list[object]:
    """What each app shows at each size in turn: screen, lines, scrollbar, virtual size."""
    app = _ListApp(plain, count)
    seen: list[object] = []
    async with app.run_test(size=sizes[0]) as pilot:
        for size in sizes:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            listing = app.query_one(OptionList)
            lines = [listing._lines[y] for y in range(len(listing._lines))]
            seen.append(
                (
                    app.export_screenshot(),
                    lines,
                    listing.show_vertical_scrollbar,
                    listing.virtual_size,
                )
            )
            for key in ("end", "pageup", "home"):  # scrolled: the scrollbar's thumb follows
                await pilot.press(key)
                await pilot.pause()
                seen.append((key, app.export_screenshot(), listing.scroll_y))
        listing.scroll_to(y=3, animate=False)  # as the mouse wheel does
        await pilot.pause()
        seen.append(("scrolled", app.export_screenshot(), listing.scroll_y))
    return seen


@pytest.mark.parametrize("count", [2, 12, 40])
async def test_the_list_looks_as_textuals_at_start_and_after_resizes(count: int) -> None:
    sizes = [(60, 20), (60, 30), (45, 30), (100, 12), (100, 60)]
    assert await _picture(False, count, sizes) == await _picture(True, count, sizes)


async def test_a_list_taller_than_the_terminal_shows_its_scrollbar_before_the_first_layout() -> (
    None
):
    app = _ListApp(False, 40)
    async with app.run_test(size=(60, 20)):
        listing = app.query_one(ScenarioList)
        assert least_lines(listing.options) > 20
        assert listing.show_vertical_scrollbar
        assert listing.virtual_size.height > 20  # measured, not the lower bound alone
        assert listing.virtual_size.height >= least_lines(listing.options)


async def test_a_short_list_is_left_to_textual() -> None:
    app = _ListApp(False, 2)
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        listing = app.query_one(ScenarioList)
        assert not listing.show_vertical_scrollbar


async def test_a_resize_keeping_the_width_keeps_the_wrapped_lines() -> None:
    app = _ListApp(False, 40)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        listing = app.query_one(ScenarioList)
        lines = listing._line_cache.lines
        await pilot.resize_terminal(60, 25)
        await pilot.pause()
        assert listing._line_cache.lines is lines  # not thrown away and measured again
        width = listing.scrollable_content_region.width
        await pilot.resize_terminal(50, 25)  # narrower: wrapped again
        await pilot.pause()
        await pilot.pause()
        assert listing.scrollable_content_region.width == width - 10
        assert listing._lines_width == width - 10


async def test_keys_and_clicks_choose_options_as_in_textuals_list() -> None:
    for plain in (False, True):
        app = _ListApp(plain, 12)
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            await pilot.click(OptionList, offset=(5, 2))  # the first scenario, under the heading
            await pilot.press("down", "down", "enter")
            await pilot.press("end", "up", "enter")
            await pilot.pause()
            assert app.focused is app.query_one(OptionList)
        assert app.chosen == ["s0", "s2", "s10"]


async def test_the_library_list_is_a_scenario_list_that_takes_focus_and_opens_set_up(
    make_app: AppFactory,
) -> None:
    app = make_app(TALK, TRICKY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        listing = screen.query_one("#scenarios", ScenarioList)
        assert app.focused is listing
        assert all(isinstance(option.prompt, ListText) for option in listing.options)
        await pilot.click("#scenarios", offset=(3, 2))  # the first scenario, under its heading
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


def test_run_app_pauses_the_collector_only_until_the_library_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    states: list[bool] = []

    def run(app: app_module.IPTTrainerApp) -> None:
        states.append(gc.isenabled())

    monkeypatch.setattr(app_module.IPTTrainerApp, "run", run)
    monkeypatch.setattr(app_module.IPTTrainerApp, "__init__", _bare_init)
    assert gc.isenabled()
    assert app_module.run_app() == 0
    assert states == [False]
    assert gc.isenabled()  # on again whatever happened in the app
    gc.unfreeze()


def _bare_init(self: app_module.IPTTrainerApp, **_: object) -> None:
    App.__init__(self)


async def test_the_app_resumes_the_collector_after_the_first_paint(make_app: AppFactory) -> None:
    app = make_app(TALK)
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not gc.isenabled()  # the first paint is done without it
            await pilot.pause(app_module.WARM_UP_DELAY + 0.2)
            assert gc.isenabled()
    finally:
        gc.enable()
