"""The progress screen: a few records, and none; the PHQ-9 self-check."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from conftest import AppFactory
from helpers import answer_phq9, plain, settle
from textual.widgets import RadioButton, RadioSet, Sparkline, Static
from ui_fixtures import TODAY, seed_progress

from ipt_trainer.store import SqliteStore
from ipt_trainer.ui.screens.crisis import CrisisScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.phq9 import Phq9Screen
from ipt_trainer.ui.screens.progress import ProgressScreen


async def test_progress_with_records(make_app: AppFactory, tmp_path: Path) -> None:
    seed_progress(tmp_path / "data")
    app = make_app(today=TODAY, tz=UTC)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        summary = screen.summary
        assert summary is not None and summary.sessions == 2
        head = plain(screen.query_one("#headline", Static))
        assert "7 replies in 2 sessions over 3 days" in head
        assert "practice streak: 3 days" in head
        lines = [plain(s) for s in screen.query(".skill-line").results(Static)]
        assert "avg 72 · best 96 · 7 scored" in lines[0]
        trend = screen.query_one("#trend-assertiveness", Sparkline)
        assert list(trend.data or [])[-3:] == [52.0, 72.0, 92.0]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_progress_when_nothing_is_kept_yet(make_app: AppFactory) -> None:
    app = make_app(today=TODAY, tz=UTC)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert "Nothing here yet" in plain(app.screen.query_one("#progress-empty", Static))


async def test_phq9_item_9_above_0_shows_the_crisis_card(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(today=TODAY, tz=UTC)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        await settle(pilot)
        await pilot.click("#phq9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Phq9Screen)
        answer_phq9(screen, item_nine=1)  # total 1: minimal, but item 9 is what counts
        await pilot.pause()
        screen.action_submit()
        await settle(pilot)
        assert isinstance(app.screen, CrisisScreen)
        assert screen.result is not None and screen.result.total == 1
        assert "1 of 27 (minimal)" in plain(screen.query_one("#phq9-result", Static))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        progress = app.screen
        assert isinstance(progress, ProgressScreen)
        assert progress.summary is not None and [p.total for p in progress.summary.phq9] == [1]
    store = SqliteStore(tmp_path / "data")
    try:
        assert [e.category for e in store.safety_events()] == ["phq9_item9"]
    finally:
        store.close()


async def test_phq9_asks_for_missing_answers(make_app: AppFactory) -> None:
    app = make_app(today=TODAY, tz=UTC)
    async with app.run_test(size=(100, 40)) as pilot:
        app.action_phq9()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Phq9Screen)
        screen.query_one("#item-1-2", RadioButton).value = True
        await pilot.pause()
        screen.action_submit()
        await pilot.pause()
        assert screen.result is None
        assert app.focused is screen.query_one("#item-2", RadioSet)
