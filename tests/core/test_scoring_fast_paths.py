"""The scorer's fast paths must give exactly what the plain versions give.

Tokenising, stems, pronoun counts and the result models are built with
C-level tricks for speed (docs/performance.md, "Scorer"); each is checked
here against the straightforward version it replaced.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ipt_trainer.core.scores import ReplyScore, Tip
from ipt_trainer.core.scoring import lexicon, score_reply, text
from ipt_trainer.core.scoring.spans import make_score, make_tip

_PLAIN_TOKEN = re.compile(r"[\w']+|[^\w\s]")


def _plain_tokenize(norm: str) -> list[lexicon.Token]:
    raw = [(m.start(), m.end(), m.group()) for m in _PLAIN_TOKEN.finditer(norm)]
    out: list[lexicon.Token] = []
    i = 0
    while i < len(raw):
        s, e, w = raw[i]
        if i + 1 < len(raw) and (w, raw[i + 1][2]) in lexicon._MERGE:
            out.append(lexicon.Token(s, raw[i + 1][1], lexicon._MERGE[(w, raw[i + 1][2])]))
            i += 2
            continue
        out.append(lexicon.Token(s, e, lexicon._form(w)))
        i += 1
    return out


_PIECES = st.sampled_from(
    ["i", "am", "will", "not", "do", "we're", "cannot", "I'm", "you", "are", "it", "is",
     " ", "  ", "\n", ",", "'", "’", "!", "?", "...", "_", "*", "é", "ß", "İ", "日本", "😀",
     "\x00", "\x1f", "ﬁ", "x1", "can", "that"]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_tokenize_matches_the_plain_loop(raw: str) -> None:
    for norm in (raw, raw.lower(), text.normalise(text.clean_control(raw))):
        toks = lexicon.tokenize(norm)
        assert toks == _plain_tokenize(norm)
        assert all(type(t) is lexicon.Token for t in toks)


def test_tokenize_merges_left_to_right() -> None:
    forms = [t.form for t in lexicon.tokenize("i will not, i am. do not do not")]
    assert forms == ["ill", "not", ",", "im", ".", "dont", "dont"]


def test_alnum_pattern_is_str_isalnum() -> None:
    for cp in range(0, 0x110000, 7):
        c = chr(cp)
        assert bool(text._ALNUM.match(c)) == c.isalnum(), hex(cp)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=20))
def test_content_stems_and_pronouns_match_plain_versions(forms: list[str]) -> None:
    expected = {
        text._stem(w) for w in forms if len(w) > 2 and w not in text.STOPWORDS and w[0].isalpha()
    }
    assert text.content_stems(forms) == expected
    assert text.content_stems(iter(forms)) == expected
    i = sum(w in text._FIRST for w in forms)
    you = sum(w in text._SECOND for w in forms)
    we = sum(w in text._PLURAL for w in forms)
    assert text.pronoun_counts(forms) == (i, you, we)
    assert text.pronoun_counts(iter(forms)) == (i, you, we)


def test_pronoun_sets_are_disjoint() -> None:
    assert not (text._FIRST & text._SECOND)
    assert not (text._FIRST & text._PLURAL)
    assert not (text._SECOND & text._PLURAL)


def _same_model(a: object, b: object) -> None:
    assert a == b
    assert repr(a) == repr(b)
    assert a.model_dump_json() == b.model_dump_json()  # type: ignore[attr-defined]
    assert a.model_fields_set == b.model_fields_set  # type: ignore[attr-defined]
    assert list(a.__dict__) == list(b.__dict__)
    assert hash(a) == hash(b)


def test_make_tip_equals_the_validating_constructor() -> None:
    _same_model(
        make_tip(skill="assertiveness", quote="q", message="m"),
        Tip(skill="assertiveness", quote="q", message="m"),
    )
    for sug in (None, "s"):
        _same_model(
            make_tip(skill="active_listening", quote="q", message="m", suggestion=sug),
            Tip(skill="active_listening", quote="q", message="m", suggestion=sug),
        )
    with pytest.raises(ValidationError):
        make_tip(skill="listening", quote="q", message="m")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("reply", "context"),
    [
        ("You never help. Do it NOW!!", "Why is the kitchen a mess?"),
        ("It sounds like you're exhausted. What's been hardest?", "I'm so tired lately."),
        ("Sorry, sorry, maybe we could, um, talk later?", ""),
    ],
)
def test_make_score_equals_the_validating_constructor(reply: str, context: str) -> None:
    built = score_reply(reply, context)
    fields = {name: getattr(built, name) for name in ReplyScore.model_fields}
    _same_model(built, ReplyScore(**fields))
    _same_model(make_score(**fields), ReplyScore(**fields))


def test_make_score_falls_back_to_validation() -> None:
    fields: dict[str, object] = {
        "assertiveness": 70.0,
        "assertiveness_style": "assertive",
        "active_listening": 30,
        "listening_level": 1,
        "conflict_resolution": None,
        "conflict_mode": None,
        "evidence": (),
        "feedback": (),
    }
    _same_model(make_score(**fields), ReplyScore(**fields))  # type: ignore[arg-type]
    assert make_score(**fields).assertiveness == 70  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        make_score(**{**fields, "conflict_mode": "competing"})  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        make_score(**{**fields, "active_listening": 101})  # type: ignore[arg-type]


def _plain_find_all(toks: list[lexicon.Token]) -> dict[str, list[tuple[int, int]]]:
    """Phrase look-up the long way: two tables (first word, first two words), no folding."""
    by_first: dict[str, list[lexicon.Entry]] = {}
    by_pair: dict[tuple[str, str], list[lexicon.Entry]] = {}
    for fam in lexicon.FAMILIES:
        for line in lexicon._read(fam):
            pat = lexicon._pattern(line)
            if not pat:
                continue
            seconds = lexicon._forms(pat[1]) if len(pat) > 1 else []
            for f in lexicon._forms(pat[0]):
                for g in seconds:
                    by_pair.setdefault((f, g), []).append((fam, pat))
                if not seconds:
                    by_first.setdefault(f, []).append((fam, pat))
    for table in (by_first, by_pair):
        for lst in table.values():
            lst.sort(key=lambda fp: -len(fp[1]))
    forms = [t.form for t in toks]
    found: dict[str, list[tuple[int, int]]] = {}
    last_end: dict[str, int] = {}
    for i, form in enumerate(forms):
        j = i + 1
        while j < len(forms) and forms[j] in lexicon._SOFT_PUNCT:
            j += 1
        pair = by_pair.get((form, forms[j]), []) if j < len(forms) else []
        for fam, pat in pair + by_first.get(form, []):
            if last_end.get(fam, -1) > i:
                continue
            end = lexicon._match_at(forms, i, pat)
            if end > i:
                found.setdefault(fam, []).append((i, end))
                last_end[fam] = end
    return found


_CUE_PIECES = st.sampled_from(
    ["i", "feel", "that", "you", "never", "always", "sorry", "it", "sounds", "like", "what",
     "if", "we", "could", "maybe", "just", "not", "going", "to", "fine", "whatever", ",", ".",
     "-", "'", "?", "u", "ur", "okay", "ok", "let's", "both", "tonight", "am", "do"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_CUE_PIECES, max_size=25))
def test_find_all_matches_the_two_table_walk(pieces: list[str]) -> None:
    toks = lexicon.tokenize(" ".join(pieces))
    found = lexicon.find_all(toks)
    expected = _plain_find_all(toks)
    assert found == expected
    assert list(found) == list(expected)
    assert lexicon.token_forms(toks) == [t.form for t in toks]
