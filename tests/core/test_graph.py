"""Graph export: valid Mermaid and DOT, whatever the scenario text contains."""

from __future__ import annotations

import re

import pytest
from engine_fixtures import basic_scenario, ending, scenario

from ipt_trainer.cli.explore import GRAPH_FORMATS
from ipt_trainer.core.graph import FORMATS, edges, render, short, to_dot, to_mermaid, when_summary
from ipt_trainer.core.model import When

NASTY = 'Say "hi" | <b>bold</b> & `code` #1; \\n {x} [a] (b) end'

DOT_STRING = r'"(?:[^"\\\n]|\\.)*"'
DOT_LINE = re.compile(
    rf"^\s*(?:digraph {DOT_STRING} \{{|rankdir=TB;|node \[.*\];|\}}|"
    rf"{DOT_STRING} \[(?:[a-z]+=(?:{DOT_STRING}|[a-z]+)(?:, )?)+\];|"
    rf"{DOT_STRING} -> {DOT_STRING}(?: \[label={DOT_STRING}(?:, style=dashed)?\])?;)$"
)
MERMAID_LABEL = r'"[^"\n]*"'
MERMAID_LINE = re.compile(
    rf"^(?:flowchart TD|    %% .*|"
    rf"    [a-z]+\d*(?:\[{MERMAID_LABEL}\]|\{{{MERMAID_LABEL}\}}|\({MERMAID_LABEL}\)|"
    rf"\(\[{MERMAID_LABEL}\]\)|\(\({MERMAID_LABEL}\)\))(?: --> [a-z]+\d*)?|"
    rf"    style [a-z]+\d* stroke-dasharray: 5 5|"
    rf"    [a-z]+\d* (?:-->|-\.->)(?:\|{MERMAID_LABEL}\|)? [a-z]+\d*)$"
)


def nasty_scenario() -> object:
    return scenario(
        {
            "end": {"kind": "narrate", "text": NASTY, "next": "ask"},
            "ask": {
                "kind": "prompt",
                "text": NASTY,
                "skills": ["assertiveness"],
                "suggestions": [{"id": "s-1", "text": NASTY, "next": "graph"}],
                "routes": [
                    {"when": {"assertiveness_style": ["passive", "aggressive"]}, "next": "ghost"},
                    {"when": {"vars": {"trust": "< 2"}, "listening_level": 2}, "retry": True},
                    {"otherwise": True, "next": "graph"},
                ],
                "retry": {"max_attempts": 2, "then": "graph"},
            },
            "graph": ending("practised", title=NASTY),
        },
        variables={"trust": {"start": 1}},
        placeholders={"x": {"prompt": "X?", "default": "y"}},
    )


def test_formats_match_the_cli_choices() -> None:
    assert GRAPH_FORMATS == FORMATS


def test_edges_name_what_takes_them() -> None:
    found = [(e.source, e.target, e.label, e.kind) for e in edges(basic_scenario())]
    assert found == [
        ("intro", "open", "", "next"),
        ("open", "tip", "", "next"),
        ("tip", "ask", "", "next"),
        ("ask", "good", "pick: calm", "suggestion"),
        ("ask", "bad", "pick: snap", "suggestion"),
        ("ask", "good", "1: assertiveness_style = assertive, assertiveness >= 60", "route"),
        ("ask", "bad", "2: assertiveness_style = aggressive", "route"),
        ("ask", "ask", "retry: otherwise", "retry"),
        ("ask", "bad", "then (after 3 tries)", "then"),
    ]


@pytest.mark.parametrize(
    ("when", "summary"),
    [
        (None, "otherwise"),
        (When(assertiveness="high"), "assertiveness = high"),
        (When(conflict_mode=["avoiding", "none"]), "conflict_mode in avoiding/none"),
        (When(vars={"trust": ">= 50"}, attempts=2), "attempts = 2, vars.trust >= 50"),
        (When(), "always"),
    ],
)
def test_when_summary(when: When | None, summary: str) -> None:
    assert when_summary(when) == summary


def test_short_text_is_one_line_and_bounded() -> None:
    assert short("a\n  b") == "a b"
    assert short("x" * 100, 10) == "x" * 9 + "…"


def test_mermaid_output_is_well_formed_and_escaped() -> None:
    text = to_mermaid(nasty_scenario())  # type: ignore[arg-type]
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    for line in lines:
        assert MERMAID_LINE.match(line), line
    assert (
        "<b>" not in text
        and "`" not in text
        and "|" not in text.replace('|"', "").replace('"|', "")
    )
    assert "#34;hi#34;" in text and "#60;b#62;" in text
    assert "n0[" in text  # the node called 'end' gets a safe id; Mermaid reserves 'end'
    assert 'missing: ghost"]' in text and "stroke-dasharray" in text


def test_dot_output_is_well_formed_and_escaped() -> None:
    text = to_dot(nasty_scenario())  # type: ignore[arg-type]
    for line in text.splitlines():
        assert DOT_LINE.match(line), line
    assert '\\"hi\\"' in text and "\\\\n" in text
    assert '"ghost" [style=dashed, label="missing: ghost"];' in text
    assert '"ask" -> "ask" [label="retry: listening_level = 2, vars.trust < 2", style=dashed];' in (
        text
    )


def test_render_picks_the_format() -> None:
    sc = basic_scenario()
    assert render(sc, "mermaid") == to_mermaid(sc)
    assert render(sc, "dot") == to_dot(sc)
    assert to_mermaid(sc).count("-->") + to_mermaid(sc).count("-.->") == len(edges(sc)) + 1
