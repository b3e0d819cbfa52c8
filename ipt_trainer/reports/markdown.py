"""The report as Markdown: readable as plain text, and as a page in any Markdown viewer.

Every piece of user or scenario text goes through ``escape``: Markdown
punctuation is backslash-escaped and ``<``, ``>``, ``&`` become entities,
so a reply such as ``<script>`` or ``[bold]x[/]`` shows as typed and never
as markup, whichever renderer opens the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from ipt_trainer.core.charts import sparkline
from ipt_trainer.core.model import Skill
from ipt_trainer.reports.report_model import SKILL_NAMES, ReplyHighlight, Report, Transcript
from ipt_trainer.reports.status import AssignmentStatus

TITLE = "IPT Trainer practice report"
SERIES = 30
"""Mood check-ins in the mood sparkline (the most recent)."""
TABLE_ROWS = 30
"""Most rows in a mood or PHQ-9 table (the most recent); the chart covers the trend."""
_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#!])")
_SHORT: dict[Skill, str] = {
    "assertiveness": "A",
    "active_listening": "L",
    "conflict_resolution": "C",
}


def escape(text: str) -> str:
    """User or scenario text made literal in Markdown, on one line."""
    flat = " ".join(text.split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", flat)


def day(moment: datetime | date) -> str:
    """A date as YYYY-MM-DD (times are shown by their UTC date)."""
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 session', '2 sessions'; ``many`` for irregular plurals."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def counts_line(report: Report) -> str:
    """'12 replies in 3 sessions over 2 practice days.'"""
    return (
        f"{plural(report.replies, 'reply', 'replies')} in "
        f"{plural(report.sessions, 'session')} over {plural(report.practice_days, 'practice day')}."
    )


def latest_of(total: int) -> str:
    """The note under a table cut to its most recent rows."""
    return f"(The latest {TABLE_ROWS} of {total}.)"


def number(value: float | None) -> str:
    """A score for a table; '–' when there is none."""
    return "–" if value is None else f"{value:.0f}"


def signed(value: float | None) -> str:
    """A change with its sign; '–' when there are too few replies to tell."""
    return "–" if value is None else f"{value:+.1f}"


def scores_text(scores: Mapping[Skill, int], short: bool = False) -> str:
    """'Assertiveness 70 · Active listening 55'."""
    if short:
        return " · ".join(f"{_SHORT[skill]} {value}" for skill, value in scores.items())
    return " · ".join(f"{SKILL_NAMES[skill]} {value}" for skill, value in scores.items())


def period(report: Report) -> str:
    """The sentence saying what the report covers."""
    span = f"practice since {report.since.isoformat()}" if report.since else "all practice so far"
    return f"Made on {report.today.isoformat()}, covering {span}."


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def target_text(status: AssignmentStatus) -> str:
    """Best score per skill against its target, e.g. 'Assertiveness 64/60 ✓'."""
    parts = []
    for skill, target in status.targets.items():
        best = status.best.get(skill)
        mark = " ✓" if best is not None and best >= target else ""
        parts.append(f"{SKILL_NAMES[skill]} {number(best)}/{target}{mark}")
    if not parts:
        parts = [f"{SKILL_NAMES[skill]} {value}" for skill, value in status.best.items()]
    return ", ".join(parts) or "–"


def _assignments(report: Report) -> list[str]:
    lines = ["## Homework", ""]
    if not report.assignments:
        return [*lines, "No homework has been set.", ""]
    rows = []
    for status in report.assignments:
        note = f" — {escape(status.note)}" if status.note else ""
        rows.append(
            [
                escape(status.label) + note,
                escape(status.scenario_id or "–"),
                status.due.isoformat() if status.due else "–",
                status.state,
                f"{status.sessions} ({status.finished} finished)",
                target_text(status),
            ]
        )
    header = ["Assignment", "Scenario", "Due", "Status", "Sessions", "Best (target)"]
    return [*lines, *_table(header, rows), ""]


def _skills(report: Report) -> list[str]:
    lines = ["## Skills", ""]
    rows = [
        [
            skill.name,
            str(skill.count),
            number(skill.average),
            number(skill.best),
            signed(skill.change),
            f"`{sparkline(skill.series)}`" if skill.series else "–",
        ]
        for skill in report.skills
    ]
    lines += _table(["Skill", "Scored replies", "Average", "Best", "Trend", "Chart"], rows)
    days = [d for skill in report.skills for d in skill.days]
    if days:
        lines += [
            "",
            f"Chart: mean score (0-100) on each practice day, {min(days).isoformat()} "
            f"to {max(days).isoformat()}. Trend: the later half of the replies against "
            "the earlier half.",
        ]
    return [*lines, ""]


def _scenarios(report: Report) -> list[str]:
    lines = ["## Scenarios played", ""]
    if not report.scenarios:
        return [*lines, "No scenarios played in this period.", ""]
    rows = []
    for played in report.scenarios:
        endings = ", ".join(
            f"{escape(e.ending)} ({escape(e.outcome or '–')}) ×{e.count}" for e in played.endings
        )
        rows.append(
            [escape(played.title), str(played.sessions), str(played.finished), endings or "–"]
        )
    return [*lines, *_table(["Scenario", "Sessions", "Finished", "Endings reached"], rows), ""]


def _wellbeing(report: Report) -> list[str]:
    lines = ["## Wellbeing check-ins", ""]
    if not report.moods and not report.phq9 and not report.safety:
        return [*lines, "No mood check-ins or PHQ-9 results in this period.", ""]
    if report.moods:
        values = [m.value for m in report.moods]
        lines += [
            f"Mood (0-10), {plural(len(values), 'check-in')}: `{sparkline(values[-SERIES:], 10)}` "
            f"latest {values[-1]}/10.",
            "",
        ]
        rows = [[day(m.at), f"{m.value}/10", m.when] for m in report.moods[-TABLE_ROWS:]]
        lines += [*_table(["Date", "Mood", "When"], rows), ""]
        if len(report.moods) > TABLE_ROWS:
            lines += [latest_of(len(report.moods)), ""]
    if report.phq9:
        rows = [
            [day(p.at), f"{p.total}/27", p.band, f"**{p.item9}**" if p.flagged else str(p.item9)]
            for p in report.phq9[-TABLE_ROWS:]
        ]
        lines += ["PHQ-9 (a screening questionnaire, not a diagnosis):", ""]
        lines += [*_table(["Date", "Total", "Band", "Question 9"], rows), ""]
        if len(report.phq9) > TABLE_ROWS:
            lines += [latest_of(len(report.phq9)), ""]
    if report.phq9_item9:
        dates = ", ".join(day(p.at) for p in report.phq9 if p.flagged)
        lines += [
            f'**Please note: question 9 was answered above "Not at all" on {dates}.** '
            "It asks about thoughts of being better off dead or of hurting yourself. "
            "This is worth talking about with your therapist or someone you trust.",
            "",
        ]
    if report.safety:
        dates = ", ".join(day(n.at) for n in report.safety)
        times = "time" if len(report.safety) == 1 else "times"
        lines += [f"The safety card was shown {len(report.safety)} {times} ({dates}).", ""]
    if report.crisis_resources:
        lines += [f"> {escape(report.crisis_resources)}", ""]
    return lines


def _highlight(index: int, item: ReplyHighlight) -> list[str]:
    where = f" in {escape(item.scenario_title)}" if item.scenario_title else ""
    lines = [f"{index}. {scores_text(item.scores)} —{where}, {day(item.at)}"]
    if item.context:
        lines.append(f"   - They said: “{escape(item.context)}”")
    lines.append(f"   - You said: “{escape(item.text)}”")
    for tip in item.tips:
        lines.append(f"   - Tip: {escape(tip.message)}")
        if tip.suggestion:
            lines.append(f"     Try: “{escape(tip.suggestion)}”")
    return lines


def _replies(report: Report) -> list[str]:
    if not report.strongest:
        return []
    lines = ["## Strongest replies", ""]
    for index, item in enumerate(report.strongest, start=1):
        lines += _highlight(index, item)
    lines.append("")
    if report.weakest:
        lines += ["## Replies to work on", ""]
        for index, item in enumerate(report.weakest, start=1):
            lines += _highlight(index, item)
        lines.append("")
    return lines


def _transcript(transcript: Transcript) -> list[str]:
    ending = f": {escape(transcript.ending)}" if transcript.ending else ""
    outcome = f" ({escape(transcript.outcome)})" if transcript.outcome else ""
    lines = [
        f"### {escape(transcript.title)} — {day(transcript.started_at)}, "
        f"{transcript.status}{ending}{outcome}",
        "",
    ]
    if not transcript.turns:
        return [*lines, "No replies.", ""]
    for turn in transcript.turns:
        if turn.context:
            lines.append(f"- **Them:** {escape(turn.context)}")
        scores = f" ({scores_text(turn.scores, short=True)})" if turn.scores else ""
        picked = " (suggested reply)" if turn.source == "suggestion" else ""
        stepped = " (stepped back and tried again)" if turn.rewound else ""
        lines.append(f"- **You:** {escape(turn.text)}{scores}{picked}{stepped}")
    return [*lines, ""]


def render_markdown(report: Report) -> str:
    """The whole report as Markdown text."""
    lines = [f"# {TITLE}", "", report.disclaimer, "", period(report), ""]
    if report.empty:
        lines += [
            "Nothing recorded yet: no practice, check-ins or homework in this period. "
            "Play a scenario with `ipt-trainer` and your practice will show here.",
        ]
        return "\n".join(lines) + "\n"
    lines += [
        counts_line(report),
        "",
    ]
    lines += _assignments(report) + _skills(report) + _scenarios(report)
    lines += _wellbeing(report) + _replies(report)
    if report.transcripts is not None:
        lines += ["## Transcripts", ""]
        for transcript in report.transcripts:
            lines += _transcript(transcript)
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["escape", "render_markdown"]
