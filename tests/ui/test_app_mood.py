"""Mood check-ins around a role-play: before on set-up, after on the debrief."""

from __future__ import annotations

from pathlib import Path

from conftest import AppFactory
from helpers import send, settle

from ipt_trainer.store import SqliteStore
from ipt_trainer.ui.screens.debrief import DebriefScreen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen
from ipt_trainer.ui.widgets.mood import MoodSelect


async def test_moods_are_kept_with_the_session(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#mood-before", MoodSelect).value = 4
        await pilot.pause()
        await pilot.press("f5")
        await settle(pilot)
        roleplay = app.screen
        assert isinstance(roleplay, RolePlayScreen) and roleplay.session is not None
        session_id = roleplay.session.session_id
        await send(pilot, "I feel tired when the dishes pile up.")
        await send(pilot, "Could we take turns?")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        app.screen.query_one("#mood-after", MoodSelect).value = 7
        await settle(pilot)
    store = SqliteStore(tmp_path / "data")
    try:
        kept = [(m.value, m.when, m.session_id) for m in store.moods()]
    finally:
        store.close()
    assert kept == [(4, "before", session_id), (7, "after", session_id)]
