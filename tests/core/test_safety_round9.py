"""Round 9: past risk told against a different present, and recurring ideas of new writers.

Each rule has the text it settles and the near miss on the other side: for a
cancelling rule the risk it must keep flagged, for a new phrase the everyday
sentence it must leave quiet (a missed person in danger is worse than a false
alarm).
"""

from __future__ import annotations

import pytest

from ipt_trainer.core.safety import check_text


def _flagged(text: str) -> bool:
    return check_text(text).crisis


# --- past risk, present contrast ----------------------------------------------------

PAST_WITH_PRESENT = [
    "When I was 17 I wanted to die. I'm 40 now and glad every single day that I stayed.",
    "I used to burn myself in college. Now when stress builds up I go swimming.",
    "My old coping was hurting myself; my new coping is ringing my brother.",
    pytest.param(
        "The urge to self-harm used to be deafening. Now I go for a walk when it's bad.",
        marks=pytest.mark.xfail(
            strict=True,
            reason="round 26: the phrase is cancelled, but the meaning stage reads the words "
            "left ('urge', 'deafening', 'when it's bad') as risk; a known false alarm, "
            "docs/safety.md",
        ),
    ),
    "My old self would have hurt myself after a fight like that. Instead I phoned a friend.",
    "I went through a phase of cutting myself as a teenager. It's been over a decade.",
    "Back in 2016 I attempted suicide. Today I'm practising asking for a pay rise.",
    "For years I felt I should have died in that crash. Counselling changed that.",
    "Back when I lost the business I wanted to die. This time I'm upset, but nowhere near there.",
]


@pytest.mark.parametrize("text", PAST_WITH_PRESENT)
def test_past_risk_set_against_a_different_present_is_quiet(text: str) -> None:
    assert not _flagged(text)


PAST_STILL_CURRENT = [
    # the present half is where the risk is
    "I was happy at uni, now I want to die.",
    # a relapse word in the contrast keeps it
    "When I was 19 I tried to kill myself. Now I am thinking about it again.",
    "I used to cut myself at school. These days I've started again.",
    "When I was a teenager I burned myself. Lately it's back to that.",
    # a present-tense risk phrase after the contrast is judged on its own
    "I used to self-harm at uni. Now I want to die.",
    # a past frame with no contrast at all
    "When I was 19 I wanted to die.",
    # "back in" the bottle is not a past frame
    "I've been counting the pills out, then putting them back in the bottle. Four nights now.",
]


@pytest.mark.parametrize("text", PAST_STILL_CURRENT)
def test_past_telling_without_a_safe_present_stays_flagged(text: str) -> None:
    assert _flagged(text)


# --- recurring false alarms ---------------------------------------------------------

EVERYDAY = [
    "No one would be better off without me, I know that now.",
    "Item nine of the PHQ-9 asks about thoughts of being better off dead. Shall we go through it?",
    "I want to disappear under a blanket with a film tonight.",
    "I'm so done with living in this town, we're moving in June.",
    "Got some rope to tie up the tomato plants before the wind picks up.",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_recurring_everyday_senses_are_quiet(text: str) -> None:
    assert not _flagged(text)


EVERYDAY_NEAR_RISK = [
    "Everyone would be better off without me.",
    "I have thoughts of being better off dead.",
    "I want to disappear forever.",
    "I'm so done with living.",
    "I bought a rope today.",
]


@pytest.mark.parametrize("text", EVERYDAY_NEAR_RISK)
def test_the_risky_sense_next_to_each_everyday_one_stays_flagged(text: str) -> None:
    assert _flagged(text)


# --- recall: ideas that recur across new writers --------------------------------------

RISK = [
    "Two hundred days clean from self-harm and I threw it away last night.",
    "sh'd again tonight",
    "i just wanna stop exsisting",
    "i want a permanent nap tbh",
    "Every night I pray not to see the morning.",
    "My parents would have a calmer home if I wasn't in it any more.",
    "I'm fine. I've only written the note, that's all.",
    "I've got razor blades hidden in my drawer again.",
    "Been hiding the new cuts on my legs under leggings.",
    "I'm not suicidal really, I just have all the pills saved up in case.",
    "I don't plan on being around after the summer.",
    "I won't be alive by Christmas, so don't bother.",
    "cant wait to be six feet under",
    "I'm just going to stop taking my insulin and let nature take its course.",
    "I'm checking out early. Not from the hotel. From everything.",
    "I've kept the leftover codeine. I know what it's for.",
]


@pytest.mark.parametrize("text", RISK)
def test_recurring_risk_ideas_are_flagged(text: str) -> None:
    assert _flagged(text)


NEAR_MISSES = [
    "Two hundred days clean from self-harm and I ran a half marathon last night.",
    "I went to the shed again for the rake.",
    "I found razor blades hidden in my son's room. How do I talk to him?",
    "I want a proper nap after lunch.",
    "I've written the notes for Monday's seminar.",
    "I have the pills sorted in a weekly box.",
    "I don't plan on being at the office after six.",
    "We're checking out early on Sunday to beat the traffic.",
    "The nurse showed me the new inhaler. I know what it's for now.",
    "I stopped taking the antibiotics once the course was done.",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_recurring_risk_ideas_leave_their_near_misses_quiet(text: str) -> None:
    assert not _flagged(text)
