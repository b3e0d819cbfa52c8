"""Tips say what the reply still lacks, never to do what it already did."""

from __future__ import annotations

import pytest

from ipt_trainer.core.scoring import score_reply


def _listening_tip(reply: str, context: str) -> str:
    score = score_reply(reply, context)
    assert score.listening_level == 2
    return next(t.message for t in score.feedback if t.skill == "active_listening")


@pytest.mark.parametrize(
    ("context", "reply", "asks_for", "never_asks_for"),
    [
        (
            "Anak, you look thin. Are you eating? When are you coming home?",
            "You sound really worried about me, Nanay, and I miss you too.",
            "open question",
            "Name the feeling",
        ),
        (
            "My mum moved in last month and the house feels so small.",
            "So your mum moved in last month.",
            "Name the feeling",
            "You named",
        ),
    ],
)
def test_a_level_two_tip_asks_for_what_is_missing(
    context: str, reply: str, asks_for: str, never_asks_for: str
) -> None:
    message = _listening_tip(reply, context)
    assert asks_for in message
    assert never_asks_for not in message
