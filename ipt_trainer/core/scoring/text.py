"""Shared surface features of a piece of text, with offsets into the original.

Everything here keeps character offsets aligned with the text as typed, so
evidence spans can always be cut from the learner's reply unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import countOf

from ipt_trainer.core.scoring.memo import WordMemo

Span = tuple[int, int]
"""A character range of the reply: (start, end)."""

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "`": "'"})

_SENTENCE = re.compile(r"[^.!?\n…]+(?:[.!?…]+|\n|$)")
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F']+")
_ALNUM = re.compile(r"[^\W_]")
"""One character for which ``str.isalnum()`` holds (checked for every code point)."""
_CAPS = re.compile(r"(?<![\w'])[A-Z][A-Z']*[A-Z](?![\w'])")
_CAPS_RUN = re.compile(r"[A-Z][A-Z']*[A-Z]")
"""``_CAPS`` without its look-arounds: every ``_CAPS`` match holds one. Starting with a
character class, it is scanned for in C far faster, so it screens the usual reply out."""
_REPEAT_PUNCT = re.compile(r"[!?]{2,}")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LEAD_LIST = (
    "so", "and", "but", "ok", "okay", "oh", "well", "now", "also", "then", "um", "erm", "hey",
    "honestly", "right", "ha", "haha", "lol",
)  # fmt: skip
_LEAD_WORDS = r"(?:(?:" + "|".join(_LEAD_LIST) + r")[^\w]+)*"
_LEAD_FIRST = frozenset(w[0] for w in _LEAD_LIST)
"""First letters of the lead words: a sentence opening with any other character has no
lead (``_LEAD`` matches empty), so the match is skipped."""
_LEAD = re.compile("^" + _LEAD_WORDS)
_LEAD_AT = re.compile(_LEAD_WORDS)
"""``_LEAD`` without the ``^``: ``match(text, pos, endpos)`` anchors at ``pos`` itself."""

_OPEN_START = re.compile(
    r"^(?:[a-z]{1,3}-+)?(?:what(?!\s+if\b)|how(?!\s+about\b)|why|tell me"
    r"|could you say more|can you say more"
    r"|in what way|talk me through|which|where|when|who)\b"
)
_OPEN_FIRST = frozenset("whtci")
"""First letters of ``_OPEN_START``'s words: a body opening otherwise, with no stutter
("d-do you") hyphen in its second to fourth character, cannot match it."""
_CHALLENGE_FIRST = frozenset("wah")
"""First letters of every ``_CHALLENGE`` alternative (why, what, who, are, how)."""
_PROPOSAL_START = re.compile(r"^(?:what if|how about|shall we|let'?s)\b")
_CHALLENGE = re.compile(
    r"^(?:why (?:are|do|would|can'?t|won'?t|don'?t|should|is it always) (?:you|i|u)\b"
    r"|what do you want me to|what'?s your problem|who do you think|are you (?:mad|serious|kidding)"
    r"|how dare|how could you|how many times)"
)
_CHALLENGE_ANY_WORDS = (
    ", ", "you even", "or did you", "what kind of", "how can you", "who asked", "who cares",
    "why would ", "did you need",
)  # fmt: skip
"""A piece of every ``_CHALLENGE_ANY`` alternative: a body holding none cannot match it."""
_CHALLENGE_ANY = re.compile(
    r"\b(?:do you even|can you even|did you even|or did you|what kind of|how can you"
    r"|who asked|who cares|why would (?:you|i|anyone)|did you need)\b"
    r"|, (?:did|do|does|will|would|is|was|are|have|has|can)(?:n'?t)? (?:i|you|it|we|they)\?$"
)
_ECHO_OK = frozenset(
    {"really", "sorry", "what", "huh", "ok", "okay", "right", "yeah", "oh", "wait"}
)
"""First words of a short question that asks rather than echoes to argue."""
_AUX_START = re.compile(
    r"^(?:[a-z]{1,3}-+)?(?:do|does|did|is|are|was|were|can|could|will|would|have|has|had|should|shall|may"
    r"|want|wanna|you|u|any|anything|ever|isn'?t|aren'?t|don'?t|didn'?t|won'?t)\b"
)
_WH_NO_MARK = re.compile(
    r"^(?:what|how|why|where|when|who)\s+(?:are|is|do|did|was|were|have|has|would|could|can"
    r"|will|'s|s|you)\b"
)

# Short acronyms typed in capitals are not shouting.
_ACRONYMS = frozenset(
    [
        "MS",
        "UK",
        "US",
        "USA",
        "NHS",
        "GP",
        "TV",
        "OK",
        "OKAY",
        "ID",
        "PDF",
        "IPT",
        "DBT",
        "CBT",
        "PHQ",
        "AE",
        "ADHD",
        "OCD",
        "PTSD",
        "BBC",
        "ASAP",
        "FYI",
        "HR",
        "IT",
        "PM",
        "AM",
        "CV",
        "MRI",
        "ICU",
        "DIY",
        "LOL",
        "OMG",
        "ATM",
        "PIN",
        "IVF",
    ]
)
_SHORT_SHOUTS = frozenset(
    ["MY", "ME", "WE", "NO", "DO", "IS", "IT", "SO", "UP", "AT", "TO", "OUR", "YOU", "US", "NOT"]
)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "so",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "about",
        "as",
        "into",
        "over",
        "after",
        "before",
        "since",
        "than",
        "then",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "it's",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "i",
        "me",
        "my",
        "mine",
        "you",
        "your",
        "yours",
        "we",
        "us",
        "our",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "why",
        "when",
        "where",
        "just",
        "really",
        "very",
        "too",
        "also",
        "not",
        "no",
        "yes",
        "ok",
        "okay",
        "oh",
        "well",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "all",
        "any",
        "some",
        "more",
        "most",
        "much",
        "many",
        "one",
        "get",
        "got",
        "going",
        "go",
        "like",
        "i'm",
        "you're",
        "we're",
        "it's",
        "that's",
        "don't",
        "can't",
        "won't",
        "i'll",
        "i've",
        "i'd",
        "you've",
        "you'll",
        "you'd",
        "im",
        "youre",
        "dont",
        "cant",
        "wont",
        "ill",
        "ive",
        "sure",
        "yeah",
        "now",
        "still",
        "even",
        "ever",
        "again",
        "every",
        "bit",
        "lot",
        "things",
        "thing",
        "way",
        "know",
        "think",
        "feel",
        "youre",
        "dont",
        "cant",
        "wont",
        "ill",
        "ive",
        "id",
        "its",
        "thats",
        "were_",
        "didnt",
        "doesnt",
        "isnt",
        "wasnt",
        "youve",
        "youll",
        "youd",
    ]
)


def normalise(text: str) -> str:
    """Lower-case with typographic quotes made plain, keeping every offset."""
    if text.isascii():
        # Of the quotes, only the backtick is ASCII; ``replace`` is far cheaper than
        # ``translate`` with a table, and ASCII lower-casing keeps the length.
        return text.replace("`", "'").lower()
    flat = text.translate(_QUOTES)
    low = flat.lower()
    if len(low) == len(flat):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in flat)


def clean_control(text: str) -> str:
    """Replace control characters by spaces (same length) so patterns see word breaks."""
    if text.isascii() and text.isprintable():
        return text  # nothing to replace (the usual case): skip the regex pass
    return _CONTROL.sub(" ", text)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the reply and what kind of utterance it is."""

    start: int
    end: int
    kind: str
    """'open', 'closed', 'proposal' (a question that suggests), 'challenge' (a rhetorical
    question that argues, e.g. "why are you making this a big deal?") or 'statement'."""


_new = object.__new__
_SET_START = Sentence.__dict__["start"].__set__
_SET_END = Sentence.__dict__["end"].__set__
_SET_KIND = Sentence.__dict__["kind"].__set__
"""The slots' own setters: a ``Sentence`` made with them equals ``Sentence(start, end,
kind)`` (the frozen dataclass's ``__init__`` does the same three stores, more slowly)."""


def sentences(norm: str) -> list[Sentence]:
    """Split into sentences and classify questions (open / closed / proposal)."""
    out: list[Sentence] = []
    text_end = -1  # len(norm.rstrip()), computed only if a short question needs it
    for m in _SENTENCE.finditer(norm):
        seg = m.group()
        if not _ALNUM.search(seg):  # (white space is never a letter or digit)
            continue
        left = seg.lstrip()
        stripped = left.rstrip()
        start = m.start() + len(seg) - len(left)
        if stripped[0] in _LEAD_FIRST:
            lead = _LEAD.match(stripped)
            body = stripped[lead.end() :] if lead else stripped
        else:
            body = stripped
        # Lead words alone ("Honestly? It's a sink.") open the reply; they ask nothing.
        asks = "?" in stripped and _ALNUM.search(body) is not None
        kind = "statement"
        opening = body[:1]
        if (opening in _CHALLENGE_FIRST and _CHALLENGE.match(body)) or (
            asks
            and any(map(body.__contains__, _CHALLENGE_ANY_WORDS))
            and _CHALLENGE_ANY.search(body)
        ):
            kind = "challenge"
        elif asks and _PROPOSAL_START.match(body):
            kind = "proposal"
        elif (
            (opening in _OPEN_FIRST or "-" in body[1:4])
            and _OPEN_START.match(body)
            and (asks or _WH_NO_MARK.match(body))
        ):
            kind = "open"
        elif asks:
            kind = "closed"
            first = body.split(None, 3)
            if 0 < len(first) <= 3:
                if text_end < 0:
                    text_end = len(norm.rstrip())
                if (
                    m.end() < text_end
                    and not _AUX_START.match(body)
                    and first[0].strip("?!.,") not in _ECHO_OK
                ):
                    # "Privacy? Interesting word from..." echoes their word back to argue.
                    kind = "challenge"
        made = _new(Sentence)
        _SET_START(made, start)
        _SET_END(made, start + len(stripped))
        _SET_KIND(made, kind)
        out.append(made)
    return out


def first_word_after_lead(norm: str, sent: Sentence) -> tuple[str, int]:
    """The first real word of a sentence and its offset (skipping 'so', 'oh', 'just'...)."""
    start = sent.start
    end = sent.end
    # Matching inside ``norm`` between the sentence's bounds reads the same characters
    # as matching its slice, without the copy (``_LEAD_AT`` is ``_LEAD`` unanchored).
    # A sentence opening with no lead word's first letter has no lead: the match is skipped.
    opening = norm[start : start + 1] if start < end else ""
    lead = _LEAD_AT.match(norm, start, end) if opening in _LEAD_FIRST else None
    m = _WORD.search(norm, lead.end() if lead else start, end)
    if not m:
        return "", start
    word = m.group()
    if word in ("just", "now", "please") and m.end() < end:
        nxt = _WORD.search(norm, m.end(), end)
        if nxt and word != "please":
            return nxt.group(), nxt.start()
        return "please", m.start()
    return word, m.start()


def shouting(text: str) -> list[tuple[int, int]]:
    """Words typed in capitals for emphasis (not acronyms, not all-caps messages)."""
    if text.islower() or not _CAPS_RUN.search(text) or not _CAPS.search(text):
        return []
    out = []
    for m in _CAPS.finditer(text):
        w = m.group().replace("'", "")
        if w in _ACRONYMS:
            continue
        if len(w) >= 3 or w in _SHORT_SHOUTS:
            out.append((m.start(), m.end()))
    return out


def repeated_punct(text: str) -> list[tuple[int, int]]:
    """Runs like '!!' or '?!?'."""
    if "!!" not in text and "??" not in text and "!?" not in text and "?!" not in text:
        return []  # no run of two: cheaper than the regex pass on the usual reply
    return [(m.start(), m.end()) for m in _REPEAT_PUNCT.finditer(text)]


def emoji_count(text: str) -> int:
    """How many emoji-like characters the text holds."""
    if text.isascii():
        return 0  # every emoji range is outside ASCII
    return len(_EMOJI.findall(text))


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    w = word.strip("'")
    for suf in ("ing", "ed", "es", "ly", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def _content_stem(w: str) -> str:
    """A word's stem, or "" for a word that is not a content word (a long pasted run of
    letters is stemmed directly, bypassing ``_stem``'s own cache)."""
    if len(w) > _LONGEST_KEPT:
        return _stem.__wrapped__(w) if w not in STOPWORDS and w[0].isalpha() else ""
    return _stem(w) if len(w) > 2 and w not in STOPWORDS and w[0].isalpha() else ""


_LONGEST_KEPT = 40
_STEMS = WordMemo(_content_stem, longest=_LONGEST_KEPT)


def content_stems(forms: Iterable[str]) -> set[str]:
    """Content words (token forms), crudely stemmed, for measuring overlap with the context."""
    out = set(map(_STEMS.__getitem__, forms))
    out.discard("")  # a stem is never empty: it keeps the word's first letter
    return out


def word_count(text: str) -> int:
    """Number of words (letters/apostrophes runs)."""
    return len(_WORD.findall(text))


SPEAKER = frozenset({"i", "im", "ive", "id", "me", "my", "myself", "mine"})
"""Words for the speaker, apostrophes dropped (not "ill": as a word it is more often the
adjective)."""
_WORD_EDGES = '.,!?;:\u2014-"()'


def sentence_words(norm: str, sent: Sentence) -> set[str]:
    """The sentence's words as a set, apostrophes dropped and punctuation trimmed."""
    return {w.strip(_WORD_EDGES) for w in norm[sent.start : sent.end].replace("'", "").split()}


def overlaps(span: Span, others: list[Span]) -> bool:
    """Whether ``span`` shares a character with any of ``others``."""
    return any(span[0] < e and s < span[1] for s, e in others)


_FIRST = frozenset(["i", "me", "my", "im", "ive", "id", "ill", "myself", "mine"])
_SECOND = frozenset(
    ["you", "your", "youre", "u", "ur", "youve", "youd", "youll", "yours", "yourself"]
)
_PLURAL = frozenset(["we", "us", "our", "were_", "well", "lets", "ours", "both", "ourselves"])


def _person(w: str) -> int:
    """1 (I/me/my), 2 (you/your), 3 (we/us/our) or 0: the three sets are disjoint, so a
    reply's counts are one ``map`` and three ``countOf`` in C."""
    return 1 if w in _FIRST else 2 if w in _SECOND else 3 if w in _PLURAL else 0


_PERSONS = WordMemo(_person)


def pronoun_counts(forms: Iterable[str]) -> tuple[int, int, int]:
    """How often the token forms say I/me/my, you/your, we/us/our."""
    persons = list(map(_PERSONS.__getitem__, forms))
    return countOf(persons, 1), countOf(persons, 2), countOf(persons, 3)
