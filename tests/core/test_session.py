"""Saving, restoring and replaying sessions; variant wording and the seeded generator."""

from __future__ import annotations

import json
from typing import Any

import pytest
from engine_fixtures import StubScorer, basic_scenario, ending, never_crisis, scenario, score

from ipt_trainer.core import engine
from ipt_trainer.core.engine import Step
from ipt_trainer.core.events import LineEvent
from ipt_trainer.core.model import Scenario
from ipt_trainer.core.session import (
    FORMAT_VERSION,
    SessionFormatError,
    SessionMismatch,
    SessionState,
    restore,
    scenario_hash,
)


def variant_scene(**overrides: Any) -> Scenario:
    """Sam repeats themself each time the learner asks them to go on."""
    nodes = {
        "line": {
            "kind": "say",
            "text": "First wording.",
            "variants": ["Variant A.", "Variant B.", "Variant C.", "Variant D."],
            "next": "ask",
        },
        "ask": {
            "kind": "prompt",
            "skills": ["active_listening"],
            "suggestions": [
                {"id": "more", "text": "Go on.", "effects": {"warmth": 5}, "next": "line"},
                {"id": "stop", "text": "Thanks.", "next": "end"},
            ],
            "routes": [
                {"when": {"listening_level": ">= 2"}, "effects": {"warmth": 10}, "next": "line"},
                {"otherwise": True, "next": "line"},
            ],
        },
        "end": ending("practised"),
    }
    overrides.setdefault("variables", {"warmth": {"start": 10, "max": 60}})
    return scenario(nodes, **overrides)


LISTENING = score(level=2)


def lines(step: Step) -> list[str]:
    return [event.text for event in step.events if isinstance(event, LineEvent)]


def play(sc: Scenario, state: SessionState, moves: list[str]) -> tuple[SessionState, list[Any]]:
    """Apply moves ('pick:ID', 'type:TEXT', 'rewind') and collect every event."""
    events: list[Any] = []
    for move in moves:
        if move == "rewind":
            step = engine.rewind(sc, state)
        elif move.startswith("pick:"):
            step = engine.choose(sc, state, move[5:])
        else:
            step = engine.reply(sc, state, move[5:], StubScorer(LISTENING), safety=never_crisis)
        events.extend(step.events)
        state = step.state
    return state, events


MOVES = ["pick:more", "type:I hear you", "pick:more", "rewind", "type:tell me", "pick:more"]


def test_first_visit_uses_the_text_and_revisits_use_variants() -> None:
    sc = variant_scene()
    step = engine.start(sc, seed=3)
    assert lines(step) == ["First wording."]
    seen = []
    state = step.state
    for _ in range(12):
        step = engine.choose(sc, state, "more")
        state = step.state
        seen.extend(lines(step))
    assert set(seen) <= {"Variant A.", "Variant B.", "Variant C.", "Variant D."}
    assert len(set(seen)) > 1
    assert state.position.visits["line"] == 13


def test_same_seed_same_wording_different_seed_can_differ() -> None:
    sc = variant_scene()

    def wordings(seed: int) -> list[str]:
        state = engine.start(sc, seed=seed).state
        out = []
        for _ in range(10):
            step = engine.choose(sc, state, "more")
            out.extend(lines(step))
            state = step.state
        return out

    assert wordings(7) == wordings(7)
    assert len({tuple(wordings(seed)) for seed in range(6)}) > 1


def test_round_trip_through_json_continues_identically() -> None:
    sc = variant_scene()
    start = engine.start(sc, seed=11)
    whole, whole_events = play(sc, start.state, MOVES)
    for cut in range(len(MOVES) + 1):
        head, head_events = play(sc, start.state, MOVES[:cut])
        saved = head.to_json()
        loaded = restore(sc, SessionState.from_json(saved))
        assert loaded == head
        tail, tail_events = play(sc, loaded, MOVES[cut:])
        assert head_events + tail_events == whole_events
        assert tail == whole
        assert tail.to_json() == whole.to_json()


def test_saved_state_is_plain_json_with_version_and_scenario_identity() -> None:
    sc = variant_scene()
    state, _ = play(sc, engine.start(sc, seed=5).state, ["pick:more", "pick:more"])
    data = json.loads(state.to_json())
    assert data["format"] == FORMAT_VERSION
    assert (data["scenario_id"], data["scenario_version"]) == ("test-scene", 1)
    assert data["scenario_hash"] == scenario_hash(sc)
    assert data["seed"] == 5
    assert isinstance(data["position"]["rng"], list)  # the generator has been used


def test_scenario_hash_is_stable_and_content_sensitive() -> None:
    assert scenario_hash(variant_scene()) == scenario_hash(variant_scene())
    assert len(scenario_hash(variant_scene())) == 64
    assert scenario_hash(variant_scene()) != scenario_hash(variant_scene(title="Other"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"format": 99}', "format 99"),
        ('{"format": 1, "scenario_id": "x"}', "damaged"),
        (
            '{"format": 1, "scenario_id": "x", "scenario_version": 1, "scenario_hash": "h", '
            '"seed": 1, "position": {"node": "a", "rng": [3, [1, 2], null]}}',
            r"damaged at position\.rng.*not a random generator state",
        ),
    ],
)
def test_bad_saved_sessions_explain_themselves(text: str, message: str) -> None:
    with pytest.raises(SessionFormatError, match=message):
        SessionState.from_json(text)


def test_restore_refuses_another_scenario() -> None:
    state = engine.start(variant_scene(), seed=1).state
    with pytest.raises(SessionMismatch, match="'test-scene', not 'other'"):
        restore(variant_scene(id="other"), state)


def test_restore_fills_added_and_drops_removed_variables() -> None:
    old = variant_scene()
    state, _ = play(old, engine.start(old, seed=1).state, ["pick:more"])
    assert state.vars == {"warmth": 15}
    new = variant_scene(
        version=2, variables={"warmth": {"start": 10, "max": 60}, "calm": {"start": 40}}
    )
    restored = restore(new, state)
    assert restored.vars == {"warmth": 15, "calm": 40}
    assert restored.scenario_version == 2 and restored.scenario_hash == scenario_hash(new)
    assert restored.history[0].position.vars == {"warmth": 10, "calm": 40}
    fewer = restore(variant_scene(variables={}), state)
    assert fewer.vars == {}
    after = engine.choose(variant_scene(variables={}), fewer, "stop")
    assert after.state.ending == "end"


def test_restore_refuses_when_the_current_node_is_gone() -> None:
    sc = variant_scene()
    state = engine.start(sc, seed=1).state
    nodes = {"line": {"kind": "say", "text": "Hi", "next": "end"}, "end": ending()}
    with pytest.raises(SessionMismatch, match="node 'ask' no longer exists"):
        restore(scenario(nodes), state)


def test_transcript_records_each_turn() -> None:
    sc = basic_scenario()
    state = engine.start(sc, seed=1).state
    state = engine.reply(sc, state, "um", StubScorer(score(style="passive")), safety=never_crisis)
    turn = state.state.transcript[0]
    assert turn.model_dump(exclude={"score"}) == {
        "kind": "reply",
        "node": "ask",
        "context": "You never listen, love.",
        "text": "um",
        "source": "typed",
        "suggestion_id": None,
        "route_index": 2,
        "next": "ask",
        "effects": ({"name": "trust", "delta": -5, "value": 45},),
        "attempt": 1,
        "retry": True,
        "rewound": False,
    }


def test_restore_refuses_when_the_current_prompt_is_no_longer_a_prompt() -> None:
    sc = variant_scene()
    state = engine.start(sc, seed=1).state
    nodes = {
        "line": {"kind": "say", "text": "Hi", "next": "ask"},
        "ask": {"kind": "narrate", "text": "Now a narration.", "next": "end"},
        "end": ending(),
    }
    with pytest.raises(SessionMismatch, match="'ask' is no longer a prompt"):
        restore(scenario(nodes), state)
