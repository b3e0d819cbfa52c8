"""The conversation engine: a pure state machine over a scenario.

Four calls move a session on, and each returns a ``Step``: the new frozen
``SessionState`` and the events a host should show, in order.

* ``start`` shows the opening (say / narrate / coach nodes run on their own)
  up to the first prompt or ending.
* ``choose`` takes a prompt's suggestion; ``reply`` takes typed text, which is
  cleaned, passed through the safety check (a crisis pauses the session
  where it is, unscored), scored given the other person's last line, and sent
  down the first route whose ``when`` holds (``core.routing``). A route may ask
  for a retry: the learner stays at the prompt with the next hint until the
  prompt's attempts run out, then goes to ``retry.then``.
* ``rewind`` steps back to before the last reply or choice, flagging that
  turn in the transcript rather than deleting it.

Nothing here reads a clock, a file or a global random generator: the same
scenario, seed and replies always give the same events, which is what makes
saved sessions and tests reproducible.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from ipt_trainer.core.events import (
    CoachEvent,
    EndingEvent,
    Event,
    FeedbackEvent,
    LineEvent,
    ModelReplyView,
    NarrationEvent,
    PromptEvent,
    SafetyEvent,
    SuggestionView,
)
from ipt_trainer.core.model import (
    CoachNode,
    EndingNode,
    NarrateNode,
    PromptNode,
    SayNode,
    Scenario,
)
from ipt_trainer.core.routing import Counters, select_route
from ipt_trainer.core.rules import (
    EngineError,
    NothingToRewind,
    ScenarioBroken,
    SessionFinished,
    UnknownSuggestion,
    apply_effects,
    hint_for,
    node_of,
    route_target,
)
from ipt_trainer.core.safety import CrisisCheck, check_text
from ipt_trainer.core.scores import Scorer, score_turn
from ipt_trainer.core.session import (
    Position,
    RngState,
    Saved,
    SessionMismatch,
    SessionState,
    Turn,
    scenario_hash,
)
from ipt_trainer.core.text import (
    PersonalisationError,
    ReplyRejected,
    clean_personalisation,
    clean_reply,
    fill,
    placeholder_values,
)

__all__ = [
    "EngineError",
    "NothingToRewind",
    "PersonalisationError",
    "ReplyRejected",
    "SafetyCheck",
    "ScenarioBroken",
    "SessionFinished",
    "SessionMismatch",
    "Step",
    "UnknownSuggestion",
    "choose",
    "current",
    "reply",
    "rewind",
    "start",
]

SafetyCheck = Callable[[str], CrisisCheck]


class Step(BaseModel):
    """The state after a call, and what to show for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    state: SessionState
    events: tuple[Event, ...] = ()


@dataclass
class _Run:
    """The working copy of a position while one call is processed."""

    scenario: Scenario
    seed: int
    values: dict[str, str]
    position: Position
    vars: dict[str, int] = field(default_factory=dict)
    visits: dict[str, int] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    _rng: random.Random | None = None

    @classmethod
    def load(cls, scenario: Scenario, state: SessionState) -> _Run:
        return cls(
            scenario=scenario,
            seed=state.seed,
            values=placeholder_values(scenario, state.personalisation),
            position=state.position,
            vars=dict(state.position.vars),
            visits=dict(state.position.visits),
        )

    def fill(self, text: str) -> str:
        return fill(text, self.values)

    def random(self) -> random.Random:
        """The session's one generator, restored from the position on first use."""
        if self._rng is None:
            self._rng = random.Random(self.seed)
            saved = self.position.rng
            if saved is not None:
                self._rng.setstate(saved)
        return self._rng

    def frozen(self, **changes: object) -> Position:
        rng: RngState | None = self.position.rng
        if self._rng is not None:
            version, internal, gauss = self._rng.getstate()
            rng = (version, tuple(internal), gauss)
        update = {"vars": dict(self.vars), "visits": dict(self.visits), "rng": rng, **changes}
        return self.position.model_copy(update=update)

    def prompt_event(self, node_id: str, prompt: PromptNode, attempts_used: int) -> PromptEvent:
        hint = hint_for(prompt, attempts_used)
        return PromptEvent(
            node=node_id,
            instruction=self.fill(prompt.text),
            skills=tuple(prompt.skills),
            suggestions=tuple(
                SuggestionView(id=item.id, text=self.fill(item.text)) for item in prompt.suggestions
            ),
            attempt=attempts_used + 1,
            hint=None if hint is None else self.fill(hint),
        )

    def model_replies(self, prompt: PromptNode) -> tuple[ModelReplyView, ...]:
        return tuple(
            ModelReplyView(
                text=self.fill(item.text),
                labels=item.labels,
                note=None if item.note is None else self.fill(item.note),
            )
            for item in prompt.model_replies
        )

    def enter(self, node_id: str) -> Position:
        """Show nodes from ``node_id`` until a prompt or an ending; the position there."""
        context = self.position.context
        for _ in range(len(self.scenario.nodes) + 1):
            node = node_of(self.scenario, node_id)
            visits = self.visits.get(node_id, 0) + 1
            self.visits[node_id] = visits
            if isinstance(node, SayNode):
                wording = node.text
                if visits > 1 and node.variants:
                    wording = self.random().choice(node.variants)
                context = self.fill(wording)
                self.events.append(
                    LineEvent(
                        node=node_id,
                        speaker=self.fill(self.scenario.other_person.name),
                        text=context,
                        emotion=node.emotion,
                    )
                )
                node_id = node.next
            elif isinstance(node, NarrateNode):
                self.events.append(NarrationEvent(node=node_id, text=self.fill(node.text)))
                node_id = node.next
            elif isinstance(node, CoachNode):
                self.events.append(
                    CoachEvent(node=node_id, text=self.fill(node.text), technique=node.technique)
                )
                node_id = node.next
            elif isinstance(node, PromptNode):
                self.events.append(self.prompt_event(node_id, node, 0))
                return self.frozen(node=node_id, attempts=0, context=context, ending=None)
            else:
                self.events.append(self.ending_event(node_id, node))
                return self.frozen(node=node_id, attempts=0, context=context, ending=node_id)
        raise ScenarioBroken(
            f"scenario {self.scenario.id!r} loops through {node_id!r} without reaching a prompt "
            "or an ending"
        )

    def ending_event(self, node_id: str, node: EndingNode) -> EndingEvent:
        return EndingEvent(
            node=node_id,
            outcome=node.outcome,
            title=self.fill(node.title),
            debrief=self.fill(node.debrief),
        )


def _check_scenario(scenario: Scenario, state: SessionState) -> None:
    if state.scenario_id != scenario.id:
        raise SessionMismatch(
            f"this session is for scenario {state.scenario_id!r}, not {scenario.id!r}"
        )


def _current_prompt(scenario: Scenario, state: SessionState) -> PromptNode:
    _check_scenario(scenario, state)
    if state.finished:
        raise SessionFinished(
            "this session has ended; rewind to try the last turn again, or start a new one"
        )
    node = node_of(scenario, state.node)
    if not isinstance(node, PromptNode):
        raise ScenarioBroken(f"session is waiting at {state.node!r}, which is not a prompt")
    return node


def start(
    scenario: Scenario,
    personalisation: Mapping[str, str] | None = None,
    seed: int | None = None,
) -> Step:
    """Begin a session: the opening lines up to the first prompt or ending.

    ``personalisation`` fills the scenario's placeholders (unknown keys raise
    ``PersonalisationError``). Without a ``seed`` one is drawn and kept in the
    state, so even an unseeded session restores identically.
    """
    chosen = clean_personalisation(scenario, personalisation)
    session_seed = secrets.randbits(32) if seed is None else seed
    draft = SessionState(
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        scenario_hash=scenario_hash(scenario),
        seed=session_seed,
        personalisation=chosen,
        position=Position(
            node=scenario.start, vars={k: v.start for k, v in scenario.variables.items()}
        ),
    )
    run = _Run.load(scenario, draft)
    position = run.enter(scenario.start)
    return Step(state=draft.model_copy(update={"position": position}), events=tuple(run.events))


def current(scenario: Scenario, state: SessionState) -> Step:
    """The state unchanged, with the event for where it stands (to redraw after a restore)."""
    _check_scenario(scenario, state)
    run = _Run.load(scenario, state)
    node = node_of(scenario, state.node)
    if isinstance(node, EndingNode):
        return Step(state=state, events=(run.ending_event(state.node, node),))
    if not isinstance(node, PromptNode):
        raise ScenarioBroken(f"session is waiting at {state.node!r}, which is not a prompt")
    return Step(state=state, events=(run.prompt_event(state.node, node, state.position.attempts),))


def _advance(state: SessionState, run: _Run, turn: Turn, target: str | None) -> Step:
    """Record ``turn``, move to ``target`` (None: stay for another try), remember the way back."""
    if target is None:
        attempts = run.position.attempts + 1
        prompt = node_of(run.scenario, run.position.node)
        assert isinstance(prompt, PromptNode)
        run.events.append(run.prompt_event(run.position.node, prompt, attempts))
        position = run.frozen(attempts=attempts)
    else:
        position = run.enter(target)
    saved = Saved(position=state.position, turn=len(state.transcript))
    new_state = state.model_copy(
        update={
            "position": position,
            "transcript": (*state.transcript, turn),
            "history": (*state.history, saved),
        }
    )
    return Step(state=new_state, events=tuple(run.events))


def choose(scenario: Scenario, state: SessionState, suggestion_id: str) -> Step:
    """Take one of the current prompt's suggestions."""
    prompt = _current_prompt(scenario, state)
    suggestion = next((item for item in prompt.suggestions if item.id == suggestion_id), None)
    if suggestion is None:
        offered = ", ".join(item.id for item in prompt.suggestions) or "none"
        raise UnknownSuggestion(
            f"prompt {state.node!r} has no suggestion {suggestion_id!r} (it offers: {offered})"
        )
    run = _Run.load(scenario, state)
    run.vars, applied = apply_effects(scenario, run.vars, suggestion.effects)
    run.events.append(
        FeedbackEvent(
            node=state.node,
            source="suggestion",
            suggestion_id=suggestion.id,
            expected=suggestion.labels,
            text=None if suggestion.feedback is None else run.fill(suggestion.feedback),
            model_replies=run.model_replies(prompt),
            effects=applied,
        )
    )
    turn = Turn(
        node=state.node,
        context=state.position.context,
        text=run.fill(suggestion.text),
        source="suggestion",
        suggestion_id=suggestion.id,
        next=suggestion.next,
        effects=applied,
        attempt=state.position.attempts + 1,
    )
    return _advance(state, run, turn, suggestion.next)


def reply(
    scenario: Scenario,
    state: SessionState,
    text: str,
    scorer: Scorer,
    *,
    safety: SafetyCheck = check_text,
) -> Step:
    """Take a typed reply: clean, safety-check, score, route.

    Raises ``ReplyRejected`` for an empty or over-long reply. When the safety
    check finds crisis language the reply is neither scored nor routed: the
    session stays where it was, with a ``safety`` event and a transcript note
    that holds no text. Model replies are shown once the learner moves on
    (on a retry the next hint is shown instead).
    """
    prompt = _current_prompt(scenario, state)
    cleaned = clean_reply(text)
    position = state.position
    check = safety(cleaned)
    if check.crisis:
        pause = Turn(
            kind="safety_pause",
            node=state.node,
            context=position.context,
            attempt=position.attempts + 1,
        )
        paused = state.model_copy(update={"transcript": (*state.transcript, pause)})
        return Step(state=paused, events=(SafetyEvent(node=state.node, check=check),))
    dispute = "conflict_resolution" in prompt.skills
    score = score_turn(scorer, cleaned, position.context, dispute=dispute)
    attempt = position.attempts + 1
    visits = position.visits.get(state.node, 1)
    counters = Counters(vars=position.vars, visits=visits, attempts=attempt)
    index = select_route(prompt.routes, score, counters)
    if index is None:
        raise ScenarioBroken(
            f"no route at prompt {state.node!r} accepts this reply; its last route should be "
            "'otherwise: true'"
        )
    route = prompt.routes[index]
    target, used_up = route_target(prompt, route, attempt)
    run = _Run.load(scenario, state)
    run.vars, applied = apply_effects(scenario, run.vars, route.effects)
    run.events.append(
        FeedbackEvent(
            node=state.node,
            source="typed",
            score=score,
            route_index=index,
            text=None if route.feedback is None else run.fill(route.feedback),
            model_replies=() if target is None else run.model_replies(prompt),
            effects=applied,
            retry=target is None,
            attempts_used_up=used_up,
        )
    )
    turn = Turn(
        node=state.node,
        context=position.context,
        text=cleaned,
        source="typed",
        score=score,
        route_index=index,
        next=state.node if target is None else target,
        effects=applied,
        attempt=attempt,
        retry=route.retry,
    )
    return _advance(state, run, turn, target)


def rewind(scenario: Scenario, state: SessionState) -> Step:
    """Step back to before the last reply or choice; that turn stays, flagged ``rewound``."""
    _check_scenario(scenario, state)
    if not state.history:
        raise NothingToRewind("there is no reply to step back from yet")
    saved = state.history[-1]
    transcript = list(state.transcript)
    transcript[saved.turn] = transcript[saved.turn].model_copy(update={"rewound": True})
    back = state.model_copy(
        update={
            "position": saved.position,
            "history": state.history[:-1],
            "transcript": tuple(transcript),
        }
    )
    return current(scenario, back)
