"""Rubric rules added for generalisation: dispute default, listening floors, challenges."""

from __future__ import annotations

import pytest

from ipt_trainer.core.scoring import score_reply, text
from ipt_trainer.core.scoring.conflict import in_dispute
from ipt_trainer.core.scoring.features import analyse


@pytest.mark.parametrize(
    "context",
    [
        "The printer's broken again and I've got the report due at noon. Can you take a look?",
        "I'd rather we spent Christmas at my mum's this year.",
        "We're going to need the spare room for my brother for a few weeks.",
    ],
)
def test_a_request_or_plan_that_affects_the_listener_is_a_disagreement(context: str) -> None:
    assert in_dispute(analyse("ok", context))


@pytest.mark.parametrize(
    "context",
    [
        "My grandad passed away on Sunday.",
        "A few of us are going for a curry on Friday, want to come?",
        pytest.param(
            "I've been feeling really anxious about the move.",
            marks=pytest.mark.xfail(
                strict=True,
                reason="pass 8 weights: 'move' in their line (moves are often disputed) "
                "outweighs a bare 'ok'; kept visible until a change fixes it",
            ),
        ),
        "Hi! Are you the new neighbour?",
    ],
)
def test_grief_news_feelings_and_invitations_are_not_disputes(context: str) -> None:
    assert not in_dispute(analyse("ok", context))
    assert score_reply("That sounds hard.", context).conflict_mode is None


def test_no_context_needs_blame_in_the_reply_to_be_a_dispute() -> None:
    assert score_reply("Sure, sounds good.").conflict_mode is None


def test_echoed_word_question_that_argues_is_a_challenge() -> None:
    kinds = [s.kind for s in text.sentences("privacy? interesting word from you.")]
    assert kinds[0] == "challenge"
    assert text.sentences("really? that sounds hard.")[0].kind == "closed"
    assert text.sentences("is it bad?")[0].kind == "closed"


def test_a_question_alone_is_not_level_three() -> None:
    s = score_reply("What happened?", context="I lost my job today.")
    assert s.listening_level == 2


def test_sarcastic_going_along_is_level_zero() -> None:
    s = score_reply(
        "Of course. My job's the optional one, obviously 🙂",
        context="Can you pick the kids up today? I've got a meeting.",
    )
    assert s.listening_level == 0
    assert s.assertiveness_style != "assertive"


def test_closed_question_with_nothing_dismissive_is_at_least_level_one() -> None:
    s = score_reply("Did they give you any notice?", context="I lost my job today.")
    assert s.listening_level >= 1
