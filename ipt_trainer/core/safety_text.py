"""Text folding for the crisis check: one canonical form, with a way back.

People in distress type fast: lower case, no punctuation, ``k1ll``,
``soooo``, ``sucide``, curly apostrophes, emoji, zero-width characters
pasted from a phone. The detector's phrases are written once, in plain
English, and both the phrases and the user's text are folded to the same
canonical form, so a clinician never has to write a spelling variant by
hand. Every folded word remembers the span of the original text it came
from, so the check can quote the user's words exactly as written.

Folding, in order: per-character compatibility decomposition (NFKD, which
includes NFKC's mappings), accents and other combining marks dropped,
format characters (zero-width space/joiner, soft hyphen) dropped, case
folded, known emoji turned into word tokens (``<knife>`` in the lexicon);
then per word: apostrophes removed (``i'm`` -> ``im``), digit and symbol
look-alikes read as letters inside words (``k1ll`` -> ``kill``), runs of a
repeated character collapsed (``kill`` and ``kil`` both become ``kil``),
listed misspellings mapped, and a small set of key words matched within one
edit (``sucide`` -> ``suicide``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

MARK = "\x01"
"""Starts every word in a joined segment, so a search can jump from word to word."""

EMOJI_PREFIX = "emj"
"""Emoji become the word ``emj<name>``, which no real word collides with."""

_EMOJI: dict[str, str] = {
    "\U0001f52a": "knife",  # 🔪
    "\U0001fa92": "razor",  # 🪒
    "\U0001faa6": "grave",  # 🪦
    "\u26b0": "coffin",  # ⚰
    "\u26b1": "urn",  # ⚱
    "\U0001f480": "skull",  # 💀 (usually laughter: never a trigger alone)
    "\u2620": "crossbones",  # ☠
    "\U0001f48a": "pill",  # 💊
    "\U0001fa78": "blood",  # 🩸
    "\U0001faa2": "rope",  # 🪢
    "\U0001f52b": "gun",  # 🔫
    "\U0001f309": "bridge",  # 🌉
    "\U0001f940": "wilted",  # 🥀
    "\U0001f44b": "wave",  # 👋
}

_APOSTROPHES = "'\u2019\u2018\u02bc\u2032\u0060\u00b4"
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_LEET_CHARS = frozenset("0134579@$!")
_REPEATS = re.compile(r"(.)\1+")
_TOKEN = re.compile(
    r"(?P<spaced>(?<![^\W_])[^\W\d_](?: [^\W\d_]){2,}(?![^\W_]))"
    r"|(?P<word>[^\W_]+(?:['!@$*]+[^\W_]+)*['@$]*|[@$][^\W_]+(?:['!@$]+[^\W_]+)*)"
    r"|(?P<pause>\.{2,})"
    r"|(?P<stop>[.!?;\n\r\u2029\u2028\u0085]+)"
)
_MASKED_EXTRA = ("kill", "killing", "die", "dead", "cut", "cutting", "hang")
"""Short words also recognised behind a ``*`` mask (``k*ll``); longer ones come from
the fuzzy key words."""
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")
_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cs", "Co", "Cn"})


class Word(NamedTuple):
    """One folded word and where it came from in the original text (a tuple: a
    100 KB paste makes ~20,000 of them, and tuples are the cheapest to build)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of words between sentence stops; patterns never cross a stop."""

    words: tuple[Word, ...]

    @property
    def joined(self) -> str:
        """The words as the compiled phrases expect them (see ``marked``)."""
        return marked(w.text for w in self.words)


def marked(words: Iterable[str]) -> str:
    """``MARK w1 MARK w2 MARK``: each word opened by MARK and closed by a space.

    Every compiled phrase starts with MARK and each of its words ends with
    ``" " + MARK``, so matches always start and end on whole words, and the
    regex engine can skip straight to word starts (a literal first character)
    instead of trying every position: about five times faster.
    """
    return "".join(MARK + w + " " for w in words) + MARK


@dataclass(frozen=True, eq=False)
class Spelling:
    """How words are canonicalised: listed misspellings (with the `same_as` words, read the
    same way) and fuzzy key words."""

    misspellings: Mapping[str, str]
    fuzzy_keywords: tuple[str, ...]
    keep_doubles: frozenset[str] = frozenset()


def _fold_char(ch: str) -> str:
    """One original character as folded text (possibly empty or several chars)."""
    name = _EMOJI.get(ch)
    if name is not None:
        return f" {EMOJI_PREFIX}{name} "
    if ch in _APOSTROPHES:
        return "'"
    category = unicodedata.category(ch)
    if category in _DROP_CATEGORIES:
        return ""
    if category == "So":
        return " "
    if category in ("Zl", "Zp"):
        return "\n"
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in _DROP_CATEGORIES)
    return kept.casefold()


def fold_chars(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` character by character; the index list maps back to ``text``.

    ``None`` means the identity mapping (the common all-ASCII case, kept
    fast because every keystroke of a reply goes through here).
    """
    if text.isascii():
        return text.lower().replace("_", " ").replace("`", "'"), None
    out: list[str] = []
    back: list[int] = []
    for run in _ASCII_RUNS.finditer(text):
        chunk = run.group()
        if chunk.isascii():
            out.append(chunk.lower().replace("_", " ").replace("`", "'"))
            back.extend(range(run.start(), run.end()))
        else:
            piece = _fold_char(chunk)
            out.append(piece)
            back.extend([run.start()] * len(piece))
    return "".join(out), back


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` with one insert, delete, substitute or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _collapse(word: str) -> str:
    return _REPEATS.sub(r"\1", word)


def _unmask(word: str, spelling: Spelling) -> str:
    """``s*icide`` / ``k*ll``: each ``*`` stands for one or two hidden letters."""
    parts = [re.escape(p) for p in word.split("*")]
    mask = re.compile("[a-z]{1,2}".join(parts))
    for key in (*spelling.fuzzy_keywords, *_MASKED_EXTRA):
        if mask.fullmatch(key):
            return key
    return word.replace("*", "")


@lru_cache(maxsize=65536)
def _fold_word_cached(raw: str, spelling: Spelling) -> str:
    word = "".join(c for c in raw if c not in _APOSTROPHES)
    if "*" in word:
        word = _unmask(word, spelling)
    if any(c in _LEET_CHARS for c in word) and any(c.isalpha() for c in word):
        word = word.translate(_LEET)
    if word not in spelling.keep_doubles:
        word = _collapse(word)
    mapped = spelling.misspellings.get(word)
    if mapped is not None:
        return mapped
    if len(word) >= 5:
        for key in spelling.fuzzy_keywords:
            if key[0] == word[0] and _edit_distance_at_most_one(word, key):
                return key
    return word


def fold_word(raw: str, spelling: Spelling) -> str:
    """The canonical form of one already character-folded word."""
    return _fold_word_cached(raw, spelling)


@lru_cache(maxsize=8)
def _spelled_out_keywords(spelling: Spelling) -> frozenset[str]:
    return frozenset(fold_word(k, spelling) for k in (*spelling.fuzzy_keywords, *_MASKED_EXTRA))


@lru_cache(maxsize=8)
def _keyword_heads(spelling: Spelling) -> frozenset[str]:
    """Every proper beginning of a key word: only such a word can start a split one."""
    return frozenset(k[:end] for k in _spelled_out_keywords(spelling) for end in range(1, len(k)))


def _spaced_words(match: re.Match[str], back: list[int] | None, spelling: Spelling) -> list[Word]:
    """``k i l l``: letters spelled out one by one are read as a word, but only when
    they spell a key word, so "options a b c" stays three letters."""
    letters = [(m.start(), m.group()) for m in re.finditer(r"[^ ]", match.group())]
    base = match.start()
    joined = fold_word("".join(ch for _, ch in letters), spelling)
    if joined in _spelled_out_keywords(spelling):
        pieces = [(joined, base, match.end())]
    else:
        pieces = [(fold_word(ch, spelling), base + at, base + at + 1) for at, ch in letters]
    if back is not None:
        pieces = [(w, back[a], back[b - 1] + 1) for w, a, b in pieces]
    return [Word(w, a, b) for w, a, b in pieces if w]


def segments(text: str, spelling: Spelling) -> list[Segment]:
    """Split ``text`` into sentence segments of folded words with original spans."""
    folded, back = fold_chars(text)
    result: list[Segment] = []
    current: list[Word] = []
    for match in _TOKEN.finditer(folded):
        kind = match.lastgroup
        if kind == "stop":
            if current:
                result.append(Segment(tuple(current)))
                current = []
            continue
        if kind == "spaced":
            current.extend(_spaced_words(match, back, spelling))
            continue
        if kind != "word":
            continue
        canonical = fold_word(match.group(), spelling)
        if not canonical:
            continue
        start, end = match.start(), match.end()
        if back is not None:
            start, end = back[start], back[end - 1] + 1
        current.append(Word(canonical, start, end))
    if current:
        result.append(Segment(tuple(current)))
    return _merge_fragments([_join_split_keywords(seg, spelling) for seg in result])


def _join_split_keywords(segment: Segment, spelling: Spelling) -> Segment:
    """``sui cidal``, ``over dose``: a key word broken by a space is read whole."""
    words = segment.words
    if len(words) < 2:
        return segment
    heads = _keyword_heads(spelling)
    if heads.isdisjoint([w.text for w in words]):
        return segment
    keywords = _spelled_out_keywords(spelling)
    joined: list[Word] = []
    index = 0
    while index < len(words):
        word = words[index]
        if index + 1 < len(words):
            following = words[index + 1]
            size = len(word.text) + len(following.text)
            if (
                word.text in heads
                and 5 <= size <= 12
                and word.text not in keywords
                and following.text not in keywords
            ):
                whole = fold_word(word.text + following.text, spelling)
                if whole in keywords:
                    joined.append(Word(whole, word.start, following.end))
                    index += 2
                    continue
        joined.append(word)
        index += 1
    return segment if len(joined) == len(words) else Segment(tuple(joined))


_FRAGMENT_WORDS = 2
"""A 'sentence' this short after a stop ("...to stop. Forever.") finishes the one before."""


def _merge_fragments(found: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in found:
        if merged and len(segment.words) <= _FRAGMENT_WORDS:
            merged[-1] = Segment(merged[-1].words + segment.words)
        else:
            merged.append(segment)
    return merged
