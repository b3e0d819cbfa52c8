"""The compiled-lexicon cache gives exactly the lexicon the YAML gives, or none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipt_trainer.core import safety_cache, safety_patterns
from ipt_trainer.core.safety import check_text
from ipt_trainer.core.safety_patterns import ANY_WORD, Lexicon, _Compiler, build_lexicon
from ipt_trainer.core.safety_text import MARK, segments

LABELLED = Path(__file__).resolve().parents[1] / "data" / "crisis" / "labelled.jsonl"


def _fresh_lexicon() -> Lexicon:
    """``lexicon()`` without its in-process memo, so the disk cache is consulted."""
    return safety_patterns.lexicon.__wrapped__()


def _signature(lx: Lexicon) -> object:
    return (
        [(c.id, c.label, c.subject, c.requires_context, c.regex.pattern) for c in lx.categories],
        lx.ignore.pattern,
        dict(lx.negators_by_last),
        lx.fillers,
        lx.negation_blockers.pattern,
        lx.self_words,
        lx.other_words,
        lx.neutral_words,
        {k: v.pattern for k, v in lx.contexts.items()},
        lx.past_markers.pattern,
        lx.recovery.pattern,
        dict(lx.spelling.misspellings),
        lx.spelling.fuzzy_keywords,
        lx.spelling.keep_doubles,
    )


@pytest.fixture
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(safety_cache.CACHE_DIR_ENV, str(tmp_path))
    return tmp_path


def test_first_load_writes_a_cache_and_the_second_reads_the_same_lexicon(cache_in: Path) -> None:
    built = _fresh_lexicon()
    files = list(cache_in.glob("safety-lexicon-*.json"))
    assert len(files) == 1
    restored = _fresh_lexicon()
    assert _signature(restored) == _signature(built) == _signature(build_lexicon())


def test_the_restored_patterns_find_exactly_what_freshly_compiled_ones_find(cache_in: Path) -> None:
    _fresh_lexicon()
    restored = _fresh_lexicon()
    fresh = build_lexicon()
    texts = [json.loads(line)["text"] for line in LABELLED.read_text("utf-8").splitlines()]
    for text in texts:
        for segment in segments(text, fresh.spelling):
            joined = segment.joined
            for a, b in zip(restored.categories, fresh.categories, strict=True):
                assert [m.span() for m in a.regex.finditer(joined)] == [
                    m.span() for m in b.regex.finditer(joined)
                ]
            assert [m.span() for m in restored.ignore.finditer(joined)] == [
                m.span() for m in fresh.ignore.finditer(joined)
            ]


@pytest.mark.parametrize(
    "damage",
    [
        "not json at all",
        '{"key": "wrong", "lexicon": {}}',
        "{}",
        "[]",
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored_and_rebuilt(cache_in: Path, damage: str) -> None:
    _fresh_lexicon()
    (cached,) = cache_in.glob("safety-lexicon-*.json")
    cached.write_text(damage, "utf-8")
    assert _signature(_fresh_lexicon()) == _signature(build_lexicon())


def test_tampered_byte_code_is_rejected_not_trusted(cache_in: Path) -> None:
    _fresh_lexicon()
    (cached,) = cache_in.glob("safety-lexicon-*.json")
    data = json.loads(cached.read_text("utf-8"))
    data["lexicon"]["ignore"]["code"] = [999999, 1, 2, 3]
    cached.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ValueError):
        safety_cache.restore_pattern(data["lexicon"]["ignore"])
    assert _signature(_fresh_lexicon()) == _signature(build_lexicon())


def test_an_unwritable_cache_folder_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv(safety_cache.CACHE_DIR_ENV, str(blocker / "inside"))
    assert _signature(_fresh_lexicon()) == _signature(build_lexicon())


def test_the_check_still_works_end_to_end_after_a_cached_load(cache_in: Path) -> None:
    _fresh_lexicon()
    _fresh_lexicon()
    assert check_text("honestly I just want to disappear forever").crisis
    assert not check_text("this job is killing me").crisis


def _every_match_start(regex: object, joined: str) -> list[int]:
    """Where a match starts when the regex is tried at every word (the slow way)."""
    assert hasattr(regex, "match")
    return [
        at
        for at, ch in enumerate(joined)
        if ch == MARK and at < len(joined) - 1 and regex.match(joined, at) is not None
    ]


def test_the_first_word_index_never_skips_a_place_where_a_phrase_matches() -> None:
    """The check only tries a category where its first words stand; the regex run at
    every word of every crisis-data text must find no start the index would skip."""
    lx = build_lexicon()
    texts = [
        json.loads(line)["text"]
        for path in sorted(LABELLED.parent.glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
    ]
    for text in texts:
        for segment in segments(text, lx.spelling):
            joined = segment.joined
            positions = [i for i, ch in enumerate(joined) if ch == MARK][:-1]
            masks = dict(
                zip(positions, (lx.start_mask(w.text) for w in segment.words), strict=True)
            )
            for bit, category in enumerate(lx.categories):
                for at in _every_match_start(category.regex, joined):
                    assert masks[at] >> bit & 1, (category.id, text)


def test_first_words_of_phrases_follow_optional_parts_slots_and_stems() -> None:
    slots = {"fruit": ["(mango|pear plum)", "[fig] lime"]}
    compiler = _Compiler(build_lexicon().spelling, slots)
    assert compiler.part("[mango|pear] plum grape").first == {"mango", "pear", "plum"}
    assert compiler.part("{fruit} kiwi").first == {"mango", "pear", "fig", "lime"}
    assert compiler.part("kill* me").first == {"kil*"}
    assert ANY_WORD in compiler.part("... kiwi").first
    assert not compiler.part("mango [pear]").nullable
    assert compiler.part("[mango] ...").nullable


def test_a_new_build_replaces_caches_for_older_data(cache_in: Path) -> None:
    stale = cache_in / "safety-lexicon-000000000000000000000000.json"
    stale.write_text("{}", "utf-8")
    _fresh_lexicon()
    assert not stale.exists()
    assert len(list(cache_in.glob("safety-lexicon-*.json"))) == 1
