"""The reply scorer: a transparent linguistic analyser for the three skills.

``score_reply(reply, context)`` reads the learner's reply against what the
other person just said and returns a :class:`ReplyScore`: assertiveness
style, listening level, conflict mode (or none), the words that show each,
and one to three tips that quote the learner. Offline and deterministic:
lexicons in ``lexicon/``, weights in ``weights.json`` (see docs/scoring.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from operator import attrgetter
from types import ModuleType
from typing import TYPE_CHECKING

from ipt_trainer.core.scores import ReplyScore

if TYPE_CHECKING:
    from ipt_trainer.core.scores import Evidence
    from ipt_trainer.core.scoring.features import Analysis
    from ipt_trainer.core.scoring.model import Linear

__all__ = ["EmptyReplyError", "ReplyScore", "score_analysis", "score_reply", "score_with"]

MAX_CHARS = 20_000
"""Longer pastes are scored on their first 20,000 characters (keeps time bounded)."""


class EmptyReplyError(ValueError):
    """The reply holds nothing to score (empty or only whitespace)."""


@cache
def _parts() -> tuple[ModuleType, ...]:
    """The analyser's modules, imported once on first use.

    Why: keeps ``import ipt_trainer.core.scoring`` instant, and a function-level
    ``from ... import`` costs a few microseconds on every call (several per reply).
    Functions are still looked up on the modules at each call.
    """
    from ipt_trainer.core.scoring import (
        assertiveness,
        conflict,
        features,
        feedback,
        listening,
        model,
        spans,
    )

    return features, assertiveness, listening, conflict, feedback, spans, model


def score_with(
    models: Mapping[str, Linear], reply: str, context: str = "", *, dispute: bool = False
) -> ReplyScore:
    """Score with explicit models (used by the fitting script's cross-validation)."""
    if not isinstance(reply, str) or not reply or reply.isspace():  # i.e. nothing but spaces
        raise EmptyReplyError("the reply is empty: type what you would say")
    an: Analysis = _parts()[0].analyse(reply[:MAX_CHARS], (context or "")[:MAX_CHARS])
    return score_analysis(models, an, assume_dispute=dispute)


_evidence_key: Callable[[Evidence], tuple[int, int, str]] = attrgetter("start", "end", "skill")
"""Evidence order: (start, end, skill), read in C."""


def score_analysis(
    models: Mapping[str, Linear], an: Analysis, *, assume_dispute: bool = False
) -> ReplyScore:
    """Turn one analysed reply into the three skill scores, evidence and tips."""
    _, assertiveness, listening, conflict, feedback, spans, model = _parts()
    skill_models = (models["assertiveness"], models["listening"], models["conflict"])
    # The three skills' class probabilities in one pass over the vector (model.py).
    a_probs, l_probs, c_probs = model.probabilities3(skill_models, an.vector)
    style, a_score, _ = assertiveness.assess(an, skill_models[0], a_probs)
    level, l_score, _ = listening.assess(an, skill_models[1], l_probs, style)
    mode, c_score, _ = conflict.assess(an, skill_models[2], assume_dispute, c_probs)
    evidence = assertiveness.evidence(an, style) + listening.evidence(an)
    evidence += conflict.evidence(an, mode)
    evidence.sort(key=_evidence_key)
    # Every value above is our own (bands, offsets, fixed labels): build it without
    # re-validating (spans.make_score checks the invariants and falls back if odd).
    score: ReplyScore = spans.make_score(
        assertiveness=a_score,
        assertiveness_style=style,
        active_listening=l_score,
        listening_level=level,
        conflict_resolution=c_score,
        conflict_mode=mode,
        evidence=tuple(evidence),
        feedback=tuple(feedback.tips(an, style, level, mode)),
    )
    return score


def score_reply(reply: str, context: str = "", *, dispute: bool = False) -> ReplyScore:
    """Score ``reply`` as an answer to ``context`` (the other person's last line).

    ``dispute``: the caller knows a disagreement is in play (a scenario step that
    practises conflict resolution), so the conflict mode is always judged instead of
    being left to the guess from the context line alone.
    Raises :class:`EmptyReplyError` (a ``ValueError``) when the reply is empty.
    """
    models: dict[str, Linear] = _parts()[6].load()
    return score_with(models, reply, context, dispute=dispute)
