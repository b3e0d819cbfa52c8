"""The numeric feature vector the fitted models read, built from one ``Analysis``.

Split from ``features.py``: finding cues and turning them into capped numbers
are separate ideas. Key order is fixed (families first, then derived features)
because the models sum over the vector in that order; keep it when editing.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from ipt_trainer.core.scoring import lexicon

if TYPE_CHECKING:
    from ipt_trainer.core.scoring.features import Analysis

CONTEXT_FAMILIES = frozenset({"complaint", "grief", "calm"})
"""Families read from the context; only "complaint" also counts in a reply."""
_REPLY_FAMILIES: tuple[str, ...] = tuple(
    f for f in lexicon.FAMILIES if f not in CONTEXT_FAMILIES or f == "complaint"
)
"""Families that enter the vector, filtered once rather than per reply."""
_REPLY_SET = frozenset(_REPLY_FAMILIES)
_OWN_POSITION = (
    "i_statement", "limit", "request", "joint", "split", "proposal_q", "open_q", "rights",
)  # fmt: skip
"""Cues of holding one's own position or asking: a promise beside them is not giving in."""
_OWN_FAMILIES = tuple(f for f in _OWN_POSITION if f not in ("proposal_q", "open_q"))
_MOVES_TOWARD = (
    "joint", "split", "request", "proposal_q", "open_q", "closed_q", "give_in", "withdraw",
    "plan_time", "invite", "empathy",
)  # fmt: skip
"""Any step toward the other person, or away from the topic: without one, a reply that is
not short and gives nothing stands its ground (a rebuttal: competing)."""
_REASON = re.compile(r"\b(?:because|cos|coz|since i|as i)\b")
"""The speaker giving their own reason ("because I have my son's school play")."""
_REASON_WORDS = ("because", "cos", "coz", "since i", "as i")
"""The words of ``_REASON``: a text holding none of them cannot match it (checked first,
in C, as substrings: far cheaper than the regex search over the whole reply)."""
_CAPPED = (0.0, 1.0, 2.0)
"""``float(n)`` for the counts 0, 1 and 2 (indexing costs less than the call)."""
_ZERO_FAMILIES: dict[str, float] = dict.fromkeys(_REPLY_FAMILIES, 0.0)
"""Every reply family at 0.0, in fixed order: copied per reply (cheaper than ``fromkeys``)."""
_YIELDING = ("apology", "minimise", "self_blame", "hedge", "defer", "give_in")


def _family_counts(cues: dict[str, list[tuple[int, int]]]) -> dict[str, float]:
    """Every reply family, in fixed order, counted and capped at 2 (0.0 when absent)."""
    v = _ZERO_FAMILIES.copy()
    for fam, found in cues.items():
        if fam in _REPLY_SET:
            n = len(found)
            v[fam] = 2.0 if n >= 2 else _CAPPED[n]
    return v


def _gives_reason(norm: str) -> bool:
    """``_REASON.search(norm) is not None``, screened by its words first."""
    for word in _REASON_WORDS:
        if word in norm:
            return _REASON.search(norm) is not None
    return False


def build(an: Analysis) -> dict[str, float]:
    """Numeric features, capped so one long paste cannot dominate.

    Why three dict displays: the derived features are computed into locals and stored in
    three ``update`` calls (before the sentence shapes, the shapes, after them), which
    keeps the key order and the values of one store per feature, at less cost.
    """
    v = _family_counts(an.cues)
    apology_all = an.cues.get("apology_all")
    n_strong = n_specific = 0
    reflections = an.reflections
    for r in reflections:
        if r.emotion and (r.content >= 1 or r.overlap >= 1):
            n_strong += 1
        if r.content >= 2 or r.overlap >= 1 or r.emotion:
            n_specific += 1
    questions = an.questions
    # ``2.0 if n > 2 else _CAPPED[n]`` is ``min(float(n), 2.0)`` for a count, with no call.
    reflect_feeling = 2.0 if n_strong > 2 else _CAPPED[n_strong]
    reflect_specific = 2.0 if n_specific > 2 else _CAPPED[n_specific]
    n = len(questions["open"])
    open_q = 2.0 if n > 2 else _CAPPED[n]
    n = len(questions["closed"])
    closed_q = 2.0 if n > 2 else _CAPPED[n]
    n = len(questions["proposal"])
    proposal_q = 2.0 if n > 2 else _CAPPED[n]
    n = len(an.shouting)
    shout = 2.0 if n > 2 else _CAPPED[n]
    n = len(an.imperatives)
    imperative = 2.0 if n > 2 else _CAPPED[n]
    n = len(an.punct)
    punct = 2.0 if n > 2 else _CAPPED[n]
    words = an.words
    i, you, we = an.pronouns
    total = i + you + we or 1  # max(1, ...) of a count
    ctx_dispute = 1.0 if an.context_dispute > 0 else 0.0
    ctx_grief = 1.0 if an.context_grief > 0 else 0.0
    ctx_calm = 1.0 if an.context_calm > 0 else 0.0
    short = 1.0 if words <= 6 else 0.0
    n = len(questions["challenge"])
    challenge_q = 2.0 if n > 2 else _CAPPED[n]
    attack = float(v["blame"] + v["insult"] + v["threat"] + shout + v["feel_that"] + challenge_q)
    attack = 3 if attack > 3 else attack  # min(attack, 3), as it always was (3 stays an int)
    invite = v["invite"]
    asks = open_q or invite
    # Any cue of ``_OWN_POSITION`` (two of them are questions, not yet stored in ``v``).
    own = any(map(v.__getitem__, _OWN_FAMILIES)) or proposal_q or open_q
    promise = 2.0 if an.promises > 2 else _CAPPED[an.promises]
    accept_open = 1.0 if an.accept_open else 0.0
    # Giving in needs something asked of them: "ok" to someone's news is not compliance.
    asked = not (ctx_grief or ctx_calm) or ctx_dispute
    comply = 1.0 if (an.promises or an.accept_open) and not own and asked else 0.0
    sting = 2.0 if an.stings > 2 else _CAPPED[an.stings]
    v.update(
        {
            "over_apology": 1.0 if apology_all and len(apology_all) >= 2 else 0.0,
            "reflect_feeling": reflect_feeling,
            "reflect_specific": reflect_specific,
            "reflect_generic": 1.0 if reflections and not n_specific else 0.0,
            "open_q": open_q,
            "closed_q": closed_q,
            "proposal_q": proposal_q,
            "imperative": imperative,
            "shout": shout,
            "punct": punct,
            "emoji": 1 if an.emoji > 1 else float(an.emoji),
            "overlap": 1.0 if an.overlap > 1.0 else an.overlap,  # min(overlap, 1.0)
            "length": math.log1p(words) / 4.0,
            "you_share": you / total,
            "i_share": i / total,
            "we_share": we / total,
            "ctx_dispute": ctx_dispute,
            "ctx_grief": ctx_grief,
            "ctx_calm": ctx_calm,
            "short": short,
            "challenge_q": challenge_q,
            "attack": attack,
            "listen_move": 1.0 if (reflect_specific or open_q or invite) else 0.0,
            "listen_complex": (
                1.0
                if ((reflect_feeling or reflect_specific) and asks)
                or (reflect_feeling and (v["joint"] or proposal_q))
                else 0.0
            ),
            "feel_ask": (
                1.0 if reflect_feeling and (closed_q or v["request"] or proposal_q) else 0.0
            ),
            "promise": promise,
            "accept_open": accept_open,
            "comply": comply,
            "sting": sting,
        }
    )
    v.update(an.shape)
    # Advice or a pep-talk order to someone grieving is a listening fault, not an attack.
    comfort = ctx_grief and not ctx_dispute
    yielding = 1.0 if comply or any(map(v.__getitem__, _YIELDING)) else 0.0
    # Their side heard, own reason given, and a way forward offered: the rubric's
    # collaborating ("I understand the deadline is tight. I can't stay tonight because...,
    # but I could come in at seven tomorrow. Would that work?").
    own_reason = v["i_statement"] or v["limit"] or _gives_reason(an.norm)
    offer = proposal_q or v["request"] or v["joint"] or v["split"]
    heard = reflect_specific or reflect_feeling
    concern = float(
        v["advice"] + v["platitude"] + v["self_focus"] + v["sarcasm"] + attack + v["withdraw"]
    )
    v.update(
        {
            "bland": 1.0 if short and not own and not v["i_statement"] else 0.0,
            "comfort_advice": 1.0 if comfort and (imperative or v["advice"]) else 0.0,
            "mock": (
                1.0 if sting and (promise or accept_open or v["smirk"] or v["sarcasm"]) else 0.0
            ),
            "yielding": yielding,
            "concern_listen": 3 if concern > 3 else concern,  # min(concern, 3)
            "stands_firm": (
                0.0 if short or yielding or any(map(v.__getitem__, _MOVES_TOWARD)) else 1.0
            ),
            "both_sides": 1.0 if heard and own_reason and offer else 0.0,
        }
    )
    return v
