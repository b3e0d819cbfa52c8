"""The crisis check: what it catches, what it leaves alone, and how it reports it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from ipt_trainer.core.safety import CrisisCheck, check_text
from ipt_trainer.core.safety_patterns import LexiconData, load_lexicon_data

DATA = Path(__file__).resolve().parents[1] / "data" / "crisis"
HOLDOUTS = [f"holdout{n}.jsonl" for n in ("", "2", "3", "4", "5", "6", "7", "8", "9")]
"""Written after the phrases were frozen, one round at a time (see docs/safety.md)."""
FRESH = [f"holdout{n}.jsonl" for n in (10, 11, 12, 13)]
"""Written by people who never saw the detector; measured once, then used for fitting."""
TRAIN = [f"train{n}.jsonl" for n in range(1, 31)]
"""Training sets from more independent writers, each measured once before fitting on it."""
WRITERS = [f"fresh-{x}.jsonl" for x in [*"efghijklmnopqrstuvwxyz", *(f"z{y}" for y in "abcdef")]]
"""Test sets written by people who never saw the detector, measured (never read) while
they were unseen, then added to the fitting data (docs/safety.md, rounds 11 and 12)."""
QUIET = ["ordinary.jsonl", "everyday.jsonl"]
"""Everyday replies and sentences (no risk at all): training negatives for the learned stage."""


def _rows(name: str) -> list[dict[str, object]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _rates(rows: list[dict[str, object]]) -> tuple[float, float, list[str], list[str]]:
    missed = [str(r["text"]) for r in rows if r["risk"] and not check_text(str(r["text"])).crisis]
    alarms = [str(r["text"]) for r in rows if not r["risk"] and check_text(str(r["text"])).crisis]
    risky = sum(1 for r in rows if r["risk"])
    safe = len(rows) - risky
    return 1 - len(missed) / risky, len(alarms) / safe, missed, alarms


# --- the labelled set ---------------------------------------------------------------------


@pytest.mark.parametrize("name", HOLDOUTS + FRESH + TRAIN + WRITERS)
def test_later_written_sets_are_well_formed_and_half_risk(name: str) -> None:
    rows = _rows(name)
    assert len(rows) >= 40
    assert all(set(r) == {"id", "text", "risk", "kind"} for r in rows)
    # About half risk (texts already in an earlier file were dropped when a set was added).
    assert 0.45 <= sum(1 for r in rows if r["risk"]) / len(rows) <= 0.55


def test_labelled_set_is_big_balanced_and_well_formed() -> None:
    rows = _rows("labelled.jsonl")
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    assert all(set(r) == {"id", "text", "risk", "kind"} for r in rows)
    risky = sum(1 for r in rows if r["risk"])
    assert 0.4 <= risky / len(rows) <= 0.6
    assert len({r["kind"] for r in rows}) >= 15


def test_labelled_set_recall_is_perfect_and_false_alarms_are_rare() -> None:
    recall, false_alarms, missed, alarms = _rates(_rows("labelled.jsonl"))
    assert missed == [], missed
    assert recall == 1.0
    assert false_alarms <= 0.05, alarms


@pytest.mark.parametrize("name", HOLDOUTS)
def test_later_written_sets_stay_above_a_regression_floor(name: str) -> None:
    # These were written after the phrases were frozen, to measure how well the
    # check generalises (numbers in docs/safety.md). The floor only catches a
    # regression; it is deliberately not a target to tune against.
    recall, false_alarms, _, _ = _rates(_rows(name))
    assert recall >= 0.9
    assert false_alarms <= 0.1


@pytest.mark.parametrize("name", FRESH)
def test_independently_written_sets_stay_above_their_floor(name: str) -> None:
    # Written by people who never saw the detector; the phrase stage was not tuned on
    # them, so this floor sits below the older sets' (first measurements in docs/safety.md).
    recall, false_alarms, _, _ = _rates(_rows(name))
    assert recall >= 0.75
    assert false_alarms <= 0.1


@pytest.mark.parametrize("name", QUIET)
def test_everyday_sets_are_quiet_and_well_formed(name: str) -> None:
    rows = _rows(name)
    assert len(rows) >= 50
    assert all(set(r) == {"id", "text", "risk", "kind"} and r["risk"] is False for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)


# --- the examples written next to the phrases ---------------------------------------------


@cache
def _lexicon_data() -> LexiconData:
    return load_lexicon_data()[0]


def _category_cases(field: str) -> list[tuple[str, str]]:
    data = _lexicon_data()
    return [(c.id, text) for c in data.categories for text in getattr(c, field)]


@pytest.mark.parametrize(("category", "text"), _category_cases("examples"))
def test_every_lexicon_example_is_flagged(category: str, text: str) -> None:
    data = _lexicon_data()
    about_someone_else = next(c for c in data.categories if c.id == category).subject == "other"
    result = check_text(text)
    if about_someone_else:
        assert result.concern_for_other and not result.crisis
    else:
        assert result.crisis, result


@pytest.mark.parametrize(("category", "text"), _category_cases("near_misses"))
def test_every_lexicon_near_miss_stays_quiet(category: str, text: str) -> None:
    assert not check_text(text).crisis


# --- behaviours the brief promises ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal lol I just want to die",
        "im not going to do anything but i want to die",
        "I'm not okay, I want to die",
        "I can't promise I won't hurt myself",
        "nah i'm ok. kms though",
    ],
)
def test_denials_that_do_not_cancel_what_follows(text: str) -> None:
    assert check_text(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to hurt myself, I'm just venting",
        "I would never kill myself",
        "I would never, ever kill myself",
        "don't worry, I'm not going to do anything to hurt myself",
        "I have no plans to end my life",
        "I promise I won't hurt myself, I just needed to say it",
        "I used to self harm but I haven't in four years",
        "I have no wish to die, doctor.",
        "I've no wish to die, I just want the pain managed.",
        "There's no way I'd ever kill myself.",
    ],
)
def test_negations_and_recovery_that_do_cancel(text: str) -> None:
    assert not check_text(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "Not going to hurt myself. Not yet anyway.",
        "I won't kill myself for now",
        "I'm not going to end my life today. Maybe next week.",
        "Every day I decide not to kill myself",
        "No, I haven't hurt myself. Not since Tuesday.",
    ],
)
def test_a_denial_that_only_puts_it_off_still_counts(text: str) -> None:
    assert check_text(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "No urge to self harm these days",
        "I have no desire to die, I just want the noise to stop at work",
        "no thoughts of suicide, just tired",
    ],
)
def test_a_bare_no_before_the_urge_or_wish_cancels_it(text: str) -> None:
    """Round 20: "no" alone is not a negator ("no reason to live" is risk), but right
    before the noun that opens the phrase it says the urge or wish is absent."""
    assert not check_text(text).crisis


@pytest.mark.parametrize(
    "text",
    ["I have a desire to die", "my only desire is to not wake up", "the urge to cut is back"],
)
def test_the_urge_or_wish_without_no_still_counts(text: str) -> None:
    assert check_text(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "I have no wish to be alive.",
        "I have no wish to live anymore.",
        "I've got no reason to keep going.",
        "I got no way out, I want to die",
    ],
)
def test_having_no_wish_or_way_does_not_cancel_a_wish_to_be_dead(text: str) -> None:
    """Round 19's negators ("have no", "no way") cancel only the phrase right after them:
    "no wish to die" is a denial, "no wish to be alive" is not."""
    assert check_text(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "Killing myself has never crossed my mind, but I cry in the car a lot.",
        "I've never once thought about killing myself, I'm just sad.",
        "I tried to take my life at 19. I'm 34 now and glad every day that I'm still here.",
    ],
)
def test_negations_after_the_phrase_and_recovery_with_an_age_cancel(text: str) -> None:
    assert not check_text(text).crisis


def test_risk_hidden_in_an_ordinary_reply_is_found_and_quoted_as_written() -> None:
    text = "yeah I'll do the dishes. honestly I just want to DISAPPEAR forever"
    result = check_text(text)
    assert result.crisis
    assert result.match == "just want to DISAPPEAR forever"
    assert result.start is not None and result.end is not None
    assert text[result.start : result.end] == result.match
    assert result.category == "wish to be dead"


def test_third_party_risk_is_a_concern_not_a_crisis() -> None:
    result = check_text("she said she wanted to hurt herself, how do I help her")
    assert not result.crisis
    assert result.concern_for_other
    assert result.match == "hurt herself"


def test_someone_elses_past_suicide_told_as_grief_is_quiet() -> None:
    result = check_text("my brother took his own life two years ago and I still miss him")
    assert result == CrisisCheck(crisis=False)


def test_grief_that_turns_into_wanting_to_join_them_is_flagged() -> None:
    result = check_text("my brother took his own life two years ago and I want to join him")
    assert result.crisis
    assert result.category == "wish to join someone who died"


def test_wanting_to_be_with_a_living_person_is_not_a_reunion_wish() -> None:
    assert not check_text("my grandmother is dying and I want to be with her").crisis


@pytest.mark.parametrize(
    "text",
    [
        "I want to k1ll myself",
        "i want to kil myslef",
        "im so sucidal",
        "i wanna dieeeee",
        "I WANT TO DIE",
        "i\u200b want to d\u200bie",  # zero-width spaces pasted from a phone
        "Ｉ ｗａｎｔ ｔｏ ｄｉｅ",  # fullwidth letters
        "i want to dïe",
        "I’m going to kill myself",
    ],
)
def test_spelling_case_leetspeak_and_unicode_are_folded(text: str) -> None:
    result = check_text(text)
    assert result.crisis
    assert result.start is not None and result.end is not None
    assert text[result.start : result.end] == result.match


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("I've been saving up my sertraline", True),
        ("took 30 of my zopiclone", True),
        ("stockpiling the tramadol the doctor gave me", True),
        ("my sertraline makes me sleepy", False),
        ("the GP switched me from citalopram to sertraline", False),
    ],
)
def test_medicines_by_name_are_read_as_meds(text: str, crisis: bool) -> None:
    """``scope.yaml`` ``same_as``: a phrase written for "meds" covers each medicine's name."""
    result = check_text(text)
    assert result.crisis is crisis
    if crisis:
        assert result.category == "plan or means"


@pytest.mark.parametrize(
    ("text", "crisis"),
    [("💀💀💀", False), ("bro i'm dead 💀", False), ("i want to 🪦", True), ("kms 💀", True)],
)
def test_emoji_alone_are_slang_but_with_intent_are_risk(text: str, crisis: bool) -> None:
    assert check_text(text).crisis is crisis


@pytest.mark.parametrize(
    "text",
    [
        "this job is killing me",
        "I could kill him for that",
        "dying to see it",
        "I'd kill for a coffee",
        "dead tired",
        "you're killing it",
        "my character died",
        "the film about suicide was moving",
        "I have a good nose for that",
        "it would be good if you could take me to the station",
        "I have to take lots of meds for my condition",
        "I cut myself chopping onions",
        "",
    ],
)
def test_idioms_and_everyday_senses_are_quiet(text: str) -> None:
    assert check_text(text) == CrisisCheck(crisis=False)


def test_a_second_person_question_from_a_trainee_is_quiet() -> None:
    result = check_text("Are you having thoughts of ending your life?")
    assert not result.crisis and not result.concern_for_other


def test_the_check_is_deterministic_and_keeps_no_state() -> None:
    texts = ["I want to die", "this job is killing me", "she wants to die"] * 3
    first = [check_text(t) for t in texts]
    assert first == [check_text(t) for t in texts]


def test_result_is_frozen() -> None:
    result = check_text("I want to die")
    with pytest.raises(ValueError):
        result.crisis = False  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "The anniversary of Jamie's suicide is next week. I'm going to visit his bench.",
        "After Jamie\u2019s suicide I joined a support group.",
        "History homework on the Jonestown mass suicide. Grim stuff.",
        "Today is Kev's anniversary. Suicide took him at 23.",
        "My book club is reading A Little Life. Warning: there's a lot of self-harm in it.",
        "doing a fun run for a self-harm support charity next month, sponsor me!",
        "im gonna unalive this pizza",
        "i'm gonna kms in this game if i miss that jump one more time",
    ],
)
def test_someone_elses_suicide_a_book_or_a_thing_is_not_the_writers_risk(text: str) -> None:
    """Round 20: a name's 's owns the phrase; events, books, food and games are not
    the writer."""
    assert not check_text(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "It's suicide or nothing for me now",
        "I keep thinking about suicide",
        "suicide took over my thoughts again last night",
        "i'll kms in this heat",
        "It's the anniversary of my suicide attempt and I'm struggling",
    ],
)
def test_contractions_and_the_writers_own_thoughts_stay_flagged(text: str) -> None:
    assert check_text(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "im ok!! (im not, i want to die)",
        "I'm fine. I'm not, I want to die",
    ],
)
def test_a_negator_that_closes_its_clause_does_not_cancel_what_follows(text: str) -> None:
    """Round 23: "not" then a comma and a new "I" has ended its clause."""
    assert check_text(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "I would never, ever hurt myself",
        "Me saying I'm exhausted doesn't mean I want to die. I just need sleep.",
        "Paramedic here. Attended a suicide today. Debriefed with the team.",
        "I've been cutting people out since the divorce. Only the toxic ones.",
    ],
)
def test_emphasis_explanation_work_and_cutting_people_out_stay_quiet(text: str) -> None:
    assert not check_text(text).crisis
