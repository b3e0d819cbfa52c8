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
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import NamedTuple, Protocol

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
QUARTER_SECONDS = 15 * 60
"""Bucket length: every real UTC offset is a multiple of it."""


class ScoreBucket(NamedTuple):
    """Replies recorded in one UTC quarter hour, summed per skill.

    A flat tuple, in the store's column order, so 10,000 of them are built
    straight from rows (``ScoreBucket._make(row)``) at almost no cost.
    """

    quarter: int
    """Quarter hours since the Unix epoch (UTC): ``timestamp // 900``."""
    replies: int
    """Every reply, scored or not."""
    a_count: int
    """Replies scored for assertiveness."""
    a_sum: int
    """Sum of their assertiveness scores."""
    a_best: int | None
    """Highest assertiveness score, None when none."""
    l_count: int
    """Same for active listening."""
    l_sum: int
    l_best: int | None
    c_count: int
    """Same for conflict resolution (scored only when a disagreement was in play)."""
    c_sum: int
    c_best: int | None

    @property
    def start(self) -> datetime:
        """Start of the quarter hour, UTC."""
        return datetime.fromtimestamp(self.quarter * QUARTER_SECONDS, UTC)

    def best(self, skill: int) -> int | None:
        """Highest score for skill number ``skill`` (order of ``SKILLS``)."""
        return (self.a_best, self.l_best, self.c_best)[skill]


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


def quarter_of(moment: datetime) -> int:
    """The UTC quarter hour ``moment`` falls in, as quarter hours since the epoch."""
    return int(moment.timestamp()) // QUARTER_SECONDS


def buckets_from_replies(replies: Iterable[ReplyLike]) -> list[ScoreBucket]:
    """The buckets the store's SQL produces, built from records (oldest first)."""
    grouped: dict[int, list[ReplyLike]] = defaultdict(list)
    for reply in replies:
        grouped[quarter_of(reply.created_at)].append(reply)
    result = []
    for quarter in sorted(grouped):
        members = grouped[quarter]
        fields: list[int | None] = [quarter, len(members)]
        for column in (
            [r.assertiveness for r in members],
            [r.active_listening for r in members],
            [r.conflict_resolution for r in members],
        ):
            present = [value for value in column if value is not None]
            fields += [len(present), sum(present), max(present) if present else None]
        result.append(ScoreBucket._make(fields))
    return result


@dataclass(slots=True)
class _Acc:
    count: int = 0
    total: int = 0

    def add(self, count: int, total: int) -> None:
        self.count += count
        self.total += total

    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


@dataclass(slots=True)
class DayTotals:
    """One local day's replies, summed per skill (the unit trends and streaks use)."""

    replies: int = 0
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])
    sums: list[int] = field(default_factory=lambda: [0, 0, 0])


_DAY_SECONDS = 86_400
_QUARTERS_PER_DAY = _DAY_SECONDS // QUARTER_SECONDS
_EPOCH_DAY = date(1970, 1, 1)


def _offset(seconds: int, tz: tzinfo | None) -> int:
    """The zone's UTC offset (seconds) at that instant; None: the system's zone."""
    moment = datetime.fromtimestamp(seconds, UTC)
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    offset = local.utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


class LocalDays:
    """Local day of a UTC quarter hour, with the zone asked once per UTC day.

    Asking the time zone for every bucket was most of ``summarise``; offsets
    change at most at a transition, so a UTC day whose first and last quarter
    share an offset is mapped by arithmetic, and a day with a transition in
    it is asked quarter by quarter.
    """

    def __init__(self, tz: tzinfo | None) -> None:
        self.tz = tz
        self.offsets: dict[int, int | None] = {}
        self.dates: dict[int, date] = {}

    def __call__(self, quarter: int) -> date:
        utc_day = quarter // _QUARTERS_PER_DAY
        if utc_day in self.offsets:
            offset = self.offsets[utc_day]
        else:
            first = _offset(utc_day * _DAY_SECONDS, self.tz)
            last = _offset((utc_day + 1) * _DAY_SECONDS - QUARTER_SECONDS, self.tz)
            offset = self.offsets[utc_day] = first if first == last else None
        seconds = quarter * QUARTER_SECONDS
        if offset is None:
            offset = _offset(seconds, self.tz)
        number = (seconds + offset) // _DAY_SECONDS
        found = self.dates.get(number)
        if found is None:
            found = self.dates[number] = _EPOCH_DAY + timedelta(days=number)
        return found


def offset_spans(first: int, last: int, tz: tzinfo | None) -> list[tuple[int, int]]:
    """The zone's UTC offset over quarter hours ``first`` to ``last``, as ``(from quarter,
    offset in seconds)`` pairs in order: what SQL needs to group by local day. Found as
    ``LocalDays`` finds it (per UTC day, quarter by quarter on a day with a transition)."""
    spans: list[tuple[int, int]] = []
    for utc_day in range(first // _QUARTERS_PER_DAY, last // _QUARTERS_PER_DAY + 1):
        begin = utc_day * _QUARTERS_PER_DAY
        start = _offset(begin * QUARTER_SECONDS, tz)
        end = _offset((begin + _QUARTERS_PER_DAY - 1) * QUARTER_SECONDS, tz)
        quarters = range(begin, begin + (1 if start == end else _QUARTERS_PER_DAY))
        for quarter in quarters:
            offset = start if start == end else _offset(quarter * QUARTER_SECONDS, tz)
            if not spans or spans[-1][1] != offset:
                spans.append((quarter, offset))
    return spans


def daily_totals(buckets: Sequence[ScoreBucket], tz: tzinfo | None) -> dict[date, DayTotals]:
    """One pass over the buckets: the only loop whose length grows with the data."""
    days: dict[date, DayTotals] = defaultdict(DayTotals)
    local_day = LocalDays(tz)
    for bucket in buckets:
        day = days[local_day(bucket.quarter)]
        day.replies += bucket.replies
        counts, sums = day.counts, day.sums
        counts[0] += bucket.a_count
        sums[0] += bucket.a_sum
        counts[1] += bucket.l_count
        sums[1] += bucket.l_sum
        counts[2] += bucket.c_count
        sums[2] += bucket.c_sum
    return days


def _best(buckets: Sequence[ScoreBucket], index: int) -> int | None:
    values = [top for bucket in buckets if (top := bucket.best(index)) is not None]
    return max(values) if values else None


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _trend(window: int, daily: dict[date, _Acc], today: date) -> Trend:
    first = today - timedelta(days=window - 1)
    recent, before = _Acc(), _Acc()
    for day, acc in daily.items():
        (recent if day >= first else before).add(acc.count, acc.total)
    recent_mean, before_mean = recent.mean(), before.mean()
    enough = recent.count >= MIN_TREND_REPLIES and before.count >= MIN_TREND_REPLIES
    change = None
    if enough and recent_mean is not None and before_mean is not None:
        change = recent_mean - before_mean
    return Trend(
        window_days=window,
        recent_mean=_round(recent_mean),
        before_mean=_round(before_mean),
        change=_round(change),
    )


def _skill_progress(
    index: int, skill: Skill, days: dict[date, DayTotals], best: int | None, today: date
) -> SkillProgress:
    daily = {
        day: _Acc(totals.counts[index], totals.sums[index])
        for day, totals in days.items()
        if totals.counts[index]
    }
    overall = _Acc()
    for acc in daily.values():
        overall.add(acc.count, acc.total)
    series = tuple(
        _round(daily[day].mean()) if day in daily else None
        for day in (today - timedelta(days=offset) for offset in range(DAILY_DAYS - 1, -1, -1))
    )
    return SkillProgress(
        skill=skill,
        count=overall.count,
        average=_round(overall.mean()),
        best=best,
        trends=tuple(_trend(window, daily, today) for window in TREND_WINDOWS),
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
    days = daily_totals(inputs.buckets, tz)
    practice = {day for day, totals in days.items() if totals.replies}
    by_status, by_area, outcomes = _tally(inputs.sessions)
    skills = tuple(
        _skill_progress(index, skill, days, _best(inputs.buckets, index), today)
        for index, skill in enumerate(SKILLS)
    )
    return ProgressSummary(
        today=today,
        replies=sum(totals.replies for totals in days.values()),
        sessions=sum(tally.count for tally in inputs.sessions),
        practice_days=len(practice),
        streak_days=_streak(practice, today),
        skills=skills,
        sessions_by_status=by_status,
        sessions_by_problem_area=by_area,
        outcomes=outcomes,
        outcomes_by_scenario=_outcomes_by_scenario(inputs.sessions),
        phq9=tuple(sorted(inputs.phq9, key=lambda point: point.at)),
        moods=tuple(sorted(inputs.moods, key=lambda point: point.at)),
    )
