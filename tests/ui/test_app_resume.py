"""Resuming: an open session is offered at the top of the library and continues where it was."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import AppFactory
from helpers import entries, send, settle
from textual.widgets import OptionList
from ui_fixtures import TALK, make_library, stub_score

from ipt_trainer.practice import PracticeSession
from ipt_trainer.store import SqliteStore
from ipt_trainer.ui.screens.debrief import DebriefScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen


def leave_open_session(tmp_path: Path) -> str:
    """Play one reply of TALK (partner 'Alex') into the store and leave it open."""
    library = make_library(tmp_path / "seed-scenarios", TALK)
    store = SqliteStore(tmp_path / "data")
    try:
        session, _ = PracticeSession.begin(
            library.get("talk"),
            store=store,
            personalisation={"partner": "Alex"},
            seed=7,
            scorer=stub_score,
        )
        session.reply("I feel tired when the dishes pile up.")
        assert session.session_id is not None
        return session.session_id
    finally:
        store.close()


async def test_open_session_resumes_with_its_transcript(
    make_app: AppFactory, tmp_path: Path
) -> None:
    session_id = leave_open_session(tmp_path)
    app = make_app(TALK)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        options = app.screen.query_one("#scenarios", OptionList)
        first = options.get_option_at_index(options.highlighted or 0)
        assert first.id == f"resume:{session_id}"
        assert str(first.prompt).startswith("Continue: Talking about the dishes — started ")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RolePlayScreen)
        shown = entries(screen)
        assert ("line", "Alex\nWhy are you looking at me like that?") in shown
        assert ("learner", "You\nI feel tired when the dishes pile up.") in shown
        assert "Agree a plan." in str(screen.query_one("#instruction").visual)
        await send(pilot, "Could we take turns?")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        options = app.screen.query_one("#scenarios", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert f"resume:{session_id}" not in ids


async def test_open_sessions_are_offered_when_the_library_loads_in_the_background(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The learner's path: the library loads in a worker; the store is opened after it shows."""
    from ipt_trainer.ui.services import Backend

    session_id = leave_open_session(tmp_path)
    library = make_library(tmp_path / "bg-scenarios", TALK)

    gate = threading.Event()

    def load(self: Backend) -> object:
        gate.wait(10)  # the library screen is up (and empty) before the library arrives
        self.library = library
        return library

    monkeypatch.setattr(Backend, "load", load)
    app = make_app(library=None)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#scenarios", OptionList).option_count == 0
        gate.set()
        await settle(pilot)
        await settle(pilot)
        options = app.screen.query_one("#scenarios", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert f"resume:{session_id}" in ids and "talk" in ids
