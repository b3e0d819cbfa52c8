"""Display names for the scenario format's codes, in one place so every screen agrees."""

from __future__ import annotations

from typing import Final

PROBLEM_AREA_TITLES: Final[dict[str, str]] = {
    "role_dispute": "Role disputes",
    "role_transition": "Role transitions",
    "grief": "Grief",
    "interpersonal_deficits": "Interpersonal sensitivity",
}
"""IPT's four problem areas; 'deficits' is shown as 'sensitivity', the kinder current term."""

DRILLS_TITLE: Final = "Skill drills"

SKILL_TITLES: Final[dict[str, str]] = {
    "assertiveness": "Assertiveness",
    "active_listening": "Active listening",
    "conflict_resolution": "Conflict resolution",
}

SKILL_SHORT: Final[dict[str, str]] = {
    "assertiveness": "Assertive",
    "active_listening": "Listening",
    "conflict_resolution": "Conflict",
}
"""Short names for meters at 80 columns."""

OUTCOME_TITLES: Final[dict[str, str]] = {
    "repaired": "Repaired",
    "partial": "Partly repaired",
    "stalemate": "Stalemate",
    "escalated": "Escalated",
    "withdrew": "They withdrew",
    "practised": "Practised",
}

LISTENING_LEVELS: Final[dict[int, str]] = {
    0: "level 0: not yet heard",
    1: "level 1: minimal",
    2: "level 2: reflects or asks",
    3: "level 3: reflects and asks",
}

DIFFICULTY_TITLES: Final[dict[int, str]] = {1: "gentle", 2: "moderate", 3: "challenging"}

DISCLAIMER: Final = (
    "Practice only: not therapy, not a crisis service, and not a person. "
    "If you are in danger, call your local emergency number."
)


def style_title(code: str | None) -> str:
    """'passive_aggressive' -> 'passive-aggressive'; None -> 'none'."""
    return "none" if code is None else code.replace("_", "-")
