"""PHQ-9 scoring: nine answers in, a total, a severity band and a safety flag out.

Kept apart from the store and the UI so the one rule that must never slip -
any answer above 0 on item 9 shows the crisis card, whatever the total - is
stated once and tested on its own.

The questionnaire's copyright holder states that no permission is required to
reproduce, translate, display or distribute it, so the wording ships here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Band = Literal["minimal", "mild", "moderate", "moderately severe", "severe"]

ITEM_COUNT = 9
MAX_ANSWER = 3

STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"

ITEMS: tuple[str, ...] = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself - or that you are a failure or have let yourself "
    "or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite - "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

OPTIONS: tuple[str, ...] = (
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
)
"""Answer labels; the index is the item's score."""

_BANDS: tuple[tuple[int, Band], ...] = (
    (4, "minimal"),
    (9, "mild"),
    (14, "moderate"),
    (19, "moderately severe"),
    (27, "severe"),
)


class Phq9Error(ValueError):
    """Answers that are not a PHQ-9; the message says what to fix."""


class Phq9Result(BaseModel):
    """One completed questionnaire, scored."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    answers: tuple[int, ...] = Field(min_length=ITEM_COUNT, max_length=ITEM_COUNT)
    """The nine answers, 0-3 each, in questionnaire order."""
    total: int = Field(ge=0, le=ITEM_COUNT * MAX_ANSWER)
    """Sum of the answers, 0-27."""
    band: Band
    """Severity band of the total."""
    needs_crisis_card: bool
    """True when item 9 (thoughts of death or self-harm) is above 0."""

    @model_validator(mode="after")
    def _consistent(self) -> Phq9Result:
        if any(not 0 <= answer <= MAX_ANSWER for answer in self.answers):
            raise ValueError("each answer is 0-3")
        if self.total != sum(self.answers) or self.band != band_for(self.total):
            raise ValueError("total and band must follow from the answers")
        if self.needs_crisis_card != (self.answers[-1] > 0):
            raise ValueError("needs_crisis_card follows item 9")
        return self


def band_for(total: int) -> Band:
    """The severity band a total falls in (0-4 minimal ... 20-27 severe)."""
    if not 0 <= total <= ITEM_COUNT * MAX_ANSWER:
        raise Phq9Error(f"a PHQ-9 total is 0-27, not {total}")
    for upper, band in _BANDS:
        if total <= upper:
            return band
    raise AssertionError("unreachable: bands cover 0-27")  # pragma: no cover


def score(answers: Sequence[int]) -> Phq9Result:
    """Score nine answers; raises ``Phq9Error`` unless there are exactly nine, each 0-3."""
    values = tuple(answers)
    if len(values) != ITEM_COUNT:
        raise Phq9Error(f"the PHQ-9 has {ITEM_COUNT} questions; got {len(values)} answers")
    for number, value in enumerate(values, start=1):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ANSWER:
            raise Phq9Error(f"answer {number} is {value!r}; each answer is 0, 1, 2 or 3")
    total = sum(values)
    return Phq9Result(
        answers=values, total=total, band=band_for(total), needs_crisis_card=values[-1] > 0
    )


def parse_answers(text: str) -> tuple[int, ...]:
    """Read '0,1,2,...' (commas and/or spaces) into answers, with a clear error when wrong."""
    parts = [part for part in text.replace(",", " ").split() if part]
    values: list[int] = []
    for number, part in enumerate(parts, start=1):
        if not part.isdigit():
            raise Phq9Error(f"answer {number} is {part!r}; each answer is 0, 1, 2 or 3")
        values.append(int(part))
    score(values)  # validates count and range with the same messages
    return tuple(values)
