"""The seam the app and the CLI save progress through.

They depend on this Protocol only, so tests can hand them an in-memory fake
and the storage engine can change without touching them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel

from ipt_trainer.core.model import Skill
from ipt_trainer.core.phq9 import Phq9Result
from ipt_trainer.core.progress import ProgressInputs, ScoreBucket
from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.store.facts import AssignmentFacts, EndingFacts, ScenarioFacts
from ipt_trainer.store.records import (
    HomeworkRecord,
    HomeworkStatus,
    MoodRecord,
    MoodWhen,
    Phq9Record,
    ReplyRecord,
    ReplySource,
    SafetyEventRecord,
    SessionRecord,
    SessionStatus,
)


class ProgressStore(Protocol):
    """Everything kept about a learner's practice. Every write is committed at once."""

    @property
    def path(self) -> Path:
        """Where the data lives (for messages and ``locate``)."""
        ...

    def close(self) -> None:
        """Release the file; further calls fail."""
        ...

    # sessions
    def start_session(
        self,
        *,
        scenario_id: str,
        scenario_version: int,
        scenario_hash: str,
        title: str,
        seed: int,
        problem_area: str | None = None,
        personalisation: Mapping[str, str] | None = None,
        engine_state: str | None = None,
    ) -> SessionRecord:
        """Open a new session and return it (with its new id)."""
        ...

    def save_engine_state(self, session_id: str, engine_state: str) -> None:
        """Keep the engine's state so the session can be resumed."""
        ...

    def finish_session(
        self, session_id: str, *, ending: str, outcome: str | None, engine_state: str | None = None
    ) -> SessionRecord:
        """Mark a session finished at ``ending``."""
        ...

    def abandon_session(self, session_id: str) -> SessionRecord:
        """Mark an open session abandoned (kept, but no longer offered for resume)."""
        ...

    def session(self, session_id: str) -> SessionRecord | None:
        """One session, or None."""
        ...

    def sessions(self, status: SessionStatus | None = None) -> list[SessionRecord]:
        """Sessions, oldest first, optionally only those with ``status``."""
        ...

    # replies
    def record_reply(
        self,
        session_id: str,
        *,
        turn: int,
        node: str,
        text: str,
        source: ReplySource,
        context: str = "",
        suggestion_id: str | None = None,
        score: ReplyScore | None = None,
        route_index: int | None = None,
        next_node: str | None = None,
    ) -> ReplyRecord:
        """Save one reply; it is on disk when this returns."""
        ...

    def mark_rewound(self, session_id: str, turns: Sequence[int]) -> None:
        """Flag turns the learner stepped back from (they are kept)."""
        ...

    def replies(self, session_id: str | None = None) -> list[ReplyRecord]:
        """Replies in the order recorded, optionally of one session."""
        ...

    # wellbeing and safety
    def record_safety_event(
        self, category: str, *, session_id: str | None = None, text: str | None = None
    ) -> SafetyEventRecord:
        """Note that the safety card was shown; ``text`` only if the user chose to keep it."""
        ...

    def safety_events(self) -> list[SafetyEventRecord]:
        """Safety events, oldest first."""
        ...

    def record_mood(
        self, value: int, *, when: MoodWhen = "standalone", session_id: str | None = None
    ) -> MoodRecord:
        """Save a mood check-in (0-10)."""
        ...

    def moods(self) -> list[MoodRecord]:
        """Mood check-ins, oldest first."""
        ...

    def record_phq9(self, result: Phq9Result) -> Phq9Record:
        """Save a scored PHQ-9."""
        ...

    def phq9_results(self) -> list[Phq9Record]:
        """PHQ-9 results, oldest first."""
        ...

    # homework
    def add_homework(
        self,
        *,
        homework_id: str,
        label: str,
        scenario_id: str | None = None,
        due: date | None = None,
        targets: Mapping[str, Any] | None = None,
        note: str | None = None,
        personalisation: Mapping[str, str] | None = None,
    ) -> HomeworkRecord:
        """Add an assignment."""
        ...

    def homework(self, status: HomeworkStatus | None = None) -> list[HomeworkRecord]:
        """Assignments, oldest first, optionally only those with ``status``."""
        ...

    def set_homework_status(self, assignment_id: str, status: HomeworkStatus) -> HomeworkRecord:
        """Mark an assignment done, dropped or assigned again."""
        ...

    # whole-store operations
    def progress_inputs(self) -> ProgressInputs:
        """What ``core.progress.summarise`` needs, aggregated where it matters."""
        ...

    def is_empty(self) -> bool:
        """True when nothing at all has been saved."""
        ...

    def all_records(self) -> dict[str, list[BaseModel]]:
        """Every table's records in a stable order (for export)."""
        ...

    def import_records(
        self, tables: Mapping[str, Sequence[BaseModel]], *, merge: bool = False
    ) -> dict[str, int]:
        """Add records from an export in one transaction; returns how many rows each table got."""
        ...


@runtime_checkable
class ReportFactsStore(Protocol):
    """A store that can hand a report aggregates instead of every reply (optional:
    ``reports.gather`` falls back to reading records from any ``ProgressStore``)."""

    def kept_buckets(self, first_quarter: int = 0) -> list[ScoreBucket]:
        """Quarter-hour sums from ``first_quarter`` on: ``replies`` counts every reply,
        the scores only replies the learner kept (not rewound)."""
        ...

    def kept_days(self, first_quarter: int, spans: Sequence[tuple[int, int]]) -> list[ScoreBucket]:
        """``kept_buckets`` summed per local day, the zone given as ``spans`` of (first
        quarter, UTC offset in seconds); each row's quarter is its day's first one."""
        ...

    def quarter_span(self) -> tuple[int, int] | None:
        """The first and last quarter hour with a reply, if any."""
        ...

    def kept_values(self, skill: Skill, first: int, until: int | None) -> list[int]:
        """One skill's kept scores from quarter ``first`` to ``until`` (excluded; None: to the
        end), in the order given."""
        ...

    def ranked_replies(
        self, *, since: datetime | None, strongest: bool, limit: int
    ) -> list[ReplyRecord]:
        """Typed, kept replies by mean score, best (or worst) first."""
        ...

    def scenario_facts(
        self, since: datetime | None
    ) -> tuple[list[ScenarioFacts], list[EndingFacts]]:
        """Sessions started since ``since`` (all when None), per scenario and ending."""
        ...

    def assignment_facts(self) -> dict[str, AssignmentFacts]:
        """Per assignment id, its scenario's sessions since it was added."""
        ...

    def session_titles(self, ids: Sequence[str]) -> dict[str, str]:
        """Titles of the given sessions."""
        ...
