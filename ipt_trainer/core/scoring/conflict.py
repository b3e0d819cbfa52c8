"""Conflict handling: Thomas-Kilmann mode, or none when nothing is in dispute.

Whether there is a disagreement is one more class of the fitted model ("none"),
read from the other person's words (``ngrams.context_words``) and the reply's
together: comforting someone who is grieving or answering an invitation is not
conflict. With no context line at all, only a reply that opens a dispute with
blame is in conflict ("you can't just shut me out" counts as competing). The score bands
keep the rubric's order: collaborating > compromising > accommodating =
avoiding > competing.
"""

from __future__ import annotations

from operator import mul
from typing import Literal, get_args

from ipt_trainer.core.model import ConflictMode
from ipt_trainer.core.scores import Evidence, Polarity
from ipt_trainer.core.scoring.features import Analysis
from ipt_trainer.core.scoring.model import Linear, load
from ipt_trainer.core.scoring.spans import cue_evidence, make_evidence

FEATURES: tuple[str, ...] = (
    "joint", "split", "give_in", "withdraw", "plan_time", "rights", "attack", "blame", "insult",
    "threat", "imperative", "sarcasm", "smirk", "defer", "minimise", "apology", "request",
    "proposal_q", "open_q", "closed_q", "i_statement", "limit", "reflect_specific", "we_share",
    "you_share", "self_blame", "hedge", "reflect_feeling", "short", "length", "ack",
    "over_apology", "feel_that", "promise", "accept_open", "comply", "sting", "mock",
    "empathy", "martyr", "sorry_for", "verdict", "condition", "everyone", "bland",
    "challenge_q", "stands_firm", "both_sides",
)  # fmt: skip
CLASSES: tuple[str, ...] = (
    "collaborating",
    "compromising",
    "accommodating",
    "avoiding",
    "competing",
    "none",
)
"""The five Thomas-Kilmann modes, then "none": no disagreement in play."""
NONE = "none"
NONE_AT = 0.5
"""The probability of "none" at which a reply is read as outside any disagreement."""
BANDS: dict[str, tuple[int, int]] = {
    "collaborating": (80, 100),
    "compromising": (60, 79),
    "accommodating": (34, 56),
    "avoiding": (34, 56),
    "competing": (0, 25),
}
RANK: dict[str, float] = {
    "collaborating": 4.0, "compromising": 3.0, "accommodating": 1.5, "avoiding": 1.5,
    "competing": 0.0,
}  # fmt: skip


def in_dispute(
    an: Analysis, model: Linear | None = None, probs: dict[str, float] | None = None
) -> bool:
    """Is a disagreement in play?

    The rubric keeps ``None`` for contexts with no disagreement (grief, bad news,
    invitations, small talk): that is the model's "none" class, read from both lines.
    With no context line at all, only a reply that opens a dispute with blame is one;
    an invitation or small talk with no complaint holds none.
    ``probs``, when given, is the conflict model's output for this reply.
    """
    if not an.context.strip():
        return bool(an.cues.get("complaint")) and bool(
            an.cues.get("blame") or an.cues.get("rights") or an.cues.get("self_focus")
        )
    if an.context_calm and not an.context_dispute:
        # An invitation, greeting or small talk with no complaint in it: declining or
        # answering it briefly ("No thanks.", "No idea.") starts no disagreement. (On sets
        # the model never saw: conflict F1 -0.001; it stops "No idea." to "where's the
        # printer?" being scored as avoiding a conflict.)
        return False
    if probs is None:
        probs = (model or load()["conflict"]).probabilities(an.vector)
    # "none" only when it is likelier than all five modes together, not merely likelier
    # than each: whether a disagreement is in play is a yes/no question, and a dispute
    # scored "none" drops out of the conflict score altogether. (Fitted without
    # rubric-fresh-u, -v, -w and scored on them: conflict F1 0.782 -> 0.786, pairwise
    # order 0.958 -> 0.966; the argmax let a spread of modes lose to "none".)
    return probs.get(NONE, 0.0) < NONE_AT


_MODE_CLASSES = CLASSES[:-1]
_RANKS = tuple(RANK[c] for c in _MODE_CLASSES)
_MODES: frozenset[str] = frozenset(get_args(ConflictMode))
"""The mode names, read once rather than with ``get_args`` on every reply."""


def _mode(name: str) -> ConflictMode:
    if name in _MODES:
        mode: ConflictMode = name  # type: ignore[assignment]  # (``cast`` is a call)
        return mode
    return "competing"


def assess(
    an: Analysis,
    model: Linear,
    assume_dispute: bool = False,
    probs: dict[str, float] | None = None,
) -> tuple[ConflictMode | None, int | None, dict[str, float]]:
    """Mode, score and probabilities; (None, None, {}) when nothing is in dispute.

    ``assume_dispute`` is for data that are disputes by construction (negotiations,
    talk-page arguments), where the context alone may not show it. ``probs``, when
    given, is ``model.probabilities(an.vector)`` already computed.
    """
    if probs is None:
        probs = model.probabilities(an.vector)
    if not assume_dispute and not in_dispute(an, probs=probs):
        return None, None, {}
    total = 1.0 - probs.get(NONE, 0.0) or 1.0
    modes = {c: probs[c] / total for c in _MODE_CLASSES}
    best = max(modes, key=modes.__getitem__)
    lo, hi = BANDS[best]
    # The terms modes[c] * RANK[c] in mode order, made in C (same sum as a generator).
    lean = sum(map(mul, map(modes.__getitem__, _MODE_CLASSES), _RANKS)) / 4.0
    if best in ("accommodating", "avoiding"):
        lean = min(1.0, lean / 0.6)
    return _mode(best), round(lo + (hi - lo) * min(1.0, max(0.0, lean))), modes


_LABELLED: dict[str, tuple[str, Polarity]] = {
    "joint": ("proposes a joint solution", "strength"),
    "split": ("offers a compromise", "strength"),
    "plan_time": ("names a time to talk", "strength"),
    "give_in": ("gives in", "concern"),
    "withdraw": ("withdraws", "concern"),
    "rights": ("argues rights, not interests", "concern"),
    "threat": ("ultimatum", "concern"),
}
"""Families shown as conflict evidence, in order, with their label and polarity."""


def evidence(an: Analysis, mode: str | None) -> list[Evidence]:
    """Spans that bear on conflict handling (none when nothing is in dispute)."""
    if mode is None:
        return []
    # Built from our own spans, so the schema holds: no validation (spans.py); written as
    # plain loops over the found families (in ``_LABELLED`` order), one call per span.
    reply = an.reply
    cues = an.cues
    skill: Literal["conflict_resolution"] = "conflict_resolution"
    out = cue_evidence(reply, cues, _LABELLED, skill)
    add = out.append
    own = cues.get("i_statement") or cues.get("limit")
    theirs = [r for r in an.reflections if r.content >= 1 or r.emotion]
    if own and theirs and (cues.get("joint") or an.questions["proposal"]):
        s, e = theirs[0].span
        add(make_evidence(s, e, reply[s:e], "names both sides' interests", skill, "strength"))
        s, e = own[0]
        add(make_evidence(s, e, reply[s:e], "names both sides' interests", skill, "strength"))
    return out
