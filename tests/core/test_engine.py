"""The engine's transitions, node by node and route by route."""

from __future__ import annotations

from typing import Any

import pytest
from engine_fixtures import (
    StubScorer,
    basic_nodes,
    basic_scenario,
    crisis_if,
    ending,
    never_crisis,
    scenario,
    score,
)
from pydantic import TypeAdapter, ValidationError

from ipt_trainer.core import engine
from ipt_trainer.core.engine import (
    NothingToRewind,
    ScenarioBroken,
    SessionFinished,
    Step,
    UnknownSuggestion,
)
from ipt_trainer.core.events import (
    CoachEvent,
    EndingEvent,
    Event,
    FeedbackEvent,
    LineEvent,
    NarrationEvent,
    PromptEvent,
    SafetyEvent,
)
from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.core.session import SessionMismatch
from ipt_trainer.core.text import MAX_REPLY_CHARS, PersonalisationError, ReplyRejected

ASSERTIVE = score(assertiveness=80, style="assertive")
AGGRESSIVE = score(assertiveness=30, style="aggressive")
PASSIVE = score(assertiveness=20, style="passive")


def kinds(step: Step) -> list[str]:
    return [event.kind for event in step.events]


def typed(step: Step, text: str, *scores: Any, safety: Any = never_crisis) -> Step:
    scenario_ = basic_scenario()
    return engine.reply(scenario_, step.state, text, StubScorer(*scores), safety=safety)


# --- start and the automatic nodes ---------------------------------------------------------


def test_start_shows_opening_nodes_until_the_first_prompt() -> None:
    step = engine.start(basic_scenario(), seed=1)
    assert kinds(step) == ["narration", "line", "coach", "prompt"]
    narration, line, coach, prompt = step.events
    assert isinstance(narration, NarrationEvent)
    assert narration.text == "You sit down with Sam."
    assert isinstance(line, LineEvent)
    assert (line.speaker, line.text, line.emotion) == ("Sam", "You never listen, love.", "hurt")
    assert isinstance(coach, CoachEvent)
    assert coach.technique == "communication analysis"
    assert isinstance(prompt, PromptEvent)
    assert prompt.node == "ask"
    assert prompt.skills == ("assertiveness",)
    assert [(s.id, s.text) for s in prompt.suggestions] == [
        ("calm", "I feel hurt, Sam."),
        ("snap", "Whatever."),
    ]
    assert (prompt.attempt, prompt.hint) == (1, None)
    state = step.state
    assert (state.node, state.finished, state.ending) == ("ask", False, None)
    assert state.vars == {"trust": 50}
    assert state.position.context == "You never listen, love."
    assert state.transcript == () and not state.can_rewind


def test_start_at_an_ending_finishes_at_once() -> None:
    step = engine.start(scenario({"end": ending("practised")}), seed=0)
    assert kinds(step) == ["ending"]
    assert step.state.finished and step.state.ending == "end"


def test_unseeded_sessions_still_record_a_seed() -> None:
    state = engine.start(basic_scenario()).state
    assert isinstance(state.seed, int)


def test_results_are_frozen() -> None:
    step = engine.start(basic_scenario(), seed=1)
    with pytest.raises(ValidationError):
        step.state.seed = 2  # type: ignore[misc]
    with pytest.raises(ValidationError):
        step.events[0].node = "x"  # type: ignore[misc]


# --- placeholders -------------------------------------------------------------------------


def test_personalisation_fills_every_shown_text() -> None:
    step = engine.start(basic_scenario(), {"partner": "Alex", "partner_self": "you"}, seed=1)
    texts = [getattr(event, "text", "") for event in step.events]
    assert texts[:2] == ["You sit down with Alex.", "You never listen, you."]
    line = step.events[1]
    assert isinstance(line, LineEvent) and line.speaker == "Alex"
    prompt = step.events[-1]
    assert isinstance(prompt, PromptEvent)
    assert prompt.instruction == "Tell Alex how you feel."
    assert prompt.suggestions[0].text == "I feel hurt, Alex."


def test_personalisation_is_cleaned_capped_and_blank_means_default() -> None:
    step = engine.start(
        basic_scenario(), {"partner": "  Al\x1b[31mex\r\nJones ", "partner_self": "   "}, seed=1
    )
    assert step.state.personalisation == {"partner": "Al[31mex Jones"}
    long = engine.start(basic_scenario(), {"partner": "x" * 500}, seed=1)
    assert long.state.personalisation["partner"] == "x" * 80


def test_unknown_personalisation_key_is_a_clear_error() -> None:
    with pytest.raises(PersonalisationError, match=r"no placeholder 'partnr'.*partner"):
        engine.start(basic_scenario(), {"partnr": "Alex"})


def test_fill_is_literal_and_single_pass() -> None:
    nodes = {
        "say": {"kind": "say", "text": "{who} said {not_declared} and [b]{x}[/b] {", "next": "end"},
        "end": ending(),
    }
    sc = scenario(
        nodes,
        placeholders={
            "who": {"prompt": "Who?", "default": "Kim"},
            "x": {"prompt": "X?", "default": "y"},
        },
    )
    step = engine.start(sc, {"who": "{x}"}, seed=1)
    line = step.events[0]
    assert isinstance(line, LineEvent)
    assert line.text == "{x} said {not_declared} and [b]y[/b] {"


# --- suggestions --------------------------------------------------------------------------


def test_choose_shows_feedback_applies_effects_and_moves_on() -> None:
    sc = basic_scenario()
    step = engine.choose(sc, engine.start(sc, seed=1).state, "calm")
    assert kinds(step) == ["feedback", "ending"]
    feedback, end = step.events
    assert isinstance(feedback, FeedbackEvent)
    assert feedback.source == "suggestion" and feedback.suggestion_id == "calm"
    assert feedback.score is None
    assert feedback.expected is not None
    assert feedback.expected.assertiveness_style == "assertive"
    assert feedback.text == "Clear and kind."
    assert [(e.name, e.delta, e.value) for e in feedback.effects] == [("trust", 10, 60)]
    assert feedback.model_replies[0].note == "Owns the feeling."
    assert isinstance(end, EndingEvent)
    assert (end.outcome, end.title, end.debrief) == ("repaired", "Repaired", "Well practised.")
    state = step.state
    assert state.finished and state.ending == "good" and state.vars == {"trust": 60}
    (turn,) = state.transcript
    assert (turn.source, turn.suggestion_id, turn.text, turn.next) == (
        "suggestion",
        "calm",
        "I feel hurt, Sam.",
        "good",
    )
    assert turn.context == "You never listen, love." and turn.score is None


def test_effects_clamp_to_the_variable_range() -> None:
    sc = basic_scenario()
    step = engine.choose(sc, engine.start(sc, seed=1).state, "snap")
    assert step.state.vars == {"trust": 0}
    feedback = step.events[0]
    assert isinstance(feedback, FeedbackEvent)
    assert [(e.delta, e.value) for e in feedback.effects] == [(-50, 0)]


def test_unknown_suggestion_names_the_offered_ones() -> None:
    sc = basic_scenario()
    with pytest.raises(UnknownSuggestion, match=r"'nope'.*calm, snap"):
        engine.choose(sc, engine.start(sc, seed=1).state, "nope")


# --- typed replies and routes -------------------------------------------------------------


class DisputeAwareScorer(StubScorer):
    """A stand-in that also takes the hint that a disagreement is in play."""

    def __init__(self, *scores: ReplyScore) -> None:
        super().__init__(*scores)
        self.disputes: list[bool] = []

    def __call__(self, reply: str, context: str = "", *, dispute: bool = False) -> ReplyScore:
        self.disputes.append(dispute)
        return super().__call__(reply, context)


@pytest.mark.parametrize(
    ("skills", "told"),
    [(["assertiveness"], False), (["assertiveness", "conflict_resolution"], True)],
)
def test_a_step_practising_conflict_tells_the_scorer_a_disagreement_is_in_play(
    skills: list[str], told: bool
) -> None:
    nodes = basic_nodes()
    nodes["ask"]["skills"] = skills
    placeholders = {
        "partner": {"prompt": "Their name?", "default": "Sam"},
        "partner_self": {"prompt": "What they call you?", "default": "love"},
    }
    sc = scenario(nodes, placeholders=placeholders)
    aware, plain = DisputeAwareScorer(ASSERTIVE), StubScorer(ASSERTIVE)
    engine.reply(sc, engine.start(sc, seed=1).state, "I feel hurt.", aware)
    engine.reply(sc, engine.start(sc, seed=1).state, "I feel hurt.", plain)
    assert aware.disputes == ([True] if told else [False])
    assert plain.calls == [("I feel hurt.", "You never listen, love.")]


def test_reply_is_scored_against_the_last_line_and_routed() -> None:
    sc = basic_scenario()
    scorer = StubScorer(ASSERTIVE)
    step = engine.reply(sc, engine.start(sc, seed=1).state, "  I feel hurt.\r\n ", scorer)
    assert scorer.calls == [("I feel hurt.", "You never listen, love.")]
    feedback = step.events[0]
    assert isinstance(feedback, FeedbackEvent)
    assert feedback.source == "typed" and feedback.score == ASSERTIVE
    assert feedback.route_index == 0 and feedback.text == "That was clear."
    assert feedback.effects[0].value == 80
    assert feedback.model_replies and not feedback.retry
    assert step.state.ending == "good"
    (turn,) = step.state.transcript
    assert (turn.text, turn.source, turn.route_index, turn.next, turn.attempt) == (
        "I feel hurt.",
        "typed",
        0,
        "good",
        1,
    )
    assert turn.score == ASSERTIVE


def test_first_matching_route_wins() -> None:
    step = typed(engine.start(basic_scenario(), seed=1), "No!", AGGRESSIVE)
    feedback = step.events[0]
    assert isinstance(feedback, FeedbackEvent) and feedback.route_index == 1
    assert step.state.ending == "bad"


def test_retry_keeps_the_learner_at_the_prompt_with_escalating_hints() -> None:
    step = engine.start(basic_scenario(), seed=1)
    first = typed(step, "um", PASSIVE)
    assert kinds(first) == ["feedback", "prompt"]
    feedback, prompt = first.events
    assert isinstance(feedback, FeedbackEvent) and feedback.retry
    assert feedback.model_replies == ()  # hints first, examples once the learner moves on
    assert isinstance(prompt, PromptEvent)
    assert (prompt.attempt, prompt.hint) == (2, "Start with 'I feel'.")
    assert first.state.node == "ask" and first.state.position.attempts == 1
    assert first.state.vars == {"trust": 45}
    second = typed(first, "um", PASSIVE)
    prompt = second.events[-1]
    assert isinstance(prompt, PromptEvent)
    assert (prompt.attempt, prompt.hint) == (3, "Name one feeling.")
    third = typed(second, "um", PASSIVE)
    feedback = third.events[0]
    assert isinstance(feedback, FeedbackEvent)
    assert feedback.attempts_used_up and not feedback.retry and feedback.model_replies
    assert kinds(third) == ["feedback", "ending"]
    assert third.state.ending == "bad"
    assert [t.attempt for t in third.state.transcript] == [1, 2, 3]
    assert [t.next for t in third.state.transcript] == ["ask", "ask", "bad"]


def test_last_hint_repeats_when_attempts_outnumber_hints() -> None:
    nodes = basic_nodes()
    nodes["ask"]["retry"] = {"max_attempts": 5, "hints": ["Only hint."], "then": "bad"}
    sc = scenario(nodes, variables={"trust": {"start": 50}}, placeholders=_placeholders())
    state = engine.start(sc, seed=1).state
    hints = []
    for _ in range(3):
        step = engine.reply(sc, state, "um", StubScorer(PASSIVE), safety=never_crisis)
        prompt = step.events[-1]
        assert isinstance(prompt, PromptEvent)
        hints.append(prompt.hint)
        state = step.state
    assert hints == ["Only hint."] * 3


def test_retry_route_without_retry_block_repeats_without_limit() -> None:
    nodes = basic_nodes()
    del nodes["ask"]["retry"]
    sc = scenario(nodes, variables={"trust": {"start": 50}}, placeholders=_placeholders())
    state = engine.start(sc, seed=1).state
    for attempt in range(2, 14):
        step = engine.reply(sc, state, "um", StubScorer(PASSIVE), safety=never_crisis)
        prompt = step.events[-1]
        assert isinstance(prompt, PromptEvent)
        assert (prompt.attempt, prompt.hint) == (attempt, None)
        state = step.state
    assert state.vars == {"trust": 0}


def _placeholders() -> dict[str, Any]:
    return {
        "partner": {"prompt": "Name?", "default": "Sam"},
        "partner_self": {"prompt": "Pet name?", "default": "love"},
    }


def _counter_scene() -> Any:
    """A prompt whose routes depend on variables, visits and attempts."""
    return scenario(
        {
            "ask": {
                "kind": "prompt",
                "skills": ["assertiveness"],
                "suggestions": [{"id": "loop", "text": "Again", "next": "ask"}],
                "routes": [
                    {"when": {"vars": {"trust": ">= 70"}}, "next": "trusted"},
                    {"when": {"visits": ">= 3"}, "next": "tired"},
                    {"when": {"attempts": 2}, "next": "second"},
                    {"otherwise": True, "retry": True, "effects": {"trust": 0}},
                ],
            },
            "trusted": ending("repaired"),
            "tired": ending("stalemate"),
            "second": ending("partial"),
        },
        variables={"trust": {"start": 50}},
    )


def test_routes_honour_attempts_visits_and_variables() -> None:
    sc = _counter_scene()
    state = engine.start(sc, seed=1).state
    assert engine.reply(sc, state, "a", StubScorer(), safety=never_crisis).state.node == "ask"
    retried = engine.reply(sc, state, "a", StubScorer(), safety=never_crisis).state
    assert engine.reply(sc, retried, "b", StubScorer(), safety=never_crisis).state.ending == (
        "second"
    )
    for _ in range(2):
        state = engine.choose(sc, state, "loop").state
    assert state.position.visits["ask"] == 3 and state.position.attempts == 0
    assert engine.reply(sc, state, "c", StubScorer(), safety=never_crisis).state.ending == "tired"
    trusting = state.model_copy(
        update={"position": state.position.model_copy(update={"vars": {"trust": 80}})}
    )
    assert engine.reply(sc, trusting, "d", StubScorer(), safety=never_crisis).state.ending == (
        "trusted"
    )


# --- safety and rejected replies ----------------------------------------------------------


def test_crisis_language_pauses_without_scoring_or_moving() -> None:
    start = engine.start(basic_scenario(), seed=1)
    scorer = StubScorer(ASSERTIVE)
    step = engine.reply(
        basic_scenario(), start.state, "I want to die", scorer, safety=crisis_if("die")
    )
    assert scorer.calls == []
    assert kinds(step) == ["safety"]
    event = step.events[0]
    assert isinstance(event, SafetyEvent) and event.check.crisis and event.check.match == "die"
    assert step.state.position == start.state.position
    assert step.state.history == start.state.history
    (pause,) = step.state.transcript
    assert pause.kind == "safety_pause" and pause.text is None and pause.score is None
    assert "die" not in step.state.to_json()


def test_the_safety_check_sees_the_cleaned_text() -> None:
    seen: list[str] = []

    def spy(text: str) -> Any:
        seen.append(text)
        return never_crisis(text)

    typed(engine.start(basic_scenario(), seed=1), "\x07 hi\r\n", ASSERTIVE, safety=spy)
    assert seen == ["hi"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r", "\x00\x1b"])
def test_empty_replies_are_rejected_kindly(text: str) -> None:
    with pytest.raises(ReplyRejected, match="Type a reply first"):
        typed(engine.start(basic_scenario(), seed=1), text)


def test_overlong_replies_name_the_length_and_the_limit() -> None:
    text = "a" * (MAX_REPLY_CHARS + 5)
    with pytest.raises(ReplyRejected, match=f"{MAX_REPLY_CHARS + 5}.*{MAX_REPLY_CHARS}"):
        typed(engine.start(basic_scenario(), seed=1), text)
    assert issubclass(ReplyRejected, ValueError)


def test_reply_keeps_newlines_and_tabs_but_drops_other_controls() -> None:
    scorer = StubScorer(ASSERTIVE)
    sc = basic_scenario()
    engine.reply(sc, engine.start(sc, seed=1).state, "a\r\nb\tc\x1b[2Jd\x7f", scorer)
    assert scorer.calls[0][0] == "a\nb\tc[2Jd"


# --- rewind and the end -------------------------------------------------------------------


def test_rewind_returns_to_the_prompt_and_flags_the_turn() -> None:
    sc = basic_scenario()
    start = engine.start(sc, seed=1)
    done = engine.choose(sc, start.state, "snap")
    back = engine.rewind(sc, done.state)
    assert kinds(back) == ["prompt"]
    assert back.state.position == start.state.position
    assert [t.rewound for t in back.state.transcript] == [True]
    again = engine.choose(sc, back.state, "calm")
    assert [(t.suggestion_id, t.rewound) for t in again.state.transcript] == [
        ("snap", True),
        ("calm", False),
    ]
    assert again.state.ending == "good"


def test_rewind_steps_back_through_retries_and_restores_the_hint() -> None:
    sc = basic_scenario()
    first = typed(engine.start(sc, seed=1), "um", PASSIVE)
    second = typed(first, "um", PASSIVE)
    back = engine.rewind(sc, second.state)
    prompt = back.events[0]
    assert isinstance(prompt, PromptEvent)
    assert (prompt.attempt, prompt.hint) == (2, "Start with 'I feel'.")
    assert back.state.position == first.state.position
    twice = engine.rewind(sc, back.state)
    assert twice.state.position.attempts == 0
    with pytest.raises(NothingToRewind, match=r"nothing|no reply"):
        engine.rewind(sc, twice.state)


def test_calls_after_the_end_are_refused() -> None:
    sc = basic_scenario()
    done = engine.choose(sc, engine.start(sc, seed=1).state, "calm").state
    with pytest.raises(SessionFinished, match="ended"):
        engine.choose(sc, done, "calm")
    with pytest.raises(SessionFinished):
        engine.reply(sc, done, "hi", StubScorer(), safety=never_crisis)
    assert kinds(engine.current(sc, done)) == ["ending"]


def test_a_state_from_another_scenario_is_refused() -> None:
    state = engine.start(basic_scenario(), seed=1).state
    other = scenario({"end": ending()}, id="other")
    with pytest.raises(SessionMismatch, match="test-scene"):
        engine.choose(other, state, "calm")


# --- broken graphs fail with a clear message ----------------------------------------------


def test_missing_node_is_reported_by_id() -> None:
    sc = scenario({"a": {"kind": "narrate", "text": "Hi", "next": "ghost"}})
    with pytest.raises(ScenarioBroken, match="no node 'ghost'"):
        engine.start(sc, seed=1)


def test_loop_without_prompt_is_reported() -> None:
    sc = scenario(
        {
            "a": {"kind": "say", "text": "Hi", "next": "b"},
            "b": {"kind": "narrate", "text": "Again", "next": "a"},
        }
    )
    with pytest.raises(ScenarioBroken, match="loops"):
        engine.start(sc, seed=1)


def test_no_matching_route_is_reported() -> None:
    sc = scenario(
        {
            "ask": {
                "kind": "prompt",
                "skills": ["assertiveness"],
                "routes": [{"when": {"assertiveness_style": "aggressive"}, "next": "end"}],
            },
            "end": ending(),
        }
    )
    state = engine.start(sc, seed=1).state
    with pytest.raises(ScenarioBroken, match="otherwise"):
        engine.reply(sc, state, "hi", StubScorer(PASSIVE), safety=never_crisis)


# --- events -------------------------------------------------------------------------------


def test_events_round_trip_through_json_by_kind() -> None:
    sc = basic_scenario()
    start = engine.start(sc, seed=1)
    events = [*start.events, *typed(start, "x", PASSIVE).events]
    events.append(SafetyEvent(node="ask", check=crisis_if("x")("x")))
    adapter: TypeAdapter[tuple[Event, ...]] = TypeAdapter(tuple[Event, ...])
    assert adapter.validate_json(adapter.dump_json(tuple(events))) == tuple(events)
