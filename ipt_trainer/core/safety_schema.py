"""The shape of the crisis lexicon's data files, checked when they are loaded.

Kept apart from the compiler (``safety_patterns``) so each module stays one
idea; both the files and these models are documented in ``docs/safety.md``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CategoryData(_Strict):
    """One kind of risk and the phrases that signal it."""

    id: str
    label: str
    """Returned as ``CrisisCheck.category``: short, plain, non-judgemental."""
    description: str = ""
    subject: Literal["resolve", "resolve_inner", "self", "other"] = "resolve"
    """'resolve': whose risk is decided from the words around the match;
    'self': the phrases can only be about the writer ("better off without me");
    'resolve_inner': a person named inside the match decides first ("want my mum to die");
    'other': the phrases themselves are about someone else (a concern)."""
    requires_context: str | None = None
    """Only counts when the whole text also matches this context from scope.yaml
    ('death': talks about a death; 'farewell': says goodbye)."""
    context_reach: int | None = Field(default=None, ge=0)
    """With ``requires_context``: the context must stand in the matched sentence or
    within this many sentences either side, not just anywhere in the text. For phrases
    that only mean risk as the completion of the sentence next to them ("I won't need
    it" after "Cancel my dentist appointment")."""
    patterns: list[str] = Field(min_length=1)
    examples: list[str] = []
    """Texts that must be flagged (checked by the tests)."""
    near_misses: list[str] = []
    """Texts that must stay quiet (checked by the tests)."""


class LexiconData(_Strict):
    """``lexicon.yaml``: shared slots and the categories, in priority order."""

    version: int
    slots: dict[str, list[str]] = {}
    categories: list[CategoryData]


class IgnoreData(_Strict):
    """``ignore.yaml``: phrases that cancel an overlapping match (idioms, accidents, games)."""

    version: int
    slots: dict[str, list[str]] = {}
    groups: dict[str, list[str]]


FRAME_NAMES = frozenset(
    {"answer_openers", "contrast_vetoes", "counted_free", "counted_since", "denial_blockers",
     "denials", "departure_words", "escape_bounds", "escape_vetoes", "escape_words",
     "instructions", "mention_nouns", "need_words", "no_nouns", "ordinary_reasons", "possessives",
     "present_contrast", "questions", "reason_vetoes", "recovery_vetoes", "reporting_verbs",
     "safe_buts", "said_no", "sales", "screening", "screening_times", "speech_verbs",
     "trivial_targets", "writing_nouns"}
)  # fmt: skip
"""The frame lists ``safety`` and ``safety_frames`` read. A list left out switches its rule
off; a name not here would be read by nothing, so it is refused (most likely a typo)."""


class ScopeData(_Strict):
    """``scope.yaml``: the words the check reasons with around a match."""

    version: int
    negators: list[str]
    fillers: list[str]
    negation_blockers: list[str]
    negation_limiters: list[str] = []
    self_words: list[str]
    other_words: list[str]
    neutral_words: list[str]
    contexts: dict[str, list[str]]
    past_markers: list[str]
    recovery: list[str]
    misspellings: dict[str, list[str]]
    same_as: dict[str, list[str]] = {}
    """Words read as another (a medicine's name as "meds"), so what is written about
    one applies to all: same shape as ``misspellings``."""
    fuzzy_keywords: list[str]
    keep_doubles: list[str] = []
    frames: dict[str, list[str]] = {}
    """Sentence-structure frames (quotes, instructions, ordinary reasons, answers),
    each a named phrase list; ``safety_frames`` says how each is used."""

    @field_validator("frames")
    @classmethod
    def _known_frames(cls, frames: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(frames) - FRAME_NAMES)
        if unknown:
            raise ValueError(
                f"unknown frame {', '.join(map(repr, unknown))}; known frames: "
                + ", ".join(sorted(FRAME_NAMES))
            )
        return frames
