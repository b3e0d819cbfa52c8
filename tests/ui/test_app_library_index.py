"""A returning learner's start: the list comes from the cache's index, the full library after.

The app is built as ``ipt-trainer`` builds it (no library passed in), over
a bundled folder of test scenarios, so these tests walk the real start-up
path: index read before the first paint, full library loaded once the list
is shown (or at once, when a scenario is picked before that).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from helpers import settle
from textual.widgets import OptionList
from ui_fixtures import TALK, TRICKY, stub_score

from ipt_trainer import paths
from ipt_trainer.core.library import INDEX_FOLDER, load_library
from ipt_trainer.ui.app import IPTTrainerApp
from ipt_trainer.ui.screens.setup import SetupScreen
from ipt_trainer.ui.services import Backend


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bundled"
    folder.mkdir()
    (folder / "talk.yaml").write_text(TALK, encoding="utf-8")
    (folder / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    monkeypatch.setattr(paths, "bundled_scenarios_dir", lambda: folder)
    return folder


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The full library load waits for this event: the tests decide when it may finish."""
    release = threading.Event()
    original = Backend.load

    def load(self: Backend) -> object:
        assert release.wait(30), "the test never let the library load"
        return original(self)

    monkeypatch.setattr(Backend, "load", load)
    return release


def cache_of(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cache" / "scenarios"


def learner_app(tmp_path: Path) -> IPTTrainerApp:
    return IPTTrainerApp(
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        first_run=False,
        scorer=stub_score,
        seed=7,
        cursor_blink=False,
    )


def option_ids(app: IPTTrainerApp) -> list[str]:
    listing = app.library_screen.query_one("#scenarios", OptionList)
    options = (listing.get_option_at_index(i) for i in range(listing.option_count))
    return [option.id for option in options if option.id is not None]


async def test_the_list_is_drawn_from_the_index_then_the_library_follows(
    bundled: Path, tmp_path: Path, held: threading.Event
) -> None:
    load_library(cache_dir=cache_of(tmp_path))  # an earlier run left the cache warm
    app = learner_app(tmp_path)
    assert app.backend.index is not None
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert sorted(option_ids(app)) == ["talk", "tricky"]
        assert app.backend.library is None  # not needed to draw the list
        held.set()
        for _ in range(1000):  # generous: the machine may be busy
            if app.library_screen.library is not None:
                break
            await pilot.pause(0.01)
        assert app.library_screen.library is not None  # loaded behind the list
        assert sorted(option_ids(app)) == ["talk", "tricky"]


async def test_picking_before_the_library_is_loaded_opens_the_set_up(
    bundled: Path, tmp_path: Path, held: threading.Event
) -> None:
    load_library(cache_dir=cache_of(tmp_path))
    app = learner_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.library_screen.library is None
        await pilot.press("enter")  # at once: the full library is asked for and then used
        await pilot.pause()
        assert not isinstance(app.screen, SetupScreen)  # waiting for the library
        held.set()
        for _ in range(1000):  # generous: the machine may be busy
            if isinstance(app.screen, SetupScreen):
                break
            await pilot.pause(0.01)
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.loaded.scenario.id == "talk"
        await settle(pilot)


@pytest.mark.parametrize("damage", ["garbage", "missing", "stale"])
async def test_a_damaged_missing_or_stale_index_falls_back_to_the_files(
    bundled: Path, tmp_path: Path, damage: str
) -> None:
    load_library(cache_dir=cache_of(tmp_path))
    [index_file] = (cache_of(tmp_path) / INDEX_FOLDER).glob("*.json")
    if damage == "garbage":
        index_file.write_bytes(b"\x00{not json")
    elif damage == "missing":
        index_file.unlink()
    else:
        (bundled / "tricky.yaml").unlink()  # the index still lists it; it must not be shown
    app = learner_app(tmp_path)
    assert app.backend.index is None
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        expected = ["talk"] if damage == "stale" else ["talk", "tricky"]
        assert sorted(option_ids(app)) == expected
    assert learner_app(tmp_path).backend.index is not None  # rewritten by the full load
