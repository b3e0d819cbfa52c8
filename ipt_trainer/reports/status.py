"""How each homework assignment is going, derived from the sessions played.

Nothing is stored about progress on an assignment: it is read off the
sessions of its scenario started since the assignment was added, so it is
always in step with what was actually practised (and a session played
before the homework arrived does not count towards it). Pure: the caller
passes the records and today's date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ipt_trainer.core.model import SKILLS, Skill
from ipt_trainer.store.records import HomeworkRecord, ReplyRecord, SessionRecord

State = Literal["not started", "in progress", "done", "overdue", "dropped"]
STATES: tuple[State, ...] = ("not started", "in progress", "done", "overdue", "dropped")


class AssignmentStatus(BaseModel):
    """One assignment as the client's list and the report show it."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    id: str
    """The assignment's id in the store."""
    homework_id: str
    """The homework it came from."""
    label: str
    """What the client sees."""
    scenario_id: str | None
    """The scenario to practise."""
    due: date | None
    """When it is due, if set."""
    note: str | None
    """The therapist's note."""
    added_at: datetime
    """When it was added (UTC)."""
    state: State
    """not started, in progress, done, overdue or dropped."""
    sessions: int
    """Sessions of the scenario started since the assignment was added."""
    finished: int
    """Of those, how many reached an ending."""
    last_played: datetime | None
    """When the latest of them started."""
    best: dict[Skill, int]
    """Best score per skill in those sessions (skills with a scored reply only)."""
    targets: dict[Skill, int]
    """The therapist's target per skill."""
    targets_met: bool
    """True when every target is reached (and trivially when there are none)."""


def best_scores(replies: Iterable[ReplyRecord]) -> dict[Skill, int]:
    """Highest score per skill over replies the learner kept (rewound ones do not count)."""
    top = [-1, -1, -1]
    for reply in replies:
        if reply.rewound:
            continue
        scores = (reply.assertiveness, reply.active_listening, reply.conflict_resolution)
        for index, value in enumerate(scores):
            if value is not None and value > top[index]:
                top[index] = value
    return {skill: top[i] for i, skill in enumerate(SKILLS) if top[i] >= 0}


def _targets(record: HomeworkRecord) -> dict[Skill, int]:
    """Targets as stored, keeping only known skills with whole-number values."""
    found: dict[Skill, int] = {}
    for skill in SKILLS:
        value = record.targets.get(skill)
        if isinstance(value, int) and not isinstance(value, bool):
            found[skill] = value
    return found


def assignment_status(
    record: HomeworkRecord,
    sessions: Sequence[SessionRecord],
    replies_by_session: Mapping[str, Sequence[ReplyRecord]],
    today: date,
) -> AssignmentStatus:
    """The status of one assignment given every session and the replies of each."""
    best_by_session = {
        session.id: best_scores(replies_by_session.get(session.id, ())) for session in sessions
    }
    return _status(record, sessions, best_by_session, today)


def _merged(bests: Iterable[Mapping[Skill, int]]) -> dict[Skill, int]:
    top: dict[Skill, int] = {}
    for best in bests:
        for skill, value in best.items():
            if value > top.get(skill, -1):
                top[skill] = value
    return {skill: top[skill] for skill in SKILLS if skill in top}


def _status(
    record: HomeworkRecord,
    sessions: Sequence[SessionRecord],
    best_by_session: Mapping[str, Mapping[Skill, int]],
    today: date,
) -> AssignmentStatus:
    """``assignment_status`` with each session's best scores worked out once, not per
    assignment (40 assignments over 100,000 replies took seconds the other way)."""
    mine = [
        s
        for s in sessions
        if s.scenario_id == record.scenario_id and s.started_at >= record.added_at
    ]
    return status_of(
        record,
        sessions=len(mine),
        finished=sum(s.status == "finished" for s in mine),
        last_played=max((s.started_at for s in mine), default=None),
        best=_merged(best_by_session.get(s.id, {}) for s in mine),
        today=today,
    )


def status_of(
    record: HomeworkRecord,
    *,
    sessions: int,
    finished: int,
    last_played: datetime | None,
    best: dict[Skill, int],
    today: date,
) -> AssignmentStatus:
    """An assignment's status from the counts of its scenario's sessions since it was
    added (worked out from records above, or in SQL by ``reports.gather``)."""
    targets = _targets(record)
    met = all(best.get(skill, -1) >= value for skill, value in targets.items())
    state: State
    if record.status == "dropped":
        state = "dropped"
    elif record.status == "done" or (finished and met):
        state = "done"
    elif record.due is not None and record.due < today:
        state = "overdue"
    elif sessions:
        state = "in progress"
    else:
        state = "not started"
    return AssignmentStatus(
        id=record.id,
        homework_id=record.homework_id,
        label=record.label,
        scenario_id=record.scenario_id,
        due=record.due,
        note=record.note,
        added_at=record.added_at,
        state=state,
        sessions=sessions,
        finished=finished,
        last_played=last_played,
        best=best,
        targets=targets,
        targets_met=met,
    )


def in_period(record: HomeworkRecord, since: date | None, tz: tzinfo | None = UTC) -> bool:
    """Whether a report shows an assignment: never when dropped; with ``since``, homework
    marked done before the period is history, not news, and is left out."""
    if record.status == "dropped":
        return False
    if since is None or record.status != "done":
        return True
    moment = record.added_at
    return (moment.astimezone(tz) if tz is not None else moment.astimezone()).date() >= since


def group_replies(replies: Iterable[ReplyRecord]) -> dict[str, list[ReplyRecord]]:
    """Replies by session id, in the order given."""
    grouped: dict[str, list[ReplyRecord]] = defaultdict(list)
    for reply in replies:
        grouped[reply.session_id].append(reply)
    return dict(grouped)


def statuses(
    homework: Sequence[HomeworkRecord],
    sessions: Sequence[SessionRecord],
    replies: Iterable[ReplyRecord],
    today: date,
    *,
    include_dropped: bool = False,
) -> tuple[AssignmentStatus, ...]:
    """Every assignment's status, in the order they were added."""
    shown = [record for record in homework if include_dropped or record.status != "dropped"]
    scenarios = {record.scenario_id for record in shown}
    by_scenario: dict[str, list[SessionRecord]] = defaultdict(list)
    for session in sessions:
        if session.scenario_id in scenarios:
            by_scenario[session.scenario_id].append(session)
    wanted = {session.id for mine in by_scenario.values() for session in mine}
    grouped = group_replies(reply for reply in replies if reply.session_id in wanted)
    best_by_session = {session_id: best_scores(mine) for session_id, mine in grouped.items()}
    return tuple(
        _status(record, by_scenario.get(record.scenario_id or "", ()), best_by_session, today)
        for record in shown
    )


__all__ = [
    "STATES",
    "AssignmentStatus",
    "State",
    "assignment_status",
    "best_scores",
    "group_replies",
    "in_period",
    "status_of",
    "statuses",
]
