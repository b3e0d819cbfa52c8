"""Snapshots of the second slice's screens (progress, first run) at 80x24 and 120x40.

Fixed data and clock: the store is seeded with fixed timestamps and the app
gets a fixed ``today`` and UTC, so the sparklines and tables never move.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from conftest import AppFactory
from helpers import settle
from textual.pilot import Pilot
from ui_fixtures import TODAY, seed_progress

SIZES = [(80, 24), (120, 40)]


async def _to_progress(pilot: Pilot[None]) -> None:
    await pilot.press("p")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_progress(
    snap_compare: Any, make_app: AppFactory, tmp_path: Path, size: tuple[int, int]
) -> None:
    seed_progress(tmp_path / "data")
    app = make_app(today=TODAY, tz=UTC)
    assert snap_compare(app, terminal_size=size, run_before=_to_progress)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_first_run(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(first_run=True), terminal_size=size)
