"""Round 8: sentence structures that make risky words not the writer's own risk.

Each rule has the false alarm it removes and the near miss it must leave
flagged (a missed person in danger is worse than a false alarm).
"""

from __future__ import annotations

import pytest

from ipt_trainer.core.safety import check_text
from ipt_trainer.core.safety_frames import quote_spans


def _flagged(text: str) -> bool:
    return check_text(text).crisis


# --- someone else's words, quoted --------------------------------------------------

QUOTED_OTHER = [
    "my friend wrote 'i want to die lol' in the chat and I'm worried",
    "a kid in my year keeps posting 'kms' under every photo",
    'My son typed "I want to kill myself" into the search bar and I found it.',
    "My flatmate said 'you won't have to put up with me much longer' and I can't sleep.",
]


@pytest.mark.parametrize("text", QUOTED_OTHER)
def test_quoted_words_of_someone_else_are_a_concern_not_the_writers_risk(text: str) -> None:
    result = check_text(text)
    assert not result.crisis
    assert result.concern_for_other


MENTIONED = [
    "'unalive' is a strange word, why do people use it",
    "The puzzle clue was 'end it all' and nobody in the pub got it.",
    "kms is such an overused abbreviation, the whole year group had an assembly on it",
]


@pytest.mark.parametrize("text", MENTIONED)
def test_a_word_talked_about_is_not_a_risk(text: str) -> None:
    assert not _flagged(text)


def test_a_word_talked_about_next_to_the_writer_stays_flagged() -> None:
    assert _flagged("suicide is the only word in my head")
    assert _flagged("kms is what I want")


QUOTED_OWN = [
    "I told her 'I want to die' and she laughed",
    "I texted my sister 'I want to die' last night",
    "my mum found my note saying 'I want to kill myself'",
    "I keep thinking 'I want to die'",
    "'kms' is all I can think about lately",
    "I wrote 'I want to die' in my diary",
    "my friend wrote 'i want to die lol' and honestly same, I want to die",
]


@pytest.mark.parametrize("text", QUOTED_OWN)
def test_the_writers_own_quoted_words_stay_flagged(text: str) -> None:
    assert _flagged(text)


def test_quote_marks_are_told_from_apostrophes() -> None:
    text = "She said 'I don't want to' and left"
    assert quote_spans(text) == [(9, 25)]
    assert quote_spans("I don't know, it's fine") == []
    assert quote_spans('he said "stop') == [(8, 13)]


# --- an instruction about "if ever" -------------------------------------------------


def test_an_instruction_to_call_if_ever_is_not_a_wish() -> None:
    assert not _flagged("The nurse told me to ring if I ever felt I wanted to hurt myself.")
    assert not _flagged("Call the team if you ever feel like harming yourself.")


def test_a_real_statement_next_to_the_instruction_is_still_flagged() -> None:
    assert _flagged(
        "I'm going to kill myself. The midwife told me to call if I ever felt that way."
    )
    assert _flagged("If I ever want to kill myself again I will call the crisis line")


# --- an ordinary reason in the same or the next sentence ----------------------------

ORDINARY_REASON = [
    "I won't be around next week, I'm at my brother's wedding.",
    "This is the last time you'll hear from me on this address. I'm moving to my new email.",
    "You won't have to put up with me much longer. I'm starting uni in September!",
    "This is goodbye, everyone. I start the new job on Monday.",
]


@pytest.mark.parametrize("text", ORDINARY_REASON)
def test_a_departure_with_an_ordinary_reason_is_quiet(text: str) -> None:
    assert not _flagged(text)


NOT_ORDINARY = [
    "I won't be around next week. I've made arrangements.",
    "I won't be around much longer. I've sold the car and written my letters.",
    "I won't be around next week, I'm going to be with my dad. He died last year.",
    "This is goodbye. I am moving on to a better place.",
    "I want to disappear for good. Not a holiday.",
    "I'd like to disappear permanently, and I don't mean moving away.",
    "I won't be around much longer. I sold the car.",
]


@pytest.mark.parametrize("text", NOT_ORDINARY)
def test_a_final_sounding_or_denied_reason_keeps_the_flag(text: str) -> None:
    assert _flagged(text)


# --- a question answered no ---------------------------------------------------------

ANSWERED_NO = [
    "The GP asked if I'd had thoughts of self-harm. I haven't, and I said so.",
    "The questionnaire asked about thoughts of being better off dead. I ticked 'not at all'.",
    "Thoughts of hurting myself? None, honestly. I'm just tired.",
    "My counsellor asked whether I'd thought about ending my life and I said no.",
    "People keep asking if I'm suicidal. I'm not. I'm stressed about exams.",
]


@pytest.mark.parametrize("text", ANSWERED_NO)
def test_a_question_answered_with_a_plain_no_is_quiet(text: str) -> None:
    assert not _flagged(text)


NOT_ANSWERED_NO = [
    "The doctor asked if I wanted to kill myself. I didn't answer.",
    "She asked if I was suicidal. I said no but I lied.",
    "He asked if I wanted to die. I said no. I do though.",
    "Why do I want to die? No one understands.",
    "Suicide? Yes, every day.",
    "Kill myself? No. Not yet.",
    "The nurse asked if I was suicidal and I said yes.",
    "My therapist asked if I have thoughts of suicide. I have, every day.",
    "I said no one would miss me if I killed myself",
    "The doctor asked if I'd had thoughts of self-harm. I haven't told anyone but yes.",
    "Thoughts of killing myself? Every night.",
    "My therapist asked if I'd thought about suicide. No. Well, sometimes.",
    "I'm not suicidal lol I just want to die",
]


@pytest.mark.parametrize("text", NOT_ANSWERED_NO)
def test_an_answer_that_is_not_a_plain_no_keeps_the_flag(text: str) -> None:
    assert _flagged(text)


# --- past telling, recovery in a later sentence -------------------------------------

LATER_RECOVERY = [
    "back when i was 15 i wanted to disappear for good. now i'm 22 and planning my future",
    "Three years ago I tried to end my life. Last month I got married.",
    "There was a time when I thought my kids would be better off without me. I don't think "
    "that any more.",
    "When I was at college I burned myself to cope. I'm proud of how far I've come.",
]


@pytest.mark.parametrize("text", LATER_RECOVERY)
def test_past_telling_with_recovery_in_a_later_sentence_is_quiet(text: str) -> None:
    assert not _flagged(text)


NO_RECOVERY = [
    "back when i was 14 i wanted to disappear for good. now i'm 19 and i still want to",
    "I used to want to die. Now I want to die even more.",
    "I tried to kill myself two years ago. Today I feel the same.",
    "Two years ago I attempted suicide. I'm planning to try again.",
    "I cut myself again last night after 8 months clean.",
]


@pytest.mark.parametrize("text", NO_RECOVERY)
def test_past_telling_without_real_recovery_keeps_the_flag(text: str) -> None:
    assert _flagged(text)


# --- smaller structures found on the never-seen sets ---------------------------------

QUIET_STRUCTURES = [
    "Any self-harm since we last met?",
    "How often have you had thoughts of suicide in the last two weeks?",
    "Not in a suicidal way, I just want to stay in bed until March.",
    "Self-harm isn't on my mind at all, I'm just exhausted.",
    "Sleeping in and not waking up till noon on Saturday, bliss.",
    "I don't want to be here anymore. In this office, I mean.",
    "The handbook says to ask directly about suicidal thoughts at every review.",
]


@pytest.mark.parametrize("text", QUIET_STRUCTURES)
def test_smaller_structures_are_quiet(text: str) -> None:
    assert not _flagged(text)


FLAGGED_STRUCTURES = [
    "Any point in living?",
    "Any urges to kill myself since we last met?",
    "Suicide isn't on my mind at all, I just want to die.",
    "I don't want to be here anymore. In this world.",
    "Eight months without self-harm and I threw it away last night.",
]


@pytest.mark.parametrize("text", FLAGGED_STRUCTURES)
def test_their_near_misses_stay_flagged(text: str) -> None:
    assert _flagged(text)
