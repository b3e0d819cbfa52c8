"""Homework files: the model, the checks, and the refusals that keep files where they belong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_records import indented, tiny_scenario

from ipt_trainer.core.library import Library, load_library
from ipt_trainer.core.loading import parse_scenario
from ipt_trainer.paths import installed_scenarios_dir
from ipt_trainer.reports.homework import (
    HomeworkError,
    HomeworkFile,
    check_homework,
    dump_yaml,
    homework_schema,
)
from ipt_trainer.reports.template import template_text


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(use_cache=False)


def write(folder: Path, text: str, name: str = "homework.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, library: Library) -> list[str]:
    with pytest.raises(HomeworkError) as caught:
        check_homework(path, library, installed_scenarios_dir())
    return [p.format() for p in caught.value.problems]


def test_the_template_is_valid_homework(tmp_path: Path, library: Library) -> None:
    plan = check_homework(write(tmp_path, template_text()), library)
    assert plan.homework.for_ == "Client A"
    assert plan.homework_id == "week-1"
    assert [a.scenario_id for a in plan.assignments] == ["housework_tally", "drill_saying_no"]
    assert plan.assignments[0].assignment.targets == {"assertiveness": 60}
    assert plan.assignments[0].label == "Ask for a fairer split of the housework"
    assert plan.assignments[1].label.startswith("Drill: saying no")
    assert all(p.install_text is None for p in plan.scenarios.values())


def test_inline_and_sent_along_scenarios_are_planned_for_install(
    tmp_path: Path, library: Library
) -> None:
    write(tmp_path, tiny_scenario("sent_along", "Sent along"), "sent_along.yaml")
    text = (
        "for: Client A\nfrom: Dr B\nassignments:\n"
        "  - scenario: inline_talk\n    personalisation: {friend: Robin}\n"
        "  - scenario: sent_along.yaml\n    due: 2026-04-01\n"
        "scenarios:\n" + indented(tiny_scenario("inline_talk", "Inline talk"), "  ")
    )
    plan = check_homework(write(tmp_path, text), library)
    assert sorted(plan.scenarios) == ["inline_talk", "sent_along"]
    inline = plan.scenarios["inline_talk"]
    assert inline.install_text is not None
    assert parse_scenario(inline.install_text).scenario == inline.loaded.scenario
    assert plan.scenarios["sent_along"].install_text == tiny_scenario("sent_along", "Sent along")
    assert plan.homework_id.startswith("hw-")  # no id: derived from the contents
    assert plan.assignments[0].label == "Inline talk"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("../../etc/passwd", "goes up a folder with '..'"),
        ("sub/../../x.yaml", "goes up a folder with '..'"),
        ("/etc/passwd.yaml", "is an absolute path"),
        ("C:/Windows/x.yaml", "is an absolute path"),
        ("~/x.yaml", "is an absolute path"),
        ("..\\\\x.yaml", "contains '\\'"),
        ("foo/bar", "ids have no '/'"),
        ("Not An Id", "neither a scenario id nor a .yaml file name"),
    ],
)
def test_paths_that_could_leave_the_folder_are_refused(
    tmp_path: Path, library: Library, reference: str, expected: str
) -> None:
    path = write(tmp_path, f'for: Client A\nassignments:\n  - scenario: "{reference}"\n')
    (found,) = problems_of(path, library)
    assert found.startswith(f"{path}:3:5: assignments[0].scenario: ")
    assert expected in found and found.endswith("[IPT015]")


def test_custom_scenario_paths_are_checked_too(tmp_path: Path, library: Library) -> None:
    path = write(
        tmp_path,
        "for: A\nassignments:\n  - scenario: drill_saying_no\n"
        "scenarios:\n  - ../outside.yaml\n  - /abs.yaml\n  - notes.txt\n",
    )
    found = problems_of(path, library)
    assert [line.split(": ")[1] for line in found] == [
        "scenarios[0]",
        "scenarios[1]",
        "scenarios[2]",
    ]
    assert "must end in .yaml" in found[2]


def test_a_link_leading_outside_the_folder_is_refused(tmp_path: Path, library: Library) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    write(outside, tiny_scenario("secret"), "secret.yaml")
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "linked.yaml").symlink_to(outside / "secret.yaml")
    path = write(inside, "for: A\nassignments:\n  - scenario: linked.yaml\n")
    (found,) = problems_of(path, library)
    assert "leads outside the homework file's folder" in found


def test_unknown_ids_and_placeholders_are_named_with_a_suggestion(
    tmp_path: Path, library: Library
) -> None:
    path = write(
        tmp_path,
        "for: A\nassignments:\n  - scenario: housework_tall\n"
        "  - scenario: housework_tally\n    personalisation:\n      partner: Sam\n",
    )
    first, second = problems_of(path, library)
    assert first == (
        f"{path}:3:5: assignments[0].scenario: no scenario with id 'housework_tall'; "
        "did you mean 'housework_tally'? [IPT015]"
    )
    assert second.startswith(f"{path}:6:7: assignments[1].personalisation.partner: ")
    assert "did you mean 'partner_name'" in second


def test_a_missing_sent_along_file_is_reported(tmp_path: Path, library: Library) -> None:
    path = write(tmp_path, "for: A\nassignments:\n  - scenario: nowhere.yaml\n")
    (found,) = problems_of(path, library)
    assert "no scenario file 'nowhere.yaml'" in found and found.endswith("[IPT033]")


def test_a_broken_inline_scenario_is_reported_at_its_line_in_the_homework(
    tmp_path: Path, library: Library
) -> None:
    broken = tiny_scenario("inline_talk").replace("next: ask", "next: asx")
    text = "for: A\nassignments:\n  - scenario: inline_talk\nscenarios:\n" + indented(broken, "  ")
    path = write(tmp_path, text)
    lines = text.splitlines()
    wanted = next(i for i, line in enumerate(lines, start=1) if "next: asx" in line)
    found = problems_of(path, library)
    assert any(
        p.startswith(f"{path}:{wanted}:") and "scenarios[0].nodes.hello.next" in p for p in found
    ), found


def test_a_custom_scenario_may_not_take_a_bundled_id(tmp_path: Path, library: Library) -> None:
    text = "for: A\nassignments:\n  - scenario: housework_tally\nscenarios:\n" + indented(
        tiny_scenario("housework_tally"), "  "
    )
    found = problems_of(write(tmp_path, text), library)
    assert any("already used by" in p and p.endswith("[IPT029]") for p in found)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("assignments:\n  - scenario: drill_saying_no\n", "IPT014"),
        ("for: A\nassignments: []\n", "IPT015"),
        ("for: A\nassignmnets:\n  - scenario: x\n", "IPT013"),
        ("for: &a A\nfrom: *a\nassignments:\n  - scenario: drill_saying_no\n", "IPT006"),
        ("for: !!python/object:os.system A\nassignments: []\n", "IPT007"),
        (
            "for: A\nassignments:\n  - scenario: drill_saying_no\n"
            "    targets: {assertiveness: 140}\n",
            "IPT015",
        ),
        ("for: A\nassignments:\n  - scenario: drill_saying_no\n    due: next week\n", "IPT015"),
        ("- just a list\n", "IPT010"),
        ("", "IPT010"),
    ],
)
def test_bad_files_give_coded_problems(
    tmp_path: Path, library: Library, text: str, code: str
) -> None:
    found = problems_of(write(tmp_path, text), library)
    assert any(p.endswith(f"[{code}]") for p in found), found


def test_yaml_12_keeps_no_as_text(tmp_path: Path, library: Library) -> None:
    path = write(tmp_path, "for: no\nassignments:\n  - scenario: drill_saying_no\n")
    assert check_homework(path, library).homework.for_ == "no"


def test_schema_names_fields_by_their_file_spelling_with_descriptions() -> None:
    schema = homework_schema()
    json.dumps(schema)
    properties = schema["properties"]
    assert {"for", "from", "assignments", "scenarios", "id"} <= set(properties)
    assert "never their real name" in properties["for"]["description"]
    assert schema["additionalProperties"] is False
    assert "Scenario" in schema["$defs"]
    assignment = schema["$defs"]["HomeworkAssignment"]["properties"]
    assert all(field.get("description") for field in assignment.values())


def test_every_field_has_a_docstring() -> None:
    from ipt_trainer.reports.homework import HomeworkAssignment

    for model in (HomeworkFile, HomeworkAssignment):
        assert all(info.description for info in model.model_fields.values()), model


def test_dump_yaml_reads_back_the_same() -> None:
    data = {"id": "x", "answer": "no", "number_text": "12", "nested": {"list": [1, "two", None]}}
    from ipt_trainer.core.loading import read_yaml

    document, _positions, problems = read_yaml(dump_yaml(data), "dumped")
    assert problems == [] and document == data
