"""The report as one self-contained HTML page, made to be printed or attached.

No external fonts, scripts, images or styles: the file must open the same
on a clinic PC with no network, and must not call out to anyone when
opened. Charts are inline SVG. Every piece of user or scenario text goes
through ``html.escape`` (quotes included), so a reply can never become
markup. The print styles keep tables and reply cards whole across pages and
fit both A4 and Letter: the page size is left to the printer, and the
content is narrower than either paper's printable width.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ipt_trainer.reports.markdown import (
    TABLE_ROWS,
    TITLE,
    counts_line,
    day,
    latest_of,
    number,
    period,
    plural,
    scores_text,
    signed,
    target_text,
)
from ipt_trainer.reports.report_model import ReplyHighlight, Report, Transcript

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: #1c1c1c; background: #fff; margin: 0 auto; padding: 1.5rem;
  max-width: 46rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #ccc;
  padding-bottom: .2rem; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; break-after: avoid; page-break-after: avoid; }
.disclaimer { border: 1px solid #999; border-radius: 4px; padding: .4rem .7rem;
  background: #f6f6f6; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0;
  break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #ccc; padding: .25rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #f0f0f0; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
svg.chart { display: block; }
.note { color: #444; font-size: .9rem; }
.attention { border-left: 4px solid #2a5d8f; background: #eef4fa; padding: .5rem .8rem;
  margin: .6rem 0; break-inside: avoid; page-break-inside: avoid; }
.card { border: 1px solid #ddd; border-radius: 4px; padding: .5rem .8rem; margin: .5rem 0;
  break-inside: avoid; page-break-inside: avoid; }
.card p { margin: .2rem 0; }
.quote { font-style: italic; }
ul.turns { list-style: none; padding-left: 0; }
ul.turns li { margin: .2rem 0; break-inside: avoid; page-break-inside: avoid; }
@page { margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .card, .attention { border-color: #888; }
  a { color: inherit; text-decoration: none; }
}
"""
CHART_WIDTH = 180
CHART_HEIGHT = 36


def chart(values: Sequence[float], top: float, label: str) -> str:
    """A small line chart of ``values`` (0..top) as inline SVG with a text alternative."""
    if not values:
        return "–"
    pad = 3
    width, height = CHART_WIDTH, CHART_HEIGHT
    step = (width - 2 * pad) / max(1, len(values) - 1)
    points = []
    for index, value in enumerate(values):
        x = pad + index * step if len(values) > 1 else width / 2
        y = height - pad - max(0.0, min(value, top)) / top * (height - 2 * pad)
        points.append((round(x, 1), round(y, 1)))
    line = " ".join(f"{x},{y}" for x, y in points)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="2"/>' for x, y in points)
    text = escape(label)
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{text}">'
        f"<title>{text}</title>"
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="none" '
        f'stroke="#ddd"/>'
        f'<polyline points="{line}" fill="none" stroke="#2a5d8f" stroke-width="1.5"/>'
        f'<g fill="#2a5d8f">{dots}</g></svg>'
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """A table; cells arrive already escaped (some hold markup such as a chart)."""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _assignments(report: Report) -> str:
    if not report.assignments:
        return "<h2>Homework</h2><p>No homework has been set.</p>"
    rows = []
    for status in report.assignments:
        note = f'<br><span class="note">{escape(status.note)}</span>' if status.note else ""
        rows.append(
            [
                escape(status.label) + note,
                escape(status.scenario_id or "–"),
                status.due.isoformat() if status.due else "–",
                escape(status.state),
                f"{status.sessions} ({status.finished} finished)",
                escape(target_text(status)),
            ]
        )
    header = ["Assignment", "Scenario", "Due", "Status", "Sessions", "Best (target)"]
    return "<h2>Homework</h2>" + _table(header, rows, set())


def _skills(report: Report) -> str:
    rows = [
        [
            escape(skill.name),
            str(skill.count),
            number(skill.average),
            number(skill.best),
            signed(skill.change),
            chart(skill.series, 100.0, f"{skill.name}: mean score per practice day"),
        ]
        for skill in report.skills
    ]
    header = ["Skill", "Scored replies", "Average", "Best", "Trend", "Per practice day (0-100)"]
    explain = (
        '<p class="note">Trend: the later half of the replies against the earlier half '
        "(shown once there are enough replies).</p>"
    )
    return "<h2>Skills</h2>" + _table(header, rows, {1, 2, 3, 4}) + explain


def _scenarios(report: Report) -> str:
    if not report.scenarios:
        return "<h2>Scenarios played</h2><p>No scenarios played in this period.</p>"
    rows = []
    for played in report.scenarios:
        endings = ", ".join(
            f"{escape(e.ending)} ({escape(e.outcome or '–')}) ×{e.count}" for e in played.endings
        )
        rows.append(
            [escape(played.title), str(played.sessions), str(played.finished), endings or "–"]
        )
    header = ["Scenario", "Sessions", "Finished", "Endings reached"]
    return "<h2>Scenarios played</h2>" + _table(header, rows, {1, 2})


def _wellbeing(report: Report) -> str:
    parts = ["<h2>Wellbeing check-ins</h2>"]
    if not report.moods and not report.phq9 and not report.safety:
        return parts[0] + "<p>No mood check-ins or PHQ-9 results in this period.</p>"
    if report.moods:
        values = [float(m.value) for m in report.moods]
        latest = report.moods[-1].value
        parts.append(f"<p>Mood (0-10), {plural(len(values), 'check-in')}, latest {latest}/10:</p>")
        parts.append(chart(values[-30:], 10.0, "Mood check-ins, 0 to 10"))
        recent = report.moods[-TABLE_ROWS:]
        rows = [[day(m.at), f"{m.value}/10", escape(m.when)] for m in recent]
        parts.append(_table(["Date", "Mood", "When"], rows, {1}))
        if len(report.moods) > TABLE_ROWS:
            parts.append(f'<p class="note">{latest_of(len(report.moods))}</p>')
    if report.phq9:
        rows = [
            [
                day(p.at),
                f"{p.total}/27",
                escape(p.band),
                f"<strong>{p.item9}</strong>" if p.flagged else str(p.item9),
            ]
            for p in report.phq9[-TABLE_ROWS:]
        ]
        parts.append("<p>PHQ-9 (a screening questionnaire, not a diagnosis):</p>")
        parts.append(_table(["Date", "Total", "Band", "Question 9"], rows, {1, 3}))
        if len(report.phq9) > TABLE_ROWS:
            parts.append(f'<p class="note">{latest_of(len(report.phq9))}</p>')
    notes = []
    if report.phq9_item9:
        dates = ", ".join(day(p.at) for p in report.phq9 if p.flagged)
        notes.append(
            f"<p><strong>Please note: question 9 was answered above “Not at all” on "
            f"{dates}.</strong> It asks about thoughts of being better off dead or of hurting "
            "yourself. This is worth talking about with your therapist or someone you "
            "trust.</p>"
        )
    if report.safety:
        dates = ", ".join(day(n.at) for n in report.safety)
        times = "time" if len(report.safety) == 1 else "times"
        notes.append(f"<p>The safety card was shown {len(report.safety)} {times} ({dates}).</p>")
    if report.crisis_resources:
        notes.append(f"<p>{escape(report.crisis_resources)}</p>")
    if notes:
        parts.append('<div class="attention" role="note">' + "".join(notes) + "</div>")
    return "".join(parts)


def _card(item: ReplyHighlight) -> str:
    where = f" in {escape(item.scenario_title)}" if item.scenario_title else ""
    lines = [f"<p><strong>{escape(scores_text(item.scores))}</strong>{where}, {day(item.at)}</p>"]
    if item.context:
        lines.append(f'<p>They said: <span class="quote">{escape(item.context)}</span></p>')
    lines.append(f'<p>You said: <span class="quote">{escape(item.text)}</span></p>')
    for tip in item.tips:
        lines.append(f"<p>Tip: {escape(tip.message)}</p>")
        if tip.suggestion:
            lines.append(f'<p>Try: <span class="quote">{escape(tip.suggestion)}</span></p>')
    return '<div class="card">' + "".join(lines) + "</div>"


def _replies(report: Report) -> str:
    if not report.strongest:
        return ""
    out = "<h2>Strongest replies</h2>" + "".join(_card(i) for i in report.strongest)
    if report.weakest:
        out += "<h2>Replies to work on</h2>" + "".join(_card(i) for i in report.weakest)
    return out


def _transcript(transcript: Transcript) -> str:
    ending = f": {escape(transcript.ending)}" if transcript.ending else ""
    outcome = f" ({escape(transcript.outcome)})" if transcript.outcome else ""
    head = (
        f"<h3>{escape(transcript.title)} — {day(transcript.started_at)}, "
        f"{escape(transcript.status)}{ending}{outcome}</h3>"
    )
    if not transcript.turns:
        return head + "<p>No replies.</p>"
    items = []
    for turn in transcript.turns:
        if turn.context:
            items.append(f"<li><strong>Them:</strong> {escape(turn.context)}</li>")
        extra = f" ({escape(scores_text(turn.scores, short=True))})" if turn.scores else ""
        if turn.source == "suggestion":
            extra += " (suggested reply)"
        if turn.rewound:
            extra += " (stepped back and tried again)"
        items.append(f"<li><strong>You:</strong> {escape(turn.text)}{extra}</li>")
    return head + '<ul class="turns">' + "".join(items) + "</ul>"


def render_html(report: Report) -> str:
    """The whole report as a self-contained HTML document."""
    body = [
        f"<h1>{TITLE}</h1>",
        f'<p class="disclaimer">{escape(report.disclaimer)}</p>',
        f"<p>{escape(period(report))}</p>",
    ]
    if report.empty:
        body.append(
            "<p>Nothing recorded yet: no practice, check-ins or homework in this period. "
            "Play a scenario with <code>ipt-trainer</code> and your practice will show "
            "here.</p>"
        )
    else:
        body.append(f"<p>{escape(counts_line(report))}</p>")
        body += [
            _assignments(report),
            _skills(report),
            _scenarios(report),
            _wellbeing(report),
            _replies(report),
        ]
        if report.transcripts is not None:
            body.append("<h2>Transcripts</h2>")
            body += [_transcript(t) for t in report.transcripts]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{TITLE}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body>\n</html>\n"
    )


__all__ = ["chart", "render_html"]
