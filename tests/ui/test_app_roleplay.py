"""Playing through the UI: typing, suggestions, try again, pause, debrief, saving."""

from __future__ import annotations

from pathlib import Path

from conftest import AppFactory
from helpers import entries, open_roleplay, plain, send, settle
from textual.widgets import Input, Static

from ipt_trainer.store import SqliteStore
from ipt_trainer.ui.screens.debrief import DebriefScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.pause import PauseScreen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen
from ipt_trainer.ui.widgets.meter import Meter
from ipt_trainer.ui.widgets.reply_box import ReplyBox
from ipt_trainer.ui.widgets.suggestions import SuggestionList


async def test_type_replies_from_start_to_debrief(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        name = app.screen.query_one("#ph-partner", Input)
        name.value = "Alex"
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RolePlayScreen)
        shown = entries(screen)
        assert shown[0] == ("narration", "The kitchen, after dinner.")
        assert shown[1] == ("line", "Alex (defensive)\nWhy are you looking at me like that?")
        assert plain(screen.query_one("#instruction", Static)) == "Tell Alex how you feel."
        assert app.focused is screen.query_one(ReplyBox)

        await send(pilot, "whatever")  # passive: the route asks for another try
        kinds = [kind for kind, _ in entries(screen)]
        assert kinds[-3:] == ["learner", "hint", "hint"]
        assert entries(screen)[-1] == ("hint", "Hint\nStart with 'I feel'.")

        await send(pilot, "I feel tired when the dishes pile up.")
        meter = screen.query_one("#skill-assertiveness", Meter)
        assert (meter.value, meter.detail) == (80, "assertive")
        evidence = plain(screen.query_one("#evidence", Static))
        assert "I feel tired when the dishes pile up." in evidence
        assert "\u201cI feel\u201d: I-statement" in evidence
        tip = plain(screen.query_one("#tip", Static))
        assert "Show you heard them first." in tip
        assert "It sounds like you're tired too." in tip
        assert screen.query_one("#var-trust", Meter).value == 60
        assert ("line", "Alex (relieved)\nOK. I hear you.") in entries(screen)
        assert ("coach", "Coach · gentle start-up\nNotice how it landed.") in entries(screen)

        await send(pilot, "Could we take turns?")
        assert not screen.query_one(ReplyBox).display
        await pilot.press("enter")  # the debrief button has focus
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert plain(debrief.query_one("#outcome", Static)) == "Outcome: Repaired"
        assert plain(debrief.query_one("#ending-title", Static)) == "A plan together"
        assert "Gentle start-up" in plain(debrief.query_one("#ipt-notes", Static))
        averages = {m.label: m.value for m in debrief.query(Meter)}
        assert averages == {
            "Assertiveness": 47,  # (30 + 80 + 30) / 3
            "Active listening": 45,
            "Conflict resolution": 60,
        }
        turns = [plain(s) for s in debrief.query(".turn").results(Static)]
        assert any(t.startswith("Strongest reply") and "I feel tired" in t for t in turns)
        assert [t.split("\n")[0] for t in turns][-3:] == ["Reply 1", "Reply 2", "Reply 3"]
        assert any(t.startswith("Reply to revisit") and "whatever" in t for t in turns)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)

    store = SqliteStore(tmp_path / "data")
    try:
        (session,) = store.sessions()
        assert session.status == "finished"
        assert [r.text for r in store.replies(session.id)] == [
            "whatever",
            "I feel tired when the dishes pile up.",
            "Could we take turns?",
        ]
    finally:
        store.close()


async def test_choose_mode_shows_suggestions_and_number_keys_pick(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot, choose=True)
        suggestions = screen.query_one(SuggestionList)
        assert suggestions.display and app.focused is suggestions
        assert suggestions.option_count == 2
        await pilot.press("2")
        await settle(pilot)
        assert ("learner", "You (suggestion)\nYou never help.") in entries(screen)
        assert screen.query_one("#var-trust", Meter).value == 40
        assert not screen.query_one("#skills").display  # picked replies are not scored
        # the next prompt has no suggestions, so the list hides and typing takes over
        assert not suggestions.display
        assert app.focused is screen.query_one(ReplyBox)


async def test_f2_reveals_suggestions_and_enter_picks(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        suggestions = screen.query_one(SuggestionList)
        assert not suggestions.display
        await pilot.press("f2")
        await pilot.pause()
        assert suggestions.display and app.focused is suggestions
        await pilot.press("enter")
        await settle(pilot)
        assert ("learner", "You (suggestion)\nI feel tired when the dishes pile up.") in entries(
            screen
        )
        expected = plain(screen.query_one("#evidence", Static))
        assert "Assertiveness: assertive" in expected


async def test_try_again_takes_the_last_reply_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        before = entries(screen)
        await pilot.press("ctrl+r")  # nothing to take back yet
        await settle(pilot)
        assert entries(screen) == before
        await send(pilot, "I feel tired when the dishes pile up.")
        assert screen.query_one("#var-trust", Meter).value == 60
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert entries(screen)[: len(before)] == before
        assert entries(screen)[len(before) :] == [
            ("note", "You took that reply back.\nTry it another way.")
        ]
        assert screen.query_one("#var-trust", Meter).value == 50
        assert not screen.query_one("#skills").display  # no feedback for a reply taken back
        assert plain(screen.query_one("#instruction", Static)) == "Tell Sam how you feel."
        state = screen.current_state()
        assert state is not None and state.node == "ask" and not state.can_rewind


async def test_try_again_after_the_ending(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        await send(pilot, "I feel tired.")
        await send(pilot, "Let's share.")
        assert screen.query_one("#debrief").display
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not screen.query_one("#debrief").display
        assert screen.query_one(ReplyBox).display
        assert plain(screen.query_one("#instruction", Static)) == "Agree a plan."


async def test_pause_resumes_or_quits_to_library(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        await send(pilot, "I feel tired.")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert app.focused is screen.query_one(ReplyBox)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#quit")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    store = SqliteStore(tmp_path / "data")
    try:
        assert [s.status for s in store.sessions()] == ["abandoned"]
    finally:
        store.close()


async def test_empty_and_too_long_replies_are_not_sent(make_app: AppFactory) -> None:
    calls: list[str] = []

    def scorer(reply: str, context: str = ""):  # type: ignore[no-untyped-def]
        from ui_fixtures import stub_score

        calls.append(reply)
        return stub_score(reply, context)

    app = make_app(scorer=scorer)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        before = entries(screen)
        await send(pilot, "   \n  ")
        await send(pilot, "x" * 2001)
        assert calls == []
        assert entries(screen) == before
        messages = [n.message for n in app._notifications]
        assert any("Type a reply first" in m for m in messages)
        assert any("the limit is 2000" in m for m in messages)
        assert screen.query_one(ReplyBox).text == "x" * 2001  # kept, so it can be shortened


async def test_ctrl_j_adds_a_line_and_enter_sends_both(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        await pilot.press(*"I feel tired.")
        await pilot.press("ctrl+j")
        await pilot.press(*"Can we talk?")
        assert screen.query_one(ReplyBox).text == "I feel tired.\nCan we talk?"
        await pilot.press("enter")
        await settle(pilot)
        assert ("learner", "You\nI feel tired.\nCan we talk?") in entries(screen)
