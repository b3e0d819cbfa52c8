"""What a report says, built from store records with no I/O: one frozen model.

A client brings a report to their therapist, a trainee to a supervisor, so
the content is decided once here and the Markdown, HTML and JSON renderers
only lay it out: the three can never disagree. The builder never reads the
clock or the store; ``reports.gather`` is the one place that reads the store.

Wellbeing items are reported as recorded and without interpretation. A
PHQ-9 question 9 answered above 0, or a safety pause during practice, is
stated plainly with the crisis resources line, never hidden and never
dramatised.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from operator import itemgetter
from typing import Any

from ipt_trainer.core.model import SKILLS, Skill
from ipt_trainer.core.progress import MIN_TREND_REPLIES
from ipt_trainer.reports.gather import HIGHLIGHTS, ReportInputs, gather
from ipt_trainer.reports.report_model import (
    CRISIS_LINE,
    DISCLAIMER,
    SERIES_POINTS,
    SKILL_NAMES,
    EndingCount,
    MoodEntry,
    Phq9Entry,
    ReplyHighlight,
    Report,
    SafetyNote,
    ScenarioPlayed,
    SkillReport,
    TipLine,
    Transcript,
    TranscriptTurn,
)
from ipt_trainer.reports.status import in_period, statuses
from ipt_trainer.store import (
    MoodRecord,
    Phq9Record,
    ReplyRecord,
    SafetyEventRecord,
    SessionRecord,
)


def _day(moment: datetime, tz: tzinfo | None) -> date:
    return (moment.astimezone(tz) if tz is not None else moment.astimezone()).date()


def _scores(reply: ReplyRecord) -> dict[Skill, int]:
    found: dict[Skill, int] = {}
    if reply.assertiveness is not None:
        found["assertiveness"] = reply.assertiveness
    if reply.active_listening is not None:
        found["active_listening"] = reply.active_listening
    if reply.conflict_resolution is not None:
        found["conflict_resolution"] = reply.conflict_resolution
    return found


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


class _Days:
    """Local days of UTC instants, converted once per quarter hour.

    Every real time zone's offset is a multiple of 15 minutes, so all instants
    in one UTC quarter hour fall on the same local day (see core.progress).
    """

    def __init__(self, tz: tzinfo | None) -> None:
        self.tz = tz
        self.seen: dict[datetime, date] = {}

    def __call__(self, moment: datetime) -> date:
        quarter = moment.replace(minute=moment.minute // 15 * 15, second=0, microsecond=0)
        found = self.seen.get(quarter)
        if found is None:
            found = self.seen[quarter] = _day(quarter, self.tz)
        return found


def _skill_report(
    skill: Skill, index: int, scored: Sequence[tuple[date, tuple[int | None, ...]]]
) -> SkillReport:
    """``scored``: (local day, scores in ``SKILLS`` order) of each kept reply, oldest first."""
    by_day: dict[date, list[int]] = defaultdict(list)
    values: list[int] = []
    for day, scores in scored:
        value = scores[index]
        if value is not None:
            values.append(value)
            by_day[day].append(value)
    days = sorted(by_day)[-SERIES_POINTS:]
    half = len(values) // 2
    change = None
    if half >= MIN_TREND_REPLIES:
        earlier, later = _mean(values[:half]), _mean(values[len(values) - half :])
        if earlier is not None and later is not None:
            change = round(later - earlier, 2)
    return SkillReport(
        skill=skill,
        name=SKILL_NAMES[skill],
        count=len(values),
        average=_mean(values),
        best=max(values, default=None),
        change=change,
        days=tuple(days),
        series=tuple(sum(by_day[d]) / len(by_day[d]) for d in days),
    )


def _scenarios(sessions: Sequence[SessionRecord]) -> tuple[ScenarioPlayed, ...]:
    grouped: dict[str, list[SessionRecord]] = defaultdict(list)
    for session in sessions:
        grouped[session.scenario_id].append(session)
    played = []
    for scenario_id, mine in grouped.items():
        latest = max(mine, key=lambda s: s.started_at)
        counts: dict[tuple[str, str | None], int] = defaultdict(int)
        for session in mine:
            if session.status == "finished" and session.ending is not None:
                counts[(session.ending, session.outcome)] += 1
        endings = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
        played.append(
            ScenarioPlayed(
                scenario_id=scenario_id,
                title=latest.title,
                sessions=len(mine),
                finished=sum(s.status == "finished" for s in mine),
                endings=tuple(
                    EndingCount(ending=ending, outcome=outcome, count=count)
                    for (ending, outcome), count in endings
                ),
                last_played=latest.started_at,
            )
        )
    played.sort(key=lambda p: (p.last_played, p.scenario_id), reverse=True)
    return tuple(played)


def _tips(reply: ReplyRecord) -> tuple[TipLine, ...]:
    """Feedback from the stored score JSON, tolerating records from older versions."""
    raw: Any = (reply.scores or {}).get("feedback", ())
    tips = []
    for item in raw if isinstance(raw, list) else ():
        if isinstance(item, dict) and isinstance(item.get("message"), str):
            suggestion = item.get("suggestion")
            tips.append(
                TipLine(
                    message=item["message"],
                    suggestion=suggestion if isinstance(suggestion, str) else None,
                )
            )
    return tuple(tips)


def reply_highlight(reply: ReplyRecord, titles: Mapping[str, str]) -> ReplyHighlight:
    """A ranked reply as the report shows it."""
    scores = _scores(reply)
    return ReplyHighlight(
        at=reply.created_at,
        scenario_title=titles.get(reply.session_id, ""),
        context=reply.context,
        text=reply.text,
        scores=scores,
        mean=round(sum(scores.values()) / len(scores), 2),
        tips=_tips(reply),
    )


def _highlights(
    replies: Sequence[ReplyRecord], titles: dict[str, str]
) -> tuple[tuple[ReplyHighlight, ...], tuple[ReplyHighlight, ...]]:
    """The best and worst typed replies by mean score (ties: the earlier reply first)."""
    ranked: list[tuple[float, int, ReplyRecord]] = []
    for reply in replies:
        if reply.source != "typed" or reply.rewound:
            continue
        trio = (reply.assertiveness, reply.active_listening, reply.conflict_resolution)
        values = [value for value in trio if value is not None]
        if values:
            ranked.append((round(sum(values) / len(values), 2), reply.id, reply))

    def highlight(item: tuple[float, int, ReplyRecord]) -> ReplyHighlight:
        return reply_highlight(item[2], titles)

    # With few replies, split them: a low score is never shown as a "strongest" one.
    strong = min(HIGHLIGHTS, (len(ranked) + 1) // 2)
    weak = min(HIGHLIGHTS, len(ranked) - strong)
    order = itemgetter(0, 1)
    strongest = [highlight(item) for item in heapq.nlargest(strong, ranked, key=order)]
    weakest = [highlight(item) for item in heapq.nsmallest(weak, ranked, key=order)]
    return tuple(strongest), tuple(weakest)


def _transcripts(
    sessions: Sequence[SessionRecord], replies: Sequence[ReplyRecord]
) -> tuple[Transcript, ...]:
    by_session: dict[str, list[ReplyRecord]] = defaultdict(list)
    for reply in replies:
        by_session[reply.session_id].append(reply)
    return tuple(
        Transcript(
            session_id=session.id,
            title=session.title,
            started_at=session.started_at,
            status=session.status,
            ending=session.ending,
            outcome=session.outcome,
            turns=tuple(
                TranscriptTurn(
                    context=r.context,
                    text=r.text,
                    source=r.source,
                    scores=_scores(r),
                    rewound=r.rewound,
                )
                for r in sorted(by_session.get(session.id, ()), key=lambda r: (r.turn, r.id))
            ),
        )
        for session in sessions
    )


def _since(items: Iterable[Any], attr: str, since: date | None, tz: tzinfo | None) -> list[Any]:
    if since is None:
        return list(items)
    days = _Days(tz)
    return [item for item in items if days(getattr(item, attr)) >= since]


def build_report(
    inputs: ReportInputs,
    *,
    today: date,
    produced_at: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
    with_transcripts: bool = False,
    crisis_line: str = CRISIS_LINE,
) -> Report:
    """The report over ``inputs`` as of local day ``today`` in ``tz`` (None: the system's)."""
    if inputs.facts is not None:
        from ipt_trainer.reports.report_facts import parts_from_facts

        if with_transcripts:
            raise ValueError("transcripts need every reply: gather(..., facts=False)")
        fast = parts_from_facts(inputs, today=today, since=since, tz=tz)
        return _finish(inputs, fast, today, produced_at, since, tz, crisis_line)
    sessions: list[SessionRecord] = _since(inputs.sessions, "started_at", since, tz)
    replies: list[ReplyRecord] = _since(inputs.replies, "created_at", since, tz)
    shown = [record for record in inputs.homework if in_period(record, since, tz)]
    titles = {s.id: s.title for s in inputs.sessions}
    days = _Days(tz)
    reply_days = [days(r.created_at) for r in replies]
    scored = [
        (day, (r.assertiveness, r.active_listening, r.conflict_resolution))
        for r, day in zip(replies, reply_days, strict=True)
        if not r.rewound
    ]
    strongest, weakest = _highlights(replies, titles)
    parts: dict[str, Any] = {
        "sessions": len(sessions),
        "replies": len(replies),
        "practice_days": len(set(reply_days)),
        "assignments": statuses(shown, inputs.sessions, inputs.replies, today),
        "skills": tuple(_skill_report(skill, i, scored) for i, skill in enumerate(SKILLS)),
        "scenarios": _scenarios(sessions),
        "strongest": strongest,
        "weakest": weakest,
        "transcripts": _transcripts(sessions, replies) if with_transcripts else None,
    }
    return _finish(inputs, parts, today, produced_at, since, tz, crisis_line)


def _finish(
    inputs: ReportInputs,
    parts: dict[str, Any],
    today: date,
    produced_at: datetime,
    since: date | None,
    tz: tzinfo | None,
    crisis_line: str,
) -> Report:
    """The wellbeing sections (always from records) around the practice ``parts``."""
    moods: list[MoodRecord] = _since(inputs.moods, "created_at", since, tz)
    phq9: list[Phq9Record] = _since(inputs.phq9, "created_at", since, tz)
    safety: list[SafetyEventRecord] = _since(inputs.safety, "created_at", since, tz)
    phq9_entries = tuple(
        Phq9Entry(
            at=r.created_at,
            total=r.total,
            band=r.band,
            item9=r.answers[-1],
            flagged=r.answers[-1] > 0,
        )
        for r in phq9
    )
    flagged = any(entry.flagged for entry in phq9_entries)
    notes = tuple(SafetyNote(at=e.created_at, category=e.category) for e in safety)
    practice = parts["sessions"] or parts["replies"] or parts["assignments"]
    return Report(
        produced_at=produced_at,
        today=today,
        since=since,
        empty=not (practice or moods or phq9 or safety),
        moods=tuple(MoodEntry(at=m.created_at, value=m.value, when=m.when) for m in moods),
        phq9=phq9_entries,
        phq9_item9=flagged,
        safety=notes,
        crisis_resources=crisis_line if flagged or notes else None,
        **parts,
    )


def render_json(report: Report) -> str:
    """The report as JSON: exactly the model's content."""
    return report.model_dump_json(indent=2) + "\n"


__all__ = [
    "CRISIS_LINE",
    "DISCLAIMER",
    "Report",
    "ReportInputs",
    "build_report",
    "gather",
    "render_json",
]
