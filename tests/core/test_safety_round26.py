"""Round 26: false alarms that recurred across writers of the read measured sets.

Each change has the false alarm it settles and the risk on the other side that it
must keep flagged (a missed person in danger is worse than a false alarm).
"""

from __future__ import annotations

import pytest

from ipt_trainer.core.safety import check_text

CASES = [
    # a clarified meaning gives the reason ("I meant" used to rule the reason out)
    (
        "When I said I wanted to disappear, I meant go on holiday somewhere with no phone "
        "signal. I'm okay.",
        False,
    ),
    ("I told my mum 'I want to disappear' but I meant move to another city. I'm fine.", False),
    ("I'd like to disappear permanently, and I don't mean moving away.", True),
    ("When I said I wanted to disappear, I meant forever, not on holiday.", True),
    # a bare "no" before self-harm says it is absent
    ("No self-harm, no dark thoughts, just a really bad week with the kids.", False),
    ("No self-harm? I do it every night.", True),
    ("no self harm for a month but last night I cut again", True),
    # grief named as grief for a suicide
    ("Grief after a suicide feels different. I keep asking why.", False),
    ("Kept his hoodie. Grieving a suicide is its own strange country.", False),
    ("grief after a suicide attempt is weird, part of me wishes it worked", True),
    # time counted since the last crisis, and an episode told as past with recovery
    ("Five years since my last suicidal crisis. I mark it with cake and a walk.", False),
    ("two years since my last suicidal crisis and it is back again tonight", True),
    (
        "I had a suicidal episode after my son was born. I'm fully recovered and feeling hopeful.",
        False,
    ),
    ("I had a suicidal episode last week and I still want to die", True),
    # a "but" that only says the writer is safe does not keep a screening answer's match
    (
        "My GP asked if I'd had any thoughts of harming myself and I could honestly say no. "
        "I'm low but safe, and I've got my family.",
        False,
    ),
    (
        "You asked if I've had thoughts of hurting myself. No, none at all. "
        "I'm sad but I feel safe.",
        False,
    ),
    ("You asked if I've had thoughts of hurting myself. No, but I'm not okay.", True),
    ("You asked if I've had thoughts of hurting myself. No, but sometimes I do.", True),
    (
        "You asked if I've had thoughts of hurting myself. No. I'm fine but I still want to die.",
        True,
    ),
    # an idiom
    ("Taking that job would be shooting myself in the foot, Dad.", False),
    ("I want to shoot myself in the head", True),
]


@pytest.mark.parametrize(("text", "risk"), CASES)
def test_round_26(text: str, risk: bool) -> None:
    assert check_text(text).crisis is risk, text
