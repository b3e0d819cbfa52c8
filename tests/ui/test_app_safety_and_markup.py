"""The crisis card, and text that looks like markup staying literal."""

from __future__ import annotations

from pathlib import Path

from conftest import AppFactory
from helpers import entries, open_roleplay, plain, send, settle
from textual.widgets import OptionList, Static
from ui_fixtures import MARKUP, TRICKY

from ipt_trainer.core.resources import crisis_card_text
from ipt_trainer.store import SqliteStore
from ipt_trainer.ui.screens.crisis import CrisisScreen
from ipt_trainer.ui.screens.debrief import DebriefScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen
from ipt_trainer.ui.widgets.reply_box import ReplyBox


async def test_crisis_language_pauses_with_the_resources_card(
    make_app: AppFactory,
    tmp_path: Path,
) -> None:
    calls: list[str] = []

    def scorer(reply: str, context: str = ""):  # type: ignore[no-untyped-def]
        from ui_fixtures import stub_score

        calls.append(reply)
        return stub_score(reply, context)

    app = make_app(scorer=scorer)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        before = entries(screen)
        await send(pilot, "I want to kill myself")
        card = app.screen
        assert isinstance(card, CrisisScreen)
        text = plain(card.query_one("#crisis-text", Static))
        assert text == crisis_card_text()
        assert calls == []  # not scored
        assert entries(screen) == before  # not shown as a reply, not judged
        assert not screen.query_one("#skills").display
        await pilot.press("enter")  # "I'm ready to go back" has focus
        await pilot.pause()
        assert app.screen is screen
        assert app.focused is screen.query_one(ReplyBox)
        assert screen.query_one(ReplyBox).text == ""
        state = screen.current_state()
        assert state is not None and state.node == "ask"
        await send(pilot, "I feel tired.")  # the role-play goes on when they are ready
        assert calls == ["I feel tired."]
    store = SqliteStore(tmp_path / "data")
    try:
        (event,) = store.safety_events()
        assert event.text is None
    finally:
        store.close()


async def test_scenario_and_reply_markup_is_shown_literally(make_app: AppFactory) -> None:
    app = make_app(TRICKY)
    async with app.run_test(size=(100, 40)) as pilot:
        options = app.screen.query_one("#scenarios", OptionList)
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(MARKUP in title for title in titles)
        await pilot.press("enter")
        await pilot.pause()
        assert MARKUP in plain(app.screen.query_one("#setup-title", Static))
        assert MARKUP in plain(app.screen.query_one("#setup-summary", Static))
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RolePlayScreen)
        assert entries(screen)[0] == ("line", f"{MARKUP}\n{MARKUP}")
        await send(pilot, MARKUP)
        assert ("learner", f"You\n{MARKUP}") in entries(screen)
        # clicking the words must not run the @click action hidden in them
        for entry in screen.query(".entry"):
            await pilot.click(entry, offset=(3, 1))
            await pilot.click(entry, offset=(12, 1))
        await pilot.pause()
        assert app.is_running
        await pilot.click("#debrief")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert plain(app.screen.query_one("#debrief-text", Static)) == MARKUP
        assert app.is_running


async def test_stop_for_today_leaves_the_session_open(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_roleplay(pilot)
        await send(pilot, "I feel tired.")
        await send(pilot, "I don't want to be alive any more")
        assert isinstance(app.screen, CrisisScreen)
        await pilot.click("#stop")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    store = SqliteStore(tmp_path / "data")
    try:
        (session,) = store.sessions()
        assert session.status == "open"  # kept for another day, not abandoned
    finally:
        store.close()
