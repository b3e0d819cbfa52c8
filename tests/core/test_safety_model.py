"""The learned second stage of the crisis check: reproducible, transparent, explainable."""

from __future__ import annotations

import json
import math
from itertools import pairwise
from pathlib import Path

import pytest

from ipt_trainer.core.safety import analyse, check_text
from ipt_trainer.core.safety_fit import (
    Example,
    crisis_files,
    fit,
    fit_files,
    model_json,
    text_words,
)
from ipt_trainer.core.safety_model import (
    BREAK,
    MODEL_FILE,
    POSSIBLE_RISK,
    Model,
    best_hit,
    features,
    load_model,
    model_from_plain,
    windows,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "crisis"


def _learned_score(text: str) -> float:
    found = analyse(text).learned(threshold=-math.inf)
    assert found is not None
    return found[0]


# Paraphrases no phrase in lexicon.yaml covers, which the learned stage catches.
_ONLY_THE_MODEL_SEES = [
    "I've been planning how to do it",
    "I just want it to be over for good",
    "I have made my arrangements and by friday it will all be quiet for good",
]


def test_refitting_reproduces_the_shipped_weights_byte_for_byte() -> None:
    shipped = MODEL_FILE.read_text(encoding="utf-8")
    threshold = json.loads(shipped)["threshold"]
    refitted = model_json(fit_files(crisis_files(DATA), threshold))
    assert refitted == shipped, (
        "safety_data/model.json is out of date: run python -m ipt_trainer.core.safety_fit"
    )


def test_fitting_is_deterministic() -> None:
    examples = [
        Example(("w:i", "w:die", "b:i_die"), True),
        Example(("w:die", "w:laughing", "b:die_laughing"), False),
        Example(("w:want", "w:die", "b:want_die"), True),
        Example(("w:laughing", "w:i"), False),
    ] * 3
    assert fit(examples) == fit(examples)


def test_the_fast_score_is_the_sum_of_the_feature_weights() -> None:
    model = load_model()
    texts = [json.loads(line)["text"] for line in (DATA / "holdout7.jsonl").open(encoding="utf-8")]
    for text in texts:
        words = text_words(text)
        slow = model.bias + sum(model.weights.get(f, 0.0) for f in features(words))
        assert math.isclose(model.score(words), slow, abs_tol=1e-9), text


@pytest.mark.parametrize("text", _ONLY_THE_MODEL_SEES)
def test_a_paraphrase_the_phrases_miss_is_caught_with_a_span_and_category(text: str) -> None:
    assert analyse(text).phrase is None
    result = check_text(f"Sure, I can ask about the rota. {text}.")
    assert result.crisis
    assert result.start is not None and result.end is not None
    assert f"Sure, I can ask about the rota. {text}."[result.start : result.end] == result.match
    assert result.match and result.match in text
    assert result.category


def test_a_learned_hit_names_a_category_from_its_concepts() -> None:
    assert check_text("I've been planning how to do it").category == "plan or means"
    assert check_text("I just want it to be over for good").category == "wish to be dead"


def test_the_card_quotes_the_deciding_words_not_the_whole_sentence() -> None:
    filler = "so yeah ok sure " * 3
    text = filler + "and honestly I've been planning how to do it " + filler
    result = check_text(text)
    assert result.crisis and result.match is not None
    assert "planning how to do it" in result.match
    assert "yeah" not in result.match


def test_cancelling_rules_beat_the_model() -> None:
    # A phrase matched and a rule cancelled it: the model may not overrule that.
    for text in [
        "I would never kill myself",
        "my character died in the game",
        "I used to self harm but I haven't in four years",
    ]:
        assert not check_text(text).crisis, text


def test_the_words_of_a_cancelled_phrase_are_not_read_but_the_rest_is() -> None:
    """Round 19: a denial cancels its own phrase (and its negator goes with it), not the
    sentence it stands in, so what follows "just" is still read by the model ("denials
    that don't cancel"); sentences are joined by breaks."""
    words = analyse("I would never kill myself, I am just venting").words()
    assert words == ["i", "would", BREAK, "i", "am", "just", "venting"]
    words = analyse("I would never kill myself. My cat is here.").words()
    assert words == ["i", "would", BREAK, "my", "cat", "is", "here"]
    # Left behind, "no longer" would read like "no longer want to live".
    assert not check_text("I no longer want to die, things are better.").crisis
    for text in [
        "I'm not going to kill myself. I'm just going to stop taking my heart tablets.",
        "Not suicidal, just hoping something hits me so it all stops.",
        "No, I'm not suicidal. I just keep thinking about how I would do it.",
    ]:
        check = check_text(text)
        assert check.crisis, text
        assert check.end is not None and check.end > text.lower().index("just"), check.match


_MILDLY_SAD = [
    "I feel a bit sad and tired today.",
    "Everything seems grey and heavy this week.",
    "I miss how things used to be at home.",
    "Work has been exhausting and I feel alone there.",
    "I cried a little on the bus this morning.",
    "Nothing really interests me at the moment.",
    "I feel lonely most evenings after dinner.",
    "My sleep has been poor and I wake up tired.",
    "I am disappointed in myself about the exam.",
    "It has been a hard month and I feel low.",
    "Sometimes I just feel empty and flat.",
    "I do not enjoy my hobbies as much lately.",
]


def test_a_long_paste_of_mildly_sad_words_is_not_a_hit() -> None:
    model = load_model()
    for sentence in _MILDLY_SAD:
        assert not check_text(sentence).crisis, sentence
    paste = " ".join(_MILDLY_SAD * 3)
    words = text_words(paste)
    assert len(words) > 2 * model.window
    assert not check_text(paste).crisis
    assert best_hit(model, words) is None


def test_windows_stop_many_mild_words_from_adding_up() -> None:
    mild = [f"mild{i}" for i in range(40)]
    model = Model(
        weights={f"w:{w}": 0.1 for w in mild}, bias=0.0, threshold=1.0, window=8, concepts={}
    )
    assert model.score(mild) >= model.threshold  # one sum over the paste would be a hit
    assert best_hit(model, mild) is None
    assert best_hit(model, mild[:12]) is None
    assert best_hit(model, mild[:8]) is None


def test_risk_in_the_second_sentence_of_an_ordinary_reply_is_found() -> None:
    text = (
        "Thanks for asking about the rota, I can swap Tuesday with Sam if that helps. "
        "Honestly though I've been planning how to do it and I think this weekend is when."
    )
    assert analyse(text).phrase is None
    assert len(text_words(text)) <= load_model().window
    result = check_text(text)
    assert result.crisis
    assert result.start is not None and result.end is not None
    assert text[result.start : result.end] == result.match
    assert result.match is not None and "planning" in result.match
    assert "rota" not in result.match


def test_long_texts_are_scored_in_overlapping_windows() -> None:
    assert load_model().window >= 80  # an ordinary multi-sentence reply is one window
    assert list(windows(5, 96)) == [(0, 5)]
    spans = list(windows(250, 96))
    assert spans[0] == (0, 96) and spans[-1][1] == 250
    assert all(b - a <= 96 for a, b in spans)
    assert all(later[0] < earlier[1] for earlier, later in pairwise(spans))


def test_the_category_falls_back_to_possible_risk() -> None:
    from ipt_trainer.core.safety_model import concept_labels

    assert concept_labels(["self", "death"]) == POSSIBLE_RISK
    assert concept_labels(["self", "selfharm"]) == "self-harm"


@pytest.mark.parametrize(
    "plain",
    [[], {"weights": {}}, {"weights": [], "bias": 0, "threshold": 0, "window": 3, "concepts": {}}],
)
def test_a_malformed_model_file_is_rejected_with_a_clear_error(plain: object) -> None:
    with pytest.raises(ValueError, match=r"model\.json"):
        model_from_plain(plain)


def test_the_shipped_model_is_small_and_readable() -> None:
    assert MODEL_FILE.stat().st_size < 900_000
    plain = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert set(plain) == {"about", "bias", "threshold", "window", "concepts", "weights"}
    assert all(name[:2] in {"w:", "b:"} for name in plain["weights"])


def test_grouped_measurement_keeps_quiet_files_in_training(tmp_path: Path) -> None:
    from ipt_trainer.core.safety_lofo import _groups

    def write(name: str, risks: list[bool]) -> Path:
        path = tmp_path / name
        rows = [{"id": f"{name}{i}", "text": "x", "risk": r} for i, r in enumerate(risks)]
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        return path

    mixed = [write(f"m{i}.jsonl", [True, False]) for i in range(5)]
    quiet = write("quiet.jsonl", [False, False])
    groups = _groups([*mixed, quiet], 2)
    assert groups == [[mixed[0], mixed[2], mixed[4]], [mixed[1], mixed[3]]]
    assert _groups([*mixed, quiet], None) == [[p] for p in [*mixed, quiet]]


def test_risk_split_over_two_sentences_is_caught_and_scores_above_either_half() -> None:
    # "for it": the bare "I've picked a date." beside such a sentence is now a phrase rule
    # (date_picked), so this wording is the one left to the learned stage. Which of the
    # two sentences the card quotes follows the fitted weights (round 13: the second).
    text = "I've picked a date for it. After my son's birthday, so it doesn't ruin it for him."
    result = check_text(text)
    assert result.crisis
    assert result.start is not None and result.end is not None
    assert text[result.start : result.end] == result.match
    assert result.match is not None and ("date" in result.match or "birthday" in result.match)
    # Until round 24 each half alone was quiet. Since round 25 the meaning stage flags
    # each alone too (a date picked "for it"; a birthday it must not ruin), so what is
    # pinned is that the two together read as much more risky than either.
    halves = [
        "I've picked a date for it.",
        "After my son's birthday, so it doesn't ruin it for him.",
    ]
    whole = _learned_score(text)
    assert all(whole > _learned_score(half) + 1.0 for half in halves)
