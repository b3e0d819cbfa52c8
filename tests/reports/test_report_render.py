"""Markdown, HTML and JSON renderings of one hand-made report: golden text and escaping.

Regenerate the golden files after an intended change with
``IPT_UPDATE_GOLDEN=1 pytest tests/reports/test_report_render.py`` and read the diff.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from report_records import T0, homework, mood, phq9, reply, safety, session

from ipt_trainer.core.charts import sparkline
from ipt_trainer.reports.html import render_html
from ipt_trainer.reports.markdown import escape, render_markdown
from ipt_trainer.reports.report import (
    CRISIS_LINE,
    DISCLAIMER,
    Report,
    ReportInputs,
    build_report,
    render_json,
)

GOLDEN = Path(__file__).with_name("golden")
NASTY = "<script>alert(1)</script> [bold]x[/] & *stars* | pipe"
TIP = {
    "skill": "active_listening",
    "quote": "",
    "message": "Name what you heard <first>.",
    "suggestion": "It sounds like [you] were tired.",
}


def sample(with_transcripts: bool = True) -> Report:
    first = session(at=T0, title="Dishes <again>")
    second = session("other_talk", at=T0 + timedelta(days=2), outcome="partial", title="Other")
    replies = [
        reply(first, a=30, listening=20, text=NASTY, tips=[TIP], turn=1),
        reply(
            first,
            a=70,
            listening=60,
            conflict=55,
            turn=2,
            at=T0 + timedelta(days=1),
            text="I'd like us to take turns.",
        ),
        reply(second, a=85, listening=80, turn=1, at=T0 + timedelta(days=2), text="I hear you."),
        reply(
            second,
            a=None,
            listening=None,
            source="suggestion",
            turn=2,
            at=T0 + timedelta(days=2),
            text="#1 picked",
        ),
    ]
    inputs = ReportInputs(
        sessions=[first, second],
        replies=replies,
        moods=[mood(4, T0), mood(7, T0 + timedelta(days=2))],
        phq9=[phq9((1, 1, 1, 0, 0, 0, 0, 0, 1), T0 + timedelta(days=1))],
        homework=[homework(due=date(2026, 3, 5), targets={"assertiveness": 60})],
        safety=[safety(T0 + timedelta(days=1))],
    )
    return build_report(
        inputs,
        today=date(2026, 3, 10),
        produced_at=datetime(2026, 3, 10, 12, 0, tzinfo=UTC),
        tz=UTC,
        with_transcripts=with_transcripts,
    )


def empty() -> Report:
    return build_report(
        ReportInputs(),
        today=date(2026, 3, 10),
        produced_at=datetime(2026, 3, 10, 12, 0, tzinfo=UTC),
        tz=UTC,
    )


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("IPT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text


def test_markdown_matches_the_golden_file() -> None:
    check_golden("report.md", render_markdown(sample()))


def test_html_matches_the_golden_file() -> None:
    check_golden("report.html", render_html(sample()))


def test_empty_reports_are_short_and_say_so() -> None:
    text = render_markdown(empty())
    assert "Nothing recorded yet" in text and "## " not in text
    assert len(text.splitlines()) < 10
    assert "Nothing recorded yet" in render_html(empty())
    assert json.loads(render_json(empty()))["empty"] is True


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_the_disclaimer_comes_first(render) -> None:  # type: ignore[no-untyped-def]
    text = render(sample())
    body = text.split("<body>")[-1]
    assert body.index(DISCLAIMER) < min(body.index(h) for h in ("Homework", "Skills"))
    assert (
        DISCLAIMER == "Produced by IPT Trainer, a practice tool. It is not a clinical assessment."
    )


def test_markdown_escapes_user_and_scenario_text() -> None:
    text = render_markdown(sample())
    assert "<script>" not in text and "[bold]" not in text and "Dishes <again>" not in text
    assert r"&lt;script&gt;alert(1)&lt;/script&gt; \[bold\]x\[/\] &amp; \*stars\* \| pipe" in text
    assert "Dishes &lt;again&gt;" in text
    assert r"It sounds like \[you\] were tired." in text


def test_markdown_escape_flattens_lines_and_tables() -> None:
    assert escape("a\n# b | c") == r"a \# b \| c"


def test_html_escapes_user_and_scenario_text() -> None:
    text = render_html(sample())
    assert "<script" not in text and "alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [bold]x[/] &amp; *stars* | pipe" in text
    assert "Dishes &lt;again&gt;" in text and "Name what you heard &lt;first&gt;." in text


def test_html_is_self_contained_and_prints_cleanly() -> None:
    text = render_html(sample())
    for outside in ("<script", "<link", "src=", "href=", "@import", "url(", "@font-face"):
        assert outside not in text, outside
    assert re.findall(r"https?://[^\"' ]+", text) == ["http://www.w3.org/2000/svg"] * 4
    assert "@page" in text and "@media print" in text
    assert "break-inside: avoid" in text and "page-break-inside: avoid" in text
    assert text.count("<svg") == 4  # three skills with data... and the mood chart
    assert '<meta charset="utf-8">' in text


def test_wellbeing_is_stated_calmly_with_the_crisis_line() -> None:
    md = render_markdown(sample())
    assert 'question 9 was answered above "Not at all" on 2026-03-02' in md
    assert escape(CRISIS_LINE) in md
    assert "The safety card was shown 1 time (2026-03-02)." in md
    html = render_html(sample())
    assert 'class="attention"' in html and "116 123" in html


def test_charts() -> None:
    assert sparkline([0, 50, 100, None]) == "▁▅█·"
    assert sparkline([3, 10], top=10) == "▃█"
    md = render_markdown(sample())
    assert "| Assertiveness | 3 | 62 | 85 | – | `▃▆▇` |" in md  # 30, 70, 85 on three days


def test_transcripts_only_when_built_with_them() -> None:
    assert "## Transcripts" in render_markdown(sample())
    without = render_markdown(sample(with_transcripts=False))
    assert "## Transcripts" not in without and "#1 picked" not in without


def test_json_is_the_model_dump() -> None:
    report = sample()
    assert json.loads(render_json(report)) == report.model_dump(mode="json")
    assert Report.model_validate_json(render_json(report)) == report


def test_html_tags_are_balanced() -> None:
    from html.parser import HTMLParser

    void = {"meta", "br", "circle", "rect", "polyline"}

    class Balance(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag not in void:
                self.stack.append(tag)

        def handle_startendtag(self, tag: str, attrs: object) -> None:
            return

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
            self.stack.pop()

    for report in (sample(), empty()):
        parser = Balance()
        parser.feed(render_html(report))
        assert parser.stack == []


def test_long_histories_show_the_latest_rows_only() -> None:
    moods = [mood(i % 11, T0 + timedelta(days=i)) for i in range(45)]
    report = build_report(ReportInputs(moods=moods), today=date(2026, 6, 1), produced_at=T0, tz=UTC)
    md = render_markdown(report)
    assert "(The latest 30 of 45.)" in md and "| 2026-03-15 |" not in md
    assert "| 2026-04-14 |" in md
    assert "(The latest 30 of 45.)" in render_html(report)
