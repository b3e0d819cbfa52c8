"""Content checks for every bundled scenario.

These guard what a schema cannot: that the conversation graph is whole (every
target exists, every node is reachable and can reach an ending), that each
role-play is big enough to practise in, that model replies point where their
author meant, that names a client fills in are declared, and that anything
touching death, illness or loss carries a content note.

They read only the YAML and the pydantic model, so they run before the loader,
linter and engine exist; later sessions may add checks through those tools.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ipt_trainer.core.model import (
    PLACEHOLDER_RE,
    CoachNode,
    EndingNode,
    ExpectedLabels,
    NarrateNode,
    PromptNode,
    Route,
    SayNode,
    Scenario,
)
from ipt_trainer.core.routing import compare

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "scenarios"
AREA_DIRS = ("role_dispute", "role_transition", "grief", "interpersonal_deficits", "drills")
SCHEMA_HEADER = "# yaml-language-server: $schema=../../docs/scenario.schema.json"
SENSITIVE = re.compile(
    r"\b(died|dies|death|dead|funeral|grave|passed away|cancer|diagnos\w*|ill|illness|"
    r"miscarri\w*|pregnancy loss|bereave\w*|grief|grieving|hospital|hospice)\b",
    re.IGNORECASE,
)


def scenario_files() -> list[Path]:
    """Every bundled scenario file, in a stable order."""
    return sorted(SCENARIOS_DIR.glob("*/*.yaml"))


@functools.cache
def load(path: Path) -> Scenario:
    """Load one file the way the app does: safe YAML 1.2, then the model."""
    data = YAML(typ="safe", pure=False).load(path.read_text(encoding="utf-8"))
    return Scenario.model_validate(data)


FILES = scenario_files()
IDS = [path.stem for path in FILES]


@pytest.fixture(params=FILES, ids=IDS)
def scenario_file(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


@pytest.fixture
def scenario(scenario_file: Path) -> Scenario:
    return load(scenario_file)


def targets(node: object) -> list[str]:
    """The nodes a node can lead to."""
    if isinstance(node, SayNode | NarrateNode | CoachNode):
        return [node.next]
    if isinstance(node, PromptNode):
        found = [s.next for s in node.suggestions]
        found += [r.next for r in node.routes if r.next is not None]
        if node.retry is not None:
            found.append(node.retry.then)
        return found
    return []


def texts(scenario: Scenario) -> Iterator[str]:
    """Every piece of text a learner may see."""
    yield scenario.title
    yield scenario.summary
    yield scenario.other_person.name
    yield scenario.other_person.relationship
    for node in scenario.nodes.values():
        if isinstance(node, SayNode):
            yield node.text
            yield from node.variants
        elif isinstance(node, NarrateNode | CoachNode):
            yield node.text
        elif isinstance(node, PromptNode):
            yield node.text
            for suggestion in node.suggestions:
                yield suggestion.text
                yield suggestion.feedback or ""
            for reply in node.model_replies:
                yield reply.text
                yield reply.note or ""
            for route in node.routes:
                yield route.feedback or ""
            if node.retry is not None:
                yield from node.retry.hints
        elif isinstance(node, EndingNode):
            yield node.title
            yield node.debrief


def test_library_is_not_empty() -> None:
    assert len(FILES) >= 3
    assert not (SCENARIOS_DIR / ".keep").exists() or not FILES


def test_files_sit_in_known_folders() -> None:
    for path in FILES:
        assert path.parent.name in AREA_DIRS, path


def test_ids_are_unique_across_library() -> None:
    ids = [load(path).id for path in FILES]
    assert len(ids) == len(set(ids))


def test_file_layout(scenario_file: Path, scenario: Scenario) -> None:
    assert scenario_file.stem == scenario.id
    assert scenario_file.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_HEADER
    folder = scenario_file.parent.name
    if scenario.category == "drill":
        assert folder == "drills"
    else:
        assert folder == scenario.problem_area


def test_targets_exist(scenario: Scenario) -> None:
    assert scenario.start in scenario.nodes
    for node_id, node in scenario.nodes.items():
        for target in targets(node):
            assert target in scenario.nodes, f"{node_id} -> {target}"
        if isinstance(node, PromptNode):
            for reply in node.model_replies:
                if reply.expect_next is not None:
                    assert reply.expect_next in scenario.nodes, f"{node_id}: {reply.text[:30]}"


def test_every_node_reachable(scenario: Scenario) -> None:
    seen = {scenario.start}
    todo = [scenario.start]
    while todo:
        for target in targets(scenario.nodes[todo.pop()]):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert set(scenario.nodes) - seen == set()


def test_every_node_can_reach_an_ending(scenario: Scenario) -> None:
    done = {nid for nid, node in scenario.nodes.items() if isinstance(node, EndingNode)}
    changed = True
    while changed:
        changed = False
        for node_id, node in scenario.nodes.items():
            if node_id not in done and any(t in done for t in targets(node)):
                done.add(node_id)
                changed = True
    assert set(scenario.nodes) - done == set()


def test_prompts_are_well_formed(scenario: Scenario) -> None:
    for node_id, node in scenario.nodes.items():
        if not isinstance(node, PromptNode):
            continue
        assert node.routes[-1].otherwise, f"{node_id}: last route must be otherwise"
        assert sum(r.otherwise for r in node.routes) == 1, node_id
        assert node.model_replies, f"{node_id}: needs model replies"
        if any(r.retry for r in node.routes):
            assert node.retry is not None, f"{node_id}: retry route without retry settings"
        for reply in node.model_replies:
            labels = reply.labels
            assert labels.assertiveness_style is not None, node_id
            assert labels.listening_level is not None, node_id
            assert reply.expect_next is not None, node_id
        ids = [s.id for s in node.suggestions]
        assert len(ids) == len(set(ids)), node_id


def _labels_match(route: Route, labels: ExpectedLabels, start: dict[str, int]) -> bool | None:
    """Whether the route accepts these labels on a first visit with variables at their start.

    That is the situation ``ipt-trainer validate`` checks model replies in. Returns None
    when the route also depends on a number the labels cannot settle (a 0-100 score).
    """
    if route.otherwise:
        return True
    when = route.when
    assert when is not None
    if when.assertiveness_style is not None and labels.assertiveness_style is not None:
        wanted = when.assertiveness_style
        if labels.assertiveness_style not in ([wanted] if isinstance(wanted, str) else wanted):
            return False
    if when.conflict_mode is not None and labels.conflict_mode is not None:
        wanted_mode = when.conflict_mode
        modes = [wanted_mode] if isinstance(wanted_mode, str) else wanted_mode
        if labels.conflict_mode not in modes:
            return False
    level, wanted_level = labels.listening_level, when.listening_level
    if level is not None and wanted_level is not None and not compare(level, wanted_level):
        return False
    counters = [(1, when.visits), (1, when.attempts)]
    counters += [(start[name], wanted_var) for name, wanted_var in when.vars.items()]
    if any(wanted is not None and not compare(value, wanted) for value, wanted in counters):
        return False
    unsettled = (
        when.assertiveness is not None
        or when.active_listening is not None
        or when.conflict_resolution is not None
        or (when.conflict_mode is not None and labels.conflict_mode is None)
    )
    return None if unsettled else True


def test_model_replies_lead_where_meant(scenario: Scenario) -> None:
    """On a first visit, the route the labels select moves on to ``expect_next``.

    A route that retries never counts: a model reply shows a way forward.
    """
    start = {name: variable.start for name, variable in scenario.variables.items()}
    for node_id, node in scenario.nodes.items():
        if not isinstance(node, PromptNode):
            continue
        for reply in node.model_replies:
            reachable: set[str] = set()
            for route in node.routes:
                verdict = _labels_match(route, reply.labels, start)
                if verdict is False:
                    continue
                if route.next is not None:
                    reachable.add(route.next)
                if verdict is True:
                    break
            assert reply.expect_next in reachable, (
                f"{scenario.id}:{node_id}: {reply.text[:40]!r} expected {reply.expect_next}, "
                f"routes could reach {sorted(reachable)}"
            )


def test_role_play_size(scenario: Scenario) -> None:
    if scenario.category != "scenario":
        return
    nodes = scenario.nodes.values()
    prompts = [n for n in nodes if isinstance(n, PromptNode)]
    endings = [n for n in nodes if isinstance(n, EndingNode)]
    assert len(scenario.nodes) >= 12
    assert len(prompts) >= 3
    assert len({e.outcome for e in endings}) >= 3


def test_drill_shape(scenario: Scenario) -> None:
    if scenario.category != "drill":
        return
    assert any(isinstance(n, PromptNode) for n in scenario.nodes.values())
    assert any(isinstance(n, EndingNode) for n in scenario.nodes.values())


def test_placeholders_declared_and_used(scenario: Scenario) -> None:
    used = {name for text in texts(scenario) for name in PLACEHOLDER_RE.findall(text)}
    assert used <= set(scenario.placeholders), used - set(scenario.placeholders)
    assert set(scenario.placeholders) <= used, set(scenario.placeholders) - used


def test_variables_used_are_declared(scenario: Scenario) -> None:
    declared = set(scenario.variables)
    for node in scenario.nodes.values():
        if not isinstance(node, PromptNode):
            continue
        for route in node.routes:
            assert set(route.effects) <= declared
            if route.when is not None:
                assert set(route.when.vars) <= declared
        for suggestion in node.suggestions:
            assert set(suggestion.effects) <= declared


def test_sensitive_content_is_noted(scenario: Scenario) -> None:
    touches = scenario.problem_area == "grief" or any(SENSITIVE.search(t) for t in texts(scenario))
    if touches:
        assert scenario.content_notes, f"{scenario.id} touches death, illness or loss"


def test_coach_nodes_name_a_technique(scenario: Scenario) -> None:
    coaches = [n for n in scenario.nodes.values() if isinstance(n, CoachNode)]
    if scenario.category == "scenario":
        assert coaches
    for coach in coaches:
        assert coach.technique


def test_endings_have_real_debriefs(scenario: Scenario) -> None:
    for node in scenario.nodes.values():
        if isinstance(node, EndingNode):
            assert len(node.debrief.split()) >= 30, node.title


def _runs_back_to(scenario: Scenario, start: str, prompt_id: str) -> bool:
    """True when shown nodes from ``start`` lead straight back to ``prompt_id``."""
    node_id, seen = start, set()
    while node_id not in seen:
        seen.add(node_id)
        if node_id == prompt_id:
            return True
        node = scenario.nodes[node_id]
        if not isinstance(node, SayNode | NarrateNode | CoachNode):
            return False
        node_id = node.next
    return False


def test_suggestions_never_loop_back(scenario: Scenario) -> None:
    """A picked reply has a fixed target; one that returns to its prompt could loop forever."""
    for node_id, node in scenario.nodes.items():
        if isinstance(node, PromptNode):
            for suggestion in node.suggestions:
                assert not _runs_back_to(scenario, suggestion.next, node_id), (
                    f"{scenario.id}:{node_id}: suggestion {suggestion.id} loops back"
                )


AUTHORING_DOC = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def authoring_example() -> tuple[str, Scenario]:
    """The complete example in docs/authoring.md, so the guide cannot drift from the format."""
    doc = AUTHORING_DOC.read_text(encoding="utf-8")
    block = doc.split("<!-- example-start -->")[1].split("<!-- example-end -->")[0]
    text = block.strip().removeprefix("```yaml").removesuffix("```").strip()
    return text, Scenario.model_validate(YAML(typ="safe", pure=False).load(text))


def test_authoring_example_passes_the_library_checks() -> None:
    text, example = authoring_example()
    assert text.splitlines()[0] == SCHEMA_HEADER
    kinds = {type(node) for node in example.nodes.values()}
    assert kinds == {SayNode, NarrateNode, CoachNode, PromptNode, EndingNode}
    for check in (
        test_targets_exist,
        test_every_node_reachable,
        test_every_node_can_reach_an_ending,
        test_prompts_are_well_formed,
        test_model_replies_lead_where_meant,
        test_placeholders_declared_and_used,
        test_variables_used_are_declared,
        test_suggestions_never_loop_back,
        test_coach_nodes_name_a_technique,
    ):
        check(example)


def test_readme_lists_the_library() -> None:
    """scenarios/README.md names every scenario, and names nothing that isn't there."""
    readme = (SCENARIOS_DIR / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9_]+)`", readme, re.MULTILINE))
    assert listed == {path.stem for path in FILES}
    flagged = set(re.findall(r"^\| `([a-z0-9_]+)` ⚑", readme, re.MULTILINE))
    noted = {scenario.id for scenario in map(load, FILES) if scenario.content_notes}
    assert flagged == noted
