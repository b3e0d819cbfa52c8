"""``gather`` with --since reads fewer replies and builds the very same report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.reports.gather import gather
from ipt_trainer.reports.report import build_report
from ipt_trainer.store import SqliteStore


class Clock:
    """Moves on by ``step`` per reading; ``jump`` skips ahead."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

    def jump(self, days: int) -> None:
        self.now += timedelta(days=days)


def score(value: int) -> ReplyScore:
    return ReplyScore(
        assertiveness=value,
        assertiveness_style="assertive",
        active_listening=value,
        listening_level=2,
    )


def play(store: SqliteStore, scenario: str, values: list[int], finish: bool = True) -> str:
    session = store.start_session(
        scenario_id=scenario, scenario_version=1, scenario_hash="h" * 64, title=scenario, seed=1
    )
    for turn, value in enumerate(values):
        store.record_reply(
            session.id, turn=turn, node="ask", text=f"r{value}", source="typed", score=score(value)
        )
    if finish:
        store.finish_session(session.id, ending="done", outcome="repaired")
    return session.id


def test_since_reads_only_what_matters_and_agrees(tmp_path: Path) -> None:
    clock = Clock()
    with SqliteStore(tmp_path / "data", clock=clock) as store:
        for week in range(10):
            play(store, "old_talk", [10 + week, 20 + week])
            clock.jump(7)
        store.add_homework(homework_id="w", label="Homework", scenario_id="hw_talk")
        running = play(store, "long_talk", [30], finish=False)  # started before, still open
        clock.jump(3)
        play(store, "hw_talk", [40, 90])
        store.record_reply(
            running, turn=1, node="ask", text="later", source="typed", score=score(55)
        )
        since = (clock.now - timedelta(days=1)).date()
        narrow = gather(store, since=since)
        wide = gather(store)
    assert len(narrow.replies) < len(wide.replies)
    assert {r.text for r in narrow.replies} >= {"r40", "r90", "later", "r30"}
    options = {
        "today": since + timedelta(days=1),
        "produced_at": clock.now,
        "tz": UTC,
        "since": since,
        "with_transcripts": True,
    }
    assert build_report(narrow, **options) == build_report(wide, **options)  # type: ignore[arg-type]


def test_since_far_back_reads_everything(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "data", clock=Clock()) as store:
        play(store, "a", [1, 2])
        assert len(gather(store, since=date(2000, 1, 1)).replies) == 2
