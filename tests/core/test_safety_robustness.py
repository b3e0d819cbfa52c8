"""The crisis check never crashes, and always points at the user's own words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipt_trainer.core.safety import check_text

RISKY = "I want to die"


def _consistent(text: str) -> None:
    result = check_text(text)
    if result.match is None:
        assert result.start is None and result.end is None and not result.crisis
    else:
        assert result.start is not None and result.end is not None
        assert text[result.start : result.end] == result.match
        assert result.category


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_text_is_checked_without_error(text: str) -> None:
    _consistent(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")), st.text(), st.text())
def test_risk_surrounded_by_any_text_keeps_a_correct_span(
    before: str, after: str, sep: str
) -> None:
    _consistent(before + sep + RISKY + sep + after)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.text(min_size=1, max_size=50), st.integers(min_value=50_000, max_value=100_000))
def test_inputs_up_to_100_kb_are_fine(seed: str, size: int) -> None:
    text = (seed * (size // len(seed) + 1))[:size]
    _consistent(text)


def test_a_100_kb_reply_with_risk_at_the_very_end_is_still_found() -> None:
    filler = "I hear you and I would like us to split the chores fairly. " * 1700
    text = filler + "honestly i want to die"
    assert len(text) >= 100_000
    result = check_text(text)
    assert result.crisis
    assert result.start is not None and result.start > 100_000 - 30


def test_combining_marks_lone_surrogates_and_controls_do_not_break_spans() -> None:
    for text in [
        "\ud800 I want to die",
        "e\u0301\u0301\u0301 I want to die",
        "\x00\x85I want to die",
        "🏳️‍🌈 I want to die",
        "\ufeffI want to die",
    ]:
        _consistent(text)
        assert check_text(text).crisis
