"""What the scorer says of one reply, and the seam the engine calls it through.

The engine depends only on this module, never on the scorer's internals, so
it is tested with a fixed stub and run with the real analyser. Labels and
numbers agree by construction (see ``ReplyScore``'s validator): a UI or a
route can trust either.
"""

from __future__ import annotations

import inspect
from typing import Literal, Protocol, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ipt_trainer.core.model import AssertivenessStyle, ConflictMode, Skill

Polarity = Literal["strength", "concern"]


class Evidence(BaseModel):
    """A span of the learner's reply and what it shows."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    start: int = Field(ge=0)
    """Offset of the first character in the reply."""
    end: int = Field(ge=0)
    """Offset just past the last character."""
    text: str
    """The words themselves, ``reply[start:end]``."""
    label: str
    """What they show, e.g. 'I-statement', 'blaming you-statement', 'open question'."""
    skill: Skill
    """The skill the span bears on."""
    polarity: Polarity
    """Whether it helps ('strength') or works against the skill ('concern')."""


class Tip(BaseModel):
    """One piece of feedback: the learner's words, and a better way to say them."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    skill: Skill
    """The skill the tip is about."""
    quote: str
    """The learner's own words the tip refers to (may be empty for a missing move)."""
    message: str
    """Plain, kind advice on what would make it better."""
    suggestion: str | None = None
    """A rephrasing built from the learner's words, if one helps."""


class ReplyScore(BaseModel):
    """The three skills, scored for one reply in its context."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    assertiveness: int = Field(ge=0, le=100)
    """How clearly and respectfully the reply owns a feeling, need or limit."""
    assertiveness_style: AssertivenessStyle
    """passive, assertive, aggressive or passive_aggressive (scoring-rubric.md)."""
    active_listening: int = Field(ge=0, le=100)
    """How well the reply shows the other person they were heard."""
    listening_level: int = Field(ge=0, le=3)
    """0 ignores or dismisses, 1 minimal, 2 reflects or asks openly, 3 both, accurately."""
    conflict_resolution: int | None = Field(default=None, ge=0, le=100)
    """How constructively the reply handles the disagreement; null when none is in play."""
    conflict_mode: ConflictMode | None = None
    """Thomas-Kilmann mode; null when the context holds no disagreement."""
    evidence: tuple[Evidence, ...] = ()
    """Spans of the reply that show each skill, in order of appearance."""
    feedback: tuple[Tip, ...] = ()
    """One to three tips, most useful first."""

    @model_validator(mode="after")
    def _consistent(self) -> ReplyScore:
        if (self.conflict_mode is None) != (self.conflict_resolution is None):
            raise ValueError("conflict_mode and conflict_resolution are null together")
        return self


class Scorer(Protocol):
    """Anything that scores a reply given what the other person just said."""

    def __call__(self, reply: str, context: str = "") -> ReplyScore:
        """Score ``reply`` as an answer to ``context``."""
        ...


class DisputeScorer(Protocol):
    """A scorer that can also be told that a disagreement is in play."""

    def __call__(self, reply: str, context: str = "", *, dispute: bool = False) -> ReplyScore:
        """Score ``reply``; ``dispute`` says the step practises handling a disagreement."""
        ...


def score_turn(scorer: Scorer, reply: str, context: str, *, dispute: bool) -> ReplyScore:
    """Score one turn, passing the scenario's knowledge that a disagreement is in play to a
    scorer that takes it.

    The scorer can only guess from the other person's line whether they disagree; a
    step whose author lists conflict resolution among its skills says so outright.
    Scorers without a ``dispute`` parameter (simple stand-ins) are called as before.
    """
    if dispute and "dispute" in inspect.signature(scorer).parameters:
        return cast(DisputeScorer, scorer)(reply, context, dispute=True)
    return scorer(reply, context)
