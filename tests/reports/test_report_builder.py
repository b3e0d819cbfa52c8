"""The report builder: pure, from hand-made records."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from report_records import T0, homework, mood, phq9, reply, safety, session

from ipt_trainer.reports.report import (
    CRISIS_LINE,
    HIGHLIGHTS,
    Report,
    ReportInputs,
    build_report,
)

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def build(inputs: ReportInputs, **options: Any) -> Report:
    return build_report(inputs, today=TODAY, produced_at=NOW, tz=UTC, **options)


def practice() -> ReportInputs:
    first = session(at=T0)
    second = session(at=T0 + timedelta(days=2), status="abandoned")
    third = session("other", at=T0 + timedelta(days=3), title="Another talk", outcome="partial")
    replies = [
        reply(first, a=a, listening=30 + a // 2, at=T0 + timedelta(days=day, minutes=i), turn=i)
        for i, (day, a) in enumerate([(0, 20), (0, 30), (0, 40), (2, 60), (2, 70), (3, 80)])
    ]
    replies.append(reply(third, a=None, listening=None, source="suggestion", text="picked"))
    replies.append(reply(third, a=99, listening=99, rewound=True, text="stepped back"))
    return ReportInputs(
        sessions=[first, second, third],
        replies=replies,
        moods=[mood(4, T0), mood(6, T0 + timedelta(days=3))],
        phq9=[phq9((1,) * 8 + (0,), T0)],
        homework=[homework(), homework("other", status="dropped")],
        safety=[],
    )


def test_an_empty_store_gives_an_empty_report() -> None:
    report = build(ReportInputs())
    assert report.empty and report.sessions == 0
    assert report.crisis_resources is None and report.transcripts is None


def test_counts_skills_and_trends() -> None:
    report = build(practice())
    assert not report.empty
    assert (report.sessions, report.replies, report.practice_days) == (3, 8, 3)
    assertiveness = report.skills[0]
    assert assertiveness.count == 6 and assertiveness.best == 80
    assert assertiveness.average == 50.0
    assert assertiveness.change == 40.0  # (60+70+80)/3 - (20+30+40)/3
    assert assertiveness.days == (date(2026, 3, 1), date(2026, 3, 3), date(2026, 3, 4))
    assert assertiveness.series == (30.0, 65.0, 80.0)
    conflict = report.skills[2]
    assert conflict.count == 0 and conflict.average is None and conflict.series == ()


def test_too_few_replies_give_no_trend() -> None:
    first = session()
    inputs = ReportInputs(sessions=[first], replies=[reply(first, a=a) for a in (10, 90, 50)])
    assert build(inputs).skills[0].change is None


def test_scenarios_and_endings() -> None:
    played = build(practice()).scenarios
    assert [p.scenario_id for p in played] == ["other", "tiny_talk"]  # most recent first
    tiny = played[1]
    assert (tiny.sessions, tiny.finished) == (2, 1)
    assert [(e.ending, e.outcome, e.count) for e in tiny.endings] == [("done", "repaired", 1)]


def test_assignments_leave_out_dropped_ones() -> None:
    report = build(practice())
    assert [a.scenario_id for a in report.assignments] == ["tiny_talk"]
    assert report.assignments[0].state == "done"


def test_strongest_and_weakest_typed_replies_with_their_tips() -> None:
    owner = session()
    tips = [
        {
            "skill": "assertiveness",
            "quote": "",
            "message": "Say what you need.",
            "suggestion": "I need a hand.",
        }
    ]
    replies = [
        reply(owner, a=a, listening=a, text=f"reply {a}", tips=tips) for a in range(10, 90, 10)
    ]
    report = build(ReportInputs(sessions=[owner], replies=replies))
    assert [h.text for h in report.strongest] == ["reply 80", "reply 70", "reply 60"]
    assert [h.text for h in report.weakest] == ["reply 10", "reply 20", "reply 30"]
    assert len(report.strongest) == HIGHLIGHTS
    tip = report.weakest[0].tips[0]
    assert (tip.message, tip.suggestion) == ("Say what you need.", "I need a hand.")
    assert report.weakest[0].scenario_title == "A tiny talk"


def test_a_reply_is_never_both_strongest_and_weakest() -> None:
    owner = session()
    replies = [reply(owner, a=a, text=str(a)) for a in (10, 50, 90, 70)]
    report = build(ReportInputs(sessions=[owner], replies=replies))
    strongest = {h.text for h in report.strongest}
    weakest = {h.text for h in report.weakest}
    assert strongest == {"90", "70"} and weakest == {"10", "50"}
    single = build(ReportInputs(sessions=[owner], replies=replies[:1]))
    assert len(single.strongest) == 1 and single.weakest == ()


def test_broken_tip_data_from_old_records_is_skipped() -> None:
    owner = session()
    odd = reply(owner, tips=[{"message": 3}, "text", {"message": "ok", "suggestion": 5}])
    report = build(ReportInputs(sessions=[owner], replies=[odd]))
    assert [(t.message, t.suggestion) for t in report.strongest[0].tips] == [("ok", None)]


def test_phq9_item9_is_flagged_with_the_crisis_line() -> None:
    calm = build(practice())
    assert not calm.phq9_item9 and calm.crisis_resources is None
    inputs = ReportInputs(phq9=[phq9((0,) * 8 + (1,))], safety=[safety()])
    flagged = build(inputs)
    assert flagged.phq9_item9 and flagged.phq9[0].flagged
    assert flagged.phq9[0].item9 == 1
    assert flagged.crisis_resources == CRISIS_LINE
    assert [n.category for n in flagged.safety] == ["phq9_item9"]


def test_a_safety_pause_alone_brings_the_crisis_line() -> None:
    report = build(ReportInputs(safety=[safety(category="self-harm")]))
    assert not report.empty and report.crisis_resources == CRISIS_LINE


def test_since_filters_practice_but_keeps_homework() -> None:
    report = build(practice(), since=date(2026, 3, 3))
    assert (report.sessions, report.replies) == (2, 5)
    assert [m.value for m in report.moods] == [6] and report.phq9 == ()
    assert len(report.assignments) == 1


def test_since_uses_the_local_day() -> None:
    from datetime import timezone

    late = session(at=datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    inputs = ReportInputs(sessions=[late])
    plus_two = timezone(timedelta(hours=2))  # 01:30 on the 3rd there
    report = build_report(inputs, today=TODAY, produced_at=NOW, since=date(2026, 3, 3), tz=plus_two)
    assert report.sessions == 1
    assert build(inputs, since=date(2026, 3, 3)).sessions == 0


def test_transcripts_only_when_asked() -> None:
    assert build(practice()).transcripts is None
    transcripts = build(practice(), with_transcripts=True).transcripts
    assert len(transcripts) == 3
    other = transcripts[2]
    assert [(t.text, t.source, t.rewound) for t in other.turns] == [
        ("picked", "suggestion", False),
        ("stepped back", "typed", True),
    ]


def test_the_report_is_frozen_and_round_trips_as_json() -> None:
    report = build(practice(), with_transcripts=True)
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report


def test_since_leaves_out_homework_marked_done_before_the_period() -> None:
    old_done = homework(status="done", added=T0)
    old_open = homework(added=T0)
    new_done = homework(status="done", added=T0 + timedelta(days=5))
    inputs = ReportInputs(homework=[old_done, old_open, new_done])
    shown = build(inputs, since=date(2026, 3, 4)).assignments
    assert [a.id for a in shown] == [old_open.id, new_done.id]
    assert len(build(inputs).assignments) == 3
