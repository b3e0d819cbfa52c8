"""Assignment status, derived from sessions: pure, from hand-made records."""

from __future__ import annotations

from datetime import date, timedelta

from report_records import T0, homework, reply, session

from ipt_trainer.reports.status import assignment_status, best_scores, group_replies, statuses

TODAY = date(2026, 3, 10)


def status_of(record, sessions=(), replies=()):  # type: ignore[no-untyped-def]
    return assignment_status(record, list(sessions), group_replies(replies), TODAY)


def test_nothing_played_is_not_started() -> None:
    assert status_of(homework()).state == "not started"


def test_an_unfinished_session_is_in_progress() -> None:
    played = session(at=T0 + timedelta(hours=1), status="open")
    found = status_of(homework(), [played])
    assert found.state == "in progress" and found.sessions == 1 and found.finished == 0


def test_a_finished_session_without_targets_is_done() -> None:
    played = session(at=T0 + timedelta(hours=1))
    assert status_of(homework(), [played]).state == "done"


def test_targets_must_be_reached_for_done() -> None:
    record = homework(targets={"assertiveness": 60, "active_listening": 40})
    played = session(at=T0 + timedelta(hours=1))
    low = status_of(record, [played], [reply(played, a=55, listening=70)])
    assert low.state == "in progress" and not low.targets_met
    assert low.best == {"assertiveness": 55, "active_listening": 70}
    high = status_of(record, [played], [reply(played, a=55), reply(played, a=61, listening=41)])
    assert high.state == "done" and high.targets_met


def test_sessions_before_the_assignment_or_of_other_scenarios_do_not_count() -> None:
    earlier = session(at=T0 - timedelta(days=1))
    other = session("another", at=T0 + timedelta(hours=1))
    found = status_of(homework(), [earlier, other])
    assert found.state == "not started" and found.sessions == 0


def test_past_due_and_not_done_is_overdue_but_done_stays_done() -> None:
    record = homework(due=TODAY - timedelta(days=1))
    assert status_of(record).state == "overdue"
    played = session(at=T0 + timedelta(hours=1))
    assert status_of(record, [played]).state == "done"
    assert status_of(homework(due=TODAY)).state == "not started"  # due today is not late


def test_marked_done_or_dropped_in_the_store_wins() -> None:
    assert status_of(homework(status="done", due=date(2020, 1, 1))).state == "done"
    assert status_of(homework(status="dropped")).state == "dropped"


def test_rewound_replies_do_not_count_towards_best() -> None:
    played = session()
    assert best_scores([reply(played, a=90, rewound=True), reply(played, a=40)]) == {
        "assertiveness": 40,
        "active_listening": 50,
    }


def test_statuses_hide_dropped_unless_asked() -> None:
    records = [homework(), homework(status="dropped")]
    assert len(statuses(records, [], [], TODAY)) == 1
    assert len(statuses(records, [], [], TODAY, include_dropped=True)) == 2
