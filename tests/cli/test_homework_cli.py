"""``ipt-trainer homework``: new, add, list, done/drop, end to end through ``main``."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipt_trainer import paths
from ipt_trainer.cli.main import main

FIXTURE = Path(__file__).with_name("play_fixture.yaml")


@pytest.fixture(scope="module")
def _shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("library-cache")


@pytest.fixture(autouse=True)
def _data_dir(
    tmp_path: Path, _shared_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    # one validation cache for the module: every test would otherwise re-lint the library
    monkeypatch.setattr("ipt_trainer.core.library.default_cache_dir", lambda: _shared_cache)
    paths.set_data_dir(tmp_path / "data")
    yield
    paths.set_data_dir(None)


def inline_homework(folder: Path, due: str = "2030-01-01", target: int = 10) -> Path:
    scenario = FIXTURE.read_text(encoding="utf-8").replace("id: tiny_talk", "id: hw_talk")
    item = "\n".join(
        ("  - " if i == 0 else "    ") + line if line else ""
        for i, line in enumerate(scenario.splitlines())
    )
    text = (
        "id: week-2\nfor: Client A\nfrom: Therapist B\nassignments:\n"
        f"  - scenario: hw_talk\n    due: {due}\n    targets: {{assertiveness: {target}}}\n"
        "    personalisation: {friend: Robin}\n"
        f"scenarios:\n{item}\n"
    )
    path = folder / "homework.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def listed(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["homework", "list", "--json"]) == 0
    found: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return found


def test_new_writes_a_template_that_add_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "hw.yaml"
    assert main(["homework", "new", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Homework for IPT Trainer")
    assert main(["homework", "new", str(target)]) == 1  # never clobbers
    assert "exists" in capsys.readouterr().err
    assert main(["homework", "add", str(target)]) == 0
    assert "added   Ask for a fairer split" in capsys.readouterr().out
    assert [a["state"] for a in listed(capsys)] == ["not started", "not started"]


def test_new_without_a_path_prints_the_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["homework", "new"]) == 0
    assert "for: Client A" in capsys.readouterr().out


def test_add_twice_does_not_duplicate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = inline_homework(tmp_path)
    assert main(["homework", "add", str(path)]) == 0
    assert main(["homework", "add", str(path)]) == 0
    out = capsys.readouterr().out
    assert "already Practise" not in out and "already A tiny talk (hw_talk)" in out
    assert len(listed(capsys)) == 1
    copy = tmp_path / "data" / "scenarios" / "hw_talk.yaml"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_traversal_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(
        "id: ../../evil\nfor: A\nassignments:\n  - scenario: ../../etc/passwd\n"
        "  - scenario: a/b\nscenarios:\n  - ../../../tmp/x.yaml\n",
        encoding="utf-8",
    )
    before = sorted(tmp_path.rglob("*"))
    assert main(["homework", "add", str(path)]) == 1
    out = capsys.readouterr().out
    assert "id: '../../evil' is not a valid id" in out
    assert "assignments[0].scenario: '../../etc/passwd' goes up a folder with '..'" in out
    assert "assignments[1].scenario: 'a/b' is neither a scenario id" in out
    assert "nothing was added" in out
    new = set(tmp_path.rglob("*")) - set(before)
    cache = tmp_path / "data" / "cache"  # the library's validation cache, nothing else
    assert all(p == tmp_path / "data" or p.is_relative_to(cache) for p in new), new
    assert not (tmp_path / "data" / "scenarios").exists()
    assert not (tmp_path / "data" / "progress.sqlite3").exists()


def test_problems_use_the_validate_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("hw.yaml").write_text("for: A\nassignments:\n  - scenario: housework_tall\n")
    assert main(["homework", "add", "hw.yaml"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "hw.yaml:3:5: assignments[0].scenario: no scenario with id 'housework_tall'; "
        "did you mean 'housework_tally'? [IPT015]"
    )


def test_status_follows_play(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = inline_homework(tmp_path)
    assert main(["homework", "add", str(path)]) == 0
    installed = tmp_path / "data" / "scenarios" / "hw_talk.yaml"
    half = tmp_path / "half.txt"
    half.write_text("#1\n", encoding="utf-8")
    assert main(["play", str(installed), "--script", str(half)]) == 0
    (status,) = listed(capsys)
    assert status["state"] == "in progress" and status["sessions"] == 1
    whole = tmp_path / "whole.txt"
    whole.write_text("#1\nI would like us to take turns, please.\n", encoding="utf-8")
    assert main(["play", str(installed), "--script", str(whole)]) == 0
    (status,) = listed(capsys)
    assert status["state"] == "done" and status["finished"] == 1
    assert status["targets"] == {"assertiveness": 10}
    assert isinstance(status["best"], dict) and "assertiveness" in status["best"]
    assert main(["homework", "list"]) == 0
    assert "[done] A tiny talk" in capsys.readouterr().out


def test_overdue_when_the_date_has_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["homework", "add", str(inline_homework(tmp_path, due="2020-01-01"))]) == 0
    assert [a["state"] for a in listed(capsys)] == ["overdue"]


def test_done_and_drop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["homework", "add", str(inline_homework(tmp_path))]) == 0
    (status,) = listed(capsys)
    assert main(["homework", "done", str(status["id"])[:6]]) == 0
    assert [a["state"] for a in listed(capsys)] == ["done"]
    assert main(["homework", "drop", str(status["id"])]) == 0
    assert listed(capsys) == []
    assert main(["homework", "list", "--all"]) == 0
    assert "[dropped]" in capsys.readouterr().out
    assert main(["homework", "done", "zzz"]) == 1
    assert "matches no assignment" in capsys.readouterr().err


def test_list_with_no_data_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["homework", "list"]) == 0
    assert "No homework yet" in capsys.readouterr().out
    assert main(["homework"]) == 0
    assert not (tmp_path / "data").exists()


def test_a_missing_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["homework", "add", str(tmp_path / "nope.yaml")]) == 1
    out = capsys.readouterr().out
    assert "nope.yaml:1:1: the file does not exist [IPT033]" in out


def test_installed_homework_scenario_plays_by_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A custom scenario from homework is in the library, so `play ID` finds it."""
    from ipt_trainer.core.library import load_library

    folder = paths.installed_scenarios_dir()
    folder.mkdir(parents=True)
    fixture = Path(__file__).with_name("play_fixture.yaml")
    (folder / "tiny_talk.yaml").write_text(fixture.read_text("utf-8"), encoding="utf-8")
    assert "tiny_talk" in load_library().scenarios
    assert "tiny_talk" not in load_library(include_installed=False).scenarios
    script = tmp_path / "s.txt"
    script.write_text("#1\n", encoding="utf-8")
    assert main(["play", "tiny_talk", "--script", str(script), "--no-save"]) == 0
    assert "The sink is full again" in capsys.readouterr().out
