"""Fixtures for the progress store tests: a controllable clock and a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_helpers import StepClock

from ipt_trainer.store import SqliteStore


@pytest.fixture
def clock() -> StepClock:
    return StepClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path, clock: StepClock) -> Iterator[SqliteStore]:
    opened = SqliteStore(tmp_path / "data", clock=clock)
    yield opened
    opened.close()
