"""Shared set-up for the app's Pilot and snapshot tests.

Every test builds its own small library in ``tmp_path`` (the bundled
scenarios change under other people's hands), scores with a fixed stub and a
fixed seed, and runs with animations off and the cursor not blinking, so
runs and snapshots are deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ui_fixtures import TALK, make_library, stub_score

from ipt_trainer.ui.app import IPTTrainerApp

AppFactory = Callable[..., IPTTrainerApp]


@pytest.fixture(autouse=True)
def _deterministic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("IPT_TRAINER_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    """Build an app over the test scenarios, saving into ``tmp_path/data``.

    The welcome screen is off unless a test passes ``first_run=None`` (decide
    from the settings file in ``tmp_path/config``) or ``first_run=True``.
    """

    def build(*texts: str, **options: object) -> IPTTrainerApp:
        library = make_library(tmp_path / "scenarios", *(texts or (TALK,)))
        settings: dict[str, object] = {
            "library": library,
            "data_dir": tmp_path / "data",
            "scorer": stub_score,
            "seed": 7,
            "cursor_blink": False,
            "config_dir": tmp_path / "config",
            "first_run": False,
        }
        settings.update(options)
        return IPTTrainerApp(**settings)  # type: ignore[arg-type]

    return build
