"""Whatever the input, the loader answers with a ScenarioError or a scenario, never a crash."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipt_trainer.core.diagnostics import ScenarioError
from ipt_trainer.core.lint import lint
from ipt_trainer.core.loading import parse_scenario

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOKENS = [*"abkid:-[]{}&*!|>'\"#?,%@`~ \n\t\\", "  ", "\n  ", "- ", ": ", "---", "!!str"]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=30),
    st.sampled_from(["say", "prompt", "ending", ">= 2", "high", "otherwise", "hello"]),
)
KEYS = st.sampled_from(
    [
        "id",
        "version",
        "title",
        "summary",
        "problem_area",
        "difficulty",
        "minutes",
        "learning_goals",
        "other_person",
        "start",
        "nodes",
        "kind",
        "text",
        "next",
        "routes",
        "when",
        "otherwise",
        "retry",
        "then",
        "hello",
        "bye",
        "vars",
    ]
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=25,
)


def attempt(text: str | bytes) -> None:
    try:
        loaded = parse_scenario(text, "fuzz.yaml")
    except ScenarioError as error:
        assert error.problems
        assert all(p.format().startswith("fuzz.yaml:") for p in error.problems)
        return
    lint(loaded)


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    attempt(text)


@FUZZ
@given(YAMLISH)
def test_yaml_punctuation_soup(text: str) -> None:
    attempt(text)


@FUZZ
@given(st.binary(max_size=200))
def test_arbitrary_bytes(data: bytes) -> None:
    attempt(data)


def to_yaml(value: Any, block: bool) -> str:
    """Real YAML in block or flow style (JSON is flow YAML)."""
    import io
    import json

    from ruamel.yaml import YAML

    if not block:
        return json.dumps(value)
    out = io.StringIO()
    YAML(typ="safe").dump(value, out)
    return out.getvalue()


@FUZZ
@given(STRUCTURES, st.booleans())
def test_arbitrary_structures(value: Any, block: bool) -> None:
    attempt(to_yaml(value, block))


BASE = {
    "id": "fuzz",
    "version": 1,
    "title": "T",
    "summary": "S",
    "problem_area": "grief",
    "difficulty": 1,
    "minutes": 2,
    "learning_goals": ["assertiveness"],
    "other_person": {"name": "A", "relationship": "friend"},
    "start": "a",
    "nodes": {
        "a": {"kind": "say", "text": "hi", "next": "b"},
        "b": {"kind": "ending", "outcome": "practised", "title": "t", "debrief": "d"},
    },
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, STRUCTURES, max_size=4), st.dictionaries(KEYS, STRUCTURES, max_size=3))
def test_scenario_shaped_structures(top: dict[str, Any], node: dict[str, Any]) -> None:
    """Near-valid documents reach the model and the linter, not just the parser."""
    document = {**BASE, **top}
    document["nodes"] = {**BASE["nodes"], "c": node}
    attempt(to_yaml(document, block=True))


COMPARISONS = st.one_of(
    st.integers(-5, 120),
    st.sampled_from(["low", "medium", "high"]),
    st.builds(
        lambda op, n: f"{op} {n}",
        st.sampled_from([">=", "<=", ">", "<", "==", "!="]),
        st.integers(-5, 120),
    ),
)
WHEN = st.fixed_dictionaries(
    {},
    optional={
        "assertiveness_style": st.sampled_from(["passive", "assertive", "aggressive"]),
        "listening_level": COMPARISONS,
        "conflict_mode": st.sampled_from(["none", "avoiding", "collaborating"]),
        "assertiveness": COMPARISONS,
        "conflict_resolution": COMPARISONS,
        "vars": st.fixed_dictionaries({}, optional={"trust": COMPARISONS, "ghost": COMPARISONS}),
        "visits": COMPARISONS,
        "attempts": COMPARISONS,
    },
)
ROUTE = st.one_of(
    st.builds(lambda when: {"when": when, "next": "b"}, WHEN),
    st.builds(lambda when: {"when": when, "retry": True}, WHEN),
    st.just({"otherwise": True, "next": "b"}),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROUTE, min_size=1, max_size=5), st.booleans())
def test_valid_prompts_lint_without_crashing(routes: list[dict[str, Any]], retry: bool) -> None:
    """Valid scenarios with arbitrary routes exercise the route grid."""
    prompt: dict[str, Any] = {"kind": "prompt", "skills": ["assertiveness"], "routes": routes}
    if retry:
        prompt["retry"] = {"max_attempts": 2, "then": "b"}
    document = {**BASE, "variables": {"trust": {"start": 50}}, "start": "p"}
    document["nodes"] = {**BASE["nodes"], "p": prompt}
    attempt(to_yaml(document, block=True))
