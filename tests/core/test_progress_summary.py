"""Progress summaries: averages, trends, streaks, local days, tallies - all from fixed inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from ipt_trainer.core.progress import (
    MIN_TREND_REPLIES,
    MoodPoint,
    Phq9Point,
    ProgressInputs,
    SessionTally,
    buckets_from_replies,
    quarter_of,
    summarise,
)

TODAY = date(2026, 3, 31)


@dataclass(frozen=True)
class Reply:
    created_at: datetime
    assertiveness: int | None = None
    active_listening: int | None = None
    conflict_resolution: int | None = None


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def inputs(replies: list[Reply], sessions: tuple[SessionTally, ...] = ()) -> ProgressInputs:
    return ProgressInputs(
        buckets=buckets_from_replies(replies), sessions=sessions, moods=(), phq9=()
    )


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_empty_inputs_give_an_empty_summary() -> None:
    summary = summarise(inputs([]), TODAY, UTC)
    assert summary.replies == 0 and summary.streak_days == 0
    for skill in summary.skills:
        assert skill.count == 0 and skill.average is None and skill.best is None
        assert all(trend.change is None for trend in skill.trends)
        assert skill.daily == (None,) * 30


def test_average_best_and_count_per_skill() -> None:
    replies = [
        Reply(at(days_ago(1)), 40, 60, None),
        Reply(at(days_ago(1), minute=20), 80, 70, 50),
        Reply(at(days_ago(0)), None, None, None),  # a picked suggestion: counted, not scored
    ]
    summary = summarise(inputs(replies), TODAY, UTC)
    assertiveness, listening, conflict = summary.skills
    assert (assertiveness.count, assertiveness.average, assertiveness.best) == (2, 60.0, 80)
    assert (listening.count, listening.average, listening.best) == (2, 65.0, 70)
    assert (conflict.count, conflict.average, conflict.best) == (1, 50.0, 50)
    assert summary.replies == 3


def test_trend_compares_window_with_the_time_before() -> None:
    old = [Reply(at(days_ago(20), minute=m), 40) for m in range(0, 45, 15)]
    recent = [Reply(at(days_ago(2), minute=m), 70) for m in range(0, 45, 15)]
    week, month = summarise(inputs(old + recent), TODAY, UTC).skills[0].trends
    assert (week.window_days, week.recent_mean, week.before_mean, week.change) == (7, 70, 40, 30)
    # both groups fall inside the 30-day window: nothing before it, so no trend
    assert month.recent_mean == 55 and month.before_mean is None and month.change is None


def test_trend_needs_enough_replies_on_both_sides() -> None:
    old = [Reply(at(days_ago(20), minute=15 * m), 40) for m in range(MIN_TREND_REPLIES - 1)]
    recent = [Reply(at(days_ago(1), minute=15 * m), 70) for m in range(MIN_TREND_REPLIES)]
    week = summarise(inputs(old + recent), TODAY, UTC).skills[0].trends[0]
    assert week.before_mean == 40 and week.recent_mean == 70
    assert week.change is None


def test_daily_series_has_one_mean_per_day_oldest_first() -> None:
    replies = [
        Reply(at(days_ago(0)), 90),
        Reply(at(days_ago(0), 13), 70),
        Reply(at(days_ago(29)), 10),
    ]
    daily = summarise(inputs(replies), TODAY, UTC).skills[0].daily
    assert len(daily) == 30
    assert daily[0] == 10 and daily[-1] == 80 and daily[1:-1] == (None,) * 28


def test_streak_counts_consecutive_days_up_to_today() -> None:
    replies = [Reply(at(days_ago(n))) for n in (0, 1, 2, 4)]
    summary = summarise(inputs(replies), TODAY, UTC)
    assert summary.streak_days == 3
    assert summary.practice_days == 4


def test_streak_stays_alive_until_today_ends() -> None:
    replies = [Reply(at(days_ago(n))) for n in (1, 2)]
    assert summarise(inputs(replies), TODAY, UTC).streak_days == 2
    replies = [Reply(at(days_ago(n))) for n in (2, 3)]
    assert summarise(inputs(replies), TODAY, UTC).streak_days == 0


def test_local_day_uses_the_time_zone() -> None:
    # 19:00 UTC on the 30th is 00:30 on the 31st in India (+05:30)
    reply = Reply(datetime(2026, 3, 30, 19, 0, tzinfo=UTC), 50)
    india = timezone(timedelta(hours=5, minutes=30))
    assert summarise(inputs([reply]), TODAY, india).streak_days == 1
    assert summarise(inputs([reply]), TODAY, india).skills[0].daily[-1] == 50
    assert summarise(inputs([reply]), TODAY, UTC).skills[0].daily[-2] == 50


def test_buckets_are_quarter_hours() -> None:
    moment = datetime(2026, 3, 30, 19, 44, 59, 999999, tzinfo=UTC)
    assert quarter_of(moment) == quarter_of(datetime(2026, 3, 30, 19, 30, tzinfo=UTC))
    assert quarter_of(moment) + 1 == quarter_of(datetime(2026, 3, 30, 19, 45, tzinfo=UTC))
    buckets = buckets_from_replies([Reply(moment, 10), Reply(moment - timedelta(minutes=10), 30)])
    assert len(buckets) == 1
    (bucket,) = buckets
    assert bucket.start == datetime(2026, 3, 30, 19, 30, tzinfo=UTC)
    assert (bucket.replies, bucket.a_count, bucket.a_sum, bucket.l_count) == (2, 2, 40, 0)
    assert [bucket.best(i) for i in range(3)] == [30, None, None]


def test_session_tallies() -> None:
    sessions = (
        SessionTally("rent_talk", "role_dispute", "finished", "repaired", 2),
        SessionTally("rent_talk", "role_dispute", "finished", "stalemate", 1),
        SessionTally("new_job", "role_transition", "open", None, 1),
        SessionTally("reflect_drill", None, "abandoned", None, 3),
    )
    summary = summarise(inputs([], sessions), TODAY, UTC)
    assert summary.sessions == 7
    assert summary.sessions_by_status == {"abandoned": 3, "finished": 3, "open": 1}
    assert summary.sessions_by_problem_area == {
        "drills": 3,
        "role_dispute": 3,
        "role_transition": 1,
    }
    assert summary.outcomes == {"repaired": 2, "stalemate": 1}
    assert summary.outcomes_by_scenario == {"rent_talk": {"repaired": 2, "stalemate": 1}}


def test_histories_are_sorted_and_summary_is_deterministic() -> None:
    moods = (
        MoodPoint(at=at(days_ago(1)), value=6, when="after"),
        MoodPoint(at=at(days_ago(3)), value=4, when="before"),
    )
    phq = (Phq9Point(at=at(days_ago(2)), total=8, band="mild"),)
    data = ProgressInputs(
        buckets=buckets_from_replies([Reply(at(TODAY), 50)]), sessions=(), moods=moods, phq9=phq
    )
    first = summarise(data, TODAY, UTC)
    assert [m.value for m in first.moods] == [4, 6]
    assert first.phq9 == phq
    assert summarise(data, TODAY, UTC).model_dump_json() == first.model_dump_json()
