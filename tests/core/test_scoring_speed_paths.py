"""The scorer's newer fast paths give exactly what the plain versions gave.

Each speed-up in docs/performance.md ("Scorer", run 8) replaced a plain piece
of code; the plain version is kept here as the reference and compared on
generated text, so a change that alters any output fails.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ipt_trainer.core.scoring import assertiveness, feedback, lexicon, listening, text
from ipt_trainer.core.scoring.memo import WordMemo

_PIECES = st.sampled_from(
    ["so", "and", "oh", "ok", "just", "now", "please", "what", "how", "why", "what if",
     "shall we", "do", "you", "i", "am", "will", "not", "mean", "really", "sorry", "privacy",
     " ", "  ", "\n", "\t", "\u3000", ",", ".", "!", "?", "...", "…", "'", "’", "`", "“",
     "é", "İ", "😀", "x1", "can", "it", "is", "are", "we"]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=30).map(" ".join))
_GLUED = st.lists(_PIECES, max_size=30).map("".join)


def _plain_normalise(raw: str) -> str:
    flat = raw.translate(text._QUOTES)
    low = flat.lower()
    if len(low) == len(flat):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in flat)


def _plain_sentences(norm: str) -> list[text.Sentence]:
    out: list[text.Sentence] = []
    for m in text._SENTENCE.finditer(norm):
        seg = m.group()
        stripped = seg.strip()
        if not any(c.isalnum() for c in stripped):
            continue
        start = m.start() + len(seg) - len(seg.lstrip())
        end = m.start() + len(seg.rstrip())
        lead = text._LEAD.match(stripped)
        body = stripped[lead.end() :] if lead else stripped
        # Lead words alone ("So?", "Honestly? It's a sink.") ask nothing.
        asks = "?" in stripped and any(c.isalnum() for c in body)
        kind = "statement"
        if text._CHALLENGE.match(body) or (asks and text._CHALLENGE_ANY.search(body)):
            kind = "challenge"
        elif asks and text._PROPOSAL_START.match(body):
            kind = "proposal"
        elif text._OPEN_START.match(body) and (asks or text._WH_NO_MARK.match(body)):
            kind = "open"
        elif asks:
            kind = "closed"
        if kind == "closed":
            first = body.split(None, 3)
            if (
                0 < len(first) <= 3
                and m.end() < len(norm.rstrip())
                and not text._AUX_START.match(body)
                and first[0].strip("?!.,") not in text._ECHO_OK
            ):
                kind = "challenge"
        out.append(text.Sentence(start, end, kind))
    return out


def _plain_first_word(norm: str, sent: text.Sentence) -> tuple[str, int]:
    seg = norm[sent.start : sent.end]
    skipped = text._LEAD.match(seg)
    off = skipped.end() if skipped else 0
    m = text._WORD.search(seg, off)
    if not m:
        return "", sent.start
    word = m.group()
    if word in ("just", "now", "please") and m.end() < len(seg):
        nxt = text._WORD.search(seg, m.end())
        if nxt and word != "please":
            return nxt.group(), sent.start + nxt.start()
        return "please", sent.start + m.start()
    return word, sent.start + m.start()


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXTS, _GLUED))
def test_sentences_and_first_words_match_the_plain_versions(raw: str) -> None:
    assert text.normalise(raw) == _plain_normalise(raw)
    norm = text.normalise(text.clean_control(raw))
    sents = text.sentences(norm)
    assert sents == _plain_sentences(norm)
    assert all(type(s) is text.Sentence for s in sents)
    assert [hash(s) for s in sents] == [hash(s) for s in _plain_sentences(norm)]
    for s in sents:
        assert text.first_word_after_lead(norm, s) == _plain_first_word(norm, s)
    # A sentence that does not come from this text (past its end) is still handled.
    far = text.Sentence(len(norm) + 3, len(norm) + 9, "statement")
    assert text.first_word_after_lead(norm, far) == _plain_first_word(norm, far)


def test_normalise_keeps_the_backtick_rule_on_ascii() -> None:
    assert text.normalise("Don`t SAY it") == "don't say it"
    assert text.normalise("Don’t `SAY` it") == "don't 'say' it"


_MERGE_SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\u3000", "\u00a0", "\x1c", " \n "])


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(lexicon._MERGE)),
    _MERGE_SPACES,
    st.sampled_from(["", "x", "'", "é", ".", " so"]),
)
def test_two_word_forms_merge_across_any_white_space(
    pair: tuple[str, str], space: str, after: str
) -> None:
    first, second = pair
    norm = f"oh {first}{space}{second}{after}"
    toks = lexicon.tokenize(norm)
    plain = [(m.start(), m.end(), m.group()) for m in lexicon._TOKEN.finditer(norm)]
    if after[:1] in ("", ".", " "):
        # The second word is whole: one merged token, spanning both words.
        assert toks[1] == lexicon.Token(plain[1][0], plain[2][1], lexicon._MERGE[pair])
        assert len(toks) == len(plain) - 1
    else:
        # "i amx", "do not'": the second word runs on, so nothing merges.
        assert [t.form for t in toks] == [lexicon._form(w) for _, _, w in plain]


def test_forms_memo_is_bounded_and_keeps_no_long_words() -> None:
    memo = WordMemo(lexicon._token_form, limit=3, longest=5)
    for w in ("a", "b", "c", "d"):
        assert memo[w] == w
    assert len(memo) <= 3
    assert memo["we're"] == "were_"
    assert memo["i \n am"] == "im"
    assert memo["abcdefgh"] == "abcdefgh" and "abcdefgh" not in memo


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXTS, st.text(alphabet=" \n\t\u00a0\u3000ab…", max_size=200)))
def test_quote_matches_the_plain_version(raw: str) -> None:
    folded = " ".join(raw.split())
    plain = folded if len(folded) <= 120 else folded[:119].rstrip() + "…"
    assert feedback._quote(raw) == plain


_PROBS = st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=4, max_size=4)


@settings(max_examples=300, deadline=None)
@given(_PROBS, st.sampled_from(assertiveness.CLASSES))
def test_style_score_and_expected_level_sum_as_before(values: list[float], style: str) -> None:
    probs = dict(zip(assertiveness.CLASSES, values, strict=True))
    lo, hi = assertiveness.BANDS[style]
    lean = sum(probs.get(c, 0.0) * assertiveness.RANK[c] for c in assertiveness.CLASSES) / 3.0
    if style == "assertive":
        lean = probs.get("assertive", 0.0)
    assert assertiveness.score(style, probs) == round(lo + (hi - lo) * min(1.0, max(0.0, lean)))
    levels = dict(zip(listening.CLASSES, values, strict=True))
    assert listening.expected_level(levels) == sum(int(c) * p for c, p in levels.items())


def test_every_two_word_form_merges_on_its_own() -> None:
    for (first, second), form in lexicon._MERGE.items():
        assert lexicon.tokenize(f"{first} {second}") == [
            lexicon.Token(0, len(first) + 1 + len(second), form)
        ]


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXTS, _GLUED, st.text(alphabet=" ?.!,\tab", max_size=40)))
def test_hedges_are_dropped_as_with_the_template(raw: str) -> None:
    out = feedback._HEDGES.sub("", raw).strip(" ,")
    out = feedback._SPACE_PUNCT.sub(r"\1", out)
    out = feedback._PUNCT_RUN.sub(r"\1", out)
    assert feedback._without_hedges(raw) == (out[:1].upper() + out[1:] if out else out)


def test_word_caches_do_not_keep_long_pasted_words() -> None:
    long = "ab'c" * 20 + "ing"
    toks = lexicon.tokenize(long)
    assert toks == [lexicon.Token(0, len(long), long.replace("'", ""))]
    assert long not in lexicon._FORMS
    form = toks[0].form
    assert text.content_stems([form]) == {form[:-3]}
    assert form not in text._STEMS
    assert text.content_stems(["walking"]) == {"walk"}
    assert text._STEMS["walking"] == "walk"
