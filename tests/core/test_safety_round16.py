"""Round 16: words named rather than used, people whose words are quoted, things that
"killed themselves", and the practice replies the fit learns as quiet.

Each cancelling rule is tested with the false alarm it settles and the risk beside it
that it must keep flagged (a missed person in danger is worse than a false alarm).
"""

from __future__ import annotations

import pytest

from ipt_trainer.core import safety_fit
from ipt_trainer.core.safety import analyse, check_text

CASES = [
    # a word named after "the word", "the term"...: a mention, whoever speaks
    ("The family don't want the word suicide in the eulogy.", False),
    ("My supervisor says I hesitate before saying the word 'suicide'.", False),
    ("I'm thinking the word suicide is too harsh for the leaflet.", False),
    ("I keep thinking about suicide.", True),
    ("The word for how I feel is suicidal.", True),
    # someone else's quoted words: an ex, a boss, a teacher, a coach, a lecturer, a bloke
    ("My ex used to say 'I'll kill myself if you leave' to control me.", False),
    ('My boss said "I could kill myself for missing that deadline".', False),
    ("My ex said I'd be better off dead and now I believe it.", True),
    ("I told my ex I want to kill myself.", True),
    # a thing that kills itself
    ("my plant unalived itself again, rip fernando", False),
    ("my phone is about to kill itself, 2% battery", False),
    ("my plant died and honestly I want to unalive myself too", True),
    # Spanish "se suicidó": said of someone else
    ("mi primo se suicidó last year, my aunt cannot talk about it", False),
]


@pytest.mark.parametrize(("text", "risk"), CASES)
def test_round16_rules(text: str, risk: bool) -> None:
    assert check_text(text).crisis is risk, text


def test_practice_replies_are_replies_the_phrase_stage_leaves_quiet() -> None:
    replies = list(safety_fit.practice_replies())
    assert len(replies) > 5_000
    assert all(len(r.split()) >= 3 for r in replies)
    sample = replies[:: len(replies) // 200]
    assert all(analyse(r).phrase is None for r in sample)
    # in rubric-fresh-a.jsonl, and flagged by the phrase stage: never learned as quiet
    flagged = (
        "sorry sorry sorry. I'll just sit out the next ones, you're better off without me anyway"
    )
    assert analyse(flagged).phrase is not None
    assert flagged not in replies
