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

from pydantic import BaseModel, ConfigDict

from ipt_trainer.core.model import SKILLS, Skill
from ipt_trainer.core.progress import MIN_TREND_REPLIES
from ipt_trainer.reports.gather import HIGHLIGHTS, ReportInputs, gather
from ipt_trainer.reports.status import AssignmentStatus, in_period, statuses
from ipt_trainer.store import (
    MoodRecord,
    Phq9Record,
    ReplyRecord,
    SafetyEventRecord,
    SessionRecord,
)

DISCLAIMER = "Produced by IPT Trainer, a practice tool. It is not a clinical assessment."
CRISIS_LINE = (
    "If you are thinking about ending your life or hurting yourself, support is there now: "
    "US - call or text 988; UK & Ireland - Samaritans 116 123 (free, any time); elsewhere - "
    "your local emergency number, or findahelpline.com for a free helpline."
)
SKILL_NAMES: dict[Skill, str] = {
    "assertiveness": "Assertiveness",
    "active_listening": "Active listening",
    "conflict_resolution": "Conflict resolution",
}
SERIES_POINTS = 30
"""Practice days shown in each skill's chart (the most recent ones)."""


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class SkillReport(_Part):
    """One skill over the report's period."""

    skill: Skill
    """Which skill."""
    name: str
    """Its readable name."""
    count: int
    """Scored replies (a reply the learner stepped back from does not count)."""
    average: float | None
    """Mean score; None without any."""
    best: int | None
    """Highest score; None without any."""
    change: float | None
    """Mean of the later half of the replies minus the earlier half; None with too few."""
    days: tuple[date, ...]
    """The practice days in the chart, oldest first."""
    series: tuple[float, ...]
    """Mean score on each of those days."""


class EndingCount(_Part):
    """How often one ending of a scenario was reached."""

    ending: str
    """The ending node's id."""
    outcome: str | None
    """Its outcome (repaired, partial, ...)."""
    count: int
    """Sessions that reached it."""


class ScenarioPlayed(_Part):
    """One scenario's sessions in the period."""

    scenario_id: str
    """Its id."""
    title: str
    """Its title when last played."""
    sessions: int
    """Sessions started."""
    finished: int
    """Sessions that reached an ending."""
    endings: tuple[EndingCount, ...]
    """Endings reached, most often first."""
    last_played: datetime
    """When the latest session started (UTC)."""


class MoodEntry(_Part):
    """A mood check-in."""

    at: datetime
    """When (UTC)."""
    value: int
    """0 (lowest) to 10."""
    when: str
    """before, after or standalone."""


class Phq9Entry(_Part):
    """A PHQ-9 result."""

    at: datetime
    """When (UTC)."""
    total: int
    """0-27."""
    band: str
    """Severity band."""
    item9: int
    """The answer to question 9 (0-3)."""
    flagged: bool
    """True when question 9 was answered above 0."""


class SafetyNote(_Part):
    """A time the safety card was shown (never the words, unless kept on purpose)."""

    at: datetime
    """When (UTC)."""
    category: str
    """What prompted it."""


class TipLine(_Part):
    """One piece of the scorer's feedback."""

    message: str
    """The advice."""
    suggestion: str | None = None
    """A rephrasing, if one was offered."""


class ReplyHighlight(_Part):
    """A reply picked as one of the strongest or weakest."""

    at: datetime
    """When it was given (UTC)."""
    scenario_title: str
    """The scenario it was given in."""
    context: str
    """What the other person had just said."""
    text: str
    """The reply."""
    scores: dict[Skill, int]
    """Its scores (conflict resolution only when a disagreement was in play)."""
    mean: float
    """The mean of those scores, by which it was ranked."""
    tips: tuple[TipLine, ...]
    """The feedback given on it."""


class TranscriptTurn(_Part):
    """One exchange in a transcript."""

    context: str
    """What the other person said."""
    text: str
    """What the learner replied."""
    source: str
    """typed or suggestion."""
    scores: dict[Skill, int]
    """Its scores, if typed."""
    rewound: bool
    """True when the learner stepped back and tried again."""


class Transcript(_Part):
    """A session's replies in order."""

    session_id: str
    """The session."""
    title: str
    """Its scenario's title."""
    started_at: datetime
    """When it started (UTC)."""
    status: str
    """open, finished or abandoned."""
    ending: str | None
    """The ending reached, if any."""
    outcome: str | None
    """That ending's outcome."""
    turns: tuple[TranscriptTurn, ...]
    """The exchanges."""


class Report(_Part):
    """Everything a report says; the renderers only lay it out."""

    disclaimer: str = DISCLAIMER
    """Shown first: a practice tool, not a clinical assessment."""
    produced_at: datetime
    """When the report was made."""
    today: date
    """The local day it was made for (overdue is judged against it)."""
    since: date | None
    """Only practice on or after this local day, if set."""
    empty: bool
    """True when nothing at all was recorded in the period."""
    sessions: int
    """Sessions started in the period."""
    replies: int
    """Replies given in the period."""
    practice_days: int
    """Local days with at least one reply."""
    assignments: tuple[AssignmentStatus, ...]
    """Homework not dropped, oldest first, with its status today (with ``since``, homework
    marked done before the period is left out)."""
    skills: tuple[SkillReport, ...]
    """One per skill."""
    scenarios: tuple[ScenarioPlayed, ...]
    """Scenarios played, most recent first."""
    moods: tuple[MoodEntry, ...]
    """Mood check-ins, oldest first."""
    phq9: tuple[Phq9Entry, ...]
    """PHQ-9 results, oldest first."""
    phq9_item9: bool
    """True when any PHQ-9 in the period had question 9 above 0."""
    safety: tuple[SafetyNote, ...]
    """Times the safety card was shown in the period."""
    crisis_resources: str | None
    """The crisis resources line, present whenever phq9_item9 or safety is set."""
    strongest: tuple[ReplyHighlight, ...]
    """The best-scored typed replies."""
    weakest: tuple[ReplyHighlight, ...]
    """The lowest-scored typed replies, with what to try instead."""
    transcripts: tuple[Transcript, ...] | None
    """Every session's replies; None unless asked for."""


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
