"""The loader: safe YAML, positions, and one clear message per problem."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ipt_trainer.core.diagnostics import CODES, Problem, ScenarioError, format_loc
from ipt_trainer.core.loading import (
    MAX_BYTES,
    MAX_DEPTH,
    load_scenario,
    parse_scenario,
    resolve_plain,
)
from ipt_trainer.core.model import SayNode

HEAD = """\
id: tiny
version: 1
title: Tiny
summary: A tiny scenario.
problem_area: grief
difficulty: 1
minutes: 3
learning_goals: [active_listening]
other_person: {name: Ann, relationship: sister}
start: hello
nodes:
"""
NODES = """\
  hello:
    kind: say
    text: no
    next: bye
  bye:
    kind: ending
    outcome: practised
    title: Done
    debrief: Well done.
"""
VALID = HEAD + NODES


def problems(text: str | bytes) -> list[Problem]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "x.yaml")
    return list(caught.value.problems)


def only(text: str | bytes) -> Problem:
    found = problems(text)
    assert len(found) == 1, [p.format() for p in found]
    return found[0]


def test_valid_text_loads_with_hash_and_positions() -> None:
    loaded = parse_scenario(VALID, "x.yaml")
    assert loaded.scenario.id == "tiny"
    assert loaded.source == "x.yaml"
    assert len(loaded.content_hash) == 64
    assert loaded.positions.at(("nodes", "hello", "next")) == (15, 5)
    assert loaded.positions.at(("nodes", "hello", "not_there")) == (12, 3)
    assert loaded.positions.at(()) == (1, 1)


def test_yaml_1_2_keeps_no_as_text() -> None:
    node = parse_scenario(VALID).scenario.nodes["hello"]
    assert isinstance(node, SayNode)
    assert node.text == "no"


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("12", 12),
        ("-3", -3),
        ("0x1f", 31),
        ("0o17", 15),
        ("012", 12),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("1_000", "1_000"),
        ("2024-01-01", "2024-01-01"),
    ],
)
def test_plain_scalars_follow_the_core_schema(plain: str, value: object) -> None:
    assert resolve_plain(plain) == value
    assert type(resolve_plain(plain)) is type(value)


def test_infinity_and_nan() -> None:
    assert resolve_plain(".inf") == float("inf")
    assert resolve_plain("-.Inf") == float("-inf")
    nan = resolve_plain(".NaN")
    assert isinstance(nan, float) and nan != nan


def test_same_bytes_same_hash_and_file_hash_is_of_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(VALID, encoding="utf-8")
    from_file = load_scenario(path)
    assert from_file.content_hash == parse_scenario(VALID).content_hash
    assert from_file.path == path
    assert from_file.source == str(path)


def test_a_byte_order_mark_is_accepted() -> None:
    assert parse_scenario("\ufeff" + VALID).scenario.id == "tiny"


def test_problem_format_and_loc() -> None:
    problem = only(VALID.replace("    next: bye\n  bye:", "    next: bey\n    emoton: sad\n  bye:"))
    assert problem.format() == (
        "x.yaml:16:5: nodes.hello.emoton: unknown field 'emoton'; did you mean 'emotion'? [IPT013]"
    )
    assert format_loc(("nodes", "ask", "routes", 1, "next")) == "nodes.ask.routes[1].next"
    assert format_loc(()) == ""


def test_every_problem_of_a_file_in_one_pass() -> None:
    text = VALID.replace("version: 1", "version: one").replace("minutes: 3", "minutes: 0")
    text = text.replace("    text: no\n", "    txt: no\n")
    found = problems(text)
    assert [(p.line, p.code) for p in found] == [
        (2, "IPT015"),
        (7, "IPT015"),
        (12, "IPT014"),
        (14, "IPT013"),
    ]
    assert all(p.severity == "error" for p in found)


def test_discriminator_tag_is_not_in_the_loc() -> None:
    problem = only(VALID.replace("    text: no\n", "    text: ''\n"))
    assert problem.loc == ("nodes", "hello", "text")
    assert problem.line == 14


def test_unknown_kind_suggests_the_nearest() -> None:
    problem = only(VALID.replace("kind: say", "kind: sya"))
    assert problem.code == "IPT016"
    assert "did you mean 'say'?" in problem.message
    assert (problem.line, problem.col) == (13, 5)


def test_union_errors_collapse_to_one_message() -> None:
    prompt = """\
  hello:
    kind: prompt
    skills: [assertiveness]
    routes:
      - when: {assertiveness: {a: 1}}
        next: bye
      - otherwise: true
        next: bye
"""
    problem = only(HEAD + prompt + NODES.split("  bye:\n")[1].join(["  bye:\n", ""]))
    assert problem.loc == ("nodes", "hello", "routes", 0, "when", "assertiveness")
    assert problem.message == "expected text or a whole number, got a mapping"


def test_duplicate_keys_are_reported_and_the_first_kept() -> None:
    problem = only(VALID.replace("minutes: 3", "minutes: 3\nminutes: 4"))
    assert problem.code == "IPT011"
    assert problem.line == 8
    assert "first at line 7" in problem.message


def test_empty_file_list_and_scalar() -> None:
    assert only("").code == "IPT010"
    assert only("# nothing\n").code == "IPT010"
    assert "got a list" in only("- a\n").message
    assert "got 'hello'" in only("hello\n").message
    assert only("---\n...\n").code == "IPT010"


def test_syntax_error_has_ruamels_line() -> None:
    problem = only(VALID.replace("minutes: 3", "minutes: [3"))
    assert problem.code == "IPT005"
    assert problem.line == 8


def test_tabs_are_refused_with_their_line() -> None:
    problem = only(VALID.replace("    next: bye\n  bye:", "\tnext: bye\n  bye:"))
    assert (problem.code, problem.line, problem.col) == ("IPT004", 15, 1)


def test_control_characters_are_refused() -> None:
    found = problems(VALID.replace("Tiny", "Ti\x00ny\x1b"))
    assert [(p.code, p.line, p.col) for p in found] == [("IPT003", 3, 10), ("IPT003", 3, 13)]


def test_non_utf8_is_refused_with_position() -> None:
    problem = only(b"id: tiny\ntitle: caf\xe9\n")
    assert (problem.code, problem.line, problem.col) == ("IPT002", 2, 11)


def test_python_tags_never_run() -> None:
    text = 'id: !!python/object/apply:os.system ["touch /tmp/ipt-pwned"]\n'
    problem = only(text)
    assert problem.code == "IPT007"
    assert not Path("/tmp/ipt-pwned").exists()


@pytest.mark.parametrize("tag", ["!custom", "!!set", "!!binary", "!!timestamp", "!!omap"])
def test_non_core_tags_are_refused(tag: str) -> None:
    assert only(f"id: {tag} x\n").code == "IPT007"


def test_core_tags_are_allowed() -> None:
    loaded = parse_scenario(VALID.replace("version: 1", "version: !!int 1"))
    assert loaded.scenario.version == 1
    assert only(VALID.replace("version: 1", "version: !!int one")).code == "IPT015"
    assert only(VALID.replace("title: Tiny", "title: !!str 12\ntitle2: 1")).code == "IPT013"


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    started = time.process_time()
    assert only("\n".join(lines)).code == "IPT006"
    assert time.process_time() - started < 5  # generous: the point is that it ends


def test_aliases_without_anchors_are_refused() -> None:
    assert only("a: *x\n").code in {"IPT005", "IPT006"}


def test_deep_nesting_is_refused() -> None:
    problem = only("a: " + "[" * 5000)
    assert problem.code == "IPT008"
    assert str(MAX_DEPTH) in problem.message


def test_long_strings_are_refused() -> None:
    assert only("id: " + "x" * 30_000 + "\n").code == "IPT009"


def test_oversized_text_is_refused() -> None:
    problem = only("a" * (MAX_BYTES + 1))
    assert problem.code == "IPT001"


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(10 * MAX_BYTES)  # sparse: refused from its size alone
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems[0].code == "IPT001"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.yaml", tmp_path):
        with pytest.raises(ScenarioError) as caught:
            load_scenario(path)
        assert caught.value.problems[0].code == "IPT033"


def test_two_documents_are_refused() -> None:
    assert only(VALID + "---\nid: other\n").code == "IPT010"


def test_complex_keys_are_refused() -> None:
    assert only("? [a, b]\n: c\n").code == "IPT005"


def test_scenario_error_message_lists_every_problem() -> None:
    with pytest.raises(ScenarioError) as caught:
        text = VALID.replace("version: 1", "version: 0")
        parse_scenario(text.replace("minutes: 3", "minutes: x"))
    assert len(str(caught.value).splitlines()) == 2


def test_codes_are_well_formed() -> None:
    assert all(code.startswith("IPT") and len(code) == 6 for code in CODES)
    assert list(CODES) == sorted(CODES)
