"""The practice sections of a report from ``ReportFacts`` (aggregates read in SQL).

The same numbers ``report.build_report`` works out from records, from a few
thousand quarter-hour sums instead of every reply; the tests build both ways
from one store and compare. Pure, like the rest of the builder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, tzinfo
from typing import Any

from ipt_trainer.core.model import SKILLS, Skill
from ipt_trainer.core.progress import ScoreBucket, daily_totals
from ipt_trainer.reports.gather import ReportFacts, ReportInputs
from ipt_trainer.reports.report import reply_highlight
from ipt_trainer.reports.report_model import (
    SERIES_POINTS,
    SKILL_NAMES,
    EndingCount,
    ScenarioPlayed,
    SkillReport,
)
from ipt_trainer.reports.status import in_period, status_of


class _Days:
    """Per local day: every reply counted, and each skill's kept count and sum."""

    def __init__(self, buckets: Sequence[ScoreBucket], tz: tzinfo | None) -> None:
        days = daily_totals(buckets, tz)
        self.replies: dict[date, int] = defaultdict(int, {d: t.replies for d, t in days.items()})
        self.counts: dict[date, list[int]] = {d: t.counts for d, t in days.items()}
        self.sums: dict[date, list[int]] = {d: t.sums for d, t in days.items()}
        self.best: list[int | None] = [None, None, None]
        for index in range(len(SKILLS)):
            found = [top for bucket in buckets if (top := bucket.best(index)) is not None]
            self.best[index] = max(found, default=None)


def _skill(skill: Skill, index: int, days: _Days, half: tuple[int, int] | None) -> SkillReport:
    counts = {day: c[index] for day, c in days.counts.items() if c[index]}
    total = sum(days.sums[day][index] for day in counts)
    count = sum(counts.values())
    change = None
    if half is not None:
        size = count // 2
        change = round(round(half[1] / size, 2) - round(half[0] / size, 2), 2)
    shown = sorted(counts)[-SERIES_POINTS:]
    return SkillReport(
        skill=skill,
        name=SKILL_NAMES[skill],
        count=count,
        average=round(total / count, 2) if count else None,
        best=days.best[index],
        change=change,
        days=tuple(shown),
        series=tuple(days.sums[day][index] / counts[day] for day in shown),
    )


def _scenarios(facts: ReportFacts) -> tuple[ScenarioPlayed, ...]:
    endings: dict[str, list[EndingCount]] = defaultdict(list)
    for row in sorted(facts.endings, key=lambda e: (e.scenario_id, -e.times, e.ending)):
        endings[row.scenario_id].append(
            EndingCount(ending=row.ending, outcome=row.outcome, count=row.times)
        )
    played = [
        ScenarioPlayed(
            scenario_id=row.scenario_id,
            title=row.title,
            sessions=row.sessions,
            finished=row.finished,
            endings=tuple(endings.get(row.scenario_id, ())),
            last_played=row.last_played,
        )
        for row in facts.scenarios
    ]
    played.sort(key=lambda p: (p.last_played, p.scenario_id), reverse=True)
    return tuple(played)


def parts_from_facts(
    inputs: ReportInputs, *, today: date, since: date | None, tz: tzinfo | None
) -> dict[str, Any]:
    """The practice fields of ``Report`` (see ``report._finish``)."""
    facts = inputs.facts
    if facts is None or facts.since != since or facts.tz != tz:
        raise ValueError("report facts were gathered for another period or time zone")
    days = _Days(facts.buckets, tz)
    assignments = []
    for record in inputs.homework:
        found = facts.assignments.get(record.id)
        if found is None or not in_period(record, since, tz) or record.status == "dropped":
            continue
        best = {s: v for s, v in zip(SKILLS, found.best, strict=True) if v is not None}
        assignments.append(
            status_of(
                record,
                sessions=found.sessions,
                finished=found.finished,
                last_played=found.last_played,
                best=best,
                today=today,
            )
        )
    return {
        "sessions": sum(row.sessions for row in facts.scenarios),
        "replies": sum(days.replies.values()),
        "practice_days": len(days.replies),
        "assignments": tuple(assignments),
        "skills": tuple(
            _skill(skill, index, days, facts.halves[index]) for index, skill in enumerate(SKILLS)
        ),
        "scenarios": _scenarios(facts),
        "strongest": tuple(reply_highlight(r, facts.titles) for r in facts.strongest),
        "weakest": tuple(reply_highlight(r, facts.titles) for r in facts.weakest),
        "transcripts": None,
    }
