"""Round 10: sentence structures that make risky words harmless, and recurring ideas.

Each cancelling rule is tested with the false alarm it settles and the risk on
the other side that it must keep flagged; each new phrase with the risk it
catches and the everyday sentence it must leave quiet (a missed person in
danger is worse than a false alarm).
"""

from __future__ import annotations

import pytest

from ipt_trainer.core.safety import check_text


def _flagged(text: str) -> bool:
    return check_text(text).crisis


def _check(text: str, risk: bool) -> None:
    assert _flagged(text) is risk, text


# --- a farewell that expects to hear from people again --------------------------------

FAREWELL_WITH_FUTURE = [
    ("Goodbye everyone, last shift at the bakery tomorrow! I'll miss you all", False),
    ("bye everyone!! thanks for a great term, see u in september", False),
    ("Goodbye everyone, it's been a pleasure working with you. Keep in touch!", False),
    ("bye everyone, deleting insta for a month. dm me on whatsapp", False),
    ("I won't be here next week, I'm staying at my sister's in York.", False),
    # the same shapes with a final sense stay flagged
    ("Goodbye everyone, see you on the other side.", True),
    ("Goodbye everyone. I'm sorry for everything.", True),
    ("I've given all my things away to my friends", True),
]


@pytest.mark.parametrize(("text", "risk"), FAREWELL_WITH_FUTURE)
def test_farewell_with_future_contact(text: str, risk: bool) -> None:
    _check(text, risk)


# --- time counted since the act stopped ----------------------------------------------

ANNIVERSARY = [
    ("Three years since I last self-harmed. Treated myself to a new watch.", False),
    ("2 years self harm free today!!", False),
    ("Three years since I last self-harmed, until last night.", True),
    ("A year since I last self-harmed and I did it again tonight.", True),
]


@pytest.mark.parametrize(("text", "risk"), ANNIVERSARY)
def test_time_counted_since_stopping(text: str, risk: bool) -> None:
    _check(text, risk)


# --- a question answered no inside the sentence ---------------------------------------

ANSWERED = [
    ("The GP asked if I'd had thoughts of harming myself and honestly, no.", False),
    ("Ending my life? God, no. Ending my gym membership.", False),
    ("The GP asked if I'd had thoughts of harming myself and honestly, yes.", True),
    ("The GP asked if I'd had thoughts of harming myself and no one believed me.", True),
]


@pytest.mark.parametrize(("text", "risk"), ANSWERED)
def test_question_answered_no_in_the_sentence(text: str, risk: bool) -> None:
    _check(text, risk)


# --- someone else's unquoted words -----------------------------------------------------

REPORTED = [
    ("my cousin texted me kms and now she won't answer", False),
    ("A boy in my class wrote a suicide note in his planner.", False),
    ("Grandad keeps saying he won't need them, since Gran died he's giving things away.", False),
    # an "I" between the report and the phrase keeps it the writer's
    ("My mum said I'm fine but I want to kill myself.", True),
    ("my friend texted me and I want to die", True),
]


@pytest.mark.parametrize(("text", "risk"), REPORTED)
def test_unquoted_words_reported_from_someone_else(text: str, risk: bool) -> None:
    _check(text, risk)


def test_reported_words_become_concern_for_other() -> None:
    result = check_text("my cousin texted me kms and now she won't answer")
    assert not result.crisis
    assert result.concern_for_other


# --- a bounded escape wish ---------------------------------------------------------------

ESCAPE = [
    ("I wish I could disappear from this work dinner, my boss won't stop talking.", False),
    ("I just want to stop existing for one evening. No emails, just a bath.", False),
    ("wanna vanish this meeting is so awkward", False),
    ("I wish I could disappear from this world.", True),
    ("I just want to stop existing for good.", True),
    ("I wish I could disappear from this family dinner and never come back.", True),
]


@pytest.mark.parametrize(("text", "risk"), ESCAPE)
def test_escape_bounded_by_an_occasion(text: str, risk: bool) -> None:
    _check(text, risk)


# --- a hyperbole aimed at a thing ---------------------------------------------------------

HYPERBOLE = [
    ("kms this laptop is so slow", False),
    ("i want to die at this cat video 😭", False),
    ("gonna unalive this boss fight tonight", False),
    ("I want to die this weekend.", True),
    ("kms tonight", True),
    ("I want to die, this exam is too much.", True),
]


@pytest.mark.parametrize(("text", "risk"), HYPERBOLE)
def test_hyperbole_aimed_at_a_thing(text: str, risk: bool) -> None:
    _check(text, risk)


# --- past told as past ----------------------------------------------------------------------

PAST = [
    ("In second year I was really suicidal. Now I run the climbing club.", False),
    ("I tried to take my life at twenty. I'm glad every day it didn't work.", False),
    ("I used to think they'd be better off without me. My GP helped me see it wasn't true.", False),
    ("I still have scars from self-harm but I wear short sleeves now.", False),
    ("In second year I was really suicidal. Now it's back again.", True),
    ("I tried to take my life at twenty. I'm not glad it didn't work.", True),
]


@pytest.mark.parametrize(("text", "risk"), PAST)
def test_past_told_as_past(text: str, risk: bool) -> None:
    _check(text, risk)


# --- recall: recurring ideas -------------------------------------------------------------------

RECALL = [
    ("I've written letters for my sisters. They're in the bedside drawer, for after.", True),
    ("I'm okay. I've just written a few letters, in case.", True),
    ("This is the last message you'll get from me.", True),
    ("This is the last time you'll have to hear me complain, I promise.", True),
    ("I wouldn't mind if the plane went down on the way home.", True),
    ("Honestly it'd be a mercy if the tractor tipped over with me under it.", True),
    ("It would be a relief to get hit by a bus.", True),
    ("I wish the accident had killed me.", True),
    ("I keep hoping something would just take me out.", True),
    ("I hope the cancer wins.", True),
    ("My husband's been gone three years. I think I'll go to him soon.", True),
    ("I want to be with my dad again, wherever he is.", True),
    ("What's left now is choosing when to go.", True),
    ("Can you keep my watch? I want it to go to someone who'll still be around.", True),
    # near misses
    ("I've written the birthday cards. Saved some cake for after.", False),
    ("This is the last time you'll have to hear me moan about the boiler.", False),
    pytest.param(
        "I wouldn't mind if the bus took me all the way home.",
        False,
        marks=pytest.mark.xfail(
            strict=True,
            reason="round 25: the meaning stage reads it like its twin above ('...if the "
            "plane went down on the way home'); a known false alarm, docs/safety.md",
        ),
    ),
    ("Dad's been gone a year and I follow him round the garden centre in my head.", False),
    ("We're still choosing when to go on holiday.", False),
    ("I want someone to have it before I go on holiday, the plant needs watering.", False),
    ("Can you take the kids on Saturday and keep them till after lunch?", False),
]


@pytest.mark.parametrize(("text", "risk"), RECALL)
def test_recurring_ideas(text: str, risk: bool) -> None:
    _check(text, risk)
