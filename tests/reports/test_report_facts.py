"""A report from SQL aggregates (``gather(..., facts=True)``) equals one from every record."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.reports.gather import first_quarter, gather
from ipt_trainer.reports.report import Report, build_report
from ipt_trainer.store import SqliteStore

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


class Clock:
    """Starts in early March and moves on by a random few minutes to hours per reading."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=self.rng.choice([1, 1, 2, 7, 90, 600]))
        return self.now


def score(rng: random.Random) -> ReplyScore:
    conflict = rng.choice([None, rng.randint(0, 100)])
    return ReplyScore(
        assertiveness=rng.choice([0, 50, 100, rng.randint(0, 100)]),
        assertiveness_style="assertive",
        active_listening=rng.randint(0, 100),
        listening_level=2,
        conflict_resolution=conflict,
        conflict_mode=None if conflict is None else "collaborating",
    )


def fill(store: SqliteStore, rng: random.Random, sessions: int) -> None:
    store.add_homework(
        homework_id="w1", label="First", scenario_id="talk_1", targets={"assertiveness": 60}
    )
    for index in range(sessions):
        if index == sessions // 2:
            store.add_homework(homework_id="w2", label="Later", scenario_id="talk_2")
            dropped = store.add_homework(homework_id="w3", label="Gone", scenario_id="talk_0")
            store.set_homework_status(dropped.id, "dropped")
        session = store.start_session(
            scenario_id=f"talk_{index % 3}",
            scenario_version=1,
            scenario_hash="h" * 64,
            title=f"Talk {index % 3} v{index}",
            seed=index,
        )
        turns = rng.randint(0, 12)
        for turn in range(turns):
            typed = rng.random() < 0.8
            store.record_reply(
                session.id,
                turn=turn,
                node="ask",
                text=f"reply {index}.{turn}",
                context="They said something.",
                source="typed" if typed else "suggestion",
                score=score(rng) if typed or rng.random() < 0.5 else None,
            )
        if turns > 2 and rng.random() < 0.3:
            store.mark_rewound(session.id, [turns - 1, turns - 2])
        choice = rng.random()
        if choice < 0.6:
            store.finish_session(
                session.id, ending=rng.choice(["calm", "talk"]), outcome="repaired"
            )
        elif choice < 0.8:
            store.abandon_session(session.id)


def both(store: SqliteStore, since: date | None, tz: tzinfo | None) -> tuple[Report, Report]:
    options = {"today": date(2026, 4, 1), "produced_at": NOW, "since": since, "tz": tz}
    slow = build_report(gather(store, since), **options)  # type: ignore[arg-type]
    fast = build_report(gather(store, since, facts=True, tz=tz), **options)  # type: ignore[arg-type]
    return slow, fast


ZONES: list[tzinfo | None] = [
    UTC,
    None,
    timezone(timedelta(hours=-9, minutes=-30)),
    ZoneInfo("Europe/London"),  # summer time starts on 29 March 2026
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_report_equals_the_records_report(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    with SqliteStore(tmp_path / "data", clock=Clock(rng)) as store:
        fill(store, rng, sessions=60)
        last = max(s.started_at for s in store.sessions()).date()
        for tz in ZONES:
            for since in (None, date(2026, 3, 1), last - timedelta(days=3), last, date(2027, 1, 1)):
                slow, fast = both(store, since, tz)
                assert fast == slow, (tz, since)


@pytest.mark.parametrize("replies", [0, 1, 2, 3, 5, 6, 7])
def test_few_replies_split_into_strongest_and_weakest_alike(tmp_path: Path, replies: int) -> None:
    rng = random.Random(replies)
    with SqliteStore(tmp_path / "data", clock=Clock(rng)) as store:
        session = store.start_session(
            scenario_id="talk", scenario_version=1, scenario_hash="h" * 64, title="T", seed=1
        )
        for turn in range(replies):
            store.record_reply(
                session.id, turn=turn, node="n", text=f"r{turn}", source="typed", score=score(rng)
            )
        slow, fast = both(store, None, UTC)
    assert fast == slow
    assert len(fast.strongest) + len(fast.weakest) == min(replies, 6)


def test_facts_must_be_built_for_the_same_period(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "data") as store:
        inputs = gather(store, date(2026, 3, 1), facts=True, tz=UTC)
    with pytest.raises(ValueError, match="another period"):
        build_report(inputs, today=date(2026, 4, 1), produced_at=NOW, since=None, tz=UTC)
    with pytest.raises(ValueError, match="transcripts"):
        build_report(
            inputs,
            today=date(2026, 4, 1),
            produced_at=NOW,
            since=date(2026, 3, 1),
            tz=UTC,
            with_transcripts=True,
        )


@pytest.mark.parametrize("tz", [*ZONES[:-1], ZoneInfo("Pacific/Kiritimati")], ids=str)
def test_first_quarter_is_the_first_on_or_after_the_day(tz: tzinfo | None) -> None:
    since = date(2026, 3, 29)
    quarter = first_quarter(since, tz)

    def day(q: int) -> date:
        return datetime.fromtimestamp(q * 900, tz).date()

    assert day(quarter) >= since > day(quarter - 1)
