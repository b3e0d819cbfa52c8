"""Helpers shared by the store tests (a module name of its own: ``conftest`` clashes
with other folders' conftest when several test folders run in one pytest call)."""

from __future__ import annotations

from datetime import datetime, timedelta

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
