"""Random small scenarios, random replies: the engine never fails in an undocumented way.

Scenarios are valid by construction: say/narrate/coach nodes only point
forward (to a later automatic node, a prompt or an ending), so the only
loops go through a prompt, where the learner acts. Every run must reach an
ending or use up its step budget, raising only the engine's documented
errors, with a state that survives a JSON round trip at every step; and every
node a session visits is one the walker says is reachable.
"""

from __future__ import annotations

from typing import Any

from engine_fixtures import StubScorer, ending, never_crisis, scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipt_trainer.core import engine
from ipt_trainer.core.engine import NothingToRewind
from ipt_trainer.core.model import Scenario
from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.core.session import SessionState, restore
from ipt_trainer.core.text import ReplyRejected
from ipt_trainer.core.walk import walk

STYLES = ["passive", "assertive", "aggressive", "passive_aggressive"]
MODES = ["competing", "avoiding", "accommodating", "compromising", "collaborating"]
COMPARISONS = st.one_of(
    st.integers(0, 100),
    st.sampled_from(["low", "medium", "high"]),
    st.builds(
        lambda op, n: f"{op} {n}",
        st.sampled_from([">=", "<=", ">", "<", "==", "!="]),
        st.integers(0, 100),
    ),
)
SMALL = st.one_of(st.integers(0, 4), st.builds(lambda n: f">= {n}", st.integers(0, 4)))


@st.composite
def whens(draw: st.DrawFn) -> dict[str, Any]:
    options: dict[str, st.SearchStrategy[Any]] = {
        "assertiveness_style": st.one_of(
            st.sampled_from(STYLES), st.lists(st.sampled_from(STYLES), min_size=1, max_size=3)
        ),
        "listening_level": st.one_of(st.integers(0, 3), st.just(">= 2")),
        "conflict_mode": st.sampled_from([*MODES, "none"]),
        "assertiveness": COMPARISONS,
        "active_listening": COMPARISONS,
        "conflict_resolution": COMPARISONS,
        "vars": st.fixed_dictionaries({"mood": COMPARISONS}),
        "visits": SMALL,
        "attempts": SMALL,
    }
    chosen = draw(st.lists(st.sampled_from(sorted(options)), min_size=1, max_size=3, unique=True))
    return {name: draw(options[name]) for name in chosen}


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    autos = [f"a{i}" for i in range(draw(st.integers(0, 4)))]
    prompts = [f"p{i}" for i in range(draw(st.integers(1, 4)))]
    endings = [f"e{i}" for i in range(draw(st.integers(1, 3)))]
    anywhere = st.sampled_from(autos + prompts + endings)
    effects = st.dictionaries(st.just("mood"), st.integers(-40, 40), max_size=1)
    nodes: dict[str, dict[str, Any]] = {}
    for index, node_id in enumerate(autos):
        onward = st.sampled_from(autos[index + 1 :] + prompts + endings)
        kind = draw(st.sampled_from(["say", "narrate", "coach"]))
        node: dict[str, Any] = {"kind": kind, "text": f"{node_id} {{name}}", "next": draw(onward)}
        if kind == "say":
            wordings = st.sampled_from(["v1", "v2 {name}", "v3"])
            node["variants"] = draw(st.lists(wordings, max_size=3))
        nodes[node_id] = node
    for node_id in prompts:
        routes = [
            {"when": draw(whens()), "effects": draw(effects)}
            | ({"retry": True} if draw(st.booleans()) else {"next": draw(anywhere)})
            for _ in range(draw(st.integers(0, 3)))
        ]
        last: dict[str, Any] = {"otherwise": True, "effects": draw(effects)}
        last |= {"retry": True} if draw(st.booleans()) else {"next": draw(anywhere)}
        prompt: dict[str, Any] = {
            "kind": "prompt",
            "text": "Your turn, {name} is waiting.",
            "skills": ["assertiveness"],
            "suggestions": [
                {"id": f"s{i}", "text": "Pick {name}", "effects": draw(effects)}
                | {"next": draw(anywhere)}
                for i in range(draw(st.integers(0, 3)))
            ],
            "routes": [*routes, last],
        }
        if draw(st.booleans()):
            prompt["retry"] = {
                "max_attempts": draw(st.integers(1, 4)),
                "hints": draw(st.lists(st.just("Try again, {name}."), max_size=3)),
                "then": draw(anywhere),
            }
        nodes[node_id] = prompt
    for node_id in endings:
        nodes[node_id] = ending(draw(st.sampled_from(["repaired", "partial", "withdrew"])))
    return scenario(
        nodes,
        start=draw(anywhere),
        variables={"mood": {"start": draw(st.integers(0, 100))}},
        placeholders={"name": {"prompt": "Name?", "default": "Kim"}},
    )


@st.composite
def reply_scores(draw: st.DrawFn) -> ReplyScore:
    conflict = draw(st.one_of(st.none(), st.integers(0, 100)))
    return ReplyScore(
        assertiveness=draw(st.integers(0, 100)),
        assertiveness_style=draw(st.sampled_from(STYLES)),
        active_listening=draw(st.integers(0, 100)),
        listening_level=draw(st.integers(0, 3)),
        conflict_resolution=conflict,
        conflict_mode=None if conflict is None else draw(st.sampled_from(MODES)),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sc=scenarios(), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_random_sessions_end_or_stop_cleanly(sc: Scenario, seed: int, data: st.DataObject) -> None:
    step = engine.start(sc, {"name": data.draw(st.text(max_size=10))}, seed=seed)
    state = step.state
    visited = {event.node for event in step.events}
    for _ in range(25):
        if state.finished and not data.draw(st.booleans()):
            break
        action = data.draw(st.sampled_from(["type", "pick", "rewind"]))
        prompt = sc.nodes[state.node]
        try:
            if action == "rewind":
                step = engine.rewind(sc, state)
            elif state.finished:
                continue
            elif action == "pick" and getattr(prompt, "suggestions", None):
                chosen = data.draw(st.sampled_from([s.id for s in prompt.suggestions]))  # type: ignore[union-attr]
                step = engine.choose(sc, state, chosen)
            else:
                scorer = StubScorer(data.draw(reply_scores()))
                text = data.draw(st.text(max_size=30))
                step = engine.reply(sc, state, text, scorer, safety=never_crisis)
        except (ReplyRejected, NothingToRewind):
            continue
        state = step.state
        visited |= {event.node for event in step.events}
        assert restore(sc, SessionState.from_json(state.to_json())) == state
        assert step.events, "every successful call shows something"
    report = walk(sc)
    assert not report.bound_hit
    assert visited.isdisjoint(report.unreached)
