"""``ipt-trainer walk`` and ``ipt-trainer graph`` end to end, on files made in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ipt_trainer import paths
from ipt_trainer.cli.main import main


def scene(nodes: dict[str, Any], scenario_id: str = "cli-scene") -> dict[str, Any]:
    return {
        "id": scenario_id,
        "version": 1,
        "title": "CLI scene",
        "category": "drill",
        "summary": "Built for a CLI test.",
        "difficulty": 1,
        "minutes": 2,
        "learning_goals": ["assertiveness"],
        "other_person": {"name": "Sam", "relationship": "friend"},
        "start": next(iter(nodes)),
        "nodes": nodes,
    }


END = {"kind": "ending", "outcome": "practised", "title": "Done", "debrief": "Nice work."}
GOOD = scene(
    {
        "hello": {"kind": "say", "text": "Hi there.", "next": "ask"},
        "ask": {
            "kind": "prompt",
            "skills": ["assertiveness"],
            "suggestions": [{"id": "bye", "text": "Bye!", "next": "end"}],
            "routes": [{"otherwise": True, "next": "end"}],
        },
        "end": END,
    }
)
BROKEN = scene(
    {
        "ask": {
            "kind": "prompt",
            "skills": ["assertiveness"],
            "routes": [{"otherwise": True, "retry": True}],
        },
        "end": END,
    }
)


def write(tmp_path: Path, data: dict[str, Any], name: str = "scene.yaml") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")  # JSON is valid YAML
    return str(path)


def test_walk_reports_a_sound_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["walk", write(tmp_path, GOOD)]) == 0
    out = capsys.readouterr().out
    assert "walk: cli-scene" in out
    assert "end  [practised]  Done" in out
    assert "unreached nodes: none" in out and out.rstrip().endswith("OK")


def test_walk_exits_1_on_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["walk", write(tmp_path, BROKEN)]) == 1
    out = capsys.readouterr().out
    assert "unreached nodes: end" in out
    assert "loops that never reach an ending:\n  ask" in out
    assert "PROBLEMS FOUND" in out


def test_walk_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["walk", write(tmp_path, BROKEN), "--json", "--seed", "3"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert data["unreached"] == ["end"] and data["loops"] == [["ask"]]
    assert data["max_states"] == 20_000 and data["bound_hit"] is False


def test_walk_max_states(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["walk", write(tmp_path, GOOD), "--max-states", "1", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["bound_hit"] is True and data["states"] == 1


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_walk_rejects_a_bad_bound(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["walk", write(tmp_path, GOOD), "--max-states", value])
    assert stop.value.code == 2
    assert "--max-states" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graph_prints_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert main(["graph", write(tmp_path, GOOD), "--format", fmt]) == 0
    out = capsys.readouterr().out
    first = {"mermaid": "flowchart TD", "dot": 'digraph "cli-scene" {'}[fmt]
    assert out.splitlines()[0] == first
    assert "pick: bye" in out


def test_graph_defaults_to_mermaid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", write(tmp_path, GOOD)]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD\n")


def test_missing_file_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["walk", str(tmp_path / "nope.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ipt-trainer: error: ")
    assert "does not exist" in err and "Traceback" not in err


def test_invalid_scenario_lists_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = dict(GOOD, difficulty=9)
    assert main(["graph", write(tmp_path, bad)]) == 1
    err = capsys.readouterr().err
    assert "ipt-trainer: error:" in err and "difficulty" in err and "Traceback" not in err


def test_unknown_id_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "bundled_scenarios_dir", lambda: tmp_path)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    assert main(["walk", "no-such-scene"]) == 2
    assert "no scenario with id 'no-such-scene'" in capsys.readouterr().err


def test_a_library_id_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    write(library, scene(GOOD["nodes"], "lib-scene"), "some_file.yaml")
    monkeypatch.setattr(paths, "bundled_scenarios_dir", lambda: library)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    assert main(["walk", "lib-scene"]) == 0
    assert "walk: lib-scene" in capsys.readouterr().out
