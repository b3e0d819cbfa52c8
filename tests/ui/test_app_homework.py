"""Homework: assignments with status, note, due date and targets; exporting a report."""

from __future__ import annotations

import stat
from datetime import UTC, date
from pathlib import Path

from conftest import AppFactory
from helpers import plain, settle
from textual.widgets import Input, Static
from ui_fixtures import TODAY, seed_progress

from ipt_trainer.store import SqliteStore
from ipt_trainer.ui.screens.homework import HomeworkScreen
from ipt_trainer.ui.screens.library import LibraryScreen


async def test_homework_status_and_export(make_app: AppFactory, tmp_path: Path) -> None:
    seed_progress(tmp_path / "data")
    store = SqliteStore(tmp_path / "data")
    try:
        store.add_homework(
            homework_id="week-1",
            label="Practise the dishes talk",
            scenario_id="talk",
            due=date(2026, 3, 10),
            targets={"assertiveness": 70},
            note="Try starting with how you feel.",
        )
    finally:
        store.close()
    app = make_app(today=TODAY, tz=UTC)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeworkScreen)
        assert screen.assignments is not None and len(screen.assignments) == 1
        shown = plain(screen.query_one(".assignment", Static))
        assert "Practise the dishes talk" in shown
        assert "Overdue · due Tue 10 Mar 2026" in shown
        assert "Targets: Assertiveness –/70" in shown
        assert "Try starting with how you feel." in shown
        await pilot.click("#export-html")
        await settle(pilot)
        path = screen.exported
        assert path == tmp_path / "data" / "reports" / "ipt-trainer-report-2026-03-14.html"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "<html" in path.read_text(encoding="utf-8").lower()
        assert any(str(path) in n.message for n in app._notifications)


async def test_no_homework_says_how_to_add_it(make_app: AppFactory) -> None:
    app = make_app(today=TODAY, tz=UTC)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("slash", "h", "p")  # letters typed in the filter stay there
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#search", Input).value == "hp"
        await pilot.press("escape", "h")
        await settle(pilot)
        assert "ipt-trainer homework add" in plain(app.screen.query_one("#homework-empty", Static))
