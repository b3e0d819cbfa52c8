"""Quitting while a reply is still being saved: the save lands, then the store closes.

Saves run in Textual thread workers and the app closes the store as it
unmounts; a slow store (its reply write held back until the learner has
quit) shows that the close waits for the write instead of pulling the
connection from under it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import AppFactory
from helpers import open_roleplay
from textual.pilot import Pilot

import ipt_trainer.store as store_module
from ipt_trainer.store import SqliteStore
from ipt_trainer.ui.widgets.reply_box import ReplyBox


class SlowStore(SqliteStore):
    """A real store whose reply write starts, then waits until the app is quitting."""

    started: ClassVar[threading.Event] = threading.Event()
    release: ClassVar[threading.Event] = threading.Event()
    closed_while_writing: ClassVar[list[bool]] = []

    def record_reply(self, *args: Any, **kwargs: Any) -> Any:
        SlowStore.started.set()
        SlowStore.release.wait(10)
        return super().record_reply(*args, **kwargs)

    def close(self) -> None:
        SlowStore.closed_while_writing.append(SlowStore.started.is_set() and not self._done())
        super().close()

    def _done(self) -> bool:
        return bool(self.replies())


async def _wait_for(pilot: Pilot[None], event: threading.Event) -> None:
    for _ in range(500):
        if event.is_set():
            return
        await pilot.pause(0.01)
    raise AssertionError("the save never started")


async def test_quitting_waits_for_a_reply_being_saved(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SlowStore.started.clear()
    SlowStore.release.clear()
    SlowStore.closed_while_writing.clear()
    monkeypatch.setattr(store_module, "SqliteStore", SlowStore)
    app = make_app()  # no store given: the app opens (and so closes) its own
    async with app.run_test(size=(100, 40)) as pilot:
        await open_roleplay(pilot)
        box = app.screen.query_one(ReplyBox)
        box.focus()
        box.text = "I feel tired when the dishes pile up, and I would like us to share them."
        await pilot.press("enter")
        await _wait_for(pilot, SlowStore.started)  # the reply is being saved in a worker
        app.exit()
        # let the write go only once the app is on its way out
        threading.Timer(0.3, SlowStore.release.set).start()
    assert SlowStore.closed_while_writing == [False]
    kept = SqliteStore(tmp_path / "data")
    try:
        replies = kept.replies()
    finally:
        kept.close()
    assert [reply.text for reply in replies] == [
        "I feel tired when the dishes pile up, and I would like us to share them."
    ]
