"""Cleaning what people type, and filling ``{placeholders}`` in what they read.

Everything the learner types passes through here before the safety check,
the scorer or the transcript sees it, so those never meet control characters
or stray carriage returns. Text is only ever treated as literal: a
placeholder is replaced in one pass (a filled-in value that itself looks like
``{name}`` is not expanded again), and braces that are not a declared
placeholder stay exactly as written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from ipt_trainer.core.model import PLACEHOLDER_RE, Scenario

MAX_REPLY_CHARS = 2000
"""Longest reply accepted; long enough for a considered answer, short enough to score."""

MAX_PERSONAL_CHARS = 80
"""Longest personalisation value, matching the longest placeholder default."""

_KEEP = {"\n", "\t"}


class ReplyRejected(ValueError):
    """A typed reply that cannot be used; the message is safe to show the learner."""


class PersonalisationError(ValueError):
    """Personalisation that does not fit the scenario; the message names the problem."""


def clean_text(text: str) -> str:
    """Normalise line endings, drop control characters, trim surrounding space.

    Control characters (including escape sequences' ESC) could move a
    terminal's cursor or hide text in a saved transcript; tabs and newlines
    are kept because people use them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = (ch for ch in text if ch in _KEEP or unicodedata.category(ch) != "Cc")
    return "".join(kept).strip()


def clean_reply(text: str) -> str:
    """The reply as it will be scored, or ``ReplyRejected`` with a friendly reason."""
    cleaned = clean_text(text)
    if not cleaned:
        raise ReplyRejected("Type a reply first - even a few words is fine.")
    if len(cleaned) > MAX_REPLY_CHARS:
        raise ReplyRejected(
            f"That reply is {len(cleaned)} characters long; the limit is {MAX_REPLY_CHARS}. "
            "Try saying the most important part in fewer words."
        )
    return cleaned


def clean_personalisation(scenario: Scenario, values: Mapping[str, str] | None) -> dict[str, str]:
    """Only the declared placeholders, each cleaned to one short line.

    Empty values are dropped so the scenario's default shows instead of a gap.
    """
    if not values:
        return {}
    unknown = sorted(set(values) - set(scenario.placeholders))
    if unknown:
        known = ", ".join(sorted(scenario.placeholders)) or "none"
        raise PersonalisationError(
            f"scenario {scenario.id!r} has no placeholder {', '.join(map(repr, unknown))} "
            f"(it has: {known})"
        )
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        if not isinstance(value, str):
            raise PersonalisationError(f"the value for {key!r} must be text")
        one_line = " ".join(clean_text(value).split())
        if one_line:
            cleaned[key] = one_line[:MAX_PERSONAL_CHARS].rstrip()
    return cleaned


def placeholder_values(scenario: Scenario, personalisation: Mapping[str, str]) -> dict[str, str]:
    """Every declared placeholder's value: the learner's if given, else the default."""
    return {
        key: personalisation.get(key, placeholder.default)
        for key, placeholder in scenario.placeholders.items()
    }


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace known ``{name}`` placeholders in one pass; leave anything else as written."""
    return PLACEHOLDER_RE.sub(lambda match: values.get(match.group(1), match.group(0)), text)
