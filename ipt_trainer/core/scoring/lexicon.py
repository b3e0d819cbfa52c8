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
from typing import NamedTuple

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
_MERGE_FIRST = frozenset(a for a, _ in _MERGE)
_SINGLE: dict[str, str] = {"cannot": "cant", "were": "were", "we're": "were_", "gonna": "going"}

ANY = "*"
GAP = "..."


class Token(NamedTuple):
    """One word or punctuation mark with its offsets in the text."""

    start: int
    end: int
    form: str
    """Lower case, apostrophes removed, contractions merged ('i am' -> 'im')."""


def _form(raw: str) -> str:
    if raw in _SINGLE:
        return _SINGLE[raw]
    return raw.replace("'", "")


def tokenize(norm: str) -> list[Token]:
    """Tokens of already-normalised (lower-cased) text, with contractions merged."""
    raw = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(norm)]
    out: list[Token] = []
    i = 0
    n = len(raw)
    merge = _MERGE
    while i < n:
        s, e, w = raw[i]
        if i + 1 < n and w in _MERGE_FIRST:
            merged = merge.get((w, raw[i + 1][2]))
            if merged:
                out.append(Token(s, raw[i + 1][1], merged))
                i += 2
                continue
        out.append(Token(s, e, _SINGLE.get(w) or (w.replace("'", "") if "'" in w else w)))
        i += 1
    return out


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


@dataclass(frozen=True, slots=True)
class _Index:
    by_first: dict[str, list[Entry]]
    """Phrases of one word, or whose second word is a wildcard."""
    by_pair: dict[tuple[str, str], list[Entry]]
    """Phrases keyed by their first two words: most look-ups end here at once."""


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
    return _Index(dict(by_first), dict(by_pair))


def _forms(tok: PatTok) -> list[str]:
    """The words a pattern token can match, or [] for wildcards."""
    if tok in (ANY, GAP):
        return []
    return [tok] if isinstance(tok, str) else sorted(tok)


def _match_at(toks: list[Token], i: int, pat: tuple[PatTok, ...]) -> int:
    """Index just past the match of ``pat`` starting at token ``i``, or -1."""
    j = i
    k = 0
    n = len(toks)
    while k < len(pat):
        p = pat[k]
        if p == GAP:
            rest = pat[k + 1 :]
            for skip in range(4):
                end = _match_at(toks, j + skip, rest) if j + skip < n else -1
                if end >= 0:
                    return end
            return -1
        while j < n and j > i and toks[j].form in _SOFT_PUNCT and p not in _SOFT_PUNCT:
            j += 1
        if j >= n:
            return -1
        form = toks[j].form
        ok = (p == ANY and form[:1].isalnum()) or (
            form in p if isinstance(p, frozenset) else form == p
        )
        if not ok:
            return -1
        j += 1
        k += 1
    return j


def find_all(toks: list[Token]) -> dict[str, list[tuple[int, int]]]:
    """Every family's matches as (token start, token end), longest first at each start."""
    index = _index()
    by_first, by_pair = index.by_first, index.by_pair
    found: dict[str, list[tuple[int, int]]] = {}
    last_end: dict[str, int] = {}
    n = len(toks)
    for i, tok in enumerate(toks):
        j = i + 1
        while j < n and toks[j].form in _SOFT_PUNCT:
            j += 1
        pair = by_pair.get((tok.form, toks[j].form)) if j < n else None
        single = by_first.get(tok.form)
        if pair is None and single is None:
            continue
        cands = (pair or []) + (single or []) if pair and single else (pair or single or [])
        for fam, pat in cands:
            if last_end.get(fam, -1) > i:
                continue
            end = _match_at(toks, i, pat)
            if end > i:
                found.setdefault(fam, []).append((i, end))
                last_end[fam] = end
    return found
