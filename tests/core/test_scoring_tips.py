"""Tips say what the reply still lacks, never to do what it already did."""

from __future__ import annotations

import pytest

from ipt_trainer.core.scoring import score_reply
from ipt_trainer.core.scoring.feedback import reflect_back


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


@pytest.mark.parametrize(
    ("context", "reflection"),
    [
        (
            "HR says you need to train your replacement before you go. Two weeks.",
            "It sounds like HR says I need to train my replacement before I go",
        ),
        (
            "Mum always lets you off the hook for Christmas.",
            "It sounds like Mum always lets me off the hook for Christmas",
        ),
        (
            "Sarah said you were rude to her at the party.",
            "It sounds like Sarah said I was rude to her at the party",
        ),
        (
            "I need you to cover my shift on Saturday.",
            "It sounds like you need me to cover your shift on Saturday",
        ),
        (
            "Everyone keeps saying she's in a better place.",
            "It sounds like everyone keeps saying she's in a better place",
        ),
        (
            "Can you cover my shift Saturday? You're the only one free.",
            "It sounds like you'd like me to cover your shift Saturday",
        ),
        (
            "I noticed you presented my slides without mentioning I made them.",
            "It sounds like you noticed I presented your slides without mentioning you made them",
        ),
        (
            "Haven't heard from you in ages!",
            "It sounds like you haven't heard from me in ages",
        ),
        ("Can we move on? It was just a dog.", "It sounds like you'd like us to move on"),
        (
            "It was just a dog. You've been moping for two weeks. Can we move on?",
            "It sounds like you'd like us to move on",
        ),
        (
            "My dad died on Tuesday. Can you cover my shift?",
            "It sounds like your dad died on Tuesday",
        ),
        (
            "You're always so quiet. Are you alright? You never come to the street parties.",
            "It sounds like you've been worried that I'm always so quiet",
        ),
        (
            "You never call me anymore.",
            "It sounds like you're frustrated that I never call you anymore",
        ),
        (
            "Oh, here we go. I was up at half four every day this week.",
            "It sounds like you were up at half four every day this week",
        ),
        (
            "Do you want to join the book club? We meet on Thursdays.",
            "It sounds like you'd like me to join the book club",
        ),
    ],
)
def test_reflections_swap_who_is_who_and_keep_names(context: str, reflection: str) -> None:
    """The suggested reflection is said back by the learner: their "you" is "I" when it
    does something, "me" when something is done to it; names and "HR" keep capitals."""
    assert reflect_back(context) == reflection


@pytest.mark.parametrize(
    ("context", "reflection"),
    [
        (
            "You can't just sit in the house all day, Dad.",
            "It sounds like you don't want me to sit in the house all day",
        ),
        (
            "You can't keep borrowing money from me.",
            "It sounds like you don't want me to keep borrowing money from you",
        ),
        ("Don't tell me what to do.", "It sounds like you don't want me to tell you what to do"),
        (
            "You mustn't blame yourself for what happened.",
            "It sounds like you don't want me to blame myself for what happened",
        ),
        ("Don't worry about me, I'm fine.", "It sounds like you don't want me to worry about you"),
    ],
)
def test_a_prohibition_is_reflected_as_what_they_do_not_want(context: str, reflection: str) -> None:
    """Until session 18 "You can't just sit in the house all day" came back as "you're
    frustrated that I can't just sit in the house all day", and "Don't tell me what to
    do" as "you don't tell you what to do"."""
    assert reflect_back(context) == reflection


@pytest.mark.parametrize(
    "context",
    ["You can't be serious.", "You can't keep the car, it's mine.", "You can't imagine it."],
)
def test_disbelief_and_keeping_a_thing_are_not_prohibitions(context: str) -> None:
    reflection = reflect_back(context)
    assert reflection is not None and "don't want me to" not in reflection


@pytest.mark.parametrize(
    "context",
    ["You can't be serious.", "You've got to be kidding me.", "You must be joking, Mum!"],
)
def test_disbelief_is_read_back_as_surprise_not_as_a_complaint(context: str) -> None:
    # until session 18: "you're frustrated that I've got to be kidding you"
    assert reflect_back(context) == "It sounds like that has really caught you off guard"


def test_a_question_that_asks_nothing_of_the_listener_is_not_reflected_as_a_wish() -> None:
    assert reflect_back("Do you think I'm stupid?") is None


def test_a_fair_offer_keeps_its_own_punctuation() -> None:
    score = score_reply(
        "I'm happy to train them, but I've got leave booked next week. Could we do a "
        "handover doc plus three days of shadowing?",
        "HR says you need to train your replacement before you go. Two weeks.",
    )
    tips = [t.suggestion or "" for t in score.feedback if t.skill == "conflict_resolution"]
    assert tips and all("week?" not in t for t in tips)


def _assertiveness_suggestion(reply: str, context: str) -> str:
    score = score_reply(reply, context)
    return next(t.suggestion or "" for t in score.feedback if t.skill == "assertiveness")


def test_capitals_are_brought_down_not_turned_into_a_request() -> None:
    suggestion = _assertiveness_suggestion(
        "ok you're knackered, I get it, but I have WORK.",
        "I'm doing all the night feeds and you just sleep through.",
    )
    assert suggestion == "Ok you're knackered, I get it, but I have work."


@pytest.mark.parametrize(
    ("reply", "context"),
    [
        ("yeah I know you hate going alone... maybe. we'll see", "You never come out."),
        ("it doesn't matter, forget it", "You forgot my birthday."),
    ],
)
def test_a_suggestion_is_never_a_lone_leftover_word(reply: str, context: str) -> None:
    suggestion = _assertiveness_suggestion(reply, context)
    first = suggestion.split(".")[0]
    assert len(first.split()) > 1, suggestion


def test_a_proposal_with_nothing_said_back_is_asked_to_say_it_back() -> None:
    """Level 2 from a joint proposal alone: the tip must not say "you showed you heard"."""
    context = "I'm just wiped out with these early shifts and I can't do evenings."
    message = _listening_tip("What if we try a rota for a week?", context)
    assert "Say back what you heard" in message
    assert "You showed you heard" not in message
