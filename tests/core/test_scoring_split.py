"""The modules split out of features.py (shapes, vector) and their fast paths.

The fast paths (bisect over token offsets, counts instead of ``min`` calls) must read
exactly as the plain loops they replaced; each is checked here against a plain version.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ipt_trainer.core.scoring import lexicon, shapes, text
from ipt_trainer.core.scoring.features import analyse
from ipt_trainer.core.scoring.lexicon import Token

_WORDS = st.sampled_from(
    ["I'll", "will", "you", "You", "if", "when", "sorry", "for", "sleeping", "then", "shall",
     "i", "just", "next", "time", "everyone", "nobody", "so", "ok", "yes", "of", "course",
     "fine", "um", "well", "stay", "home", ".", "?", "!", ",", "\n", "😀", "…"]
)  # fmt: skip
_TEXTS = st.lists(_WORDS, max_size=40).map(" ".join)


def _plain_words(toks: list[Token], sents: list[text.Sentence]) -> list[list[str]]:
    """Each sentence's word forms, read with one pointer over the tokens (the old loop)."""
    out: list[list[str]] = []
    ti = 0
    for s in sents:
        forms: list[str] = []
        while ti < len(toks) and toks[ti].start < s.end:
            if toks[ti].start >= s.start:
                forms.append(toks[ti].form)
            ti += 1
        out.append([f for f in forms if f[:1].isalnum()])
    return out


def _plain_shapes(
    toks: list[Token], sents: list[text.Sentence], starts: list[int]
) -> dict[str, float]:
    out = {"martyr": 0.0, "sorry_for": 0.0, "verdict": 0.0, "condition": 0.0, "everyone": 0.0}
    leads = {"so", "and", "but", "oh", "well", "ok", "okay", "yeah", "yes", "no", "look"}
    for s, words in zip(sents, _plain_words(toks, sents), strict=True):
        if not words:
            continue
        if ("ill" in words or "will" in words) and (
            words[-1] == "then"
            or words[-2:] == ["shall", "i"]
            or ("just" in words and "next" in words and "time" in words)
        ):
            out["martyr"] += 1
        for i, w in enumerate(words[:-2]):
            if w == "sorry" and words[i + 1] == "for" and words[i + 2].endswith("ing"):
                out["sorry_for"] += 1
        first = words[0] if words[0] not in leads else (words[1] if len(words) > 1 else "")
        if (
            first in shapes.SECOND_PERSON
            and s.kind == "statement"
            and not any(s.start <= s0 < s.end for s0 in starts)
        ):
            out["verdict"] += 1
        if first in {"if", "when", "until", "unless", "once"} and any(
            w in shapes.SECOND_PERSON for w in words
        ):
            out["condition"] += 1
        out["everyone"] += sum(
            1
            for w in words
            if w in {"everyone", "everybody", "nobody", "anyone", "anybody", "noone"}
        )
    return {k: min(v, 2.0) for k, v in out.items()}


@settings(max_examples=150, deadline=None)
@given(_TEXTS)
def test_shapes_match_the_plain_token_loop(reply: str) -> None:
    norm = text.normalise(text.clean_control(reply))
    toks = lexicon.tokenize(norm)
    sents = text.sentences(norm)
    forms = lexicon.token_forms(toks)
    is_word = [f[:1].isalnum() for f in forms]
    starts = [t.start for t in toks]
    refl = [r.span[0] for r in analyse(reply).reflections]
    got = shapes.shapes(forms, is_word, starts, sents, refl)
    assert got == _plain_shapes(toks, sents, refl)
    assert all(type(v) is float for v in got.values())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["ill", "will", "i", ".", ",", "ok", "think", "x"]), max_size=12))
def test_promises_match_the_plain_count(forms: list[str]) -> None:
    after = {".", ",", "!", "?", "…", "and", "then", "so", "ok", "okay", "fine", "sure", "no",
             "yes", "but", "yeah", "right", "alright", "course", "-", ";", "haan"}  # fmt: skip
    n, prev = 0, "."
    for f in forms:
        n += (f == "ill" and prev in after) or (f == "will" and prev in ("i", ".", ","))
        prev = f
    assert shapes.promises(forms) == n


def test_accepts_reads_only_the_first_two_words() -> None:
    assert shapes.accepts(["um", ",", "of", "course", "not"])
    assert shapes.accepts(["well", "fine"])
    assert not shapes.accepts(["i", "ok"])
    assert not shapes.accepts([".", "!"])


def test_vector_caps_keep_float_values_and_fixed_order() -> None:
    a = analyse("YOU NEVER!!! Stop. Go. Leave. 😀😀😀 Why? How? What?", "You never listen.")
    b = analyse("ok", "")
    assert list(a.vector) == list(b.vector)  # the models sum in this order
    assert a.vector["imperative"] == 2.0 and a.vector["open_q"] == 2.0
    assert a.vector["emoji"] == 1 and b.vector["emoji"] == 0.0
    assert all(isinstance(v, float) for k, v in b.vector.items())
