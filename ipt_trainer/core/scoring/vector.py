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
_MOVES_TOWARD = (
    "joint", "split", "request", "proposal_q", "open_q", "closed_q", "give_in", "withdraw",
    "plan_time", "invite", "empathy",
)  # fmt: skip
"""Any step toward the other person, or away from the topic: without one, a reply that is
not short and gives nothing stands its ground (a rebuttal: competing)."""
_REASON = re.compile(r"\b(?:because|cos|coz|since i|as i)\b")
"""The speaker giving their own reason ("because I have my son's school play")."""
_YIELDING = ("apology", "minimise", "self_blame", "hedge", "defer", "give_in")


def _family_counts(cues: dict[str, list[tuple[int, int]]]) -> dict[str, float]:
    """Every reply family, in fixed order, counted and capped at 2 (0.0 when absent)."""
    v = dict.fromkeys(_REPLY_FAMILIES, 0.0)
    for fam, found in cues.items():
        if fam in _REPLY_SET:
            n = len(found)
            v[fam] = 2.0 if n >= 2 else float(n)
    return v


def build(an: Analysis) -> dict[str, float]:
    """Numeric features, capped so one long paste cannot dominate."""
    v = _family_counts(an.cues)
    apology_all = an.cues.get("apology_all")
    v["over_apology"] = 1.0 if apology_all and len(apology_all) >= 2 else 0.0
    n_strong = n_specific = 0
    for r in an.reflections:
        if r.emotion and (r.content >= 1 or r.overlap >= 1):
            n_strong += 1
        if r.content >= 2 or r.overlap >= 1 or r.emotion:
            n_specific += 1
    questions = an.questions
    # ``2.0 if n > 2 else float(n)`` is ``min(float(n), 2.0)`` without a call per feature.
    reflect_feeling = 2.0 if n_strong > 2 else float(n_strong)
    reflect_specific = 2.0 if n_specific > 2 else float(n_specific)
    n = len(questions["open"])
    open_q = 2.0 if n > 2 else float(n)
    n = len(questions["closed"])
    closed_q = 2.0 if n > 2 else float(n)
    n = len(questions["proposal"])
    proposal_q = 2.0 if n > 2 else float(n)
    n = len(an.shouting)
    shout = 2.0 if n > 2 else float(n)
    v["reflect_feeling"] = reflect_feeling
    v["reflect_specific"] = reflect_specific
    v["reflect_generic"] = 1.0 if an.reflections and not n_specific else 0.0
    v["open_q"] = open_q
    v["closed_q"] = closed_q
    v["proposal_q"] = proposal_q
    n = len(an.imperatives)
    v["imperative"] = imperative = 2.0 if n > 2 else float(n)
    v["shout"] = shout
    n = len(an.punct)
    v["punct"] = 2.0 if n > 2 else float(n)
    v["emoji"] = 1 if an.emoji > 1 else float(an.emoji)
    v["overlap"] = min(an.overlap, 1.0)
    v["length"] = math.log1p(an.words) / 4.0
    i, you, we = an.pronouns
    total = max(1, i + you + we)
    v["you_share"] = you / total
    v["i_share"] = i / total
    v["we_share"] = we / total
    v["ctx_dispute"] = ctx_dispute = 1.0 if an.context_dispute > 0 else 0.0
    v["ctx_grief"] = ctx_grief = 1.0 if an.context_grief > 0 else 0.0
    v["ctx_calm"] = ctx_calm = 1.0 if an.context_calm > 0 else 0.0
    v["short"] = short = 1.0 if an.words <= 6 else 0.0
    n = len(questions["challenge"])
    v["challenge_q"] = challenge_q = 2.0 if n > 2 else float(n)
    v["attack"] = attack = min(
        float(v["blame"] + v["insult"] + v["threat"] + shout + v["feel_that"] + challenge_q), 3
    )
    invite = v["invite"]
    v["listen_move"] = 1.0 if (reflect_specific or open_q or invite) else 0.0
    asks = open_q or invite
    v["listen_complex"] = (
        1.0
        if ((reflect_feeling or reflect_specific) and asks)
        or (reflect_feeling and (v["joint"] or proposal_q))
        else 0.0
    )
    v["feel_ask"] = 1.0 if reflect_feeling and (closed_q or v["request"] or proposal_q) else 0.0
    own = any(v[f] for f in _OWN_POSITION)
    v["promise"] = promise = 2.0 if an.promises > 2 else float(an.promises)
    v["accept_open"] = accept_open = 1.0 if an.accept_open else 0.0
    # Giving in needs something asked of them: "ok" to someone's news is not compliance.
    asked = not (ctx_grief or ctx_calm) or ctx_dispute
    v["comply"] = comply = 1.0 if (an.promises or an.accept_open) and not own and asked else 0.0
    v["sting"] = sting = 2.0 if an.stings > 2 else float(an.stings)
    v.update(an.shape)
    v["bland"] = 1.0 if short and not own and not v["i_statement"] else 0.0
    # Advice or a pep-talk order to someone grieving is a listening fault, not an attack.
    comfort = ctx_grief and not ctx_dispute
    v["comfort_advice"] = 1.0 if comfort and (imperative or v["advice"]) else 0.0
    v["mock"] = 1.0 if sting and (promise or accept_open or v["smirk"] or v["sarcasm"]) else 0.0
    v["yielding"] = yielding = 1.0 if comply or any(v[f] for f in _YIELDING) else 0.0
    v["concern_listen"] = min(
        float(
            v["advice"] + v["platitude"] + v["self_focus"] + v["sarcasm"] + attack + v["withdraw"]
        ),
        3,
    )
    v["stands_firm"] = 0.0 if short or yielding or any(v[f] for f in _MOVES_TOWARD) else 1.0
    # Their side heard, own reason given, and a way forward offered: the rubric's
    # collaborating ("I understand the deadline is tight. I can't stay tonight because...,
    # but I could come in at seven tomorrow. Would that work?").
    own_reason = v["i_statement"] or v["limit"] or _REASON.search(an.norm) is not None
    offer = proposal_q or v["request"] or v["joint"] or v["split"]
    heard = reflect_specific or reflect_feeling
    v["both_sides"] = 1.0 if heard and own_reason and offer else 0.0
    return v
