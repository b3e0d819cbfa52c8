"""What the engine tells a host to show, one event per thing that happened.

The engine never renders anything: each call returns the new state and a
tuple of these events, and the host (the Textual app, a test, a transcript
export) decides how they look. All text in an event is final: placeholders
are filled and nothing in it is markup.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ipt_trainer.core.model import ExpectedLabels, Outcome, Skill
from ipt_trainer.core.safety import CrisisCheck
from ipt_trainer.core.scores import ReplyScore

ReplySource = Literal["typed", "suggestion"]


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    node: str
    """The scenario node the event comes from."""


class LineEvent(_Event):
    """The other person says something."""

    kind: Literal["line"] = "line"
    speaker: str
    """Their name, placeholders filled."""
    text: str
    """What they say."""
    emotion: str
    """How they feel as they say it."""


class NarrationEvent(_Event):
    """Scene-setting from the narrator."""

    kind: Literal["narration"] = "narration"
    text: str
    """The narration."""


class CoachEvent(_Event):
    """An aside from the coach."""

    kind: Literal["coach"] = "coach"
    text: str
    """The aside."""
    technique: str | None = None
    """The IPT technique or skill it names, if any."""


class SuggestionView(BaseModel):
    """A ready-made reply offered at a prompt."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    id: str
    """Pass this to ``choose``."""
    text: str
    """The reply, placeholders filled."""


class PromptEvent(_Event):
    """The learner's turn: type a reply or pick a suggestion."""

    kind: Literal["prompt"] = "prompt"
    instruction: str
    """What to try, e.g. 'Tell Sam how you feel.' (may be empty)."""
    skills: tuple[Skill, ...]
    """The skills in focus."""
    suggestions: tuple[SuggestionView, ...] = ()
    """Replies that may be picked instead of typing."""
    attempt: int = Field(ge=1)
    """Which attempt at this prompt this is, from 1."""
    hint: str | None = None
    """A hint for another attempt after a reply asked for a retry."""


class ModelReplyView(BaseModel):
    """An example reply shown as a hint after a turn."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    text: str
    """The reply."""
    labels: ExpectedLabels
    """How it shows each skill."""
    note: str | None = None
    """Why it works."""


class EffectApplied(BaseModel):
    """One variable changed by a reply."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    name: str
    """The variable."""
    delta: int
    """The change the scenario asked for."""
    value: int
    """The new value, after clamping to the variable's range."""


class FeedbackEvent(_Event):
    """How a reply went and what it changed."""

    kind: Literal["feedback"] = "feedback"
    source: ReplySource
    """Whether the reply was typed or picked."""
    suggestion_id: str | None = None
    """The suggestion picked, if one was."""
    score: ReplyScore | None = None
    """The scorer's view of a typed reply; None for a picked suggestion."""
    expected: ExpectedLabels | None = None
    """A picked suggestion's labels, shown as coaching."""
    route_index: int | None = None
    """Which route a typed reply took."""
    text: str | None = None
    """The route's or suggestion's feedback, placeholders filled."""
    model_replies: tuple[ModelReplyView, ...] = ()
    """Example replies for this prompt."""
    effects: tuple[EffectApplied, ...] = ()
    """Variables changed, with their new values."""
    retry: bool = False
    """True when the learner stays at the prompt for another attempt."""
    attempts_used_up: bool = False
    """True when a retry was asked for but no attempts are left, so the scene moves on."""


class SafetyEvent(_Event):
    """The reply suggests someone may be at risk: pause and offer support."""

    kind: Literal["safety"] = "safety"
    check: CrisisCheck
    """What the safety check found."""


class EndingEvent(_Event):
    """The session is over."""

    kind: Literal["ending"] = "ending"
    outcome: Outcome
    """How it ended."""
    title: str
    """The debrief heading."""
    debrief: str
    """What worked and what to try next time."""


Event = Annotated[
    LineEvent
    | NarrationEvent
    | CoachEvent
    | PromptEvent
    | FeedbackEvent
    | SafetyEvent
    | EndingEvent,
    Field(discriminator="kind"),
]
