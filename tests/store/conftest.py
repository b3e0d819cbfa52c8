"""Fixtures for the progress store tests: a controllable clock and a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.store import SqliteStore


class StepClock:
    """A clock that moves on by ``step`` each time it is read."""

    def __init__(self, start: datetime, step: timedelta = timedelta(minutes=1)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.step
        return current


@pytest.fixture
def clock() -> StepClock:
    return StepClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path, clock: StepClock) -> Iterator[SqliteStore]:
    opened = SqliteStore(tmp_path / "data", clock=clock)
    yield opened
    opened.close()


def make_score(a: int = 60, listening: int = 50, conflict: int | None = 40) -> ReplyScore:
    """A valid score with the given numbers."""
    return ReplyScore(
        assertiveness=a,
        assertiveness_style="assertive",
        active_listening=listening,
        listening_level=2,
        conflict_resolution=conflict,
        conflict_mode=None if conflict is None else "collaborating",
    )


def start(
    store: SqliteStore, scenario_id: str = "rent_talk", area: str | None = "role_dispute"
) -> str:
    """Start a session and return its id."""
    return store.start_session(
        scenario_id=scenario_id,
        scenario_version=1,
        scenario_hash="h" * 64,
        title="Talking about the rent",
        seed=42,
        problem_area=area,
        personalisation={"partner": "Sam"},
    ).id
