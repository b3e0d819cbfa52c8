"""The app's own preferences: first run seen, name, focus, important people, theme.

Kept as a small JSON file in ``paths.config_dir()``, readable by the owner
only (it may hold the names of people close to the learner). A missing or
unreadable file means defaults: preferences are never worth a crash, and the
worst case is seeing the welcome screen again. Unknown keys are ignored so a
file written by a newer version still loads.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Final

from ipt_trainer.paths import config_dir, write_private_text

SETTINGS_FILE: Final = "settings.json"
MAX_PEOPLE: Final = 6
"""Rows offered in the interpersonal inventory."""
MAX_TEXT: Final = 40
"""Longest name, relationship or display name kept."""


def _text(value: object, field: str, *, required: bool = False) -> None:
    if not isinstance(value, str) or len(value) > MAX_TEXT or (required and not value):
        raise ValueError(f"{field}: text of 1 to {MAX_TEXT} characters expected")


@dataclass(frozen=True)
class Person:
    """Someone important to the learner (the IPT interpersonal inventory)."""

    name: str
    """What the learner calls them; offered as a name in role-play set-up."""
    relationship: str = ""
    """Partner, mother, friend, manager..."""

    def __post_init__(self) -> None:
        _text(self.name, "name", required=True)
        _text(self.relationship, "relationship")


@dataclass(frozen=True)
class Settings:
    """Everything the app remembers between runs (not progress: that is in the store).

    A plain dataclass, checked by hand: it is read before the first paint,
    and importing pydantic for it would add a third or more of a bare Textual
    app's start-up (measured: docs/performance.md, "App").
    """

    first_run_done: bool = False
    """True once the welcome screen has been seen and closed."""
    display_name: str = ""
    """An optional name to greet the learner with."""
    focus_area: str | None = None
    """The IPT problem area listed first in the library (None: the usual order)."""
    people: tuple[Person, ...] = ()
    """The interpersonal inventory: important people, offered as names at set-up."""
    theme: str = "textual-dark"
    """The Textual theme last chosen."""

    def __post_init__(self) -> None:
        if not isinstance(self.first_run_done, bool):
            raise ValueError("first_run_done: true or false expected")
        _text(self.display_name, "display_name")
        if not (self.focus_area is None or isinstance(self.focus_area, str)):
            raise ValueError("focus_area: text expected")
        if len(self.people) > MAX_PEOPLE or not all(isinstance(p, Person) for p in self.people):
            raise ValueError(f"people: at most {MAX_PEOPLE} expected")
        if not isinstance(self.theme, str):
            raise ValueError("theme: text expected")

    def updated(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (checked like any other)."""
        return replace(self, **changes)

    @classmethod
    def from_json(cls, raw: Any) -> Settings:
        """Settings from parsed JSON; unknown keys are ignored; ValueError when a value is off."""
        if not isinstance(raw, dict):
            raise ValueError("an object expected")
        known = {key: raw[key] for key in _FIELDS if key in raw}
        if "people" in known:
            people = known["people"]
            if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
                raise ValueError("people: a list expected")
            known["people"] = tuple(
                Person(**{k: v for k, v in p.items() if k in ("name", "relationship")})
                for p in people
            )
        return cls(**known)

    def to_json(self) -> dict[str, Any]:
        """The settings as JSON-ready data."""
        data = asdict(self)
        data["people"] = [asdict(person) for person in self.people]
        return data


_FIELDS: Final = ("first_run_done", "display_name", "focus_area", "people", "theme")


def settings_path(folder: Path | None = None) -> Path:
    """Where the settings live (``folder``, else the folder ``paths.config_dir`` names)."""
    return (folder if folder is not None else config_dir()) / SETTINGS_FILE


def load_settings(path: Path) -> Settings:
    """The saved settings, or defaults when there are none or they cannot be read."""
    try:
        return Settings.from_json(json.loads(path.read_bytes()))
    except (OSError, ValueError, TypeError):
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` owner-only, atomically (a crash leaves the old file whole)."""
    data = json.dumps(settings.to_json(), indent=2, ensure_ascii=False)
    write_private_text(path, data + "\n")
