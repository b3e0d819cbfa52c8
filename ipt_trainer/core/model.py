"""The scenario format: what a YAML role-play file may say.

Every model is frozen and forbids unknown fields, so a typo in a scenario is
an error with a line number rather than a silently ignored key. The field
docstrings become the JSON Schema descriptions that editors show, and the
reference in docs/authoring.md.

A scenario is a graph of nodes keyed by stable ids. ``say``, ``narrate`` and
``coach`` nodes are shown and followed by ``next``; a ``prompt`` is the
learner's turn and leaves through a suggested reply or the first matching
route; an ``ending`` closes the session.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ProblemArea = Literal["role_dispute", "role_transition", "grief", "interpersonal_deficits"]
Skill = Literal["assertiveness", "active_listening", "conflict_resolution"]
AssertivenessStyle = Literal["passive", "assertive", "aggressive", "passive_aggressive"]
ConflictMode = Literal["competing", "avoiding", "accommodating", "compromising", "collaborating"]
Outcome = Literal["repaired", "partial", "stalemate", "escalated", "withdrew", "practised"]
Category = Literal["scenario", "drill"]

PROBLEM_AREAS: tuple[ProblemArea, ...] = (
    "role_dispute",
    "role_transition",
    "grief",
    "interpersonal_deficits",
)
SKILLS: tuple[Skill, ...] = ("assertiveness", "active_listening", "conflict_resolution")

ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]{0,63}$"
"""Ids are short, lower-case and safe to use in file names and URLs."""

PLACEHOLDER_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
"""``{partner_name}`` in any text is filled when a session starts."""

BANDS: dict[str, tuple[int, int]] = {"low": (0, 39), "medium": (40, 69), "high": (70, 100)}
"""Named score bands an author may use instead of numbers (inclusive bounds)."""

COMPARISON_RE = re.compile(r"^\s*(>=|<=|==|!=|>|<)?\s*(-?\d+)\s*$")
"""A comparison such as ``>= 60`` or a bare number meaning ``==``."""

NodeId = Annotated[str, Field(pattern=ID_PATTERN)]
Comparison = Annotated[
    str | int,
    Field(
        description=(
            "A number (equal to), a comparison such as '>= 60' or '< 2', or a named band "
            "'low' (0-39), 'medium' (40-69), 'high' (70-100)."
        )
    ),
]


def check_comparison(value: str | int) -> str | int:
    """Reject a comparison the engine could not evaluate, at load time."""
    if isinstance(value, bool):
        raise ValueError("expected a number, a comparison like '>= 60', or low/medium/high")
    if isinstance(value, int):
        return value
    if value.strip() in BANDS or COMPARISON_RE.match(value):
        return value
    raise ValueError(
        f"{value!r} is not a comparison; write a number, '>= 60', '< 2', or low/medium/high"
    )


class Frozen(BaseModel):
    """Base for every scenario model: immutable, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Person(Frozen):
    """The other person in the role-play."""

    name: str = Field(min_length=1, max_length=80)
    """Their name as shown in the conversation; may be a placeholder like '{partner_name}'."""
    relationship: str = Field(min_length=1, max_length=120)
    """Who they are to the learner, e.g. 'partner', 'older sister', 'manager'."""
    persona: str = Field(default="", max_length=4000)
    """Notes for authors and trainees on how this person thinks, speaks and reacts."""


class Variable(Frozen):
    """A number the scenario tracks, such as trust or tension."""

    type: Literal["int"] = "int"
    """The kind of value; whole numbers for now."""
    start: int
    """The value when a session starts."""
    min: int = 0
    """The lowest value; effects are clamped to it."""
    max: int = 100
    """The highest value; effects are clamped to it."""
    description: str = Field(default="", max_length=400)
    """What the number means, shown beside its meter."""

    @model_validator(mode="after")
    def _start_in_range(self) -> Variable:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start ({self.start}) is outside min..max ({self.min}..{self.max})")
        return self


class Placeholder(Frozen):
    """A name or detail the learner (or their therapist) can fill in."""

    prompt: str = Field(min_length=1, max_length=200)
    """The question asked at set-up, e.g. 'What is your partner called?'."""
    default: str = Field(min_length=1, max_length=80)
    """Used when nothing is filled in."""


Effects = dict[str, int]
"""Variable name to the amount added (negative to subtract); results are clamped."""


class When(Frozen):
    """Conditions on a typed reply; a route fires when all of them hold."""

    assertiveness_style: AssertivenessStyle | list[AssertivenessStyle] | None = None
    """The scorer's style label, or any of a list."""
    listening_level: Comparison | None = None
    """The scorer's listening level 0-3, e.g. 2 or '>= 2'."""
    conflict_mode: ConflictMode | Literal["none"] | list[ConflictMode | Literal["none"]] | None = (
        None
    )
    """The scorer's conflict mode, or any of a list; 'none' means no disagreement was in play."""
    assertiveness: Comparison | None = None
    """The assertiveness score 0-100: a comparison or a band."""
    active_listening: Comparison | None = None
    """The active-listening score 0-100: a comparison or a band."""
    conflict_resolution: Comparison | None = None
    """The conflict-resolution score 0-100 (never matches when the scorer gives none)."""
    vars: dict[str, Comparison] = Field(default_factory=dict)
    """Conditions on scenario variables, e.g. {trust: '>= 50'}."""
    visits: Comparison | None = None
    """How many times this prompt has been reached in the session, counting this one."""
    attempts: Comparison | None = None
    """How many replies have been tried at this prompt, counting this one."""

    @field_validator(
        "listening_level",
        "assertiveness",
        "active_listening",
        "conflict_resolution",
        "visits",
        "attempts",
    )
    @classmethod
    def _comparison(cls, value: str | int | None) -> str | int | None:
        return None if value is None else check_comparison(value)

    @field_validator("vars")
    @classmethod
    def _var_comparisons(cls, value: dict[str, str | int]) -> dict[str, str | int]:
        for item in value.values():
            check_comparison(item)
        return value


class Route(Frozen):
    """One way out of a prompt for a typed reply; the first that matches is taken."""

    when: When | None = None
    """Conditions that must all hold; leave out only on the 'otherwise' route."""
    otherwise: bool = False
    """True on the catch-all route, which must come last."""
    effects: Effects = Field(default_factory=dict)
    """Changes to variables when this route is taken."""
    feedback: str | None = Field(default=None, max_length=2000)
    """A coach's comment shown after the reply, in addition to the scorer's tips."""
    next: NodeId | None = None
    """The node to go to."""
    retry: bool = False
    """Stay at the prompt and ask for another attempt instead of moving on."""

    @model_validator(mode="after")
    def _shape(self) -> Route:
        if self.otherwise and self.when is not None:
            raise ValueError("an 'otherwise' route takes no 'when'")
        if not self.otherwise and self.when is None:
            raise ValueError("a route needs 'when' conditions, or 'otherwise: true'")
        if self.retry == (self.next is not None):
            raise ValueError("a route needs exactly one of 'next' or 'retry: true'")
        return self


class ExpectedLabels(Frozen):
    """The scorer labels an author expects for a reply (the rubric's field names)."""

    assertiveness_style: AssertivenessStyle | None = None
    """Expected style, if the author states one."""
    listening_level: int | None = Field(default=None, ge=0, le=3)
    """Expected listening level, if stated."""
    conflict_mode: ConflictMode | Literal["none"] | None = None
    """Expected conflict mode, if stated; 'none' for no disagreement in play."""


class Suggestion(Frozen):
    """A ready-made reply the learner can pick instead of typing."""

    id: NodeId
    """Stable id, unique within the prompt."""
    text: str = Field(min_length=1, max_length=2000)
    """The reply as the learner would say it."""
    labels: ExpectedLabels = Field(default_factory=ExpectedLabels)
    """How this reply shows each skill, shown as coaching after it is picked."""
    feedback: str | None = Field(default=None, max_length=2000)
    """Why this reply works or not, shown after it is picked."""
    effects: Effects = Field(default_factory=dict)
    """Changes to variables when it is picked."""
    next: NodeId
    """The node to go to."""


class ModelReply(Frozen):
    """An example of a good (or instructive) typed reply, shown as a hint after the turn."""

    text: str = Field(min_length=1, max_length=2000)
    """The reply."""
    labels: ExpectedLabels = Field(default_factory=ExpectedLabels)
    """What the scorer should say of it; checked by `ipt-trainer validate`."""
    expect_next: NodeId | None = None
    """The node its author meant it to lead to; checked against the routes."""
    note: str | None = Field(default=None, max_length=1000)
    """Why it works, for trainees."""


class Retry(Frozen):
    """How many tries a prompt allows when a route says 'retry'."""

    max_attempts: int = Field(ge=1, le=10)
    """Attempts allowed before the learner is moved on."""
    hints: list[str] = Field(default_factory=list, max_length=10)
    """Hints shown after each failed attempt, gentlest first."""
    then: NodeId
    """Where the conversation goes once the attempts are used up."""


class SayNode(Frozen):
    """A line spoken by the other person."""

    kind: Literal["say"]
    """Node kind."""
    text: str = Field(min_length=1, max_length=4000)
    """What they say."""
    emotion: str = Field(default="neutral", max_length=40)
    """How they feel as they say it, e.g. 'hurt', 'defensive', 'relieved'."""
    variants: list[str] = Field(default_factory=list, max_length=20)
    """Other wordings used on later visits, so a revisit does not repeat itself."""
    next: NodeId
    """The node that follows."""


class NarrateNode(Frozen):
    """Scene-setting text from the narrator."""

    kind: Literal["narrate"]
    """Node kind."""
    text: str = Field(min_length=1, max_length=4000)
    """The narration."""
    next: NodeId
    """The node that follows."""


class CoachNode(Frozen):
    """An aside from the coach: the skill or IPT technique at stake."""

    kind: Literal["coach"]
    """Node kind."""
    text: str = Field(min_length=1, max_length=4000)
    """The aside."""
    technique: str | None = Field(default=None, max_length=80)
    """The IPT technique or skill named, e.g. 'communication analysis'."""
    next: NodeId
    """The node that follows."""


class PromptNode(Frozen):
    """The learner's turn."""

    kind: Literal["prompt"]
    """Node kind."""
    text: str = Field(default="", max_length=2000)
    """An instruction for the learner, e.g. 'Tell Sam how you feel.'"""
    skills: list[Skill] = Field(min_length=1)
    """The skills in focus at this turn."""
    suggestions: list[Suggestion] = Field(default_factory=list, max_length=8)
    """Replies the learner may pick instead of typing."""
    model_replies: list[ModelReply] = Field(default_factory=list)
    """Examples shown as hints after the turn; also test cases for the scorer and routes."""
    routes: list[Route] = Field(min_length=1)
    """Where a typed reply leads, tried in order; the last must be 'otherwise'."""
    retry: Retry | None = None
    """Attempts allowed when a route says 'retry'."""


class EndingNode(Frozen):
    """The end of a session."""

    kind: Literal["ending"]
    """Node kind."""
    outcome: Outcome
    """How it ended."""
    title: str = Field(min_length=1, max_length=120)
    """A short heading for the debrief."""
    debrief: str = Field(min_length=1, max_length=8000)
    """What worked, what to try next time."""


Node = Annotated[
    SayNode | NarrateNode | CoachNode | PromptNode | EndingNode, Field(discriminator="kind")
]


class Scenario(Frozen):
    """A branching role-play."""

    id: NodeId
    """Stable id, unique across the library; used in progress and homework."""
    version: int = Field(ge=1)
    """Raise it when the content changes, so saved sessions know what they played."""
    title: str = Field(min_length=1, max_length=120)
    """Shown in the library."""
    category: Category = "scenario"
    """'scenario' for a role-play, 'drill' for short single-skill practice."""
    problem_area: ProblemArea | None = None
    """The IPT problem area; required for scenarios, optional for drills."""
    summary: str = Field(min_length=1, max_length=1000)
    """One or two sentences shown in the library."""
    content_notes: list[str] = Field(default_factory=list)
    """What the scenario touches that someone may want warning of, e.g. 'talks about a death'."""
    difficulty: int = Field(ge=1, le=3)
    """1 gentle, 2 moderate, 3 the other person is defensive, withdrawn or grieving."""
    minutes: int = Field(ge=1, le=120)
    """Estimated time to play."""
    learning_goals: list[Skill] = Field(min_length=1)
    """The skills this scenario practises."""
    ipt_notes: str = Field(default="", max_length=8000)
    """For trainees: the IPT technique at work and what to notice."""
    other_person: Person
    """Who the learner talks to."""
    variables: dict[Annotated[str, Field(pattern=ID_PATTERN)], Variable] = Field(
        default_factory=dict
    )
    """Numbers the scenario tracks, e.g. trust and tension."""
    placeholders: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Placeholder] = Field(
        default_factory=dict
    )
    """Names the learner can fill in; every '{name}' used in text must be declared here."""
    start: NodeId
    """The first node."""
    nodes: dict[NodeId, Node] = Field(min_length=1)
    """The conversation, keyed by stable ids."""

    @model_validator(mode="after")
    def _area_for_scenarios(self) -> Scenario:
        if self.category == "scenario" and self.problem_area is None:
            raise ValueError("a scenario needs a problem_area")
        return self
