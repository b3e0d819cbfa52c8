"""Crisis resources by country, and the plain-text crisis card.

The card is what a person sees when the crisis check fires (in the app and
in ``play --script``), so its wording is fixed here, in one place, and kept
calm: no alarm words, no judgement, the person's own contacts first, and a
clear way back to the role-play when they are ready. Numbers live in
``safety_data/crisis_resources.yaml`` so they can be checked and updated
without touching code. Nothing here opens links or uses the network.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

RESOURCES_FILE = Path(__file__).resolve().parent / "safety_data" / "crisis_resources.yaml"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Checked in this order, as the C library does."""

CARD_OPENING = (
    "It sounds like things might be really hard right now.\n"
    "You don't have to go through this alone."
)
CARD_PAUSED = "The role-play is paused. What you just wrote has not been scored."
CARD_CLOSING = (
    "IPT Trainer is a practice tool: it is not therapy, not a crisis service and not a person.\n"
    "When you are ready, you can go back to the role-play, or stop here for today."
)


class ResourcesError(ValueError):
    """The resources file is missing or malformed (a packaging bug, never user input)."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Helpline(_Strict):
    """One service a person can contact."""

    name: str
    """The service's name, e.g. 'Samaritans'."""
    contact: str
    """How to reach it, in words: 'call or text 988'."""
    hours: str = ""
    """When and at what cost: 'free, 24/7'."""


class CountryResources(_Strict):
    """What to show for one country."""

    name: str
    """The country's name in English."""
    aliases: list[str] = []
    """Other codes people use for it (UK for GB)."""
    emergency_number: str
    """The local emergency number."""
    lines: list[Helpline] = Field(min_length=1)
    """Helplines, most general first."""


class Directory(_Strict):
    """An international directory of helplines, shown as text."""

    name: str
    detail: str


class CrisisResources(_Strict):
    """The whole resources file."""

    version: int
    checked: str
    """When the numbers were last checked against the services' own sites."""
    emergency: str
    """The line shown on every card about immediate danger (no final full stop)."""
    directory: Directory
    countries: dict[str, CountryResources]

    def lookup(self, code: str | None) -> tuple[str, CountryResources] | None:
        """The country for an ISO code or alias (any case), or None when unknown."""
        if not code:
            return None
        wanted = code.strip().upper()
        for key, country in self.countries.items():
            if wanted == key.upper() or wanted in (a.upper() for a in country.aliases):
                return key, country
        return None


@cache
def load_resources(path: Path = RESOURCES_FILE) -> CrisisResources:
    """The crisis resources, validated; raises ``ResourcesError`` naming the problem."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        raw = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        return CrisisResources.model_validate(raw)
    except (OSError, YAMLError) as exc:
        raise ResourcesError(f"{path.name}: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ResourcesError(f"{path.name}: {problems}") from exc


def country_from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The country code in the user's locale (``en_GB.UTF-8`` -> ``GB``), if any."""
    env = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = env.get(variable, "")
        if not value:
            continue
        language = value.split(".", 1)[0].split("@", 1)[0]
        if "_" in language:
            region = language.split("_", 1)[1]
            return region.upper() if region.isalpha() and len(region) == 2 else None
        return None
    return None


def default_country(
    setting: str | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """The country to show: the user's setting if they made one, else the locale's."""
    return setting.strip().upper() if setting and setting.strip() else country_from_locale(environ)


def _helpline_line(line: Helpline) -> str:
    hours = f" ({line.hours})" if line.hours else ""
    return f"  - {line.name}: {line.contact}{hours}"


FALLBACK_CARD = """\
It sounds like things might be really hard right now. You don't have to go through this alone.

If you are in immediate danger, call your local emergency number now.
  - US: call or text 988 (Suicide & Crisis Lifeline).
  - UK & Ireland: call Samaritans free on 116 123, any time.
  - Elsewhere: findahelpline.com lists free, confidential helplines.

The role-play is paused. Come back to it only when you feel ready.
"""
"""Shown if the resources file cannot be read: the card is never missing."""


def crisis_card_text(
    country: str | None = None,
    own_contacts: Sequence[str] = (),
    *,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The calm, plain-text crisis card.

    ``country`` is an ISO code or alias; None means the locale's country;
    an unknown country shows the international directory instead of
    guessing. ``own_contacts`` are lines the person wrote themselves
    ("Sam (sister) 07700 900123"), shown first because a known voice
    is often the easiest call to make.
    """
    try:
        resources = load_resources()
    except ResourcesError:
        return FALLBACK_CARD
    code = country if country else country_from_locale(environ)
    found = resources.lookup(code)
    parts = [CARD_OPENING, CARD_PAUSED]
    contacts = [c.strip() for c in own_contacts if c and c.strip()]
    if contacts:
        parts.append("People you chose to contact:\n" + "\n".join(f"  - {c}" for c in contacts))
    if found is not None:
        _, place = found
        lines = "\n".join(_helpline_line(line) for line in place.lines)
        parts.append(f"You can talk to someone now ({place.name}):\n{lines}")
        parts.append(f"{resources.emergency} ({place.name}: {place.emergency_number}).")
        parts.append(f"Elsewhere: {resources.directory.detail}")
    else:
        listed = "\n".join(
            f"  - {place.name}: " + "; ".join(f"{h.name}, {h.contact}" for h in place.lines)
            for place in resources.countries.values()
        )
        parts.append(
            f"You can talk to someone now:\n  - {resources.directory.name}: "
            f"{resources.directory.detail}\n{listed}"
        )
        parts.append(f"{resources.emergency}.")
    parts.append(CARD_CLOSING)
    return "\n\n".join(parts) + "\n"
