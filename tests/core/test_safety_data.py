"""The lexicon files load, and mistakes in them are reported clearly."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError
from ruamel.yaml import YAML

from ipt_trainer.core import safety_patterns
from ipt_trainer.core.safety_patterns import (
    DATA_DIR,
    LexiconError,
    _Compiler,
    lexicon,
    load_lexicon_data,
)
from ipt_trainer.core.safety_schema import FRAME_NAMES, ScopeData
from ipt_trainer.core.safety_text import Spelling, fold_chars, segments

SPELLING = Spelling(misspellings={}, fuzzy_keywords=("suicide", "myself"))


def _compile(phrase: str, slots: dict[str, list[str]] | None = None) -> re.Pattern[str]:
    source = _Compiler(SPELLING, slots or {}).phrase(phrase)
    return re.compile(safety_patterns._M + "(?:" + source + ")")


def _joined(text: str) -> str:
    return "".join(s.joined for s in segments(text, SPELLING))


def test_the_shipped_data_compiles_and_every_category_has_examples() -> None:
    compiled = lexicon()
    data, ignore, _ = load_lexicon_data()
    assert len(compiled.categories) == len(data.categories)
    assert all(c.examples and c.near_misses for c in data.categories)
    assert ignore.groups


@pytest.mark.parametrize(
    ("phrase", "text", "matches"),
    [
        ("want to die", "I WANT TO DIE", True),
        ("kill {me}", "i will kill myself", True),
        ("(a|b c) d", "b c d", True),
        ("x [y] z", "x z", True),
        ("x [y] z", "x y z", True),
        ("suicid*", "suicidal", True),
        ("a ... b", "a 1 2 3 4 b", True),
        ("a ... b", "a 1 2 3 4 5 b", False),
        ("a ...1 b", "a 1 2 b", False),
        ("want to <grave>", "want to 🪦", True),
        ("took <many> pills", "took 20 pills", True),
        ("took <many> pills", "took 2 pills", False),
        ("kill", "skill", False),
        ("better off <end>", "they are better off", True),
        ("better off <end>", "better off if we go", False),
    ],
)
def test_phrase_language(phrase: str, text: str, matches: bool) -> None:
    rx = _compile(phrase, {"me": ["myself", "my self"]})
    assert bool(rx.search(_joined(text))) is matches


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        ("(a|b", "unclosed"),
        ("a)", "unmatched"),
        ("{nope}", "unknown slot"),
        ("(a|)", "empty"),
        ("[a]", None),
        ("{loop}", "itself"),
        ("lost my \\S+ to", "no regex escapes"),
    ],
)
def test_phrase_mistakes_are_named(phrase: str, problem: str | None) -> None:
    compiler = _Compiler(SPELLING, {"loop": ["{loop}"]})
    if problem is None:
        assert compiler.phrase(phrase)
        return
    with pytest.raises(LexiconError, match=problem):
        compiler.phrase(phrase)


def test_a_phrase_that_matches_nothing_at_all_is_rejected() -> None:
    with pytest.raises(LexiconError, match="entry 1 '\\[a\\]': matches nothing"):
        safety_patterns._compile_list(_Compiler(SPELLING, {}), ["[a]"], "test.yaml")


def test_a_broken_data_file_names_the_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in ("lexicon.yaml", "ignore.yaml", "scope.yaml"):
        (tmp_path / name).write_text((safety_patterns.DATA_DIR / name).read_text("utf-8"), "utf-8")
    (tmp_path / "ignore.yaml").write_text("version: 1\ngroups: {a: [ok]}\nsurprise: 1\n", "utf-8")
    monkeypatch.setattr(safety_patterns, "DATA_DIR", tmp_path)
    with pytest.raises(LexiconError, match=r"ignore.yaml: surprise"):
        load_lexicon_data()


def test_folding_keeps_a_map_back_to_the_original_text() -> None:
    text = "Ｉ ｗａｎｔ ß\u200b😀 é"
    folded, back = fold_chars(text)
    assert back is not None and len(back) == len(folded)
    assert all(0 <= i < len(text) for i in back)
    assert "i want ss" in folded


def test_repeated_letters_leetspeak_and_typos_fold_to_one_form() -> None:
    assert _joined("K1LLL myslef") == _joined("kill myself")
    assert _joined("sucide") == _joined("suicide")


def test_spelled_out_masked_and_split_key_words_are_read_whole() -> None:
    spelling = safety_patterns.lexicon().spelling

    def words(text: str) -> list[list[str]]:
        return [[w.text for w in s.words] for s in segments(text, spelling)]

    assert words("k i l l  m y s e l f") == words("kill myself")
    assert words("s*icide") == words("suicide")
    assert words("feeling sui cidal") == words("feeling suicidal")
    # letters that spell nothing in particular stay letters
    assert len(words("options a b c")[0]) == 4
    assert words("proud of my self") == words("proud of myself")


def test_a_one_or_two_word_sentence_finishes_the_one_before() -> None:
    spelling = safety_patterns.lexicon().spelling
    parts = segments("I just want it all to stop. Forever.", spelling)
    assert len(parts) == 1 and parts[0].words[-1].text == "forever"
    assert len(segments("I went to the shop. Then I went home and slept.", spelling)) == 2


def test_scope_frames_are_all_known_and_all_shipped() -> None:
    data = YAML(typ="safe").load((DATA_DIR / "scope.yaml").read_text(encoding="utf-8"))
    assert set(data["frames"]) == FRAME_NAMES, "every rule's list ships, and nothing unread"
    data["frames"]["reportng_verbs"] = ["said"]
    with pytest.raises(ValidationError, match="unknown frame 'reportng_verbs'"):
        ScopeData.model_validate(data)
