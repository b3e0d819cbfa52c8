"""A session's state: where the learner is, what has been said, how to undo it.

``SessionState`` is the engine's only memory. It is frozen, and it
serialises to JSON and back exactly, so a host can save a session at any
prompt and continue it later with the same events an uninterrupted run would
have produced. That includes the session's random generator (used to pick a
say node's variant wording on a revisit), kept as ``random.getstate()`` in
JSON-friendly form.

The state holds:

* ``position`` - everything that decides what happens next (node, variables,
  visits, attempts, random state, the other person's last line);
* ``transcript`` - every turn, in order, including ones later rewound
  (flagged, so a UI can show both tries side by side) and safety pauses
  (recorded without the text);
* ``history`` - the positions before each reply or choice, so ``rewind``
  can step back. Times are left to the host; the core stays deterministic.
"""

from __future__ import annotations

import hashlib
import json
import random
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ipt_trainer.core.events import EffectApplied, ReplySource
from ipt_trainer.core.model import Scenario
from ipt_trainer.core.scores import ReplyScore

FORMAT_VERSION = 1
"""Raise when a saved session's shape changes incompatibly."""

RngState = tuple[int, tuple[int, ...], float | None]
"""``random.Random.getstate()`` as plain JSON types."""


class SessionError(ValueError):
    """A saved session that cannot be used; the message says why."""


class SessionFormatError(SessionError):
    """The saved text is not a session this version understands."""


class SessionMismatch(SessionError):
    """The saved session belongs to another scenario, or one changed past recognition."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Position(_Frozen):
    """Everything that decides what happens next."""

    node: str
    """The prompt waiting for a reply, or the ending reached."""
    vars: dict[str, int] = Field(default_factory=dict)
    """Current variable values."""
    visits: dict[str, int] = Field(default_factory=dict)
    """How many times each node has been reached."""
    attempts: int = Field(default=0, ge=0)
    """Replies already tried at the current prompt (0 on arrival)."""
    context: str = ""
    """The other person's last line, given to the scorer as context."""
    rng: RngState | None = None
    """The random generator's state; None until it is first used (then ``Random(seed)``)."""
    ending: str | None = None
    """The ending node once the session is over."""

    @field_validator("rng")
    @classmethod
    def _usable_rng(cls, value: RngState | None) -> RngState | None:
        """Refuse a damaged generator state now rather than mid-session."""
        if value is not None:
            try:
                random.Random().setstate(value)
            except (TypeError, ValueError):
                raise ValueError("not a random generator state") from None
        return value


class Turn(_Frozen):
    """One entry in the transcript."""

    kind: Literal["reply", "safety_pause"] = "reply"
    """A reply that was scored or picked, or a pause for the safety check."""
    node: str
    """The prompt it answered."""
    context: str = ""
    """What the other person had just said."""
    text: str | None = None
    """The reply as cleaned (None for a safety pause: the text is not kept)."""
    source: ReplySource | None = None
    """Typed or picked."""
    suggestion_id: str | None = None
    """The suggestion picked, if any."""
    score: ReplyScore | None = None
    """The scorer's result for a typed reply."""
    route_index: int | None = None
    """The route a typed reply took."""
    next: str | None = None
    """Where the reply led: the next node, or the same prompt for a retry."""
    effects: tuple[EffectApplied, ...] = ()
    """Variables changed."""
    attempt: int = Field(default=1, ge=1)
    """Which attempt at the prompt this was."""
    retry: bool = False
    """True when the reply asked for another attempt."""
    rewound: bool = False
    """True when the learner stepped back to try this turn again."""


class Saved(_Frozen):
    """A position to return to on ``rewind``, and the turn that left it."""

    position: Position
    """The position before the turn."""
    turn: int = Field(ge=0)
    """Index of that turn in the transcript."""


class SessionState(_Frozen):
    """One learner's run through one scenario; see the module docstring."""

    format: int = FORMAT_VERSION
    """Saved-session format version."""
    scenario_id: str
    """The scenario played."""
    scenario_version: int
    """Its version when the state was made."""
    scenario_hash: str
    """``scenario_hash`` of it then, to notice edits that kept the version."""
    seed: int
    """Seed of the session's one random generator."""
    personalisation: dict[str, str] = Field(default_factory=dict)
    """Placeholder values the learner gave, cleaned."""
    position: Position
    """Where the session is."""
    transcript: tuple[Turn, ...] = ()
    """Every turn so far, oldest first."""
    history: tuple[Saved, ...] = ()
    """Positions to rewind to, oldest first."""

    @property
    def node(self) -> str:
        """The current prompt, or the ending reached."""
        return self.position.node

    @property
    def finished(self) -> bool:
        """True once an ending is reached."""
        return self.position.ending is not None

    @property
    def ending(self) -> str | None:
        """The ending node, once finished."""
        return self.position.ending

    @property
    def vars(self) -> dict[str, int]:
        """A copy of the current variable values."""
        return dict(self.position.vars)

    @property
    def can_rewind(self) -> bool:
        """True when there is a reply or choice to step back from."""
        return bool(self.history)

    def to_json(self) -> str:
        """The state as JSON text, restorable with ``from_json``."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> SessionState:
        """Read a saved state, or raise ``SessionFormatError`` explaining what is wrong."""
        try:
            raw: Any = json.loads(text)
        except ValueError as error:
            raise SessionFormatError(f"saved session is not valid JSON ({error})") from None
        if not isinstance(raw, dict):
            raise SessionFormatError("saved session is not a JSON object")
        version = raw.get("format")
        if version != FORMAT_VERSION:
            raise SessionFormatError(
                f"saved session has format {version!r}; this version of IPT Trainer reads "
                f"format {FORMAT_VERSION}"
            )
        try:
            return cls.model_validate(raw)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise SessionFormatError(
                f"saved session is damaged at {where or 'top level'}: {first['msg']}"
            ) from None


def scenario_hash(scenario: Scenario) -> str:
    """sha256 of the scenario's canonical JSON: any content change changes it."""
    canonical = json.dumps(
        scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _fit_vars(scenario: Scenario, values: dict[str, int]) -> dict[str, int]:
    """Keep the scenario's variables: new ones start fresh, removed ones are dropped."""
    fitted: dict[str, int] = {}
    for name, variable in scenario.variables.items():
        value = values.get(name, variable.start)
        fitted[name] = min(max(value, variable.min), variable.max)
    return fitted


def _fit_position(scenario: Scenario, position: Position) -> Position:
    if position.node not in scenario.nodes:
        raise SessionMismatch(
            f"scenario {scenario.id!r} has changed: node {position.node!r} no longer exists, "
            "so this session cannot continue; start it again"
        )
    return position.model_copy(update={"vars": _fit_vars(scenario, position.vars)})


def restore(scenario: Scenario, state: SessionState) -> SessionState:
    """Check a saved state against the scenario now installed and adapt it.

    A different scenario id is an error. Added variables start at their start
    value and removed ones are dropped, so a small content update does not
    strand saved sessions; the state then records the scenario's current
    version and hash.
    """
    if state.scenario_id != scenario.id:
        raise SessionMismatch(
            f"this session is for scenario {state.scenario_id!r}, not {scenario.id!r}"
        )
    history: list[Saved] = []
    for saved in state.history:
        if saved.position.node not in scenario.nodes:
            history.clear()  # cannot step back past a node that is gone
            continue
        history.append(
            saved.model_copy(update={"position": _fit_position(scenario, saved.position)})
        )
    personalisation = {
        key: value for key, value in state.personalisation.items() if key in scenario.placeholders
    }
    waiting = scenario.nodes.get(state.position.node)
    expected = "ending" if state.finished else "prompt"
    if waiting is not None and waiting.kind != expected:
        raise SessionMismatch(
            f"scenario {scenario.id!r} has changed: {state.position.node!r} is no longer "
            f"{'an' if expected == 'ending' else 'a'} {expected}, so this session cannot "
            "continue; start it again"
        )
    return state.model_copy(
        update={
            "scenario_version": scenario.version,
            "scenario_hash": scenario_hash(scenario),
            "personalisation": personalisation,
            "position": _fit_position(scenario, state.position),
            "history": tuple(history),
        }
    )
