"""The meaning stage of the crisis check (round 25, docs/safety.md): distilled word-piece
rows, a small network on their average, added within a limit to the word model."""

from __future__ import annotations

import base64
import json
import math
from dataclasses import replace

import pytest

from ipt_trainer.core.safety import analyse, check_text
from ipt_trainer.core.safety_meaning import (
    MEANING_FILE,
    Meaning,
    form,
    meaning_from_plain,
    shipped_meaning,
    split,
)
from ipt_trainer.core.safety_model import load_model


def _tiny(**changes: object) -> Meaning:
    """Two hidden units; 'die' pushes the first up, 'cake' the second (which counts against)."""
    rows = [
        (0, 0),  # i
        (0, 0),  # want
        (0, 0),  # to
        (100, 0),  # die
        (0, 100),  # cake
        (50, 0),  # un
        (50, 0),  # ##alive
    ]
    meaning = Meaning(
        pieces=("i", "want", "to", "die", "cake", "un", "##alive"),
        rows=bytes(v & 0xFF for row in rows for v in row),
        scale=(0.01, 0.01),
        hidden_bias=(0.0, 0.0),
        out=(4.0, -4.0),
        out_bias=-1.0,
        weight=0.5,
        limit=1.0,
    )
    return replace(meaning, **changes)  # type: ignore[arg-type]


def test_words_split_into_the_longest_pieces_from_the_left() -> None:
    index = {"un": 0, "unal": 1, "##alive": 2, "##ive": 3, "die": 4}
    # the longest first piece wins ("unal"), as in the embedding model's own tokenizer
    assert split("unalive", index) == [1, 3]
    assert split("unalive", {k: v for k, v in index.items() if k != "unal"}) == [0, 2]
    assert split("die", index) == [4]
    assert split("dies", index) is None  # no piece for "##s": the word has no meaning
    assert split("", index) is None
    assert split("a" * 41, {"a": 0, "##a": 1}) is None


def test_the_form_is_the_vocabulary_spelling_of_the_original_word() -> None:
    assert form("Sleep") == "sleep"  # not folded to "slep"
    assert form("café") == "cafe"
    assert form("don't") == "dont"
    assert form("k1ll") == "k1ll"
    assert form("死") == ""


def test_the_score_is_the_network_on_the_average_of_the_pieces() -> None:
    meaning = _tiny()
    # "die": first unit 100 * 0.01 = 1.0 -> out 4.0 - 1.0 = 3.0, times 0.5, within 1.0
    assert meaning.score(["die"]) == 1.0
    # averaged with three empty pieces: 0.25 -> 4 * 0.25 - 1 = 0.0
    assert meaning.score(["i", "want", "to", "die"]) == pytest.approx(0.0)
    # "unalive": two pieces of 50 -> the average is 0.5 -> 2 - 1 = 1.0, times 0.5
    assert meaning.score(["unalive"]) == pytest.approx(0.5)
    assert meaning.score(["cake"]) == -1.0  # limited on the way down too
    assert meaning.score(["zzz", None]) == 0.0  # no pieces, no say
    assert _tiny(limit=9.0).score(["die"]) == pytest.approx(1.5)


def test_a_broken_meaning_file_is_named() -> None:
    plain = {
        "pieces": ["a", "b"],
        "rows": base64.b64encode(bytes(4)).decode(),
        "scale": [1.0, 1.0],
        "hidden_bias": [0.0, 0.0],
        "out": [1.0, 1.0],
        "out_bias": 0.0,
        "weight": 0.5,
        "limit": 1.0,
    }
    assert meaning_from_plain(plain).width == 2
    for key, value in [
        ("rows", base64.b64encode(bytes(3)).decode()),
        ("out", [1.0]),
        ("limit", math.inf),
        ("rows", "not base64!"),
    ]:
        with pytest.raises(ValueError, match=r"^meaning\.json: "):
            meaning_from_plain({**plain, key: value})
    with pytest.raises(ValueError, match=r"^meaning\.json: "):
        meaning_from_plain({k: v for k, v in plain.items() if k != "weight"})
    with pytest.raises(ValueError, match=r"^meaning\.json: "):
        meaning_from_plain([])


def test_the_shipped_stage_is_in_the_model_and_adds_within_its_limit() -> None:
    meaning = shipped_meaning()
    assert load_model().meaning is meaning
    assert meaning.width == 64 and len(meaning.pieces) > 20_000
    assert "all-MiniLM-L6-v2 (Apache-2.0" in json.loads(MEANING_FILE.read_text("utf-8"))["about"]
    words_only = replace(load_model(), meaning=None)
    for text in ["I don't want to be rescued this time.", "Can we split the chores?", "x"]:
        analysis = analyse(text)
        words, forms = analysis.words(), analysis.forms()
        added = meaning.score(forms)
        assert abs(added) <= meaning.limit
        assert load_model().score(words, forms) == pytest.approx(words_only.score(words) + added)


def test_risk_in_words_the_word_model_weighs_too_little_is_caught() -> None:
    # From calibration set xb (read): "rescued" and "this time" carry the meaning.
    text = "I don't want to be rescued this time."
    assert check_text(text).crisis
    without = analyse(text).learned(replace(load_model(), meaning=None))
    assert without is None
