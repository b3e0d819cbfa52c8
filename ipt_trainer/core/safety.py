"""Crisis-language check, run on every piece of text the user types.

The check is a screen, not an assessment: it decides whether to pause the
role-play and show the crisis card. It errs towards showing the card, but a
card shown for "this job is killing me" teaches people to ignore it, so the
common ways role-play talk sounds risky without being risky are handled
explicitly. How it decides, for each sentence of the text:

1. The text is folded (``safety_text``): case, spelling, leetspeak, emoji,
   zero-width characters; each word keeps its original span.
2. Each category's phrases (``safety_data/lexicon.yaml``) are searched in
   priority order. For each match:
3. an overlapping idiom/accident/game phrase (``ignore.yaml``) drops it;
4. a negator just before it ("never", "not going to") drops it, unless a
   word that isn't a filler breaks the link ("I'm not suicidal lol I just
   want to die" is still flagged) or a blocker comes first ("can't promise
   I won't");
5. a past-tense telling followed by recovery ("I used to cut but I stopped")
   drops it;
6. sentence structure (``safety_frames``): an instruction's "if ever", a
   question answered no, a departure with an ordinary reason in this or the
   next sentence drop it; quoted words belong to their reported speaker;
7. whose risk it is: a first-person word in or before the match means the
   writer; a third person means ``concern_for_other``; "you", groups and
   fiction mean neither. No subject at all means the writer.
8. when no phrase fired for the writer, the learned stage
   (``safety_model``) scores the whole text's words (long texts in
   overlapping windows), and reports the words that decided it and a
   category guessed from them.

Deterministic, offline, no state between calls.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ipt_trainer.core.safety_frames import (
    aimed_at_thing,
    answered_no,
    bounded_escape,
    explained_departure,
    frame_word,
    instructed,
    mentioned,
    named_owner,
    person,
    quote_spans,
    quoted_subject,
    reported_by_other,
    screening_question,
)
from ipt_trainer.core.safety_meaning import form
from ipt_trainer.core.safety_model import BREAK, Model, best_hit, load_model
from ipt_trainer.core.safety_patterns import Category, Lexicon, lexicon
from ipt_trainer.core.safety_text import Segment, Word, marked, segments

__all__ = ["CrisisCheck", "check_text"]

Subject = Literal["self", "other", "neutral"]

_NEGATION_REACH = 8
"""How many filler words may sit between a negator and the phrase it cancels."""
_LIMIT_REACH = 4
"""How many words after a negated phrase (and at the start of the next sentence) may
say it is only put off."""
_SUBJECT_REACH = 15
"""How far back (in words) the subject of a phrase is looked for."""
_NEVER = re.compile(r"(?!)")
"""The regex of the learned stage's pseudo-category (it never matches text itself)."""
_RECOVERY_REACH = 200
"""How many characters around a match count as the same telling, for past/recovery."""


class CrisisCheck(BaseModel):
    """Whether a piece of text suggests a risk of suicide or self-harm."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    crisis: bool
    """True when the text suggests risk to the writer: pause and show the crisis card."""
    match: str | None = None
    """The phrase that triggered the check, exactly as written (the crisis hit, or else the
    concern hit)."""
    category: str | None = None
    """What kind of risk the phrase suggests, e.g. 'wish to be dead', 'plan or means',
    'self-harm'."""
    start: int | None = None
    """Offset of the matched phrase in the checked text."""
    end: int | None = None
    """Offset just past the matched phrase; ``text[start:end] == match``."""
    concern_for_other: bool = False
    """The text says someone else may be at risk ("she said she wants to hurt herself").
    Not the writer's own risk, so ``crisis`` stays False, but the app may offer resources
    gently."""


@dataclass(frozen=True)
class _Hit:
    category: Category
    subject: Subject
    first: Word
    last: Word


class _SegmentView:
    """One segment's joined text with the maps between characters and words."""

    def __init__(self, segment: Segment) -> None:
        self.words = segment.words
        self.text = segment.joined
        starts: list[int] = []
        position = 1
        for word in self.words:
            starts.append(position)
            position += len(word.text) + 2
        self.starts = starts
        self._ignored: list[tuple[int, int]] | None = None

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """First and last word of a match: it runs from the mark before its first
        word to the mark after its last."""
        return bisect_left(self.starts, start + 1), bisect_left(self.starts, end) - 1

    def ignored(self, lx: Lexicon) -> list[tuple[int, int]]:
        if self._ignored is None:
            spans: list[tuple[int, int]] = []
            position = 0
            while (found := lx.ignore.search(self.text, position)) is not None:
                spans.append((found.start(), found.end()))
                first, _ = self.word_range(found.start(), found.end())
                position = self.starts[first] + len(self.words[first].text) + 1
            self._ignored = spans
        return self._ignored


def _negation(text: str, words: Sequence[Word], first: int, lx: Lexicon) -> int | None:
    """The first word of the negator that governs the phrase starting at word ``first``,
    if one does.

    A bare "no" is too often risk itself ("no reason to live") to be a negator, but
    right before a noun that opens the phrase it says the urge or wish is absent
    ("No urge to self harm these days", "I have no desire to die"). A negator that a
    comma and a new "I" follow has closed its clause: "im ok!! (im not, i want to die)".
    """
    if (
        first > 0
        and words[first - 1].text == "no"
        and frame_word(lx, "no_nouns", words[first].text)
    ):
        return _unblocked(words, first - 1, lx)
    index = first - 1
    steps = 0
    while index >= 0 and steps <= _NEGATION_REACH:
        for negator in lx.negators_by_last.get(words[index].text, ()):
            begin = index - len(negator) + 1
            if begin >= 0 and tuple(w.text for w in words[begin : index + 1]) == negator:
                if _clause_ends(text, words, index, lx):
                    return None
                return _unblocked(words, begin, lx)
        if words[index].text not in lx.fillers:
            return None
        index -= 1
        steps += 1
    return None


def _clause_ends(text: str, words: Sequence[Word], index: int, lx: Lexicon) -> bool:
    """Whether a comma and a new "I" follow word ``index`` ("I'm not, I want to die");
    "I would never, ever hurt myself" goes on."""
    after = words[index + 1]
    return after.text in lx.self_words and "," in text[words[index].end : after.start]


def _unblocked(words: Sequence[Word], begin: int, lx: Lexicon) -> int | None:
    """``begin``, unless the words before the negator undo it ("I can't promise I won't",
    "scared I won't")."""
    before = marked(w.text for w in words[max(0, begin - 4) : begin])
    return None if lx.negation_blockers.search(before) else begin


def _postponed(views: Sequence[_SegmentView], at: int, last: int, lx: Lexicon) -> bool:
    """Whether a time follows the negated phrase, so it puts the act off rather than
    ruling it out ("I won't hurt myself today", "Not going to. Not yet anyway")."""
    after = [w.text for w in views[at].words[last + 1 : last + 1 + _LIMIT_REACH]]
    if at + 1 < len(views):
        after.extend(w.text for w in views[at + 1].words[:_LIMIT_REACH])
    return bool(lx.negation_limiters.search(marked(after)))


def _subject(words: Sequence[Word], first: int, last: int, lx: Lexicon, inner: bool) -> Subject:
    """Whose risk the phrase describes, from the nearest person word.

    ``inner``: the phrase spans a wish and its object ("ready for my mum to
    die"), so the person nearest the end of the match decides.
    """
    if inner:
        for word in reversed(words[first + 1 : last + 1]):
            found = person(word.text, lx)
            if found is not None:
                return found
    elif any(w.text in lx.self_words for w in words[first : last + 1]):
        return "self"
    for word in reversed(words[max(0, first - _SUBJECT_REACH) : first]):
        found = person(word.text, lx)
        if found is not None:
            return found
    return "self"


def _recovered(views: Sequence[_SegmentView], at: int, first: int, start: int, lx: Lexicon) -> bool:
    """A past-tense telling followed by recovery: 'I used to cut, I stopped years ago'."""
    view = views[at]
    head = view.text[max(0, view.starts[first] - _RECOVERY_REACH) : view.starts[first]]
    later = view.text[start : start + _RECOVERY_REACH] + "".join(
        v.text[:_RECOVERY_REACH] for v in views[at + 1 : at + 3]
    )
    told_as_past = lx.past_markers.search(head + later)
    if not (told_as_past and lx.recovery.search(later)):
        return _anniversary(head, later, lx)
    undone = lx.frames.get("recovery_vetoes")
    return undone is None or undone.search(later) is None


def _anniversary(head: str, later: str, lx: Lexicon) -> bool:
    """A stretch of time counted since the act stopped: 'Five years since I last
    self-harmed', '1 year self harm free today!!'. Counting the time since is how
    people mark recovery, so it reads as past unless anything in the telling says
    it is back ('until last night', 'again', 'relapsed')."""
    since, free = lx.frames.get("counted_since"), lx.frames.get("counted_free")
    counted = (since is not None and since.search(head[-60:])) or (
        free is not None and free.search(later[:80])
    )
    if not counted:
        return False
    vetoes = (lx.frames.get("contrast_vetoes"), lx.frames.get("recovery_vetoes"))
    return not any(veto is not None and veto.search(head[-60:] + later) for veto in vetoes)


def _past_contrasted(views: Sequence[_SegmentView], at: int, start: int, lx: Lexicon) -> bool:
    """Past risk told against a present that is different: 'When I was 19 I wanted to die.
    I'm 45 now', 'My old coping was hurting myself; my new coping is texting my sister'.

    People telling their history rarely use the recovery words of ``_recovered``; they set
    the then against a now. The past frame must stand in the match's own sentence and the
    present contrast after the match (same sentence or the next two), with no contrast
    before the match ('at uni I was happy, now I want to die' is the present). Any relapse
    or present-risk word in the stretch ('again', 'lately', 'tonight', 'still want') keeps
    the match; a present-tense risk phrase there is judged as a match of its own."""
    contrast = lx.frames.get("present_contrast")
    if contrast is None:
        return False
    view = views[at]
    if not lx.past_markers.search(view.text) or contrast.search(view.text[:start]):
        return False
    later = view.text[start:] + "".join(v.text for v in views[at + 1 : at + 3])
    if not contrast.search(later):
        return False
    told = view.text + later
    vetoes = (lx.frames.get("contrast_vetoes"), lx.frames.get("recovery_vetoes"))
    return not any(veto is not None and veto.search(told) for veto in vetoes)


class _Source:
    """The checked text and what the sentence-structure frames (``safety_frames``)
    need from it, worked out only when a phrase has matched."""

    def __init__(self, text: str, views: Sequence[_SegmentView], lx: Lexicon) -> None:
        self.text = text
        self.segments = [v.words for v in views]
        self.spans = quote_spans(text)
        context = lx.contexts.get("death")
        self.death = context is not None and any(context.search(v.text) for v in views)


def _framed(source: _Source, at: int, first: int, last: int, lx: Lexicon) -> bool:
    """Sentence structures that make a match not the writer's current risk: an
    instruction's "if ever", a question answered no, a departure with an ordinary
    reason (never when the text speaks of a death)."""
    words = source.segments[at]
    if instructed(words, first, lx):
        return True
    if answered_no(source.text, source.segments, at, first, last, lx):
        return True
    return not source.death and explained_departure(source.segments, at, first, last, lx)


def _judge(
    views: Sequence[_SegmentView],
    at: int,
    start: int,
    end: int,
    category: Category,
    lx: Lexicon,
    source: _Source,
) -> _Hit | None:
    view = views[at]
    first, last = view.word_range(start, end)
    if any(a < end - 1 and start < b - 1 for a, b in view.ignored(lx)):
        return None
    if _negation(source.text, view.words, first, lx) is not None and not _postponed(
        views, at, last, lx
    ):
        return None
    if _recovered(views, at, first, start, lx) or _past_contrasted(views, at, start, lx):
        return None
    if _framed(source, at, first, last, lx):
        return None
    if bounded_escape(view.words, last, lx) or aimed_at_thing(view.words, last, lx):
        return None
    subject: Subject
    quoted = quoted_subject(source.text, source.spans, source.segments, at, first, last, lx)
    if quoted is not None:
        subject = quoted
    elif mentioned(view.words, first, last, lx) or screening_question(source.text, view.words, lx):
        subject = "neutral"
    elif reported_by_other(view.words, first, lx) or named_owner(source.text, view.words, first):
        subject = "other"
    elif category.subject in ("self", "other"):
        subject = "self" if category.subject == "self" else "other"
    else:
        inner = category.subject == "resolve_inner"
        subject = _subject(view.words, first, last, lx, inner=inner)
    if subject == "neutral":
        return None
    return _Hit(category, subject, view.words[first], view.words[last])


@dataclass
class _Found:
    """What the phrase stage found: the first hit about the writer, the first about
    someone else, and the words of every phrase a rule cancelled (an idiom, a negation,
    recovery, someone else or fiction as the subject), as (segment, word) pairs."""

    own: _Hit | None = None
    other: _Hit | None = None
    cancelled: set[tuple[int, int]] = field(default_factory=set)


def _context_near(
    views: Sequence[_SegmentView], at: int, reach: int, context: re.Pattern[str]
) -> bool:
    """Whether the context stands in segment ``at`` or within ``reach`` segments of it.

    Some phrases are only risk as the completion of the sentence beside them:
    "I won't need it" says nothing alone, but after "Cancel my dentist
    appointment for next month" it says the writer expects no next month. A
    whole-text context would let a far-off, unrelated sentence complete them.
    """
    low, high = max(0, at - reach), min(len(views), at + reach + 1)
    return any(context.search(views[j].text) for j in range(low, high))


def _hits(views: Sequence[_SegmentView], lx: Lexicon, text: str) -> _Found:
    """Phrase stage over all segments (stops at the first hit about the writer)."""
    in_context: dict[str, bool] = {}
    source: _Source | None = None
    found = _Found()
    start_mask, known = lx.start_mask, lx.known_masks
    for at, view in enumerate(views):
        candidates = []
        present = 0
        for index, word in enumerate(view.words):
            mask = known.get(word.text)
            if mask is None:
                mask = start_mask(word.text)
            if mask:
                candidates.append((index, mask))
                present |= mask
        for bit, category in enumerate(lx.categories):
            if not present >> bit & 1:
                continue
            needed = category.requires_context
            if needed is not None:
                if category.context_reach is not None:
                    if not _context_near(views, at, category.context_reach, lx.contexts[needed]):
                        continue
                else:
                    if needed not in in_context:
                        context = lx.contexts[needed]
                        in_context[needed] = any(context.search(v.text) for v in views)
                    if not in_context[needed]:
                        continue
            for index, mask in candidates:
                if not mask >> bit & 1:
                    continue
                match = category.regex.match(view.text, view.starts[index] - 1)
                if match is None:
                    continue
                if source is None:
                    source = _Source(text, views, lx)
                hit = _judge(views, at, match.start(), match.end(), category, lx, source)
                if hit is not None and hit.subject == "self":
                    found.own = hit
                    return found
                first, last = view.word_range(match.start(), match.end())
                negator = _negation(text, view.words, first, lx)  # its negator goes too
                start = first if negator is None else negator
                found.cancelled.update((at, i) for i in range(start, last + 1))
                if hit is not None and found.other is None:
                    found.other = hit
    return found


def _text_words(
    views: Sequence[_SegmentView], cancelled: frozenset[tuple[int, int]]
) -> list[Word | None]:
    """What the learned stage scores: the text's words in order, with a break (``None``)
    between segments and in place of each phrase a rule cancelled (with its negator:
    "no longer" alone reads like "no longer want to live").

    The rest of a segment with a cancelled phrase stays in: the rule judged only that
    phrase, so "Not suicidal, just hoping it all ends" leaves "just hoping it all ends"
    for the model, while "I would never kill myself" leaves nothing that reads as risk
    (round 19, docs/safety.md). The fit reads texts through the same words.
    """
    out: list[Word | None] = []
    for at, view in enumerate(views):
        for index, word in enumerate(view.words):
            if (at, index) not in cancelled:
                out.append(word)
            elif out and out[-1] is not None:
                out.append(None)
        if out and out[-1] is not None:
            out.append(None)
    if out and out[-1] is None:
        out.pop()
    return out


def _folded(unit: Sequence[Word | None]) -> list[str]:
    return [BREAK if w is None else w.text for w in unit]


def _forms(unit: Sequence[Word | None], source: str) -> list[str | None]:
    return [None if w is None else form(source[w.start : w.end]) for w in unit]


@dataclass(frozen=True)
class Analysis:
    """Both stages' findings for one text (used by the check and by the fitter)."""

    views: tuple[_SegmentView, ...]
    phrase: _Hit | None
    other: _Hit | None
    cancelled: frozenset[tuple[int, int]]
    source: str
    """The text analysed (words' spans index into it)."""

    def words(self) -> list[str]:
        """The folded words the learned stage scores (see ``_text_words``)."""
        return _folded(_text_words(self.views, self.cancelled))

    def forms(self) -> list[str | None]:
        """The same words as the meaning stage spells them (``safety_meaning.form``),
        None at breaks."""
        return _forms(_text_words(self.views, self.cancelled), self.source)

    def learned(
        self, model: Model | None = None, threshold: float | None = None
    ) -> tuple[float, _Hit] | None:
        """The learned stage's best score and hit, if it reaches ``threshold`` (default:
        the model's); ``model`` defaults to the shipped one.

        Words of a phrase a rule cancelled are not read (``_text_words``).
        """
        unit = _text_words(self.views, self.cancelled)
        model = model or load_model()
        forms = None if model.meaning is None else _forms(unit, self.source)
        hit = best_hit(model, _folded(unit), threshold, forms)
        if hit is None:
            return None
        words = [w for w in unit[hit.first : hit.last + 1] if w is not None]
        category = Category(
            id="learned",
            label=hit.category,
            subject="resolve",
            requires_context=None,
            regex=_NEVER,
        )
        return hit.score, _Hit(category, "self", words[0], words[-1])


def analyse(text: str) -> Analysis:
    """The phrase stage's result and which phrases' words it cancelled."""
    lx = lexicon()
    views = tuple(_SegmentView(s) for s in segments(text, lx.spelling))
    found = _hits(views, lx, text)
    return Analysis(views, found.own, found.other, frozenset(found.cancelled), text)


def check_text(text: str) -> CrisisCheck:
    """Check ``text`` for language suggesting risk of suicide or self-harm."""
    if not text or text.isspace():
        return CrisisCheck(crisis=False)
    analysis = analyse(text)
    own, other = analysis.phrase, analysis.other
    if own is None:
        learned = analysis.learned()
        own = None if learned is None else learned[1]
    hit = own or other
    if hit is None:
        return CrisisCheck(crisis=False)
    return CrisisCheck(
        crisis=own is not None,
        match=text[hit.first.start : hit.last.end],
        category=hit.category.label,
        start=hit.first.start,
        end=hit.last.end,
        concern_for_other=other is not None,
    )
