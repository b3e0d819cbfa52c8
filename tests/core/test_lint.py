"""Each linter finding, on small scenarios built here (never the bundled ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipt_trainer.core.diagnostics import CODES, Problem
from ipt_trainer.core.lint import lint
from ipt_trainer.core.loading import parse_scenario
from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.core.starter import starter_text

HEAD = """\
id: lint-me
version: 1
title: Lint me
summary: A small scenario for one finding.
problem_area: role_dispute
difficulty: 1
minutes: 3
learning_goals: [assertiveness]
other_person: {name: Sam, relationship: partner}
"""
END = """\
  end:
    kind: ending
    outcome: practised
    title: Done
    debrief: Well done.
"""
DOCS = Path(__file__).resolve().parents[2] / "docs" / "lint-codes.md"


def scenario(body: str, nodes: str, start: str = "ask") -> str:
    return HEAD + body + f"start: {start}\nnodes:\n" + nodes + END


def prompt(routes: str, extra: str = "") -> str:
    return (
        "  ask:\n    kind: prompt\n    skills: [assertiveness]\n" + extra + "    routes:\n" + routes
    )


OTHERWISE = "      - otherwise: true\n        next: end\n"


def findings(text: str, scorer: object = None) -> list[Problem]:
    return lint(parse_scenario(text, "s.yaml"), scorer)  # type: ignore[arg-type]


def codes(text: str) -> list[str]:
    return [p.code for p in findings(text)]


def test_the_starter_lints_clean() -> None:
    assert findings(starter_text()) == []


def test_a_minimal_scenario_lints_clean() -> None:
    assert findings(scenario("", prompt(OTHERWISE))) == []


def test_unknown_targets_with_suggestions() -> None:
    nodes = "  hi:\n    kind: say\n    text: Hi.\n    next: akk\n" + prompt(
        "      - when: {listening_level: 3}\n        next: edn\n"
        + "      - otherwise: true\n        retry: true\n",
        "    suggestions:\n      - {id: s, text: Hi., next: ned}\n"
        "    model_replies:\n      - {text: Hi., expect_next: nope}\n"
        "    retry: {max_attempts: 2, then: ennd}\n",
    )
    found = [p for p in findings(scenario("", nodes, start="hii")) if p.code == "IPT012"]
    assert [(p.line, p.loc[-1], p.message) for p in found] == [
        (10, "start", "unknown node 'hii'; did you mean 'hi'?"),
        (15, "next", "unknown node 'akk'; did you mean 'ask'?"),
        (20, "next", "unknown node 'ned'; did you mean 'end'?"),
        (22, "expect_next", "unknown node 'nope'"),
        (23, "then", "unknown node 'ennd'; did you mean 'end'?"),
        (26, "next", "unknown node 'edn'; did you mean 'end'?"),
    ]
    assert all(p.severity == "error" for p in found)


def test_unreachable_node_is_a_warning() -> None:
    nodes = prompt(OTHERWISE) + "  aside:\n    kind: narrate\n    text: Meanwhile.\n    next: end\n"
    [problem] = findings(scenario("", nodes))
    assert (problem.code, problem.severity, problem.loc) == (
        "IPT017",
        "warning",
        ("nodes", "aside"),
    )


def test_loop_without_an_ending() -> None:
    nodes = (
        prompt("      - otherwise: true\n        next: a\n")
        + "  a:\n    kind: say\n    text: Hm.\n    next: b\n"
        + "  b:\n    kind: coach\n    text: Hm.\n    next: a\n"
    )
    found = findings(scenario("", nodes))
    assert {(p.code, p.loc) for p in found if p.code == "IPT019"} == {
        ("IPT019", ("nodes", "ask")),
        ("IPT019", ("nodes", "a")),
        ("IPT019", ("nodes", "b")),
    }


def test_self_loop_is_a_dead_end() -> None:
    nodes = "  ask:\n    kind: say\n    text: Again.\n    next: ask\n"
    assert "IPT018" in codes(scenario("", nodes))


def test_prompt_with_only_retry_routes_and_no_retry_block() -> None:
    found = codes(scenario("", prompt("      - otherwise: true\n        retry: true\n")))
    assert "IPT018" in found
    assert "IPT026" in found


def test_retry_route_without_block() -> None:
    routes = "      - when: {assertiveness_style: passive}\n        retry: true\n" + OTHERWISE
    problem = next(p for p in findings(scenario("", prompt(routes))) if p.code == "IPT026")
    assert problem.loc == ("nodes", "ask", "routes", 0, "retry")
    assert problem.line == 17


def test_unused_retry_block() -> None:
    text = scenario("", prompt(OTHERWISE, "    retry: {max_attempts: 2, then: end}\n"))
    assert codes(text) == ["IPT027"]


def test_missing_misplaced_and_extra_otherwise() -> None:
    missing = "      - when: {assertiveness_style: passive}\n        next: end\n"
    assert "IPT024" in codes(scenario("", prompt(missing)))
    misplaced = OTHERWISE + missing
    found = findings(scenario("", prompt(misplaced)))
    assert [p.message for p in found if p.code == "IPT024"] == [
        "the 'otherwise' route must be last; the routes after it can never fire",
    ]
    twice = OTHERWISE + OTHERWISE
    messages = [p.message for p in findings(scenario("", prompt(twice))) if p.code == "IPT024"]
    assert messages == ["more than one 'otherwise' route (the first is routes[0])"]


def test_duplicate_suggestion_ids() -> None:
    extra = (
        "    suggestions:\n"
        "      - {id: a, text: One., next: end}\n"
        "      - {id: a, text: Two., next: end}\n"
    )
    [problem] = findings(scenario("", prompt(OTHERWISE, extra)))
    assert problem.code == "IPT028"
    assert problem.loc == ("nodes", "ask", "suggestions", 1, "id")


def test_undeclared_and_unused_variables() -> None:
    body = "variables:\n  trust: {start: 50}\n  spare: {start: 1}\n"
    routes = (
        "      - when: {vars: {trsut: '>= 10'}}\n        next: end\n"
        "      - otherwise: true\n        effects: {trust: 5}\n        next: end\n"
    )
    found = findings(scenario(body, prompt(routes)))
    assert [(p.code, p.message) for p in found] == [
        ("IPT021", "variable 'spare' is declared but no effect or condition uses it"),
        (
            "IPT025",
            "this route can never fire: its conditions never all hold"
            " (check the numbers: scores 0-100, listening level 0-3)",
        ),
        ("IPT020", "undeclared variable 'trsut'; did you mean 'trust'?"),
    ]


def test_undeclared_and_unused_placeholders() -> None:
    body = (
        'placeholders:\n  partner: {prompt: "Name?", default: Sam}\n'
        '  city: {prompt: "City?", default: Leeds}\n'
    )
    nodes = prompt(OTHERWISE).replace(
        "    skills:", "    text: Talk to {partner} and {partnr}.\n    skills:"
    )
    found = findings(scenario(body, nodes))
    assert [(p.code, p.severity, p.message) for p in found] == [
        ("IPT023", "warning", "placeholder 'city' is declared but no text uses '{city}'"),
        ("IPT022", "error", "undeclared placeholder '{partnr}'; did you mean 'partner'?"),
    ]


def test_placeholder_in_other_person_and_debrief_counts() -> None:
    body = 'placeholders:\n  partner: {prompt: "Name?", default: Sam}\n'
    text = scenario(body, prompt(OTHERWISE)).replace(
        "debrief: Well done.", "debrief: Ask {partner}."
    )
    assert findings(text) == []


def test_route_shadowed_by_an_earlier_one() -> None:
    routes = (
        "      - when: {assertiveness: '>= 50'}\n        next: end\n"
        "      - when: {assertiveness: high, listening_level: 3}\n        next: end\n" + OTHERWISE
    )
    [problem] = findings(scenario("", prompt(routes)))
    assert problem.code == "IPT025"
    assert problem.loc == ("nodes", "ask", "routes", 1)
    assert "routes[0] before it already takes" in problem.message


def test_route_needing_impossible_values() -> None:
    routes = "      - when: {listening_level: '>= 4'}\n        next: end\n" + OTHERWISE
    assert codes(scenario("", prompt(routes))) == ["IPT025"]


def test_overlapping_but_reachable_routes_are_fine() -> None:
    routes = (
        "      - when: {assertiveness: '>= 70', conflict_mode: collaborating}\n        next: end\n"
        "      - when: {assertiveness: '>= 60'}\n        next: end\n"
        "      - when: {conflict_resolution: '> 10', visits: '>= 2'}\n        next: end\n"
        "      - when: {attempts: 2, conflict_mode: none}\n        next: end\n" + OTHERWISE
    )
    assert findings(scenario("", prompt(routes))) == []


def test_variable_thresholds_are_in_the_grid() -> None:
    body = "variables:\n  trust: {start: 50, min: 0, max: 10}\n"
    routes = (
        "      - when: {vars: {trust: '> 20'}}\n        next: end\n"
        "      - when: {vars: {trust: '<= 10'}}\n        effects: {trust: 1}\n        next: end\n"
        + OTHERWISE
    )
    text = scenario(body, prompt(routes)).replace("start: 50", "start: 5")
    found = findings(text)
    assert [(p.code, p.loc) for p in found] == [("IPT025", ("nodes", "ask", "routes", 0))]


def test_expect_next_not_reachable_from_the_prompt() -> None:
    nodes = (
        prompt(OTHERWISE, "    model_replies:\n      - {text: Hi., expect_next: other}\n")
        + "  other:\n    kind: narrate\n    text: Elsewhere.\n    next: ask\n"
    )
    found = [p.code for p in findings(scenario("", nodes))]
    assert "IPT032" in found


class FixedScorer:
    """Gives every reply the same labels; records what it was asked."""

    def __init__(self, style: str = "passive", level: int = 1) -> None:
        self.calls: list[tuple[str, str]] = []
        self.style, self.level = style, level

    def __call__(self, reply: str, context: str = "") -> ReplyScore:
        self.calls.append((reply, context))
        return ReplyScore(
            assertiveness=20,
            assertiveness_style=self.style,  # type: ignore[arg-type]
            active_listening=30,
            listening_level=self.level,
        )


MODEL_NODES = (
    "  hi:\n    kind: say\n    text: What is it, {partner}?\n    next: tip\n"
    "  tip:\n    kind: coach\n    text: Use an I-statement.\n    next: ask\n"
    + prompt(
        "      - when: {assertiveness_style: assertive}\n        next: good\n"
        "      - otherwise: true\n        next: end\n",
        "    model_replies:\n"
        "      - text: I feel tired, {partner}.\n"
        "        labels:\n"
        "          {assertiveness_style: assertive, listening_level: 1, conflict_mode: none}\n"
        "        expect_next: good\n",
    )
    + "  good:\n    kind: ending\n    outcome: repaired\n    title: Good\n    debrief: Yes.\n"
)
MODEL_BODY = 'placeholders:\n  partner: {prompt: "Name?", default: Sam}\n'


def test_model_replies_are_checked_against_the_scorer() -> None:
    scorer = FixedScorer("passive", 1)
    found = findings(scenario(MODEL_BODY, MODEL_NODES, start="hi"), scorer)
    assert scorer.calls == [("I feel tired, Sam.", "What is it, Sam?")]
    assert [(p.code, p.loc[-1], p.message) for p in found] == [
        (
            "IPT030",
            "assertiveness_style",
            "the scorer gives assertiveness_style 'passive', not 'assertive'",
        ),
        (
            "IPT031",
            "expect_next",
            "scored as passive, listening 1, conflict none,"
            " it takes routes[1] to 'end', not 'good'",
        ),
    ]
    assert [p.severity for p in found] == ["note", "warning"]


def test_label_differences_are_notes_route_differences_warnings() -> None:
    """The route is the contract; exact label agreement only informs (IPT030 is a note)."""
    assert CODES["IPT030"][0] == "note"
    assert CODES["IPT031"][0] == "warning"
    assert [code for code, (severity, _) in CODES.items() if severity == "note"] == ["IPT030"]


def test_model_replies_that_agree_are_clean() -> None:
    found = findings(scenario(MODEL_BODY, MODEL_NODES, start="hi"), FixedScorer("assertive", 1))
    assert found == []


def test_without_a_scorer_model_replies_are_not_scored() -> None:
    assert findings(scenario(MODEL_BODY, MODEL_NODES, start="hi")) == []


def test_problems_are_in_file_order_and_positioned() -> None:
    text = scenario("", prompt("      - when: {listening_level: 9}\n        next: edn\n"))
    found = findings(text)
    assert found == sorted(found, key=lambda p: (p.line, p.col, p.code, p.message))
    assert all(p.file == "s.yaml" and p.line > 1 for p in found)


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_documented_with_example_and_fix(code: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert f"## {code}" in text
    section = text.split(f"## {code}", 1)[1].split("\n## ", 1)[0]
    assert "Example" in section and "Fix" in section
    assert CODES[code][0] in section  # severity is stated


def test_a_scorer_refusing_a_reply_is_not_a_crash() -> None:
    def refuse(reply: str, context: str = "") -> ReplyScore:
        raise ValueError("empty reply")

    assert findings(scenario(MODEL_BODY, MODEL_NODES, start="hi"), refuse) == []
