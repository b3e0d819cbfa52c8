"""Whatever is typed or pasted, the scorer returns a valid, self-consistent result."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.core.scoring import EmptyReplyError, score_reply
from ipt_trainer.core.scoring.assertiveness import BANDS as STYLE_BANDS
from ipt_trainer.core.scoring.conflict import BANDS as MODE_BANDS
from ipt_trainer.core.scoring.listening import BANDS as LEVEL_BANDS

WORDS = [
    "I", "you", "feel", "never", "always", "sorry", "what", "how", "sounds", "like", "could",
    "we", "FINE", "!!", "?", "not", "maybe", "😀", "🙄", "它", "\x07", "\n", "just", "stop",
]  # fmt: skip


def check(s: ReplyScore, reply: str) -> None:
    for ev in s.evidence:
        assert reply[ev.start : ev.end] == ev.text
        assert ev.start < ev.end
    assert 1 <= len(s.feedback) <= 3
    lo, hi = STYLE_BANDS[s.assertiveness_style]
    assert lo <= s.assertiveness <= hi
    assert (s.assertiveness >= 60) == (s.assertiveness_style == "assertive")
    lo, hi = LEVEL_BANDS[s.listening_level]
    assert lo <= s.active_listening <= hi
    if s.conflict_mode is None:
        assert s.conflict_resolution is None
    else:
        lo, hi = MODE_BANDS[s.conflict_mode]
        assert s.conflict_resolution is not None and lo <= s.conflict_resolution <= hi
    for tip in s.feedback:
        assert tip.message.strip()


@pytest.mark.parametrize("reply", ["", "   ", "\n\t "])
def test_empty_reply_is_a_clear_value_error(reply: str) -> None:
    with pytest.raises(EmptyReplyError, match="empty"):
        score_reply(reply)
    assert issubclass(EmptyReplyError, ValueError)


@pytest.mark.parametrize(
    "reply",
    [
        "😀😀😀",
        "Привет, как дела?",
        "你好吗",
        "a\x00b\x1b[31m c",
        "...",
        "?!?!",
        "ok",
        "İstanbul İİ",
    ],
)
def test_odd_input_gives_valid_result(reply: str) -> None:
    check(score_reply(reply, "You never help."), reply)


def test_huge_paste_is_scored() -> None:
    reply = "You never listen to me and I feel hurt. " * 2600  # ~100 KB
    s = score_reply(reply, "What now?")
    check(s, reply)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join),
    st.text(max_size=60),
)
def test_random_replies_never_crash(reply: str, context: str) -> None:
    if not reply.strip():
        return
    check(score_reply(reply, context), reply)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_arbitrary_unicode_never_crashes(reply: str) -> None:
    if not reply.strip():
        with pytest.raises(EmptyReplyError):
            score_reply(reply)
        return
    check(score_reply(reply), reply)


def test_same_input_same_output() -> None:
    a = score_reply("It sounds like you're tired. What would help?", "I'm exhausted.")
    b = score_reply("It sounds like you're tired. What would help?", "I'm exhausted.")
    assert a == b
