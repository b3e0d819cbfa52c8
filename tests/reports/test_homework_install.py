"""Installing homework: only ``<data>/scenarios/<id>.yaml`` is written, owner-only, once."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from report_records import indented, tiny_scenario

from ipt_trainer.core.library import load_library
from ipt_trainer.paths import installed_scenarios_dir
from ipt_trainer.reports.homework import check_homework
from ipt_trainer.reports.install import InstallError, install_plan, safe_scenario_path
from ipt_trainer.store import SqliteStore


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def homework_text(due: str = "2026-04-01", homework_id: str = "week-1") -> str:
    return (
        f"id: {homework_id}\nfor: Client A\nassignments:\n"
        f"  - scenario: inline_talk\n    due: {due}\n    targets: {{assertiveness: 50}}\n"
        "  - scenario: drill_saying_no\n"
        "scenarios:\n" + indented(tiny_scenario("inline_talk", "Inline talk"), "  ")
    )


@pytest.fixture(autouse=True)
def _cache(library_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ipt_trainer.core.library.default_cache_dir", lambda: library_cache)


def add(path: Path) -> tuple[object, SqliteStore]:
    folder = installed_scenarios_dir()
    plan = check_homework(path, load_library([folder]), folder)
    store = SqliteStore()
    return install_plan(plan, store, folder), store


def test_install_writes_only_the_scenario_copy_owner_only(tmp_path: Path, data_dir: Path) -> None:
    source = tmp_path / "mail"
    source.mkdir()
    path = source / "homework.yaml"
    path.write_text(homework_text(), encoding="utf-8")
    before = files_under(tmp_path)
    result, store = add(path)
    store.close()
    new = files_under(tmp_path) - before
    assert all(p.is_relative_to(data_dir) for p in new), new
    copy = data_dir / "scenarios" / "inline_talk.yaml"
    assert copy in new
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / "scenarios").stat().st_mode) == 0o700
    assert [p.name for p in result.written] == ["inline_talk.yaml"]  # type: ignore[attr-defined]
    assert not [p for p in (data_dir / "scenarios").iterdir() if p.name.startswith(".")]
    # the library now finds the installed scenario
    library = load_library()
    assert library.scenarios["inline_talk"].scenario.title == "Inline talk"


def test_adding_the_same_file_twice_records_nothing_new(tmp_path: Path) -> None:
    path = tmp_path / "homework.yaml"
    path.write_text(homework_text(), encoding="utf-8")
    first, store = add(path)
    store.close()
    second, store = add(path)
    with store:
        assert len(store.homework()) == 2
    assert len(first.added) == 2 and not first.kept  # type: ignore[attr-defined]
    assert not second.added and len(second.kept) == 2  # type: ignore[attr-defined]
    assert not second.written and len(second.unchanged_files) == 1  # type: ignore[attr-defined]


def test_a_changed_file_with_the_same_id_replaces_its_assignments(tmp_path: Path) -> None:
    path = tmp_path / "homework.yaml"
    path.write_text(homework_text(due="2026-04-01"), encoding="utf-8")
    add(path)[1].close()
    path.write_text(homework_text(due="2026-05-01"), encoding="utf-8")
    result, store = add(path)
    with store:
        records = store.homework()
    assert len(result.added) == 1 and len(result.kept) == 1  # type: ignore[attr-defined]
    assert len(result.dropped) == 1  # type: ignore[attr-defined]
    live = [r for r in records if r.status != "dropped"]
    assert sorted(str(r.due) for r in live) == ["2026-05-01", "None"]
    assert len(records) == 3  # the old one is kept, marked dropped


@pytest.mark.parametrize("bad", ["../x", "a/b", "..", "", "X", "a" * 65, "/etc/passwd"])
def test_safe_scenario_path_refuses_anything_but_an_id(tmp_path: Path, bad: str) -> None:
    with pytest.raises(InstallError):
        safe_scenario_path(tmp_path, bad)


def test_safe_scenario_path_is_directly_in_the_folder(tmp_path: Path) -> None:
    assert safe_scenario_path(tmp_path, "my-talk_2") == tmp_path / "my-talk_2.yaml"


def test_refused_homework_writes_nothing(tmp_path: Path, data_dir: Path) -> None:
    from ipt_trainer.reports.homework import HomeworkError

    path = tmp_path / "homework.yaml"
    path.write_text("for: A\nassignments:\n  - scenario: ../../etc/passwd\n", encoding="utf-8")
    before = files_under(tmp_path)
    with pytest.raises(HomeworkError):
        check_homework(path, load_library(), installed_scenarios_dir())
    assert files_under(tmp_path) == before
    assert not data_dir.exists()


def test_umask_does_not_loosen_the_copy(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "homework.yaml"
    path.write_text(homework_text(), encoding="utf-8")
    old = os.umask(0)
    try:
        add(path)[1].close()
    finally:
        os.umask(old)
    copy = data_dir / "scenarios" / "inline_talk.yaml"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
