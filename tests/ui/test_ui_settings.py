"""The settings file: defaults when missing or damaged, owner-only and round-tripping when saved."""

from __future__ import annotations

import stat
from pathlib import Path

from ipt_trainer.ui.settings import Person, Settings, load_settings, save_settings


def test_missing_or_damaged_settings_mean_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert load_settings(path) == Settings()
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text('{"people": [{"name": ""}]}', encoding="utf-8")
    assert load_settings(path) == Settings()


def test_saved_settings_round_trip_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    settings = Settings(
        first_run_done=True,
        display_name="Robin [b]",
        focus_area="grief",
        people=(Person(name="Alex", relationship="partner"),),
        theme="ipt-high-contrast",
    )
    save_settings(path, settings)
    assert load_settings(path) == settings
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.write_text('{"first_run_done": true, "from_a_newer_version": 1}', encoding="utf-8")
    assert load_settings(path).first_run_done
