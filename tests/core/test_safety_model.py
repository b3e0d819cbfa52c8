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
    text_windows,
)
from ipt_trainer.core.safety_model import (
    BREAK,
    MODEL_FILE,
    POSSIBLE_RISK,
    best_hit,
    features,
    load_model,
    model_from_plain,
    windows,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "crisis"

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
        Example(("w:die", "c:death", "c:self"), True),
        Example(("w:die", "c:death", "w:laughing"), False),
        Example(("w:want", "w:die", "c:death"), True),
        Example(("w:laughing", "c:idiom"), False),
    ] * 3
    assert fit(examples) == fit(examples)


def test_the_fast_score_is_the_sum_of_the_feature_weights() -> None:
    model = load_model()
    texts = [json.loads(line)["text"] for line in (DATA / "holdout7.jsonl").open(encoding="utf-8")]
    for text in texts:
        for words in text_windows(text):
            slow = model.bias + sum(
                model.weights.get(f, 0.0) for f in features(words, model.concepts_of)
            )
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


def test_without_a_gate_word_nothing_is_scored() -> None:
    model = load_model()
    assert model.gated_score(["i", "am", "so", "sad", "today"]) is None
    assert best_hit(model, ["i", "am", "so", "sad", "today"]) is None


def test_long_sentences_are_scored_in_overlapping_windows() -> None:
    assert list(windows(5, 24)) == [(0, 5)]
    spans = list(windows(60, 24))
    assert spans[0] == (0, 24) and spans[-1][1] == 60
    assert all(b - a <= 24 for a, b in spans)
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
    assert MODEL_FILE.stat().st_size < 600_000
    plain = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert set(plain) == {"about", "bias", "threshold", "window", "concepts", "gate", "weights"}
    assert all(name[:2] in {"w:", "b:", "c:", "x:", "o:"} for name in plain["weights"])


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


def test_risk_split_over_two_sentences_is_caught_and_quoted_across_them() -> None:
    # "for it": the bare "I've picked a date." beside such a sentence is now a phrase rule
    # (date_picked), so this wording is the one left to the learned stage's pairs.
    text = "I've picked a date for it. After my son's birthday, so it doesn't ruin it for him."
    result = check_text(text)
    assert result.crisis
    assert result.start is not None and result.end is not None
    assert text[result.start : result.end] == result.match
    assert result.match is not None and "date" in result.match and "birthday" in result.match
    # each sentence alone is ordinary
    assert not check_text("I've picked a date for it.").crisis
    assert not check_text("After my son's birthday, so it doesn't ruin it for him.").crisis


def test_sentences_are_paired_only_when_neighbours_and_short_enough() -> None:
    analysis = analyse("I am fine. My cat is here. " + "word " * 30 + ".")
    units = analysis.units(24)
    assert ["i", "am", "fine", BREAK, "my", "cat", "is", "here"] in units
    assert not any(BREAK in unit and len(unit) > 24 for unit in units)
