"""The shape of a report: frozen models every renderer reads.

Kept apart from the builder so Markdown, HTML and the report facts can
depend on what a report holds without depending on how it is built.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from ipt_trainer.core.model import Skill
from ipt_trainer.reports.status import AssignmentStatus

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
