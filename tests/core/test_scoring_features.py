"""Unit tests for the linguistic features the scorer stands on."""

from __future__ import annotations

from ipt_trainer.core.scoring import score_reply
from ipt_trainer.core.scoring.features import analyse
from ipt_trainer.core.scoring.text import sentences


def labels(reply: str, context: str = "") -> list[str]:
    return [e.label for e in score_reply(reply, context).evidence]


def test_negated_threat_is_not_aggressive() -> None:
    s = score_reply("I'm not going to yell at you", "You always shout at me.")
    assert s.assertiveness_style != "aggressive"
    assert "threat or ultimatum" not in labels("I'm not going to yell at you")


def test_threat_without_negation_is_found() -> None:
    assert "threat or ultimatum" in labels("Pay me by Friday or else.")


def test_burden_apology_is_passive() -> None:
    assert score_reply("I don't want to be a burden, sorry").assertiveness_style == "passive"


def test_i_feel_that_you_is_not_an_i_statement() -> None:
    found = labels("I feel that you're being dramatic", "You left the dishes again.")
    assert "I-statement" not in found
    assert any("opinion" in x for x in found)
    assert "I-statement" in labels("I feel hurt when plans change at the last minute.")


def test_open_and_closed_questions() -> None:
    kinds = [s.kind for s in sentences("what was the hardest part? was it bad? how about tea?")]
    assert kinds == ["open", "closed", "proposal"]
    # an informal open question without a question mark still counts
    assert [s.kind for s in sentences("what are you doing today")] == ["open"]
    # a rhetorical 'why are you...' argues rather than asks
    assert [s.kind for s in sentences("why are you making this a big deal?")] == ["challenge"]


def test_open_question_lifts_listening_above_closed() -> None:
    ctx = "I had a rough day at work."
    open_q = score_reply("What was the hardest part?", ctx)
    closed_q = score_reply("Was it bad?", ctx)
    assert open_q.listening_level == 2
    assert closed_q.listening_level == 1
    assert open_q.active_listening > closed_q.active_listening


def test_time_out_with_a_plan_is_not_avoiding() -> None:
    ctx = "You never listen to me! This is the third time I've said it."
    s = score_reply("Can we talk about this tonight after dinner when we're both calmer?", ctx)
    assert s.conflict_mode in ("collaborating", "compromising")
    assert score_reply("I'm not doing this. Leave it.", ctx).conflict_mode == "avoiding"


def test_grief_context_has_no_conflict() -> None:
    s = score_reply("I'm so sorry. What was she like?", "My mum died last week.")
    assert s.conflict_mode is None and s.conflict_resolution is None


def test_advice_to_someone_grieving_is_listening_zero() -> None:
    ctx = "I keep putting out two cups for tea. Forty years, and now it's just me."
    assert score_reply("You should get a cat! It'd be company.", ctx).listening_level == 0
    assert score_reply("At least he had a long life.", ctx).listening_level == 0


def test_reflection_with_feeling_and_open_question_is_level_three() -> None:
    ctx = "I've been so stressed since Mum moved in with us."
    reply = "It sounds like you're exhausted since she arrived. What's been hardest?"
    s = score_reply(reply, ctx)
    assert s.listening_level == 3
    assert "reflection of feeling" in labels(reply, ctx)


def test_shouting_and_repeated_punctuation() -> None:
    found = labels("It's MY house!!")
    assert "shouting (capitals)" in found and "repeated punctuation" in found
    # acronyms are not shouting
    assert "shouting (capitals)" not in labels("My GP says it's MS.")


def test_sarcasm_reads_passive_aggressive() -> None:
    ctx = "I'm sick of being the only one who ever cleans the kitchen."
    s = score_reply("Fine. I'll do everything, since apparently I do nothing.", ctx)
    assert s.assertiveness_style == "passive_aggressive"
    assert "sarcasm" in labels("Fine. I'll do everything, since apparently I do nothing.", ctx)


def test_blame_and_command_read_aggressive() -> None:
    ctx = "Why do you always leave your shoes in the hallway?"
    s = score_reply("You never listen. Just stop nagging me!!", ctx)
    assert s.assertiveness_style == "aggressive"
    assert s.conflict_mode == "competing"


def test_overlap_with_context_is_measured() -> None:
    an = analyse("So the kitchen has become your job.", "I always clean the kitchen.")
    assert an.overlap > 0
    assert analyse("Nice weather.", "I always clean the kitchen.").overlap == 0


def test_typing_variants_match() -> None:
    # no apostrophes, 'u' for you, 'your' for you're
    assert "blaming you-statement" in labels("u never help")
    assert "deferring" in labels("no your right, whatever you want")


def test_lead_words_alone_ask_nothing() -> None:
    assert [s.kind for s in sentences("honestly? not great.")] == ["statement", "statement"]
    assert [s.kind for s in sentences("so? was it bad?")] == ["statement", "closed"]
