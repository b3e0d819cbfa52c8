"""What the app does before its first paint stays light, and the deferred styles arrive.

The settings (``ui/settings.py``) and the library index are plain checked
dataclasses rather than pydantic models because the app reads them before
its first paint, where importing pydantic would cost more than the whole
start-up target allows (docs/performance.md, "App"). This guards that
choice: building the app and its first screen's list never imports pydantic,
the scenario model, the scorer, the store or the YAML parser.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipt_trainer.ui import app as app_module
from ipt_trainer.ui.app import SCREENS_CSS, IPTTrainerApp
from ipt_trainer.ui.widgets.footer import KeyFooter

HEAVY = (
    "pydantic",
    "ruamel",
    "sqlite3",
    "ipt_trainer.core.model",
    "ipt_trainer.core.scoring",
    "ipt_trainer.store",
)


def _run(code: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IPT_TRAINER_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )


def test_building_the_app_and_its_list_keeps_heavy_modules_out(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(
        '{"first_run_done": true, "people": [{"name": "Sam"}]}', encoding="utf-8"
    )
    warm = "from ipt_trainer.core.library import load_library\nload_library()\n"
    assert _run(warm, data).returncode == 0  # writes the cache and its index
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ipt_trainer.ui.app import IPTTrainerApp\n"
        f"app = IPTTrainerApp(data_dir=Path({str(data)!r}), config_dir=Path({str(config)!r}))\n"
        "assert app.backend.index is not None, 'no index'\n"
        "assert app.settings.people[0].name == 'Sam', app.settings\n"
        "options, shown = app.library_screen._options('')\n"
        "assert shown == len(app.backend.index.entries) > 0, shown\n"
        f"heavy = {HEAVY!r}\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(heavy))\n"
        "assert not loaded, loaded\n"
    )
    done = _run(code, data)
    assert done.returncode == 0, done.stderr


async def test_the_first_screen_is_whole_and_other_screens_get_their_styles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "WARM_UP_DELAY", 60.0)  # nothing deferred runs on its own
    app = IPTTrainerApp(data_dir=tmp_path / "data", config_dir=tmp_path, first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.library_screen
        footer = screen.query_one(KeyFooter)
        keys = {key.description for key in footer.keys}
        assert {"Search", "Progress", "Homework", "Quit", "Help", "palette"} <= keys
        assert footer.drawn == len(footer.keys)
        sources = {path for path, _ in app.stylesheet.source}
        assert str(SCREENS_CSS) not in sources  # parsed only after the first paint
        await pilot.press("f1")  # another screen: its styles are parsed first
        await pilot.pause()
        assert str(SCREENS_CSS) in {path for path, _ in app.stylesheet.source}
