"""Progress summaries, computed from what the store kept - pure and deterministic.

Replies arrive pre-aggregated into quarter-hour buckets (UTC) so a store with
100,000 replies hands over a few thousand rows, not 100,000 models; a
quarter hour is fine enough to place every reply on the right *local* day in
any real time zone (all offsets are multiples of 15 minutes).
``buckets_from_replies`` builds the same buckets from records, which is how
the store's SQL aggregation is checked.

Given the same inputs, ``today`` and time zone, the summary is always the
same: nothing here reads the clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from ipt_trainer.core.model import SKILLS, Skill

TREND_WINDOWS = (7, 30)
"""Days in each trend window."""
MIN_TREND_REPLIES = 3
"""Scored replies needed on each side of a window before a trend is shown."""
DAILY_DAYS = 30
"""Days in each skill's daily series (for sparklines)."""
NO_PROBLEM_AREA = "drills"
"""Key for sessions with no problem area (skill drills)."""
BUCKET_MINUTES = 15


@dataclass(frozen=True, slots=True)
class ScoreBucket:
    """Replies recorded in one quarter hour, summed per skill (order of ``SKILLS``)."""

    start: datetime
    """Start of the quarter hour, UTC."""
    replies: int
    """Every reply, scored or not."""
    counts: tuple[int, int, int]
    """Scored replies per skill."""
    sums: tuple[int, int, int]
    """Sum of the scores per skill."""
    best: tuple[int | None, int | None, int | None]
    """Highest score per skill, None when none."""


@dataclass(frozen=True, slots=True)
class SessionTally:
    """How many sessions share a scenario, area, status and outcome."""

    scenario_id: str
    problem_area: str | None
    status: str
    outcome: str | None
    count: int


class _Point(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class MoodPoint(_Point):
    """One mood check-in in the history."""

    at: datetime
    """When (UTC)."""
    value: int
    """0-10."""
    when: str
    """before, after or standalone."""


class Phq9Point(_Point):
    """One PHQ-9 result in the history."""

    at: datetime
    """When (UTC)."""
    total: int
    """0-27."""
    band: str
    """Severity band."""


@dataclass(frozen=True, slots=True)
class ProgressInputs:
    """Everything a summary is computed from, as the store provides it."""

    buckets: Sequence[ScoreBucket]
    sessions: Sequence[SessionTally]
    moods: Sequence[MoodPoint]
    phq9: Sequence[Phq9Point]


class Trend(_Point):
    """Recent mean against the mean of everything before the window."""

    window_days: int
    """Length of the recent window, ending today."""
    recent_mean: float | None
    """Mean score within the window; None without scored replies there."""
    before_mean: float | None
    """Mean score before the window; None without scored replies then."""
    change: float | None
    """recent - before; None unless both sides have ``MIN_TREND_REPLIES`` replies."""


class SkillProgress(_Point):
    """One skill across all practice."""

    skill: Skill
    """Which skill."""
    count: int
    """Scored replies."""
    average: float | None
    """Mean score, None without any."""
    best: int | None
    """Highest score, None without any."""
    trends: tuple[Trend, ...]
    """One per window in ``TREND_WINDOWS``."""
    daily: tuple[float | None, ...]
    """Mean score per local day over the last ``DAILY_DAYS`` days, oldest first."""


class ProgressSummary(_Point):
    """The whole picture for the progress screen and ``ipt-trainer progress``."""

    today: date
    """The local day the summary was computed for."""
    replies: int
    """All replies recorded."""
    sessions: int
    """All sessions started."""
    practice_days: int
    """Local days with at least one reply."""
    streak_days: int
    """Consecutive practice days ending today (or yesterday, if today has none yet)."""
    skills: tuple[SkillProgress, ...]
    """One per skill, in the order of ``SKILLS``."""
    sessions_by_status: dict[str, int]
    """open, finished, abandoned."""
    sessions_by_problem_area: dict[str, int]
    """Sessions per IPT problem area (``drills`` for none)."""
    outcomes: dict[str, int]
    """Endings reached, by outcome."""
    outcomes_by_scenario: dict[str, dict[str, int]]
    """Endings reached per scenario, by outcome."""
    phq9: tuple[Phq9Point, ...]
    """PHQ-9 results, oldest first."""
    moods: tuple[MoodPoint, ...]
    """Mood check-ins, oldest first."""


class ReplyLike(Protocol):
    """The fields of a reply record a bucket needs."""

    @property
    def created_at(self) -> datetime: ...
    @property
    def assertiveness(self) -> int | None: ...
    @property
    def active_listening(self) -> int | None: ...
    @property
    def conflict_resolution(self) -> int | None: ...


def bucket_start(moment: datetime) -> datetime:
    """The UTC quarter hour ``moment`` falls in."""
    utc = moment.astimezone(UTC)
    return utc.replace(minute=utc.minute - utc.minute % BUCKET_MINUTES, second=0, microsecond=0)


def buckets_from_replies(replies: Iterable[ReplyLike]) -> list[ScoreBucket]:
    """The buckets the store's SQL produces, built from records (oldest first)."""
    grouped: dict[datetime, list[ReplyLike]] = defaultdict(list)
    for reply in replies:
        grouped[bucket_start(reply.created_at)].append(reply)
    result = []
    for start in sorted(grouped):
        members = grouped[start]
        columns = [
            [r.assertiveness for r in members],
            [r.active_listening for r in members],
            [r.conflict_resolution for r in members],
        ]
        present = [[v for v in column if v is not None] for column in columns]
        counts = (len(present[0]), len(present[1]), len(present[2]))
        sums = (sum(present[0]), sum(present[1]), sum(present[2]))
        best = tuple(max(values) if values else None for values in present)
        result.append(ScoreBucket(start, len(members), counts, sums, (best[0], best[1], best[2])))
    return result


@dataclass(slots=True)
class _Acc:
    count: int = 0
    total: int = 0

    def add(self, count: int, total: int) -> None:
        self.count += count
        self.total += total

    def mean(self, minimum: int = 1) -> float | None:
        return self.total / self.count if self.count >= minimum and self.count else None


def _local_day(moment: datetime, tz: tzinfo | None) -> date:
    return (moment.astimezone(tz) if tz is not None else moment.astimezone()).date()


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _skill_progress(
    index: int, skill: Skill, by_day: dict[date, list[ScoreBucket]], today: date
) -> SkillProgress:
    overall = _Acc()
    best: int | None = None
    daily: dict[date, _Acc] = defaultdict(_Acc)
    for day, buckets in by_day.items():
        for bucket in buckets:
            count = bucket.counts[index]
            if not count:
                continue
            overall.add(count, bucket.sums[index])
            daily[day].add(count, bucket.sums[index])
            top = bucket.best[index]
            if top is not None and (best is None or top > best):
                best = top
    trends = []
    for window in TREND_WINDOWS:
        first = today - timedelta(days=window - 1)
        recent, before = _Acc(), _Acc()
        for day, acc in daily.items():
            (recent if day >= first else before).add(acc.count, acc.total)
        both = recent.count >= MIN_TREND_REPLIES and before.count >= MIN_TREND_REPLIES
        recent_mean, before_mean = recent.mean(), before.mean()
        change = (
            recent_mean - before_mean
            if both and recent_mean is not None and before_mean is not None
            else None
        )
        trends.append(
            Trend(
                window_days=window,
                recent_mean=_round(recent_mean),
                before_mean=_round(before_mean),
                change=_round(change),
            )
        )
    series = tuple(
        _round(daily[day].mean()) if day in daily else None
        for day in (today - timedelta(days=offset) for offset in range(DAILY_DAYS - 1, -1, -1))
    )
    return SkillProgress(
        skill=skill,
        count=overall.count,
        average=_round(overall.mean()),
        best=best,
        trends=tuple(trends),
        daily=series,
    )


def _round(value: float | None) -> float | None:
    """Two decimals: enough for display, and stable JSON across platforms."""
    return None if value is None else round(value, 2)


def _tally(sessions: Sequence[SessionTally]) -> tuple[dict[str, int], ...]:
    by_status: dict[str, int] = defaultdict(int)
    by_area: dict[str, int] = defaultdict(int)
    outcomes: dict[str, int] = defaultdict(int)
    for tally in sessions:
        by_status[tally.status] += tally.count
        by_area[tally.problem_area or NO_PROBLEM_AREA] += tally.count
        if tally.outcome is not None:
            outcomes[tally.outcome] += tally.count
    return tuple(dict(sorted(d.items())) for d in (by_status, by_area, outcomes))


def _outcomes_by_scenario(sessions: Sequence[SessionTally]) -> dict[str, dict[str, int]]:
    nested: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for tally in sessions:
        if tally.outcome is not None:
            nested[tally.scenario_id][tally.outcome] += tally.count
    return {key: dict(sorted(nested[key].items())) for key in sorted(nested)}


def summarise(inputs: ProgressInputs, today: date, tz: tzinfo | None = None) -> ProgressSummary:
    """The progress summary as of local day ``today`` in ``tz`` (None: the system's zone)."""
    by_day: dict[date, list[ScoreBucket]] = defaultdict(list)
    for bucket in inputs.buckets:
        by_day[_local_day(bucket.start, tz)].append(bucket)
    practice = {day for day, buckets in by_day.items() if any(b.replies for b in buckets)}
    by_status, by_area, outcomes = _tally(inputs.sessions)
    return ProgressSummary(
        today=today,
        replies=sum(bucket.replies for bucket in inputs.buckets),
        sessions=sum(tally.count for tally in inputs.sessions),
        practice_days=len(practice),
        streak_days=_streak(practice, today),
        skills=tuple(_skill_progress(i, skill, by_day, today) for i, skill in enumerate(SKILLS)),
        sessions_by_status=by_status,
        sessions_by_problem_area=by_area,
        outcomes=outcomes,
        outcomes_by_scenario=_outcomes_by_scenario(inputs.sessions),
        phq9=tuple(sorted(inputs.phq9, key=lambda point: point.at)),
        moods=tuple(sorted(inputs.moods, key=lambda point: point.at)),
    )
