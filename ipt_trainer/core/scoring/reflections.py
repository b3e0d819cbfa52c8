"""Reflections: the reply saying back what the other person said or feels.

Two kinds are found: *framed* ones, which open with a reflection frame from the
``reflect`` cue list ("it sounds like", "so you're saying"), and *frameless* ones, a
statement about them that opens with "you" and echoes their words or names a
feeling. How much each carries (a feeling, content words, words of theirs) decides
whether it counts as a simple, specific or complex reflection (``vector.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat

from ipt_trainer.core.scoring import text
from ipt_trainer.core.scoring.shapes import SECOND_PERSON as _SECOND_PERSON
from ipt_trainer.core.scoring.text import Span, overlaps

_NOT_REFLECTION = ("blame", "insult", "threat", "feel_that", "advice", "platitude", "sarcasm")
"""A you-sentence carrying any of these argues or advises; it is not a reflection."""


@dataclass(slots=True)
class Reflection:
    """A reflection frame and how much it carries."""

    span: Span
    emotion: bool
    """Names a feeling (a complex reflection when the feeling is theirs)."""
    content: int
    """Content words in the rest of the sentence."""
    overlap: int
    """Of those, how many echo the other person's words."""


def framed(
    an_norm: str,
    spans: list[Span],
    sents: list[text.Sentence],
    ctx_stems: frozenset[str],
    emotions: frozenset[str],
) -> list[Reflection]:
    out = []
    for s, e in spans:
        sent_end = len(an_norm)  # the end of the sentence holding s (a loop: no generator)
        for st in sents:
            if st.start <= s < st.end:
                sent_end = st.end
                break
        tail = an_norm[s:sent_end]
        # Dropping apostrophes before splitting only loses empty words, which are
        # neither feeling words nor stems.
        emotion = not emotions.isdisjoint(tail.replace("'", "").split())
        stems = text.content_stems(an_norm[e:sent_end].replace("'", "").split())
        out.append(Reflection((s, e), emotion, len(stems), len(stems & ctx_stems)))
    return out


def frameless(
    norm: str,
    sents: list[text.Sentence],
    cues: dict[str, list[Span]],
    orders: list[Span],
    ctx_stems: frozenset[str],
    emotions: frozenset[str],
    have: list[Reflection],
    firsts: list[tuple[str, int] | None],
) -> list[Reflection]:
    """Reflections with no frame: a statement about them that echoes their words.

    "You've got your hands full with the little ones", "Twelve times. You just want to
    hear him": a sentence that opens with "you" and repeats what they said (or names a
    feeling), with nothing blaming, insulting or ordering in it. ``firsts`` holds each
    statement's first word and offset (from ``_sentence_moves``).
    """
    if not ctx_stems:
        return []
    hostile: list[Span] | None = None  # gathered on first need: most replies never need it
    out: list[Reflection] = []
    for st, first in zip(sents, firsts, strict=True):
        if st.kind != "statement":
            continue
        # The checks are pure, so the most selective (a "you" word first) goes first.
        word, off = first or text.first_word_after_lead(norm, st)
        if word.replace("'", "") not in _SECOND_PERSON:
            continue
        if any(st.start <= r.span[0] < st.end for r in have):
            continue
        if hostile is None:
            hostile = [sp for fam in _NOT_REFLECTION for sp in cues.get(fam, ())] + orders
        if overlaps((st.start, st.end), hostile):
            continue
        words = norm[off : st.end].replace("'", "").split()
        stems = text.content_stems(words)
        echo = len(stems & ctx_stems)
        emotion = not emotions.isdisjoint(map(str.strip, words, repeat(".,!?")))
        if echo or emotion:
            out.append(Reflection((off, off + len(word)), emotion, len(stems), echo))
    return out
