"""Load the plain-text cue lists and match them against a reply, word by word.

Lists live in ``lexicon/*.txt`` so a clinician can read and extend them
without touching code (syntax in ``lexicon/README.md``). Matching works on
tokens rather than one large regular expression per list: every phrase is
indexed by its first word, so a reply costs one dictionary look-up per word
whatever the size of the lists. Loading is lazy and cached, which keeps
importing the scorer instant.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate, compress, repeat
from operator import itemgetter
from typing import NamedTuple

from ipt_trainer.core.scoring.memo import WordMemo

_TOKEN = re.compile(r"[\w']+|[^\w\s]")
_SOFT_PUNCT = frozenset(",;:\"'-–—()*_~/")

# Spellings people type for the same word: a phrase written with the key also matches these.
_EQUIV: dict[str, frozenset[str]] = {
    "you": frozenset({"you", "u", "ya", "yu"}),
    "youre": frozenset({"youre", "your", "ur"}),
    "im": frozenset({"im"}),
    "okay": frozenset({"okay", "ok", "k", "kk"}),
    "ok": frozenset({"okay", "ok", "k", "kk"}),
    "because": frozenset({"because", "cos", "cause", "bc", "coz"}),
    "realise": frozenset({"realise", "realize"}),
    "didnt": frozenset({"didnt", "didn't"}),
    "apologise": frozenset({"apologise", "apologize"}),
}

# Two-word forms written out in full are read as their contraction.
_MERGE: dict[tuple[str, str], str] = {
    ("i", "am"): "im",
    ("do", "not"): "dont",
    ("you", "are"): "youre",
    ("we", "are"): "were_",
    ("can", "not"): "cant",
    ("it", "is"): "its",
    ("that", "is"): "thats",
    ("will", "not"): "wont",
    ("i", "will"): "ill",
    ("i", "would"): "id",
    ("i", "have"): "ive",
    ("you", "have"): "youve",
    ("you", "will"): "youll",
    ("did", "not"): "didnt",
    ("does", "not"): "doesnt",
    ("is", "not"): "isnt",
    ("was", "not"): "wasnt",
}
_SINGLE: dict[str, str] = {"cannot": "cant", "were": "were", "we're": "were_", "gonna": "going"}


def _split_pattern(word: str, other: str) -> re.Pattern[str]:
    """``re.split`` pattern: a two-word form of ``_MERGE`` (words apart only by
    whitespace, the second one whole), else a word, else one other character.

    Why: merging "i am" into one token in the regex pass is the same as merging
    adjacent raw tokens afterwards (the gap between two tokens is whitespace, and
    the left-to-right scan takes the first pair, as the old merge did), but costs
    no Python loop. ``word`` and ``other`` are the two character classes.
    """
    seconds: dict[str, list[str]] = defaultdict(list)
    for first, second in _MERGE:
        seconds[first].append(second)
    pairs = "|".join(
        rf"{re.escape(a)}\s+(?:{'|'.join(map(re.escape, sorted(bs)))})" for a, bs in seconds.items()
    )
    return re.compile(rf"((?:{pairs})(?!{word})|{word}+|{other})")


_SPLIT = _split_pattern(r"[\w']", r"[^\w\s]")
# The same pattern for ASCII text, where \w is exactly these characters (about 2x faster).
_SPLIT_ASCII = _split_pattern(r"[A-Za-z0-9_']", r"[^\sA-Za-z0-9_']")

ANY = "*"
GAP = "..."


class Token(NamedTuple):
    """One word or punctuation mark with its offsets in the text."""

    start: int
    end: int
    form: str
    """Lower case, apostrophes removed, contractions merged ('i am' -> 'im')."""


_new_tuple = tuple.__new__
_FORM = itemgetter(2)


def _form(raw: str) -> str:
    if raw in _SINGLE:
        return _SINGLE[raw]
    return raw.replace("'", "")


def _token_form(raw: str) -> str:
    """A raw token's form: ``_form``, or the contraction of a two-word token ("i am")."""
    pieces = raw.split()
    return _MERGE[(pieces[0], pieces[1])] if len(pieces) == 2 else _form(raw)


_FORMS = WordMemo(_token_form)


def tokenize(norm: str) -> list[Token]:
    """Tokens of already-normalised (lower-cased) text, with contractions merged.

    Why it looks like this: it runs on every reply, so the per-token work is
    pushed into C: one ``re.split`` (which also keeps "i am", "do not" together
    as one token), offsets by ``accumulate``, forms from a per-word cache, tuples
    by ``map``. Same tokens as a plain finditer-and-merge loop, checked by the tests.
    """
    starts, ends, forms = columns(norm)
    return list(map(_new_tuple, repeat(Token), zip(starts, ends, forms, strict=True)))


def columns(norm: str) -> tuple[list[int], list[int], list[str]]:
    """The tokens of ``tokenize(norm)`` as three lists: starts, ends and forms.

    Why: the analyser reads tokens column by column; building the lists directly
    skips making one ``Token`` per word and then taking the forms and starts back out.
    """
    parts = (_SPLIT_ASCII if norm.isascii() else _SPLIT).split(norm)
    # parts alternates gap, token, gap, ...: a token starts where its gap ends.
    ends = list(accumulate(map(len, parts)))
    return ends[0:-1:2], ends[1::2], list(map(_FORMS.__getitem__, parts[1::2]))


def token_forms(toks: list[Token]) -> list[str]:
    """The tokens' forms as a list (built in C: cheaper than ``[t.form for t in toks]``)."""
    return list(map(_FORM, toks))


PatTok = str | frozenset[str]


def _read(name: str) -> list[str]:
    """The non-comment lines of ``lexicon/<name>.txt``."""
    path = resources.files("ipt_trainer.core.scoring").joinpath(f"lexicon/{name}.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip().lower() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@cache
def words(name: str) -> frozenset[str]:
    """A list read as a set of single words (e.g. imperative verbs, feeling words)."""
    return frozenset(t.form for ln in _read(name) for t in tokenize(ln))


SENTENCE_END = frozenset(".!?…\n")
NEGATION_SCOPE = 3
"""How many words after a ``negator`` it reaches, inside its sentence."""


def negated(forms: list[str], i: int) -> bool:
    """True when one of the three words before token ``i`` (same sentence) is a negator.

    One reading of negation for the cue lists (a negated threat is dropped) and for the
    word features (a negated word is its own feature), from ``negator.txt``.
    """
    negators = words("negator")
    for j in range(i - 1, max(-1, i - 1 - NEGATION_SCOPE), -1):
        form = forms[j]
        if form in SENTENCE_END:
            return False
        if form in negators:
            return True
    return False


def negation_mask(forms: list[str]) -> list[bool]:
    """``negated(forms, i)`` for every ``i``, in one pass: the word features read every
    word, and looking back three words at each one cost more than keeping where the
    last negator and the last sentence end were."""
    negators = words("negator")
    out: list[bool] = []
    last_negator = last_end = -NEGATION_SCOPE - 1
    for i, form in enumerate(forms):
        out.append(i - last_negator <= NEGATION_SCOPE and last_negator > last_end)
        if form in SENTENCE_END:
            last_end = i
        elif form in negators:
            last_negator = i
    return out


def _pattern(line: str) -> tuple[PatTok, ...]:
    """One lexicon line as a sequence of token matchers."""
    out: list[PatTok] = []
    for chunk in line.split():
        if chunk in (ANY, GAP):
            out.append(chunk)
        elif chunk.startswith("{") and chunk.endswith("}"):
            out.append(words(chunk[1:-1]))
        elif "|" in chunk and len(chunk) > 1:
            forms: set[str] = set()
            for alt in chunk.split("|"):
                for t in tokenize(alt):
                    forms |= _EQUIV.get(t.form, {t.form})
            out.append(frozenset(forms))
        else:
            for t in tokenize(chunk):
                if t.form in _SOFT_PUNCT:
                    continue  # commas, quotes, dashes in a phrase are optional, as in text
                eq = _EQUIV.get(t.form)
                out.append(eq if eq else t.form)
    return tuple(out)


Entry = tuple[str, tuple[PatTok, ...]]


Compiled = tuple[str, tuple[PatTok, ...], int, str]
"""(family, pattern, how much the index already proves, next word): known 1 = a one-word
phrase, matched by its first word alone; 2 = a two-word phrase found by its first two
words; 3 = a longer phrase found by its first two words, stored with only the words still
to walk; 4 = the same whose third word is a plain word, stored apart as "next word" (checked
in place, the walk is only the words after it); 0 = walk the whole pattern. The next word
is "" unless known is 4."""
Cands = tuple[Compiled, ...]


PairCands = tuple[Cands, dict[str, Cands]]
"""The phrases to try after a first and second word: those to try whatever the third word
is, and by third word the same list with the phrases needing that plain third word put
back in place (so the order is always the full list's, filtered)."""


@dataclass(frozen=True, slots=True)
class _Index:
    by_first: dict[str, tuple[Cands, dict[str, PairCands]]]
    """For each first word: the phrases to try whatever word follows (one word long, or a
    wildcard second word), and by second word the phrases to try then (phrases keyed by
    both words first, then the former). Built once so a reply costs one look-up per word."""


FAMILIES: tuple[str, ...] = (
    "i_statement", "limit", "request", "feel_that", "blame", "insult", "threat", "apology",
    "minimise", "hedge", "self_blame", "defer", "sarcasm", "smirk", "withdraw", "reflect",
    "ack", "empathy", "invite", "advice", "platitude", "self_focus", "joint", "split",
    "give_in", "plan_time", "rights", "complaint", "grief", "calm",
)  # fmt: skip


@cache
def _index() -> _Index:
    by_first: dict[str, list[Entry]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for fam in FAMILIES:
        for line in _read(fam):
            pat = _pattern(line)
            if not pat:
                continue
            firsts = _forms(pat[0])
            seconds = _forms(pat[1]) if len(pat) > 1 else []
            for f in firsts:
                if seconds:
                    for g in seconds:
                        by_pair[(f, g)].append((fam, pat))
                else:
                    by_first[f].append((fam, pat))
    for table in (by_first, by_pair):
        for lst in table.values():
            lst.sort(key=lambda fp: -len(fp[1]))
    # Fold both tables into one keyed by first word; the candidate order stays pair + single.
    pairs: dict[str, dict[str, PairCands]] = defaultdict(dict)
    for (f, g), lst in by_pair.items():
        cands = tuple(map(_compiled_pair, lst)) + tuple(map(_compiled, by_first.get(f, [])))
        pairs[f][g] = _by_third(cands)
    index = {
        f: (tuple(map(_compiled, by_first.get(f, ()))), pairs.get(f, {}))
        for f in sorted(set(by_first) | set(pairs))
    }
    return _Index(index)


def _by_third(cands: Cands) -> PairCands:
    """Split a pair's candidates on the plain third word some of them need (known 4)."""
    thirds = {c[3] for c in cands if c[2] == 4}
    return (
        tuple(c for c in cands if c[2] != 4),
        {t: tuple(c for c in cands if c[2] != 4 or c[3] == t) for t in sorted(thirds)},
    )


def _compiled(entry: Entry) -> Compiled:
    fam, pat = entry
    if len(pat) == 1:
        return fam, pat, 1, ""
    # Indexed by its first two words only when neither is a wildcard (see _forms).
    if len(pat) == 2 and _forms(pat[1]) and pat[1] not in _SOFT_PUNCT:
        return fam, pat, 2, ""
    return fam, pat, 0, ""


def _compiled_pair(entry: Entry) -> Compiled:
    """A phrase reached through its first two words: only the rest is left to walk."""
    fam, pat = entry
    if len(pat) == 2:
        return fam, pat, 2, ""
    third = pat[2]
    if third.__class__ is str and third not in (ANY, GAP) and third not in _SOFT_PUNCT:
        return fam, pat[3:], 4, str(third)
    return fam, pat[2:], 3, ""


def _forms(tok: PatTok) -> list[str]:
    """The words a pattern token can match, or [] for wildcards."""
    if tok in (ANY, GAP):
        return []
    return [tok] if isinstance(tok, str) else sorted(tok)


def _match_at(forms: list[str], i: int, pat: tuple[PatTok, ...]) -> int:
    """Index just past the match of ``pat`` starting at token ``i``, or -1."""
    return _walk(forms, i, i, pat)


def _walk(forms: list[str], i: int, j: int, pat: tuple[PatTok, ...]) -> int:
    """Match ``pat`` from token ``j`` of a phrase that opened at token ``i`` (``j >= i``).

    Soft punctuation in the reply is skipped before every pattern word but the first
    of the phrase, so a walk resumed after the words the index proved is the same walk.
    """
    n = len(forms)
    soft = _SOFT_PUNCT
    for k, p in enumerate(pat):
        if p == GAP:
            rest = pat[k + 1 :]
            for skip in range(4):
                end = _match_at(forms, j + skip, rest) if j + skip < n else -1
                if end >= 0:
                    return end
            return -1
        if j > i and p not in soft:
            while j < n and forms[j] in soft:
                j += 1
        if j >= n:
            return -1
        form = forms[j]
        if p.__class__ is str:
            if form != p and (p != ANY or not form[:1].isalnum()):
                return -1
        elif form not in p:
            return -1
        j += 1
    return j


def find_all(toks: list[Token]) -> dict[str, list[tuple[int, int]]]:
    """Every family's matches as (token start, token end), longest first at each start."""
    return find_in_forms(list(map(_FORM, toks)))


def find_in_forms(forms: list[str]) -> dict[str, list[tuple[int, int]]]:
    """``find_all`` on the tokens' forms (as from ``columns``)."""
    index = _index().by_first
    found: dict[str, list[tuple[int, int]]] = {}
    last_end: dict[str, int] = {}
    n = len(forms)
    soft = _SOFT_PUNCT
    # Only words that open some phrase are visited (found in C, not a Python loop).
    for i in compress(range(n), map(index.__contains__, forms)):
        singles, pairs = index[forms[i]]
        j = i + 1
        while j < n and forms[j] in soft:
            j += 1
        after = pairs.get(forms[j]) if j < n else None
        k = n  # the word after forms[j], past soft punctuation (when some phrase needs it)
        if after is None:
            cands = singles
        else:
            cands, by_third = after
            if by_third:
                k = j + 1
                while k < n and forms[k] in soft:
                    k += 1
                if k < n:
                    cands = by_third.get(forms[k], cands)
        for fam, pat, known, _ in cands:
            if last_end.get(fam, -1) > i:
                continue
            # The index look-up already matched the first word (and, for pair entries,
            # the next word after any soft punctuation): short phrases need no walk, and
            # longer pair entries walk only the words after those two; a phrase needing a
            # plain third word is only among the candidates when forms[k] is that word.
            if known == 4:
                end = _walk(forms, i, k + 1, pat)
            elif known == 3:
                end = _walk(forms, i, j + 1, pat)
            elif known == 0:
                end = _walk(forms, i, i, pat)
            else:
                end = i + 1 if known == 1 else j + 1
            if end > i:
                if fam in found:
                    found[fam].append((i, end))
                else:
                    found[fam] = [(i, end)]
                last_end[fam] = end
    return found
