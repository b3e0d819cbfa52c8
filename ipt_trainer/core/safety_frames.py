"""Sentence-structure frames that decide whether a risky phrase is the writer's own.

The phrase stage finds words; these rules read the sentence around them (and
the next one) for the structures that most often make risky-sounding words
someone else's, hypothetical, or already answered:

* **quoted words** belong to whoever is reported as saying or writing them
  ("my friend wrote 'i want to die lol'" is the friend's; "'unalive' is such
  a weird word" is a word being talked about);
* **an instruction about "if ever"** is not a wish ("the midwife told me to
  call if I ever felt I wanted to harm myself");
* **an ordinary reason** for going away, in the same or the next sentence,
  explains a departure phrase ("I won't be around next week, I'm at my
  sister's wedding"), unless the text speaks of death or the reason itself
  sounds final;
* **a question answered no**: a phrase asked about ("the doctor asked if I'd
  had thoughts of self-harm") or echoed ("Suicide?") followed by a plain no
  ("I haven't, and I told her so").

Each list lives in ``scope.yaml`` under ``frames``. Every function here only
ever cancels or re-assigns a match; none of them can raise one, and each
fails towards keeping the match when the structure is not clear.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ipt_trainer.core.safety_patterns import Lexicon
from ipt_trainer.core.safety_text import MARK, Word, marked

Subject = Literal["self", "other", "neutral"]

_DOUBLE_OPEN = '"\u201c\u201e\u00ab'
_DOUBLE_CLOSE = '"\u201d\u00bb'
_SINGLE = "'\u2018\u2019`"
_BEFORE_OPEN = "([{:,\u2014-"
_AFTER_CLOSE = ".,!?;:)\u2014-"
_QUESTION_REACH = 12
"""How many words before a phrase may hold the question it is part of."""
_CONDITION_REACH = 8
"""How many filler words may sit between "if (ever)" and the phrase."""
_REASON_REACH = 25
"""How many words after a departure phrase may give its ordinary reason."""
_STOPS = ",.;:!?\u2014\u2013-"
_FOLLOWERS = frozenset(
    {"and", "i", "im", "ive", "never", "not", "no", "none", "at", "all", "ever", "honestly",
     "thankfully", "really", "so", "since", "absolutely", "definitely", "thats", "its"}
)  # fmt: skip
"""Words that may follow a bare "no" or "I haven't" and still leave it a plain answer
("No I haven't", "None at all"); any other word ("No one", "I haven't told her")
makes it part of a longer sentence instead."""
_CHECKED_LAST = frozenset(
    ["no", "none", "nope", "not", "never", "havent", "hadnt", "dont", "didnt", "nothing"]
)
"""Answer endings that need the follower check above."""
_DISCLAIMERS = frozenset(["not", "no", "dont", "didnt", "doesnt", "isnt", "wasnt", "never"])
"""Words that rule a reason out instead of giving it ("not a holiday", "I don't mean
moving away"): a reason named only to be denied makes the departure sound final.
"mean" and "meant" alone are not among them since round 26: "when I said I wanted
to disappear, I meant a cottage in Wales for a week" *gives* the reason (four
writers of four measured sets wrote it), and a denied meaning has its "don't"."""
_CONDITIONS = frozenset({"if", "whenever", "should", "case"})


def person(word: str, lx: Lexicon) -> Subject | None:
    """The person a single word refers to, if any."""
    if word in lx.self_words:
        return "self"
    if word in lx.other_words or (word.endswith("s") and word[:-1] in lx.other_words):
        return "other"
    if word in lx.neutral_words:
        return "neutral"
    return None


def _has(lx: Lexicon, frame: str, words: Sequence[str]) -> bool:
    rx = lx.frames.get(frame)
    return bool(words) and rx is not None and rx.search(marked(words)) is not None


def _without(lx: Lexicon, frame: str, words: Sequence[str]) -> str:
    """``marked(words)`` with the frame's phrases cut out (each leaves one mark)."""
    rx = lx.frames.get(frame)
    joined = marked(words)
    return joined if rx is None else rx.sub(MARK, joined)


def frame_word(lx: Lexicon, frame: str, word: str) -> bool:
    """Whether ``word`` alone is one of the frame's phrases."""
    rx = lx.frames.get(frame)
    return rx is not None and rx.fullmatch(marked([word])) is not None


# --- quoted and mentioned words -------------------------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations: (index of the opening mark, index of the closing
    mark). Single marks only count as quotes at word edges, so "don't" is not one."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    single = False
    for index, ch in enumerate(text):
        if ch in _DOUBLE_OPEN or ch in _DOUBLE_CLOSE:
            if opened is None and ch in _DOUBLE_OPEN:
                opened, single = index, False
            elif opened is not None and not single and ch in _DOUBLE_CLOSE:
                spans.append((opened, index))
                opened = None
        elif ch in _SINGLE:
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if opened is None and (before.isspace() or before in _BEFORE_OPEN):
                if not after.isspace():
                    opened, single = index, True
            elif (
                opened is not None
                and single
                and not before.isspace()
                and (after.isspace() or after in _AFTER_CLOSE)
            ):
                spans.append((opened, index))
                opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def _speaker(before: Sequence[str], lx: Lexicon) -> Subject | Literal["none"] | None:
    """Who is reported as saying the quoted words: the person just before the
    nearest reporting verb. A possessive only names the speaker when its noun is
    something written ("my note saying"). ``"none"``: no reporting verb at all."""
    verb = next(
        (i for i in range(len(before) - 1, -1, -1) if frame_word(lx, "reporting_verbs", before[i])),
        None,
    )
    if verb is None:
        return "none"
    for index in range(verb - 1, -1, -1):
        word = before[index]
        if frame_word(lx, "possessives", word):
            following = before[index + 1] if index + 1 < verb else ""
            if not frame_word(lx, "writing_nouns", following):
                continue
        found = person(word, lx)
        if found is not None:
            return found
    return None


def quoted_subject(
    text: str,
    spans: Sequence[tuple[int, int]],
    segments: Sequence[Sequence[Word]],
    at: int,
    first: int,
    last: int,
    lx: Lexicon,
) -> Subject | None:
    """Whose words a quoted match is, or None when the quote does not decide.

    Reported by someone else -> "other"; by no one in particular, or talked
    about as a word ("'unalive' is such a weird word") -> "neutral" as long as
    the quoted words have no "I" in them; by the writer -> None (the usual
    rules, which read the "I" inside the quote, decide).
    """
    words = segments[at]
    start, end = words[first].start, words[last].end
    span = next((s for s in spans if s[0] < start and end <= s[1] + 1), None)
    if span is None:
        return None
    opened, closed = span
    inside = [w.text for seg in segments for w in seg if opened < w.start and w.end <= closed + 1]
    holder = max(
        (i for i, seg in enumerate(segments) if seg and seg[0].start < opened), default=None
    )
    before = [] if holder is None else [w.text for w in segments[holder] if w.end <= opened]
    speaker = _speaker(before, lx)
    own_words = any(w in lx.self_words for w in inside)
    if speaker in ("other", "neutral"):
        return speaker
    if speaker == "self" or own_words:
        return None
    if speaker is None:
        return "neutral"
    sentence = [w.text for w in words]
    return "neutral" if _has(lx, "mention_nouns", sentence) else None


_NAMING = ("the", "that", "this", "a")
"""Words before a mention noun that name a word rather than use it ("the word suicide")."""


def mentioned(words: Sequence[Word], first: int, last: int, lx: Lexicon) -> bool:
    """A word being named, defined or talked about rather than said of oneself:
    "the word suicide", "kms is such an overused phrase", "unalive is a tiktok word".

    Named right after "the word" (or term, phrase...) it is a mention whoever speaks
    ("I hesitate before saying the word suicide"); otherwise only when the sentence
    has no "I"."""
    if (
        first >= 2
        and words[first - 2].text in _NAMING
        and _has(lx, "mention_nouns", [words[first - 1].text])
    ):
        return True
    after = [w.text for w in words[last + 1 : last + 8]]
    if not after or after[0] not in ("is", "was", "means", "meant", "isnt"):
        return False
    if any(w.text in lx.self_words for w in words):
        return False
    return _has(lx, "mention_nouns", after[1:])


def screening_question(text: str, words: Sequence[Word], lx: Lexicon) -> bool:
    """A question the writer asks someone else ("Any self-harm since we last met?",
    "How strong have any urges to self-harm been this week?"): the sentence ends
    in "?", has no "I", opens like a screening question and asks about a stretch of
    time, so "Any point in living?" is not one."""
    if not words or any(w.text in lx.self_words for w in words):
        return False
    if not text[words[-1].end : words[-1].end + 3].lstrip(" '\"\u2019\u201d").startswith("?"):
        return False
    rx = lx.frames.get("screening")
    if rx is None or rx.match(marked(w.text for w in words)) is None:
        return False
    return _has(lx, "screening_times", [w.text for w in words])


# --- instructions about "if ever" ---------------------------------------------------


def instructed(words: Sequence[Word], first: int, lx: Lexicon) -> bool:
    """The phrase is the condition of an instruction given to the writer ("told me
    to call if I ever felt I wanted to harm myself"), not something they feel."""
    index = first - 1
    steps = 0
    while index >= 0 and steps <= _CONDITION_REACH:
        text = words[index].text
        if text in _CONDITIONS:
            head = [w.text for w in words[max(0, index - 10) : index + 1]]
            return _has(lx, "instructions", head)
        if text not in lx.fillers:
            return False
        index -= 1
        steps += 1
    return False


# --- an ordinary reason for going away ---------------------------------------------


def explained_departure(
    segments: Sequence[Sequence[Word]], at: int, first: int, last: int, lx: Lexicon
) -> bool:
    """A departure phrase ("won't be around", "this is goodbye") followed, in the
    same or the next sentence, by an everyday reason: travel, moving, a job, an
    event, a sale. The caller rules out texts that speak of a death."""
    words = segments[at]
    phrase = [w.text for w in words[first : last + 1]]
    if not _has(lx, "departure_words", phrase):
        return False
    after = [w.text for w in words[last + 1 :]]
    if at + 1 < len(segments):
        after.extend(w.text for w in segments[at + 1])
    after = after[:_REASON_REACH]
    if _has(lx, "reason_vetoes", phrase + after):
        return False
    if _given(lx, "ordinary_reasons", after):
        return True
    return _has(lx, "need_words", phrase) and _given(lx, "sales", after)


def _given(lx: Lexicon, frame: str, after: Sequence[str]) -> bool:
    """Whether ``after`` names a reason from ``frame`` that is not ruled out just
    before it ("not a holiday")."""
    rx = lx.frames.get(frame)
    if rx is None:
        return False
    joined = marked(after)
    position = 0
    for index, word in enumerate(after):
        if rx.match(joined, position) and not _DISCLAIMERS.intersection(
            after[max(0, index - 5) : index]
        ):
            return True
        position += len(word) + 2
    return False


# --- a question answered no -----------------------------------------------------------


def _answer(text: str, answer: Sequence[Word], frame: str, lx: Lexicon, openers: bool) -> bool:
    """Whether ``answer`` opens with ``frame`` (after fillers like "honestly" when
    ``openers``), and a bare "no" or "I haven't" in it is not the start of a longer
    sentence ("No one...", "I haven't told anyone")."""
    rx = lx.frames.get(frame)
    if rx is None:
        return False
    texts = [w.text for w in answer]
    skip = 0
    while openers and skip < len(texts) and frame_word(lx, "answer_openers", texts[skip]):
        skip += 1
    found = rx.match(marked(texts[skip:]))
    if found is None:
        return False
    end = skip + found.group().count(" ")
    if texts[end - 1] not in _CHECKED_LAST or end >= len(texts):
        return True
    between = text[answer[end - 1].end : answer[end].start]
    return any(c in _STOPS for c in between) or texts[end] in _FOLLOWERS


def _said_no(text: str, answer: Sequence[Word], lx: Lexicon) -> bool:
    """A reported no anywhere in ``answer`` ("and I said no", "the answer is no")."""
    return any(
        _answer(text, answer[start:], "said_no", lx, openers=False) for start in range(len(answer))
    )


def answered_no(
    text: str, segments: Sequence[Sequence[Word]], at: int, first: int, last: int, lx: Lexicon
) -> bool:
    """A phrase that is the subject of a question put to the writer, answered with
    a plain no in the rest of the sentence or at the start of the next one.

    The question is either asked ("the doctor asked if I'd had thoughts of
    self-harm", "the PHQ asked about...", "I asked myself whether...") or
    echoed at the start of a sentence ending in "?" ("Suicide? No, never").
    A "but", "yet", "maybe", "lied" in the answer keeps the match.
    """
    words = segments[at]
    head = [w.text for w in words[max(0, first - _QUESTION_REACH) : first]]
    asked = _has(lx, "questions", head)
    following = text[words[last].end : words[last].end + 40].lstrip(" '\"\u2019\u201d")
    echoed = first <= 2 and not any(w.text in lx.self_words for w in words[:first])
    rest = list(words[last + 1 :])
    stop_before_rest = bool(rest) and any(
        c in ".!?;" for c in text[words[last].end : rest[0].start]
    )
    if not asked and not (echoed and following.startswith("?")):
        return False
    candidates: list[Sequence[Word]] = []
    if rest and stop_before_rest:
        candidates.append(rest)
    else:
        if rest:
            candidates.append(rest)
        if at + 1 < len(segments):
            candidates.append(segments[at + 1])
    later = [w.text for seg in segments[at + 1 : at + 3] for w in seg]
    window = _without(lx, "safe_buts", [w.text for w in rest] + later)
    blockers = lx.frames.get("denial_blockers")
    if (blockers is not None and blockers.search(window)) or lx.negation_limiters.search(window):
        return False
    for index, answer in enumerate(candidates):
        if index == 0 and answer is rest and not stop_before_rest:
            if _said_no(text, answer, lx):
                return True
            # "asked if I'd had thoughts of harming myself and honestly, no"
            if answer[0].text == "and" and _answer(text, answer, "denials", lx, openers=True):
                return True
        elif _answer(text, answer, "denials", lx, openers=True) or _said_no(text, answer[:8], lx):
            return True
    return False


# --- round 10: someone else's words, a bounded escape, a hyperbole's target ----------

_SPEECH_REACH = 12
"""How many words before a phrase may hold the unquoted report it belongs to."""
_ADDRESSEES = frozenset({"me", "us", "him", "her", "them", "you"})
"""The person a report is sent to ("texted me"), not its speaker."""
_BOUND_REACH = 8
"""How many words after an escape wish may say what it is an escape from."""


def reported_by_other(words: Sequence[Word], first: int, lx: Lexicon) -> bool:
    """Unquoted words reported from someone else: "my best friend texted me kms",
    "a student in my class wrote a suicide note", "he keeps saying he won't need
    them". The speaker is the person just before the reporting verb; the report
    is theirs as long as no "I" stands between the verb and the phrase (its
    addressee, "texted me", does not count), so "my mum said I'm fine but I want
    to die" stays the writer's."""
    start = max(0, first - _SPEECH_REACH)
    head = [w.text for w in words[start : first + 1]]
    verb = next(
        (i for i in range(len(head) - 1, -1, -1) if frame_word(lx, "speech_verbs", head[i])), None
    )
    if verb is None:
        return False
    between = head[verb + 1 : -1] if verb < len(head) - 1 else []
    if between and between[0] in _ADDRESSEES:
        between = between[1:]
    if any(w in lx.self_words for w in between):
        return False
    return _speaker(head[: verb + 1], lx) == "other"


_NOT_OWNERS = frozenset(
    {"it's", "that's", "there's", "here's", "what's", "who's", "where's", "how's", "he's",
     "she's", "let's", "one's", "today's", "tonight's", "everyone's", "nobody's",
     "someone's", "everybody's", "somebody's", "anyone's"}
)  # fmt: skip
"""Capitalised words ending in 's that are a contraction or nobody in particular."""


def named_owner(text: str, words: Sequence[Word], first: int) -> bool:
    """The phrase belongs to someone named just before it: "the anniversary of Jamie's
    suicide", "after Sarah's overdose". A capitalised word with 's is a person's name
    far more often than not; contractions ("It's suicide to go out in this") are not."""
    if first == 0:
        return False
    written = text[words[first - 1].start : words[first - 1].end].replace("\u2019", "'")
    return (
        len(written) > 3
        and written[0].isupper()
        and written.endswith("'s")
        and written.lower() not in _NOT_OWNERS
    )


def bounded_escape(words: Sequence[Word], last: int, lx: Lexicon) -> bool:
    """A wish to vanish that names what it escapes and nothing bigger: "I wish I
    could disappear from this family dinner", "I just want to stop existing for
    one afternoon", "wanna vanish, this party is so awkward". An occasion or a
    few hours bound the wish; "forever", "the world", "everyone" anywhere in the
    sentence keep it."""
    sentence = [w.text for w in words]
    if not _has(lx, "escape_words", sentence[: last + 1]) or _has(lx, "escape_vetoes", sentence):
        return False
    return _has(lx, "escape_bounds", sentence[last + 1 : last + 1 + _BOUND_REACH])


def aimed_at_thing(words: Sequence[Word], last: int, lx: Lexicon) -> bool:
    """A hyperbole whose target follows at once and is a thing: "kms this wifi is so
    slow", "I want to die at this dog video", "gonna unalive this boss fight".
    Only right after the phrase and only devices, media and games (never a time, a
    person or a burden such as an exam), so "I want to die this weekend" and "I
    want to die, this exam is too much" are left alone."""
    rx = lx.frames.get("trivial_targets")
    after = [w.text for w in words[last + 1 : last + 7]]
    return bool(after) and rx is not None and rx.match(marked(after)) is not None
