"""Active listening: level 0-3 (rubric section 2) and a score banded by level.

Level 0 ignores or dismisses, 1 acknowledges, 2 reflects or asks openly,
3 reflects feeling and meaning and invites more. The score sits in the
level's band (0-24, 25-49, 50-74, 75-100) so that the number never
contradicts the level; inside a band it rises with the model's expected level.
"""

from __future__ import annotations

from itertools import repeat
from operator import mul
from typing import Literal

from ipt_trainer.core.scores import Evidence, Polarity
from ipt_trainer.core.scoring import lexicon, text
from ipt_trainer.core.scoring.features import Analysis, context_cues
from ipt_trainer.core.scoring.model import Linear
from ipt_trainer.core.scoring.shapes import SECOND_PERSON
from ipt_trainer.core.scoring.spans import cue_evidence, make_evidence

FEATURES: tuple[str, ...] = (
    "reflect", "reflect_feeling", "reflect_specific", "reflect_generic", "open_q", "closed_q",
    "proposal_q", "invite", "ack", "empathy", "advice", "platitude", "self_focus", "sarcasm",
    "attack", "withdraw", "overlap", "length", "short", "listen_move", "listen_complex",
    "concern_listen", "joint", "request", "smirk", "i_share", "you_share",
    "ctx_grief", "imperative", "mock", "sting", "yielding", "verdict", "condition", "everyone",
    "bland", "martyr", "feel_ask",
)  # fmt: skip
# Giving in or deferring is left out on purpose: it says nothing about hearing the other
# person, even though in the fitting data the people who give in often reflect too.
CLASSES: tuple[str, ...] = ("0", "1", "2", "3")
LISTENING_MOVES: tuple[str, ...] = ("open_q", "reflect_specific", "invite", "listen_complex")
"""Moves that show the other person was heard, whatever the tone around them."""
BANDS: tuple[tuple[int, int], ...] = ((0, 24), (25, 49), (50, 74), (75, 100))
_ZEROS = repeat(0)
"""Default for ``map(v.get, names, _ZEROS)``: a missing feature counts as 0."""


def expected_level(probs: dict[str, float]) -> float:
    """Probability-weighted level."""
    # The terms int(c) * p in the dict's order, made in C by ``map`` (same sum as the
    # generator it replaces).
    level: float = sum(map(mul, map(int, probs), probs.values()))
    return level


_NOT_HEARING: tuple[str, ...] = (
    "advice", "platitude", "sarcasm", "insult", "attack", "blame", "imperative", "smirk",
    "mock", "sting", "self_focus", "challenge_q", "concern_listen",
)  # fmt: skip


def reflects_then_asks(an: Analysis) -> bool:
    """A statement about them, then an open question: the rubric's level 3 even with no
    reflection frame.

    "Moving back at 34 isn't what you planned, and it's hitting how you see yourself.
    What does 'failure' mean to you here?" The statement must come before an open
    question, name their feeling (a feeling word beside "you") or repeat two of their
    content words, and say nothing of the speaker (no I/me/my: that would be sharing,
    not reflecting); and nothing in the reply may advise, reassure away or attack.
    """
    v = an.vector
    if not v.get("open_q", 0) or any(map(v.get, _NOT_HEARING, _ZEROS)):
        return False
    context_stems = context_cues(an.context)[3]
    feelings = lexicon.words("emotion")
    sentences = an.sentences
    for i, sentence in enumerate(sentences):
        if sentence.kind != "statement":
            continue
        if not any(later.kind == "open" for later in sentences[i + 1 :]):
            break
        words = text.sentence_words(an.norm, sentence)
        if not words.isdisjoint(text.SPEAKER):
            continue
        their_feeling = not words.isdisjoint(SECOND_PERSON) and not words.isdisjoint(feelings)
        if their_feeling or len(text.content_stems(words) & context_stems) >= 2:
            return True
    return False


HOSTILE_STYLES = frozenset({"aggressive", "passive_aggressive"})
"""Styles that dismiss or argue: whatever listening came with them counts one level less."""


def assess(
    an: Analysis, model: Linear, probs: dict[str, float] | None = None, style: str = ""
) -> tuple[int, int, dict[str, float]]:
    """Level, score and class probabilities for one analysed reply.

    ``probs``, when given, is ``model.probabilities(an.vector)`` already computed.
    ``style`` is the reply's assertiveness style: a reply judged aggressive or
    passive-aggressive with no real listening move (open question, specific or complex
    reflection, invitation) loses a level, because the rubric's level 0 is dismissing
    or arguing: "Sure, I'll just tell him to sleep in his car then" acknowledges only
    to dig. The rubric sets agree: 98% of their aggressive and 91% of their
    passive-aggressive replies are level 0. A real listening move keeps its level, so a
    misjudged style cannot hide it.
    """
    if probs is None:
        probs = model.probabilities(an.vector)
    exp = expected_level(probs)
    level = int(max(probs, key=probs.__getitem__))
    v = an.vector
    if level < 3 and v.get("listen_complex", 0) and not v.get("concern_listen", 0):
        level = 3  # a complex reflection with an open question and nothing dismissive
    elif level and style in HOSTILE_STYLES and not any(map(v.get, LISTENING_MOVES, _ZEROS)):
        level -= 1
    elif level == 2 and reflects_then_asks(an):
        level = 3
    lo, hi = BANDS[level]
    pos = min(1.0, max(0.0, exp - level + 0.5))
    return level, round(lo + (hi - lo) * pos), probs


_LABELLED: dict[str, tuple[str, Polarity]] = {
    "invite": ("invitation to say more", "strength"),
    "empathy": ("warmth", "strength"),
    "ack": ("acknowledgement", "strength"),
    "advice": ("premature advice", "concern"),
    "platitude": ("dismissing the feeling", "concern"),
    "self_focus": ("turning the talk to yourself", "concern"),
}


def evidence(an: Analysis) -> list[Evidence]:
    """Spans that bear on listening.

    Built from our own spans, so the schema holds: no validation (spans.py); written
    as plain loops, one call per span, because several are made per reply.
    """
    out: list[Evidence] = []
    add = out.append
    reply = an.reply
    skill: Literal["active_listening"] = "active_listening"
    seen: set[int] = set()
    for r in an.reflections:
        s = r.span[0]
        e = r.span[1]  # then the end of the sentence holding s (a loop: no generator)
        for st in an.sentences:
            if st.start <= s < st.end:
                e = st.end
                break
        if e in seen:
            continue
        seen.add(e)
        if r.emotion:
            add(make_evidence(s, e, reply[s:e], "reflection of feeling", skill, "strength"))
        elif r.content >= 2 or r.overlap >= 1:
            add(make_evidence(s, e, reply[s:e], "reflection of content", skill, "strength"))
        else:
            e = r.span[1]
            add(make_evidence(s, e, reply[s:e], "acknowledgement", skill, "strength"))
    for s, e in an.questions["open"]:
        add(make_evidence(s, e, reply[s:e], "open question", skill, "strength"))
    for s, e in an.questions["closed"]:
        add(make_evidence(s, e, reply[s:e], "closed question", skill, "concern"))
    out += cue_evidence(reply, an.cues, _LABELLED, skill)
    return out
