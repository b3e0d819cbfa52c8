"""The app's own preferences: first run seen, name, focus, important people, theme.

Kept as a small JSON file in ``paths.config_dir()``, readable by the owner
only (it may hold the names of people close to the learner). A missing or
unreadable file means defaults: preferences are never worth a crash, and the
worst case is seeing the welcome screen again. Unknown keys are ignored so a
file written by a newer version still loads.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ipt_trainer.paths import config_dir, ensure_private_dir

SETTINGS_FILE: Final = "settings.json"
MAX_PEOPLE: Final = 6
"""Rows offered in the interpersonal inventory."""


class Person(BaseModel):
    """Someone important to the learner (the IPT interpersonal inventory)."""

    model_config = ConfigDict(frozen=True, extra="ignore", use_attribute_docstrings=True)

    name: str = Field(min_length=1, max_length=40)
    """What the learner calls them; offered as a name in role-play set-up."""
    relationship: str = Field(default="", max_length=40)
    """Partner, mother, friend, manager..."""


class Settings(BaseModel):
    """Everything the app remembers between runs (not progress: that is in the store)."""

    model_config = ConfigDict(frozen=True, extra="ignore", use_attribute_docstrings=True)

    first_run_done: bool = False
    """True once the welcome screen has been seen and closed."""
    display_name: str = Field(default="", max_length=40)
    """An optional name to greet the learner with."""
    focus_area: str | None = None
    """The IPT problem area listed first in the library (None: the usual order)."""
    people: tuple[Person, ...] = Field(default=(), max_length=MAX_PEOPLE)
    """The interpersonal inventory: important people, offered as names at set-up."""
    theme: str = "textual-dark"
    """The Textual theme last chosen."""


def settings_path(folder: Path | None = None) -> Path:
    """Where the settings live (``folder`` or the user's config folder)."""
    return (folder if folder is not None else config_dir()) / SETTINGS_FILE


def load_settings(path: Path) -> Settings:
    """The saved settings, or defaults when there are none or they cannot be read."""
    try:
        return Settings.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` owner-only, atomically (a crash leaves the old file whole)."""
    ensure_private_dir(path.parent)
    temporary = path.with_suffix(".tmp")
    data = json.dumps(settings.model_dump(mode="json"), indent=2, ensure_ascii=False)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(data + "\n")
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
