"""Kinds of language added in the second generalisation pass (features.py, skill rules).

Each test pins a *kind* (a sentence shape or a rubric rule), with wording not taken
from the fitting sets, so a regression shows up as a broken idea, not a lost phrase.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pytest

from ipt_trainer.core.scoring import listening, score_reply
from ipt_trainer.core.scoring.conflict import in_dispute
from ipt_trainer.core.scoring.features import Analysis, analyse
from ipt_trainer.core.scoring.model import Linear


def vec(reply: str, context: str = "") -> dict[str, float]:
    return analyse(reply, context).vector


def test_a_promise_that_gives_in_is_compliance() -> None:
    v = vec("ok. I'll move my car then.", "Your car is blocking my drive again.")
    assert v["promise"] and v["comply"]
    # holding one's own position beside the promise is not giving in
    v = vec("I'll move it, but I need you to knock first next time.", "Your car is in my way.")
    assert v["promise"] and not v["comply"]


def test_agreeing_with_news_is_not_compliance() -> None:
    assert not vec("ok", "My grandad passed away on Sunday.")["comply"]


def test_opening_agreement_after_a_filler_still_counts() -> None:
    assert vec("um, ok, fine", "Can you do the late shift?")["accept_open"]


def test_martyr_promise_needs_a_sting_not_just_just() -> None:
    assert vec("Fine, I'll just eat in my room then.", "You chew so loudly.")["martyr"]
    assert vec("Sure, I'll just walk next time.", "You always take the car.")["martyr"]
    assert not vec("Sorry, I'll just call when I can.", "You never ring.")["martyr"]


def test_sorry_for_existing_is_a_jab() -> None:
    assert vec("Oh, sorry for breathing.", "You're so loud in the mornings.")["sorry_for"]
    assert not vec("Sorry for your loss.", "My uncle died.")["sorry_for"]


def test_contempt_needs_an_evaluation_frame() -> None:
    assert analyse("That's so childish.", "I don't want to go.").cues.get("insult")
    assert not analyse("I feel a bit silly about it.", "Why did you cry?").cues.get("insult")


def test_an_insult_aimed_at_oneself_is_self_blame() -> None:
    an = analyse("sorry, im so lazy", "You forgot the bins again.")
    assert not an.cues.get("insult")
    assert an.cues.get("self_blame")


def test_you_never_inside_a_reflection_is_not_blame() -> None:
    an = analyse("I can see why you feel stuck with a plan you never chose.", "You decided for us.")
    assert not an.cues.get("blame")


def test_you_directive_is_a_command_outside_questions() -> None:
    assert analyse("You need to calm down.", "I'm furious.").imperatives
    assert not analyse("Do you need to sit down?", "I feel dizzy.").imperatives


def test_maybe_if_you_is_blame_not_a_hedge() -> None:
    an = analyse("Maybe if you listened for once.", "You never tell me anything.")
    assert an.cues.get("blame")
    assert not an.cues.get("hedge")


def test_frameless_reflection_that_echoes_their_words() -> None:
    an = analyse("Six weeks of night shifts. You're exhausted.", "I've done six weeks of nights.")
    assert an.reflections


@pytest.mark.parametrize(
    "context",
    [
        "I start my new medication on Monday and I'm nervous.",
        "Nobody at the new office talks to me.",
    ],
)
def test_own_news_with_no_you_and_no_stance_is_not_a_dispute(context: str) -> None:
    # Since pass 7 the reply counts too (a bare "ok" to lonely news can read as avoiding:
    # docs/scoring.md, Limits); a reply that hears them holds no disagreement.
    assert not in_dispute(analyse("That sounds really hard.", context))


@pytest.mark.parametrize(
    "context",
    [
        "I want the garden redone before the party. No exceptions.",
        "Overtime is mandatory this month.",
    ],
)
def test_a_stance_without_you_is_still_a_dispute(context: str) -> None:
    assert in_dispute(analyse("ok", context))


def test_an_attack_after_a_bare_i_know_is_not_assertive() -> None:
    s = score_reply("I know you're tired. Stop moaning.", "I'm exhausted from the night feeds.")
    assert s.assertiveness_style != "assertive"


def test_a_dig_after_going_along_is_not_an_acknowledgement() -> None:
    s = score_reply(
        "ok, I'll just tell him to sleep in his car then",
        context="Did you even think to ask me before you offered our spare room to your mate?",
    )
    assert s.assertiveness_style == "passive_aggressive"
    assert s.listening_level == 0


def test_a_hostile_style_costs_a_level_unless_a_listening_move_is_there() -> None:
    probs = {"0": 0.0, "1": 0.1, "2": 0.8, "3": 0.1}
    heard = cast(Analysis, SimpleNamespace(vector={"ack": 1.0, "reflect": 1.0}))
    asked = cast(Analysis, SimpleNamespace(vector={"open_q": 1.0}, context="", sentences=[]))
    no_model = cast(Linear, None)  # unused: the probabilities are given
    assert listening.assess(heard, no_model, probs)[0] == 2
    assert listening.assess(heard, no_model, probs, "passive_aggressive")[0] == 1
    assert listening.assess(heard, no_model, probs, "passive")[0] == 2
    assert listening.assess(asked, no_model, probs, "aggressive")[0] == 2


def test_tell_me_about_it_invites_rather_than_orders() -> None:
    s = score_reply("Oh? What happened? Tell me about it.", context="Work was weird today.")
    assert "command" not in {e.label for e in s.evidence}
    assert s.assertiveness_style == "assertive"


@pytest.mark.parametrize(
    ("context", "reply"),
    [
        ("Your boxes have been in my garage since March. I need the space.",
         "it's a garage, what else are you using it for"),
        ("I noticed you presented my slides in the meeting as if they were yours.",
         "They were team slides. Nobody cares who typed them."),
    ],
)  # fmt: skip
def test_a_bare_rebuttal_that_hears_nothing_and_owns_nothing_belittles(
    context: str, reply: str
) -> None:
    assert score_reply(reply, context=context).assertiveness_style == "aggressive"


@pytest.mark.parametrize(
    "reply",
    [
        "Since the divorce, really. The evenings are the worst. I kept quiet because "
        "everyone's busy, but I'm glad I've told you.",
        "I'm serious. I've signed for a flat and I'm moving out on the thirtieth. "
        "I wanted you to hear it from me.",
    ],
)
def test_a_plain_disclosure_is_not_a_rebuttal(reply: str) -> None:
    assert score_reply(reply, context="Ha, good one.").assertiveness_style == "assertive"


def test_a_frameless_reflection_then_an_open_question_is_level_3() -> None:
    context = "I moved back in with my parents at 34. I feel like such a failure."
    reflecting = "Moving back at 34 is not what you planned, and it has left you ashamed. "
    sharing = "I moved back at 30 and felt ashamed too. "
    question = "What does failure mean to you here?"
    assert score_reply(reflecting + question, context=context).listening_level == 3
    assert score_reply(sharing + question, context=context).listening_level == 2


def test_told_a_disagreement_is_in_play_the_scorer_always_judges_the_conflict_mode() -> None:
    context = "Oh, here we go. I was up at half four every day this week."
    reply = "Could we split the dishes? I wash tonight and you take tomorrow."
    assert score_reply(reply, context=context, dispute=True).conflict_mode is not None
