"""Assertiveness: which style dominates what the other person would hear.

The style comes from the fitted linear model over the cues in
``features.py``; the 0-100 score is placed in a band per style so that it is
high only for ``assertive`` (rubric section 1) and orders the others
passive > passive_aggressive > aggressive (our documented mapping for
pairwise order: a hedged need is closer to assertive than a sting, and a
sting is gentler than an attack).
"""

from __future__ import annotations

from itertools import repeat
from operator import mul
from typing import Literal, get_args

from ipt_trainer.core.model import AssertivenessStyle
from ipt_trainer.core.scores import Evidence, Polarity
from ipt_trainer.core.scoring.features import Analysis
from ipt_trainer.core.scoring.model import Linear
from ipt_trainer.core.scoring.spans import cue_evidence, make_evidence

FEATURES: tuple[str, ...] = (
    "i_statement", "limit", "request", "feel_that", "blame", "insult", "threat", "apology",
    "over_apology", "minimise", "hedge", "self_blame", "defer", "sarcasm", "smirk", "withdraw",
    "imperative", "shout", "punct", "emoji", "you_share", "i_share", "we_share", "joint",
    "reflect_specific", "empathy", "short", "length", "rights", "give_in", "attack",
    "ctx_grief", "ack", "open_q", "self_focus", "promise", "accept_open", "comply", "sting",
    "mock", "martyr", "sorry_for", "verdict", "condition", "everyone", "bland", "advice",
    "platitude", "challenge_q", "comfort_advice",
)  # fmt: skip
CLASSES: tuple[str, ...] = ("assertive", "passive", "passive_aggressive", "aggressive")

STYLE_CUES: tuple[str, ...] = (
    "feel_that", "blame", "insult", "threat", "apology", "minimise", "hedge", "self_blame",
    "defer", "sarcasm", "smirk", "withdraw", "imperative", "shout", "punct", "give_in",
    "challenge_q", "comply", "mock", "martyr", "sorry_for", "sting",
)  # fmt: skip
"""Cues of a non-assertive style. Advice and platitudes are listening faults, not a style."""
UNSURE = 0.5
"""Below this top probability the weights have no clear reading of the style."""

BANDS: dict[str, tuple[int, int]] = {
    "assertive": (60, 100),
    "passive": (36, 55),
    "passive_aggressive": (19, 35),
    "aggressive": (0, 18),
}
RANK: dict[str, int] = {"assertive": 3, "passive": 2, "passive_aggressive": 1, "aggressive": 0}

_SPANS: dict[str, tuple[str, Polarity]] = {
    "i_statement": ("I-statement", "strength"),
    "limit": ("clear limit", "strength"),
    "request": ("specific request", "strength"),
    "feel_that": ("'I feel that you…' (an opinion, not an I-statement)", "concern"),
    "blame": ("blaming you-statement", "concern"),
    "insult": ("insult or contempt", "concern"),
    "threat": ("threat or ultimatum", "concern"),
    "minimise": ("minimising", "concern"),
    "hedge": ("hedging", "concern"),
    "self_blame": ("self-blame", "concern"),
    "defer": ("deferring", "concern"),
    "sarcasm": ("sarcasm", "concern"),
}


_STYLES: frozenset[str] = frozenset(get_args(AssertivenessStyle))
"""The style names, read once (``get_args`` on every reply was measurable)."""
_ZEROS = repeat(0)
"""Default for ``map(v.get, names, _ZEROS)``: a missing feature counts as 0."""
_ZEROS_F = repeat(0.0)
_RANKS = tuple(RANK[c] for c in CLASSES)


def style_of(probs: dict[str, float]) -> AssertivenessStyle:
    """The most likely style."""
    best = max(probs, key=probs.__getitem__)
    if best in _STYLES:
        style: AssertivenessStyle = best  # type: ignore[assignment]  # (``cast`` is a call)
        return style
    return "assertive"


def score(style: str, probs: dict[str, float]) -> int:
    """0-100 inside the style's band, higher the closer the reply leans to assertive."""
    lo, hi = BANDS[style]
    if style == "assertive":
        lean = probs.get("assertive", 0.0)
    else:
        # sum(p(c) * RANK[c]) over CLASSES in order, the products made in C by ``map``:
        # the same terms summed the same way as the generator it replaces.
        lean = sum(map(mul, map(probs.get, CLASSES, _ZEROS_F), _RANKS)) / 3.0
    return round(lo + (hi - lo) * min(1.0, max(0.0, lean)))


def assess(
    an: Analysis, model: Linear, probs: dict[str, float] | None = None
) -> tuple[AssertivenessStyle, int, dict[str, float]]:
    """Style, score and class probabilities for one analysed reply.

    ``probs``, when given, is ``model.probabilities(an.vector)`` already computed.
    """
    if probs is None:
        probs = model.probabilities(an.vector)
    # The weights decide: with the reply's own words as features (ngrams.py) the fitted
    # model reads belittling, hedging and irony better than the hand-written overrides
    # that used to follow; left in, they cost 0.07 style F1 on sets it never saw. One
    # stays, for when the weights are unsure: a plain reply with no hedged, hostile or
    # sarcastic cue reads as direct ("It's by the kitchen. I'm Sam, by the way."; the
    # rubric's default). Unseen sets: -0.001 F1; no friendly reply called an attack.
    style = style_of(probs)
    if max(probs.values()) < UNSURE and not any(map(an.vector.get, STYLE_CUES, _ZEROS)):
        style = "assertive"
    return style, score(style, probs), probs


def evidence(an: Analysis, style: str) -> list[Evidence]:
    """Spans that bear on assertiveness.

    Built from our own spans, so the schema holds: no validation (spans.py); written
    as plain loops, one call per span, because several are made per reply.
    """
    reply = an.reply
    cues = an.cues
    skill: Literal["assertiveness"] = "assertiveness"
    out = cue_evidence(reply, cues, _SPANS, skill)
    add = out.append
    if an.vector.get("over_apology"):
        for s, e in cues.get("apology", ()) or cues.get("empathy", ()):
            add(make_evidence(s, e, reply[s:e], "over-apology", skill, "concern"))
    if style != "assertive":
        for s, e in cues.get("smirk", ()):
            add(make_evidence(s, e, reply[s:e], "sarcastic emoji", skill, "concern"))
    if style in ("passive_aggressive", "aggressive"):
        for s, e in cues.get("sting", ()):
            add(make_evidence(s, e, reply[s:e], "mock praise or irony", skill, "concern"))
    for s, e in an.imperatives:
        add(make_evidence(s, e, reply[s:e], "command", skill, "concern"))
    for s, e in an.shouting:
        add(make_evidence(s, e, reply[s:e], "shouting (capitals)", skill, "concern"))
    for s, e in an.punct:
        add(make_evidence(s, e, reply[s:e], "repeated punctuation", skill, "concern"))
    return out
