"""What the store hands back: frozen records, one per row.

Callers never see sqlite rows, so the schema can change under them. Nested
data (scores, personalisation, targets) stays plain JSON here rather than
being re-validated as today's models: a record written by an older version
must always load, even if ``ReplyScore`` has grown since.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ipt_trainer.core.phq9 import ITEM_COUNT, Band
from ipt_trainer.core.scores import ReplyScore

SessionStatus = Literal["open", "finished", "abandoned"]
ReplySource = Literal["typed", "suggestion"]
MoodWhen = Literal["before", "after", "standalone"]
HomeworkStatus = Literal["assigned", "done", "dropped"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class SessionRecord(_Record):
    """One run through one scenario."""

    id: str = Field(pattern=r"^[0-9a-f]{32}$")
    """uuid4 hex."""
    scenario_id: str
    """The scenario played."""
    scenario_version: int
    """Its version then."""
    scenario_hash: str
    """Its content hash then (notices edits that kept the version)."""
    title: str
    """Its title then, so history reads well even if the scenario is gone."""
    problem_area: str | None = None
    """IPT problem area; None for drills."""
    personalisation: dict[str, str] = Field(default_factory=dict)
    """Placeholder values the learner gave."""
    seed: int
    """Seed of the session's random generator."""
    started_at: datetime
    """When it started (UTC)."""
    ended_at: datetime | None = None
    """When it finished or was abandoned."""
    ending: str | None = None
    """The ending node reached."""
    outcome: str | None = None
    """The ending's outcome (repaired, partial, ...)."""
    engine_state: str | None = None
    """The engine's saved state (JSON text) to resume from."""
    status: SessionStatus = "open"
    """open, finished or abandoned."""


class ReplyRecord(_Record):
    """One reply the learner typed or picked."""

    id: int
    """Row id, increasing in the order replies were recorded."""
    session_id: str
    """The session it belongs to."""
    turn: int = Field(ge=0)
    """Index of the turn in the session's transcript."""
    node: str
    """The prompt it answered."""
    context: str = ""
    """What the other person had just said."""
    text: str
    """The reply as cleaned."""
    source: ReplySource
    """typed or suggestion."""
    suggestion_id: str | None = None
    """The suggestion picked, if any."""
    scores: dict[str, Any] | None = None
    """The full ``ReplyScore`` as JSON (None for a picked suggestion)."""
    assertiveness: int | None = None
    """Copied from scores for fast aggregation."""
    assertiveness_style: str | None = None
    """Copied from scores."""
    active_listening: int | None = None
    """Copied from scores."""
    listening_level: int | None = None
    """Copied from scores."""
    conflict_resolution: int | None = None
    """Copied from scores; None when no disagreement was in play."""
    conflict_mode: str | None = None
    """Copied from scores."""
    route_index: int | None = None
    """The route a typed reply took."""
    next_node: str | None = None
    """Where the reply led."""
    created_at: datetime
    """When it was recorded (UTC)."""
    rewound: bool = False
    """True once the learner stepped back to try this turn again."""

    def reply_score(self) -> ReplyScore | None:
        """The scores as today's model (raises if they no longer fit it)."""
        return None if self.scores is None else ReplyScore.model_validate(self.scores)


class SafetyEventRecord(_Record):
    """A crisis check that fired, or a PHQ-9 item 9 above 0."""

    id: int
    """Row id."""
    session_id: str | None = None
    """The session it happened in, if any."""
    created_at: datetime
    """When (UTC)."""
    category: str
    """What kind of event (e.g. 'plan', 'self-harm', 'phq9_item9')."""
    text: str | None = None
    """The words, only if the user chose to keep them."""


class MoodRecord(_Record):
    """A mood check-in, 0 (lowest) to 10."""

    id: int
    """Row id."""
    value: int = Field(ge=0, le=10)
    """The mood given."""
    when: MoodWhen = "standalone"
    """Before or after a session, or on its own."""
    session_id: str | None = None
    """The session it was taken around, if any."""
    created_at: datetime
    """When (UTC)."""


class Phq9Record(_Record):
    """A stored PHQ-9 result."""

    id: int
    """Row id."""
    answers: tuple[int, ...] = Field(min_length=ITEM_COUNT, max_length=ITEM_COUNT)
    """The nine answers."""
    total: int = Field(ge=0, le=27)
    """Their sum."""
    band: Band
    """Severity band."""
    created_at: datetime
    """When (UTC)."""


class HomeworkRecord(_Record):
    """Practice a therapist may set between sessions."""

    id: str = Field(pattern=r"^[0-9a-f]{32}$")
    """uuid4 hex of this assignment."""
    homework_id: str
    """Which homework template it came from."""
    label: str
    """What the learner sees."""
    scenario_id: str | None = None
    """The scenario to practise, if one."""
    due: date | None = None
    """When it is due, if set."""
    targets: dict[str, Any] = Field(default_factory=dict)
    """What counts as done (e.g. skill targets)."""
    note: str | None = None
    """A note from whoever set it."""
    personalisation: dict[str, str] = Field(default_factory=dict)
    """Placeholder values for the scenario."""
    status: HomeworkStatus = "assigned"
    """assigned, done or dropped."""
    added_at: datetime
    """When it was added (UTC)."""
