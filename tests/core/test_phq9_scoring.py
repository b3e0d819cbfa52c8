"""PHQ-9 scoring: bands at every boundary, and item 9 always shows the crisis card."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipt_trainer.core import phq9


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_band_boundaries(total: int, band: str) -> None:
    assert phq9.band_for(total) == band


def test_item_nine_shows_card_whatever_the_total() -> None:
    result = phq9.score([0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.total == 1
    assert result.band == "minimal"
    assert result.needs_crisis_card


def test_high_total_without_item_nine_has_no_card() -> None:
    result = phq9.score([3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert (result.total, result.band, result.needs_crisis_card) == (24, "severe", False)


@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_total_band_and_flag_follow_the_answers(answers: list[int]) -> None:
    result = phq9.score(answers)
    assert result.total == sum(answers)
    assert result.band == phq9.band_for(sum(answers))
    assert result.needs_crisis_card == (answers[8] > 0)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([0] * 8, "has 9 questions; got 8 answers"),
        ([0] * 10, "got 10 answers"),
        ([0, 0, 4, 0, 0, 0, 0, 0, 0], "answer 3 is 4"),
        ([0, 0, 0, 0, 0, 0, 0, 0, -1], "answer 9 is -1"),
        ([True, 0, 0, 0, 0, 0, 0, 0, 0], "answer 1 is True"),
    ],
)
def test_bad_answers_are_refused_clearly(answers: list[int], message: str) -> None:
    with pytest.raises(phq9.Phq9Error, match=message):
        phq9.score(answers)


def test_parse_answers_accepts_commas_and_spaces() -> None:
    assert phq9.parse_answers("0,1, 2 3,0,1,2,3,0") == (0, 1, 2, 3, 0, 1, 2, 3, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [("0,1,2", "got 3 answers"), ("0,1,x,0,0,0,0,0,0", "answer 3 is 'x'"), ("", "got 0")],
)
def test_parse_answers_errors(text: str, message: str) -> None:
    with pytest.raises(phq9.Phq9Error, match=message):
        phq9.parse_answers(text)


def test_result_model_rejects_inconsistent_fields() -> None:
    with pytest.raises(ValueError, match="item 9"):
        phq9.Phq9Result(answers=(0,) * 9, total=0, band="minimal", needs_crisis_card=True)


def test_questionnaire_text_has_nine_items() -> None:
    assert len(phq9.ITEMS) == 9
    assert "hurting yourself" in phq9.ITEMS[8]
    assert len(phq9.OPTIONS) == 4
