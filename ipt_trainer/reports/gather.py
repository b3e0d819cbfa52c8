"""Reading a report's records from the store: the only I/O in building a report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from ipt_trainer.core.model import SKILLS
from ipt_trainer.core.progress import (
    MIN_TREND_REPLIES,
    QUARTER_SECONDS,
    LocalDays,
    ScoreBucket,
    offset_spans,
    quarter_of,
)
from ipt_trainer.reports.status import in_period
from ipt_trainer.store import (
    HomeworkRecord,
    MoodRecord,
    Phq9Record,
    ProgressStore,
    ReplyRecord,
    ReportFactsStore,
    SafetyEventRecord,
    SessionRecord,
)
from ipt_trainer.store.facts import AssignmentFacts, EndingFacts, ScenarioFacts

HIGHLIGHTS = 3
"""Strongest and weakest replies shown."""


@dataclass(frozen=True)
class ReportFacts:
    """Aggregates read in SQL instead of every session and reply, for one period and zone.

    ``buckets`` are per local day of the period (each keyed by the day's first quarter
    hour with a reply, see ``ReportFactsStore.kept_days``); ``halves`` hold, per
    skill, the sums of the earlier and later half of the kept scores (None
    with fewer than ``MIN_TREND_REPLIES`` a side); the highlights are already
    ranked; ``assignments`` are keyed by assignment id.
    """

    since: date | None
    tz: tzinfo | None
    buckets: Sequence[ScoreBucket]
    halves: tuple[tuple[int, int] | None, ...]
    strongest: Sequence[ReplyRecord]
    weakest: Sequence[ReplyRecord]
    titles: Mapping[str, str]
    scenarios: Sequence[ScenarioFacts]
    endings: Sequence[EndingFacts]
    assignments: Mapping[str, AssignmentFacts]


@dataclass(frozen=True)
class ReportInputs:
    """The store's records a report is built from (``facts`` in place of sessions and
    replies when gathered with ``facts=True``)."""

    sessions: Sequence[SessionRecord] = ()
    replies: Sequence[ReplyRecord] = ()
    moods: Sequence[MoodRecord] = ()
    phq9: Sequence[Phq9Record] = ()
    homework: Sequence[HomeworkRecord] = ()
    safety: Sequence[SafetyEventRecord] = ()
    facts: ReportFacts | None = None


def gather(
    store: ProgressStore,
    since: date | None = None,
    *,
    facts: bool = False,
    tz: tzinfo | None = None,
) -> ReportInputs:
    """Read what a report needs from ``store`` (the only I/O in report building).

    With ``facts`` (and a store that offers them), sessions and replies are
    read as aggregates for the period in ``tz`` (None: the system's zone),
    which ``build_report`` must then be given too: an all-time report on
    100,000 replies reads a few thousand small rows instead of every reply.
    Transcripts need every reply, so they need ``facts=False``.

    With ``since``, replies are read only for the sessions that can matter:
    those still running on or after the day before ``since`` (a day's margin
    covers every time zone) and those counting towards an assignment. A
    weekly report from years of practice then reads a week of replies.
    """
    if facts and isinstance(store, ReportFactsStore):
        return ReportInputs(
            moods=store.moods(),
            phq9=store.phq9_results(),
            homework=store.homework(),
            safety=store.safety_events(),
            facts=_facts(store, since, tz),
        )
    sessions = store.sessions()
    homework = store.homework()
    if since is None:
        replies = store.replies()
    else:
        wanted = _sessions_needed(sessions, homework, since)
        if len(wanted) * 2 > len(sessions):
            replies = store.replies()  # one query beats many
        else:
            found = [reply for session_id in wanted for reply in store.replies(session_id)]
            replies = sorted(found, key=lambda reply: reply.id)
    return ReportInputs(
        sessions=sessions,
        replies=replies,
        moods=store.moods(),
        phq9=store.phq9_results(),
        homework=homework,
        safety=store.safety_events(),
    )


def first_quarter(since: date | None, tz: tzinfo | None) -> int:
    """The first UTC quarter hour whose local day is ``since`` or later (0 without one)."""
    if since is None:
        return 0
    local_day = LocalDays(tz)
    midnight = datetime.combine(since, time.min, tzinfo=tz)
    quarter = quarter_of(midnight if tz is not None else midnight.replace(tzinfo=None).astimezone())
    while local_day(quarter - 1) >= since:
        quarter -= 1
    while local_day(quarter) < since:
        quarter += 1
    return quarter


def _prefix_sum(
    store: ReportFactsStore,
    buckets: Sequence[ScoreBucket],
    counts: Sequence[int],
    sums: Sequence[int],
    skill: int,
    wanted: int,
) -> int:
    """Sum of the first ``wanted`` kept scores of a skill, reading only the boundary quarter."""
    seen = total = 0
    for index, count in enumerate(counts):
        if seen + count >= wanted:
            if seen + count == wanted:
                return total + sums[index]
            until = buckets[index + 1].quarter if index + 1 < len(buckets) else None
            values = store.kept_values(SKILLS[skill], buckets[index].quarter, until)
            return total + sum(values[: wanted - seen])
        seen, total = seen + count, total + sums[index]
    return total


def _halves(
    store: ReportFactsStore, buckets: Sequence[ScoreBucket], skill: int
) -> tuple[int, int] | None:
    count_at, sum_at = 2 + 3 * skill, 3 + 3 * skill  # ScoreBucket's column order
    counts: list[int] = [bucket[count_at] for bucket in buckets]  # type: ignore[misc]
    sums: list[int] = [bucket[sum_at] for bucket in buckets]  # type: ignore[misc]
    count = sum(counts)
    half = count // 2
    if half < MIN_TREND_REPLIES:
        return None
    earlier = _prefix_sum(store, buckets, counts, sums, skill, half)
    later = sum(sums) - _prefix_sum(store, buckets, counts, sums, skill, count - half)
    return earlier, later


def _facts(store: ReportFactsStore, since: date | None, tz: tzinfo | None) -> ReportFacts:
    quarter = first_quarter(since, tz)
    start = datetime.fromtimestamp(quarter * QUARTER_SECONDS, UTC) if since else None
    span = store.quarter_span()
    buckets: list[ScoreBucket] = []
    if span is not None and span[1] >= quarter:
        spans = offset_spans(max(quarter, span[0]), span[1], tz)
        buckets = store.kept_days(quarter, spans)
    best = store.ranked_replies(since=start, strongest=True, limit=2 * HIGHLIGHTS)
    if len(best) < 2 * HIGHLIGHTS:  # every ranked reply is in ``best``
        strong = (len(best) + 1) // 2
        strongest, weakest = best[:strong], best[::-1][: len(best) - strong]
    else:
        strongest = best[:HIGHLIGHTS]
        weakest = store.ranked_replies(since=start, strongest=False, limit=HIGHLIGHTS)
    shown = {reply.session_id for reply in (*strongest, *weakest)}
    scenarios, endings = store.scenario_facts(start)
    return ReportFacts(
        since=since,
        tz=tz,
        buckets=buckets,
        halves=tuple(_halves(store, buckets, index) for index in range(len(SKILLS))),
        strongest=strongest,
        weakest=weakest,
        titles=store.session_titles(sorted(shown)),
        scenarios=scenarios,
        endings=endings,
        assignments=store.assignment_facts(),
    )


def _sessions_needed(
    sessions: Sequence[SessionRecord], homework: Sequence[HomeworkRecord], since: date
) -> list[str]:
    cutoff = datetime.combine(since - timedelta(days=1), time.min, tzinfo=UTC)
    first_added: dict[str, datetime] = {}
    for record in homework:
        # a day early: the report judges the period in local time
        if in_period(record, since - timedelta(days=1)) and record.scenario_id is not None:
            known = first_added.get(record.scenario_id)
            if known is None or record.added_at < known:
                first_added[record.scenario_id] = record.added_at
    needed = []
    for session in sessions:
        running = session.ended_at is None or session.ended_at >= cutoff
        added = first_added.get(session.scenario_id)
        if running or (added is not None and session.started_at >= added):
            needed.append(session.id)
    return needed


__all__ = ["HIGHLIGHTS", "ReportFacts", "ReportInputs", "first_quarter", "gather"]
