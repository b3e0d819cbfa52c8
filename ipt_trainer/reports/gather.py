"""Reading a report's records from the store: the only I/O in building a report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ipt_trainer.reports.status import in_period
from ipt_trainer.store import (
    HomeworkRecord,
    MoodRecord,
    Phq9Record,
    ProgressStore,
    ReplyRecord,
    SafetyEventRecord,
    SessionRecord,
)


@dataclass(frozen=True)
class ReportInputs:
    """The store's records a report is built from."""

    sessions: Sequence[SessionRecord] = ()
    replies: Sequence[ReplyRecord] = ()
    moods: Sequence[MoodRecord] = ()
    phq9: Sequence[Phq9Record] = ()
    homework: Sequence[HomeworkRecord] = ()
    safety: Sequence[SafetyEventRecord] = ()


def gather(store: ProgressStore, since: date | None = None) -> ReportInputs:
    """Read what a report needs from ``store`` (the only I/O in report building).

    With ``since``, replies are read only for the sessions that can matter:
    those still running on or after the day before ``since`` (a day's margin
    covers every time zone) and those counting towards an assignment. A
    weekly report from years of practice then reads a week of replies.
    """
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


__all__ = ["ReportInputs", "gather"]
