"""Active listening: level 0-3 (rubric section 2) and a score banded by level.

Level 0 ignores or dismisses, 1 acknowledges, 2 reflects or asks openly,
3 reflects feeling and meaning and invites more. The score sits in the
level's band (0-24, 25-49, 50-74, 75-100) so that the number never
contradicts the level; inside a band it rises with the model's expected level.
"""

from __future__ import annotations

from itertools import repeat

from ipt_trainer.core.scores import Evidence
from ipt_trainer.core.scoring.features import Analysis
from ipt_trainer.core.scoring.model import Linear
from ipt_trainer.core.scoring.spans import make_evidence

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
HEARD: tuple[str, ...] = (
    "ack", "empathy", "reflect", "open_q", "closed_q", "invite", "proposal_q", "joint",
)  # fmt: skip
"""Any sign the other person was heard."""
HOSTILE: tuple[str, ...] = (
    "advice", "platitude", "sarcasm", "insult", "attack", "challenge_q", "imperative", "smirk",
    "mock",
)  # fmt: skip
"""Advising, dismissing or attacking: level 0 unless a real listening move comes too."""
DISMISS: tuple[str, ...] = (
    "concern_listen", "imperative", "insult", "challenge_q", "rights", "limit",
)  # fmt: skip
"""Arguing, commanding, dismissing or closing the topic: level 0 when nothing was heard."""
STING: tuple[str, ...] = (
    "sarcasm", "insult", "attack", "challenge_q", "imperative", "smirk", "mock", "martyr",
    "sorry_for",
)  # fmt: skip
"""Hostility that turns a give-in into a dig: then it is not even a minimal acknowledgement."""
BANDS: tuple[tuple[int, int], ...] = ((0, 24), (25, 49), (50, 74), (75, 100))
_ZEROS = repeat(0)
"""Default for ``map(v.get, names, _ZEROS)``: a missing feature counts as 0."""


def expected_level(probs: dict[str, float]) -> float:
    """Probability-weighted level."""
    return sum(int(c) * p for c, p in probs.items())


def rubric_floor(v: dict[str, float], level: int) -> int:
    """Apply the rubric's definitions where they are unambiguous, whatever the weights say.

    Level 3 needs a reflection; a reflection plus an open question or invitation with
    nothing dismissive is 3; an open question, specific reflection or invitation with
    nothing dismissive is at least level 2; giving in or apologising with no dig is a
    minimal acknowledgement (1); advice, a platitude or hostility with none of those is
    level 0 ("I hear you, but..." plus a dismissal is still 0); a reply with no sign of
    having heard that argues, or that neither gives way nor says what the speaker feels
    or asks (nor answers a friendly question), is 0; a bare acknowledgement or closed
    question with nothing dismissive, or a plain answer to a friendly question, is at
    least 1.
    """
    if level == 3 and not (v.get("reflect_feeling", 0) or v.get("reflect_specific", 0)):
        level = 2
    moves = v.get("open_q", 0) or v.get("reflect_specific", 0) or v.get("invite", 0)
    concern = v.get("concern_listen", 0)
    if v.get("listen_complex", 0) and not concern:
        return 3
    if moves and not concern:
        return max(level, 2)
    heard = any(map(v.get, HEARD, _ZEROS))
    if not heard and v.get("yielding", 0) and not any(map(v.get, STING, _ZEROS)):
        return 1  # giving in or apologising answers them, minimally (rubric sets agree)
    if not moves and any(map(v.get, HOSTILE, _ZEROS)):
        return 0
    owns = v.get("i_statement", 0) or v.get("request", 0) or v.get("ctx_calm", 0)
    if not heard and (any(map(v.get, DISMISS, _ZEROS)) or not (v.get("yielding", 0) or owns)):
        return 0
    if (heard or v.get("ctx_calm", 0)) and not concern and level == 0:
        return 1  # answering a friendly question is at least a minimal acknowledgement
    return level


def assess(an: Analysis, model: Linear) -> tuple[int, int, dict[str, float]]:
    """Level, score and class probabilities for one analysed reply."""
    probs = model.probabilities(an.vector)
    exp = expected_level(probs)
    level = rubric_floor(an.vector, int(max(probs, key=probs.__getitem__)))
    lo, hi = BANDS[level]
    pos = min(1.0, max(0.0, exp - level + 0.5))
    return level, round(lo + (hi - lo) * pos), probs


def evidence(an: Analysis) -> list[Evidence]:
    """Spans that bear on listening."""
    out: list[Evidence] = []

    def add(start: int, end: int, label: str, strength: bool) -> None:
        # Built from our own spans, so the schema holds: skip validation (spans.py).
        out.append(
            make_evidence(
                start,
                end,
                an.reply[start:end],
                label,
                "active_listening",
                "strength" if strength else "concern",
            )
        )

    seen: set[int] = set()
    for r in an.reflections:
        s = r.span[0]
        e = next((st.end for st in an.sentences if st.start <= s < st.end), r.span[1])
        if e in seen:
            continue
        seen.add(e)
        if r.emotion:
            add(s, e, "reflection of feeling", True)
        elif r.content >= 2 or r.overlap >= 1:
            add(s, e, "reflection of content", True)
        else:
            add(s, r.span[1], "acknowledgement", True)
    for s, e in an.questions["open"]:
        add(s, e, "open question", True)
    for s, e in an.questions["closed"]:
        add(s, e, "closed question", False)
    for fam, label, good in (
        ("invite", "invitation to say more", True),
        ("empathy", "warmth", True),
        ("ack", "acknowledgement", True),
        ("advice", "premature advice", False),
        ("platitude", "dismissing the feeling", False),
        ("self_focus", "turning the talk to yourself", False),
    ):
        for s, e in an.cues.get(fam, ()):
            add(s, e, label, good)
    return out
