"""``locate`` and the data-dir seam: where things live, and nothing created by asking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipt_trainer import paths
from ipt_trainer.cli.main import main


@pytest.fixture(autouse=True)
def _reset_override() -> None:
    paths.set_data_dir(None)


def test_data_dir_option_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine"
    assert main(["--data-dir", str(target), "locate", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["data"] == str(target.resolve())
    assert found["config"] == str(target.resolve())
    assert not target.exists(), "locate must not create anything"


def test_env_var_sets_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "env"))
    assert main(["locate"]) == 0
    out = capsys.readouterr().out
    assert f"data:      {(tmp_path / 'env').resolve()}" in out
    assert "scenarios:" in out


def test_default_is_platform_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    assert paths.data_dir().name == "ipt-trainer"


def test_ensure_private_dir_is_owner_only(tmp_path: Path) -> None:
    made = paths.ensure_private_dir(tmp_path / "a" / "b")
    assert made.stat().st_mode & 0o777 == 0o700


def test_parents_it_creates_are_owner_only_and_existing_ones_untouched(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    paths.ensure_private_dir(tmp_path / "data" / "cache" / "scenarios")
    for folder in ("data", "data/cache", "data/cache/scenarios"):
        assert (tmp_path / folder).stat().st_mode & 0o777 == 0o700, folder
    assert tmp_path.stat().st_mode & 0o777 == 0o755


def test_bundled_scenarios_found_in_checkout() -> None:
    assert paths.bundled_scenarios_dir().is_dir()
