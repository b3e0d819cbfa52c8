"""Every disk write (and read) the app makes runs in a worker thread, never on the event loop.

The store is wrapped so each call records whether it ran on the event
loop's thread; settings and contacts writes are watched the same way. One
long walk through the app touches every kind of write: mood before and
after, replies, try again, the crisis pause, quitting (abandon), the PHQ-9,
homework and report export, a theme change and a contacts edit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import AppFactory
from helpers import answer_phq9, open_roleplay, send, settle
from ui_fixtures import TODAY

from ipt_trainer.store import SqliteStore
from ipt_trainer.ui.screens.contacts import ContactsScreen
from ipt_trainer.ui.screens.crisis import CrisisScreen
from ipt_trainer.ui.screens.debrief import DebriefScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.phq9 import Phq9Screen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen
from ipt_trainer.ui.widgets.mood import MoodSelect

Calls = list[tuple[str, bool]]


class ThreadLog:
    """A store that notes, for every method called, whether it ran on the main thread."""

    def __init__(self, store: SqliteStore, calls: Calls) -> None:
        self._store = store
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            self._calls.append((name, threading.current_thread() is threading.main_thread()))
            return attribute(*args, **kwargs)

        return call


def watched(calls: Calls, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        calls.append((name, threading.current_thread() is threading.main_thread()))
        return function(*args, **kwargs)

    return call


async def test_no_store_settings_or_contacts_call_runs_on_the_event_loop(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC

    import ipt_trainer.ui.app as app_module
    import ipt_trainer.ui.services as services

    calls: Calls = []
    monkeypatch.setattr(
        app_module, "save_settings", watched(calls, "save_settings", app_module.save_settings)
    )
    monkeypatch.setattr(
        services, "write_contacts", watched(calls, "write_contacts", services.write_contacts)
    )
    store = SqliteStore(tmp_path / "data")
    app = make_app(store=ThreadLog(store, calls), today=TODAY, tz=UTC)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            # a session: mood before, a reply, try again, a crisis pause, then quit
            await pilot.press("enter")
            await pilot.pause()
            app.screen.query_one("#mood-before", MoodSelect).value = 4
            await pilot.press("f5")
            await settle(pilot)
            await send(pilot, "Fine, whatever.")
            await pilot.press("ctrl+r")
            await settle(pilot)
            await send(pilot, "I want to kill myself")
            assert isinstance(app.screen, CrisisScreen)
            await pilot.click("#contacts")  # contacts, edited from the card
            await pilot.pause()
            assert isinstance(app.screen, ContactsScreen)
            await pilot.press(*"Sam 07700 900123", "enter", "escape")
            await settle(pilot)
            await pilot.click("#back")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            await pilot.click("#quit")
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen)
            # a second session to the debrief, with a mood after
            screen = await open_roleplay(pilot)
            assert isinstance(screen, RolePlayScreen)
            await send(pilot, "I feel tired.")
            await send(pilot, "Let's share.")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DebriefScreen)
            app.screen.query_one("#mood-after", MoodSelect).value = 6
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            # progress, the PHQ-9, homework and a report
            await pilot.press("p")
            await settle(pilot)
            app.action_phq9()
            await pilot.pause()
            phq9 = app.screen
            assert isinstance(phq9, Phq9Screen)
            answer_phq9(phq9)
            await pilot.pause()
            phq9.action_submit()
            await settle(pilot)
            await pilot.press("escape", "escape")
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            app.theme = "textual-light"  # settings
            await settle(pilot)
    finally:
        store.close()

    names = {name for name, _ in calls}
    for expected in (
        "start_session",
        "record_reply",
        "mark_rewound",
        "record_safety_event",
        "record_mood",
        "abandon_session",
        "finish_session",
        "record_phq9",
        "progress_inputs",
        "homework",
        "save_settings",
        "write_contacts",
    ):
        assert expected in names, expected
    on_loop = sorted({name for name, main in calls if main})
    assert on_loop == []


async def test_a_failed_write_is_reported_not_dropped(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ipt_trainer.ui.services as services

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(services, "write_contacts", broken)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.action_contacts()
        await pilot.pause()
        await pilot.press(*"Sam 07700 900123", "enter", "escape")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "Could not save your contacts: disk full" in messages
        assert app.backend.contacts == ("Sam 07700 900123",)  # still shown on the card this run


async def test_save_in_background_reports_success_and_failure(make_app: AppFactory) -> None:
    from ipt_trainer.ui.messages import save_in_background

    def fail() -> None:
        raise RuntimeError("no room")

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        save_in_background(app, "mood", lambda: None, failure="Could not save", done="Saved.")
        save_in_background(app, "mood", fail, failure="Could not save your mood")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "Saved." in messages
        assert "Could not save your mood: no room" in messages
