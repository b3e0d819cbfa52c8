"""Cheap screens in front of the scorer's regexes, and the one-pass model sums.

Each screen skips a regular expression when a plain check (a first letter, a
substring, a word) proves it cannot match; these tests check the proof on
generated text: whenever the regex matches, the screen lets it through. The
unrolled and three-model sums are checked against the plain loop over classes.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from ipt_trainer.core.scoring import lexicon, model, shapes, text, vector

_PIECES = st.sampled_from(
    ["so", "and", "oh", "ok", "now", "why", "what", "how", "who", "are", "you", "i", "do",
     "even", "can", "or", "did", "kind", "of", "asked", "cares", "would", "need", "since",
     "as", "because", "cos", "coz", "because", "tell", "me", "which", "when", "in", "way",
     "d-", "wh-", "-", "'", ",", ", ", "?", "!", ".", " ", "  ", "A", "B", "I", "OK", "NO",
     "YOU", "I'M", "é", "İ", "x", "dare", "could", "many", "times", "problem", "whats",
     "talk", "through", "say", "more", "if", "about", "shall", "will", "ill", "sorry",
     "everyone", "nobody", "your", "then", "time", "next", "just"]
)  # fmt: skip
_TEXTS = st.one_of(
    st.lists(_PIECES, max_size=14).map(" ".join),
    st.lists(_PIECES, max_size=14).map("".join),
    st.text(max_size=40),
)


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_regex_screens_never_hide_a_match(raw: str) -> None:
    low = raw.lower()
    if text._CAPS.search(raw):
        assert text._CAPS_RUN.search(raw)
    if vector._REASON.search(low):
        assert any(w in low for w in vector._REASON_WORDS)
    if text._CHALLENGE_ANY.search(low):
        assert any(w in low for w in text._CHALLENGE_ANY_WORDS)
    if text._CHALLENGE.match(low):
        assert low[:1] in text._CHALLENGE_FIRST
    if text._OPEN_START.match(low):
        assert low[:1] in text._OPEN_FIRST or "-" in low[1:4]
    lead = text._LEAD.match(low)
    if lead and lead.end() > 0:
        assert low[:1] in text._LEAD_FIRST


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=20))
def test_shapes_need_a_trigger_word(words: list[str]) -> None:
    forms = [w.replace("'", "") for w in words if w.strip()]
    is_word = [f[:1].isalnum() for f in forms]
    starts = list(range(0, 2 * len(forms), 2))
    sents = [text.Sentence(0, 2 * len(forms), "statement")] if forms else []
    found = shapes.shapes(forms, is_word, starts, sents, [])
    if shapes._TRIGGERS.isdisjoint(forms):
        assert found == dict.fromkeys(found, 0.0)
    assert list(found) == ["martyr", "sorry_for", "verdict", "condition", "everyone"]


def _plain_probabilities(m: model.Linear, vector: dict[str, float]) -> dict[str, float]:
    logits = list(m.bias)
    for name, x in vector.items():
        col = m.columns.get(name)
        if x and col is not None:
            for c in range(len(logits)):
                logits[c] += col[c] * x
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    total = sum(exps)
    return {c: e / total for c, e in zip(m.classes, exps, strict=True)}


_MODELS = model.load()
_TRIO = (_MODELS["assertiveness"], _MODELS["listening"], _MODELS["conflict"])
_NAMES = sorted(set().union(*(m.columns for m in _TRIO)) | {"not_a_feature"})
_VALUES = st.sampled_from([0.0, 0.0, 0.0, 1.0, 2.0, 0.5, 1, 0.123456789, 3.0, 0.7489330683884977])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NAMES), _VALUES), max_size=40))
def test_unrolled_and_joint_sums_equal_the_plain_loop(items: list[tuple[str, float]]) -> None:
    vec = dict(items)
    plain = tuple(_plain_probabilities(m, vec) for m in _TRIO)
    assert tuple(m.probabilities(vec) for m in _TRIO) == plain
    assert model.probabilities3(_TRIO, vec) == plain


_FORMS = ["not", "never", "dont", "no", ".", "?", "!", "yell", "i", "you", "will", "at", ","]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FORMS), max_size=16))
def test_the_one_pass_negation_mask_reads_negation_like_negated(forms: list[str]) -> None:
    assert lexicon.negation_mask(forms) == [lexicon.negated(forms, i) for i in range(len(forms))]
