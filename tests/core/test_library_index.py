"""The library: discovery, ids, the content-hash cache and its failure modes."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ipt_trainer.core import library as library_module
from ipt_trainer.core.diagnostics import ScenarioError
from ipt_trainer.core.library import (
    ScenarioNotFound,
    find_scenario_files,
    load_library,
)
from ipt_trainer.core.starter import starter_text

BASE = starter_text()


def write(folder: Path, name: str, scenario_id: str, text: str = BASE) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("id: my-first-scenario", f"id: {scenario_id}"), encoding="utf-8")
    return path


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    folder = tmp_path / "shelf"
    write(folder, "b.yaml", "beta")
    write(folder, "sub/a.yml", "alpha")
    write(folder, ".hidden/c.yaml", "hidden")
    write(folder, "notes.txt", "ignored")
    return folder


def test_finds_yaml_recursively_skipping_hidden(shelf: Path) -> None:
    names = [p.relative_to(shelf).as_posix() for p in find_scenario_files([shelf])]
    assert names == ["b.yaml", "sub/a.yml"]


def test_loads_sorted_by_id(shelf: Path, tmp_path: Path) -> None:
    library = load_library([shelf], tmp_path / "cache", include_bundled=False)
    assert list(library.scenarios) == ["alpha", "beta"]
    assert library.problems == ()
    assert library.get("alpha").scenario.id == "alpha"


def test_unknown_id_suggests(shelf: Path) -> None:
    library = load_library([shelf], include_bundled=False, use_cache=False)
    with pytest.raises(ScenarioNotFound, match="did you mean 'alpha'"):
        library.get("alpah")


def test_get_by_path_indexed_or_not(shelf: Path, tmp_path: Path) -> None:
    library = load_library([shelf], include_bundled=False, use_cache=False)
    assert library.get(shelf / "b.yaml").scenario.id == "beta"
    outside = write(tmp_path / "elsewhere", "x.yaml", "outside")
    assert library.get(str(outside)).scenario.id == "outside"
    with pytest.raises(ScenarioNotFound):
        library.get(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [", encoding="utf-8")
    with pytest.raises(ScenarioError):
        library.get(broken)


def test_broken_files_are_left_out_with_their_problems(shelf: Path) -> None:
    (shelf / "bad.yaml").write_text("id: bad\nversion: x\n", encoding="utf-8")
    text = BASE.replace("start: scene", "start: scen")
    assert text != BASE
    write(shelf, "lint.yaml", "lint-error", text)
    library = load_library([shelf], include_bundled=False, use_cache=False)
    assert list(library.scenarios) == ["alpha", "beta"]
    codes = {p.code for p in library.problems}
    assert {"IPT012", "IPT014", "IPT015"} <= codes


def test_duplicate_ids_first_wins(shelf: Path) -> None:
    write(shelf, "z/again.yaml", "alpha")
    library = load_library([shelf], include_bundled=False, use_cache=False)
    [problem] = library.problems
    assert problem.code == "IPT029"
    assert problem.file.endswith("again.yaml")
    assert library.get("alpha").source.endswith("a.yml")


def test_warm_cache_gives_the_same_library(shelf: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = load_library([shelf], cache, include_bundled=False)
    entries = sorted(cache.glob("*.json"))
    assert len(entries) == 2
    warm = load_library([shelf], cache, include_bundled=False)
    for key in cold.scenarios:
        assert warm.scenarios[key].scenario == cold.scenarios[key].scenario
        assert warm.scenarios[key].positions == cold.scenarios[key].positions
        assert warm.scenarios[key].content_hash == cold.scenarios[key].content_hash


def test_warm_path_does_not_parse_yaml(
    shelf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_library([shelf], cache, include_bundled=False)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr("ipt_trainer.core.loading.load_bytes", refuse)
    assert len(load_library([shelf], cache, include_bundled=False).scenarios) == 2


def test_cached_problems_are_kept(shelf: Path, tmp_path: Path) -> None:
    text = BASE.replace("variables:", "variables:\n  spare: {start: 1}")
    write(shelf, "warn.yaml", "warned", text)
    cache = tmp_path / "cache"
    cold = load_library([shelf], cache, include_bundled=False)
    warm = load_library([shelf], cache, include_bundled=False)
    assert [p.code for p in cold.problems] == ["IPT021"]
    assert warm.problems == cold.problems
    assert "warned" in warm.scenarios


def test_editing_a_file_misses_the_cache(shelf: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_library([shelf], cache, include_bundled=False)
    write(shelf, "b.yaml", "beta", BASE.replace("title: Asking for help at home", "title: Changed"))
    library = load_library([shelf], cache, include_bundled=False)
    assert library.get("beta").scenario.title == "Changed"


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not json",
        b"[]",
        b'{"format": 2}',
        b'{"format": 2, "problems": []}\n{}\n[]\n',
        b'{"format": 2, "problems": [{"code": "nope"}]}\n{}\n[]\n',
        b"[]\n{}\n[]\n",
        b"\xff\xfe\n\n",
        b'{"format": 99}\n{}\n[]\n',
    ],
)
def test_corrupt_cache_entries_are_ignored(shelf: Path, tmp_path: Path, garbage: bytes) -> None:
    cache = tmp_path / "cache"
    load_library([shelf], cache, include_bundled=False)
    for entry in cache.glob("*.json"):
        entry.write_bytes(garbage)
    library = load_library([shelf], cache, include_bundled=False)
    assert list(library.scenarios) == ["alpha", "beta"]
    assert library.problems == ()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_cache_dir_is_owner_only(shelf: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "scenarios"
    load_library([shelf], cache, include_bundled=False)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    for entry in cache.glob("*.json"):
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600
        assert json.loads(entry.read_text("utf-8").splitlines()[0])["format"] == 2


def test_unwritable_cache_only_costs_speed(shelf: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    library = load_library([shelf], blocker / "cache", include_bundled=False)
    assert len(library.scenarios) == 2


def test_default_cache_lives_in_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("IPT_TRAINER_DATA_DIR", str(tmp_path / "data"))
    assert library_module.default_cache_dir().is_relative_to(tmp_path / "data")


def test_the_bundled_library_loads_without_errors(tmp_path: Path) -> None:
    """The one test that reads the bundled content, whatever it is at the time."""
    library = load_library(cache_dir=tmp_path / "cache")
    assert [p.format() for p in library.problems if p.severity == "error"] == []
    files = find_scenario_files([library_module.paths.bundled_scenarios_dir()])
    assert len(library.scenarios) == len(files)


def test_damaged_positions_in_a_cache_entry_fall_back(shelf: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_library([shelf], cache, include_bundled=False)
    for entry in cache.glob("*.json"):
        header, scenario, _positions = entry.read_bytes().split(b"\n", 2)
        entry.write_bytes(header + b"\n" + scenario + b"\n[[1, 2\n")
    loaded = load_library([shelf], cache, include_bundled=False).get("alpha")
    assert loaded.positions.at(("nodes", "ask")) == (1, 1)


def test_positions_survive_the_cache_lazily(shelf: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = load_library([shelf], cache, include_bundled=False).get("beta")
    warm = load_library([shelf], cache, include_bundled=False).get("beta")
    loc = ("nodes", "ask", "routes", 1, "next")
    assert warm.positions.at(loc) == cold.positions.at(loc) != (1, 1)
    assert warm.problem("IPT025", loc, "x").line == cold.positions.at(loc)[0]


# the index: the library list without pydantic -----------------------------------------


def test_the_index_lists_what_the_library_holds(shelf: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert library_module.read_index([shelf], cache, include_bundled=False) is None  # cold
    library = load_library([shelf], cache, include_bundled=False)
    index = library_module.read_index([shelf], cache, include_bundled=False)
    assert index == library_module.index_of(library)
    assert [entry.id for entry in index.entries] == ["alpha", "beta"]
    assert index.skipped == 0
    entry = index.entries[0]
    assert entry.title == library.get("alpha").scenario.title
    assert entry.skills == tuple(library.get("alpha").scenario.learning_goals)
    assert len(list(cache.glob("*.json"))) == 2  # the index is kept apart from the entries


def test_the_index_counts_left_out_files(shelf: Path, tmp_path: Path) -> None:
    (shelf / "bad.yaml").write_text("id: bad\nversion: x\n", encoding="utf-8")
    cache = tmp_path / "cache"
    load_library([shelf], cache, include_bundled=False)
    index = library_module.read_index([shelf], cache, include_bundled=False)
    assert index is not None and index.skipped == 1
    assert [entry.id for entry in index.entries] == ["alpha", "beta"]


def test_placeholders_in_the_index_show_their_defaults(shelf: Path, tmp_path: Path) -> None:
    library = load_library([shelf], tmp_path / "cache", include_bundled=False)
    scenario = library.get("alpha").scenario
    assert "{partner_name}" in scenario.other_person.name
    entry = library_module.index_of(library).entries[0]
    assert "{" not in entry.person and "{" not in entry.summary
    assert entry.person == scenario.placeholders["partner_name"].default


@pytest.mark.parametrize("change", ["edit", "add", "remove", "code"])
def test_any_change_makes_the_index_stale(
    shelf: Path, tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_library([shelf], cache, include_bundled=False)
    if change == "edit":
        write(shelf, "b.yaml", "beta", BASE.replace("title: Asking for help at home", "title: X"))
    elif change == "add":
        write(shelf, "c.yaml", "gamma")
    elif change == "remove":
        (shelf / "b.yaml").unlink()
    else:
        library_module._fingerprint.cache_clear()
        monkeypatch.setattr(library_module, "CACHE_FORMAT", 99)
    try:
        assert library_module.read_index([shelf], cache, include_bundled=False) is None
        library = load_library([shelf], cache, include_bundled=False)  # writes a fresh one
        index = library_module.read_index([shelf], cache, include_bundled=False)
        assert index == library_module.index_of(library)
    finally:
        library_module._fingerprint.cache_clear()


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not json",
        b"[]",
        b'{"format": 1}',
        b'{"format": 1, "sources": [], "entries": [], "skipped": 0}',
        b"\xff\xfe",
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_a_damaged_index_is_ignored(shelf: Path, tmp_path: Path, garbage: bytes) -> None:
    cache = tmp_path / "cache"
    load_library([shelf], cache, include_bundled=False)
    [index_file] = (cache / library_module.INDEX_FOLDER).glob("*.json")
    index_file.write_bytes(garbage)
    assert library_module.read_index([shelf], cache, include_bundled=False) is None
    load_library([shelf], cache, include_bundled=False)  # and the full load mends it
    assert library_module.read_index([shelf], cache, include_bundled=False) is not None


def test_damaged_entries_in_the_index_are_refused(shelf: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_library([shelf], cache, include_bundled=False)
    [index_file] = (cache / library_module.INDEX_FOLDER).glob("*.json")
    good = json.loads(index_file.read_text("utf-8"))
    for damage in (
        {"difficulty": "2"},
        {"skills": "assertiveness"},
        {"title": None},
        {"surprise": 1},
        {"problem_area": 3},
    ):
        document = {**good, "entries": [{**good["entries"][0], **damage}, *good["entries"][1:]]}
        index_file.write_text(json.dumps(document), encoding="utf-8")
        assert library_module.read_index([shelf], cache, include_bundled=False) is None, damage


def test_each_set_of_folders_has_its_own_index(shelf: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    other = tmp_path / "other"
    write(other, "o.yaml", "other")
    load_library([shelf], cache, include_bundled=False)
    load_library([shelf, other], cache, include_bundled=False)
    short = library_module.read_index([shelf], cache, include_bundled=False)
    long = library_module.read_index([shelf, other], cache, include_bundled=False)
    assert short is not None and long is not None
    assert len(short.entries) == 2 and len(long.entries) == 3


def test_reading_the_index_imports_neither_pydantic_nor_the_model(
    shelf: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    load_library([shelf], cache, include_bundled=False)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ipt_trainer.core.library import read_index\n"
        f"index = read_index([Path({str(shelf)!r})], Path({str(cache)!r}), include_bundled=False)\n"
        "assert index is not None and len(index.entries) == 2, index\n"
        "heavy = ('pydantic', 'ipt_trainer.core.model')\n"
        "loaded = [m for m in sys.modules if m.startswith(heavy)]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
