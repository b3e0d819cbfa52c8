"""Crisis-language check (interface placeholder until the safety work lands)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CrisisCheck(BaseModel):
    """Whether a piece of text suggests a risk of suicide or self-harm."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    crisis: bool
    """True when the text suggests risk."""
    match: str | None = None
    """The phrase that triggered the check, as written."""
    category: str | None = None
    """What kind of risk the phrase suggests, e.g. 'passive wish', 'plan', 'self-harm'."""


def check_text(text: str) -> CrisisCheck:
    """Check ``text`` for crisis language."""
    return CrisisCheck(crisis=False)
