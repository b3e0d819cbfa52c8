"""Is a disagreement in play? A learned, per-context first stage for conflict handling.

The rubric keeps conflict mode ``None`` for a context with no disagreement (someone
grieving, sharing news or loneliness, inviting, making small talk). Word lists alone
(``complaint``, ``grief``, ``calm``) decided this before and got it wrong for plain
grievances with no list phrase ("Since the baby, you've stopped asking me anything")
and for sad news that happens to say "you" ("Your father's clothes are still in the
wardrobe"). Here a small logistic model weighs kinds of language in the other
person's line: the listener as the actor of what went wrong, complaints, demands,
refusals and challenging questions on one side; loss, the speaker's own feelings,
self-reproach, news and invitations on the other. It is fitted offline on the rubric
sets (``python -m ipt_trainer.core.scoring.fit``) and stored in ``dispute.json``.

Everything is read from the context alone, so every reply to one line gets the same
answer (the rubric labels it per context), and it is computed once per context.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ipt_trainer.core.scoring import features, lexicon, text
from ipt_trainer.core.scoring.model import Linear

CLASSES: tuple[str, str] = ("none", "dispute")
FEATURES: tuple[str, ...] = (
    "rule", "complaint", "blame", "insult", "request", "limit", "own_need", "grief", "calm",
    "you_actor", "you_neg", "you_did", "your", "you_object", "why_q", "you_question",
    "stance", "stance_self", "stance_other", "should_have", "rumination", "fait",
    "concession", "know_but", "obligation_q", "aimed", "self_blame", "imperative",
    "opens_order", "third_party", "own_feeling", "refuse", "again", "exclaim", "length",
)  # fmt: skip
"""Named context features, in the order the weight file lists them."""

_YOU = frozenset({"you", "u", "ya", "youre", "youve", "youd", "youll"})
_CLAUSE_OPEN = frozenset(
    {".", ",", "!", "?", ";", ":", "and", "but", "so", "because", "cos", "since", "when",
     "now", "then", "if", "that", "why", "how", "where", "-", "…", "just", "or"}
)  # fmt: skip
"""Words after which "you" opens a clause and so is its actor ("since you started...")."""
_OBJECT_LEAD = frozenset(
    {"to", "for", "with", "at", "about", "of", "thank", "thanks", "miss", "love", "tell",
     "told", "see", "ask", "asked", "help", "let", "after", "from", "like", "around", "than"}
)  # fmt: skip
"""Words after which "you" is the object ("I miss you", "worried about you")."""
_YOU_NEG = frozenset(
    {"dont", "didnt", "never", "havent", "wont", "cant", "arent", "werent", "wouldnt",
     "couldnt", "hasnt", "hadnt", "isnt", "not", "even"}
)  # fmt: skip
"""Within two words after "you": what the listener fails to do ("you never", "you didn't")."""
_AGAIN = frozenset({"again", "always", "every", "still", "anymore", "constantly", "second",
                    "third", "keep", "keeps", "whole"})  # fmt: skip
_THIRD = frozenset({"he", "she", "they", "him", "her", "them", "his", "their"})
_REFUSE = (
    ("im", "not"), ("i", "wont"), ("i", "dont", "want"), ("im", "not", "going"),
    ("not", "ready"), ("i", "refuse"), ("no", "way"), ("i", "cant", "keep"),
)  # fmt: skip
_FAIT = (
    ("hope", "thats"), ("hope", "you", "dont", "mind"), ("ive", "already"), ("weve", "moved"),
    ("i", "mentioned"), ("ive", "booked"), ("ive", "told"), ("i", "told"), ("ive", "signed"),
)  # fmt: skip
"""Something already done that affects the listener ("hope that's ok")."""
_SHOULD_HAVE = (("should", "have"), ("shouldve",), ("should", "of"))
"""Self-reproach over the past ("I should have visited more"): grief, not a demand."""
_GRANTED = (("i", "know"), ("i", "get"), ("i", "understand"))
"""Granting their side before a "but" ("I know bereavement leave is five days, but...")."""
_OWN_FEELING_LEAD = frozenset({"im", "feel", "feeling", "felt", "i"})
_FIRST = frozenset({"i", "im", "id", "ive", "we", "were_", "weve", "wed", "ill"})
_THIRD_SUBJECT = frozenset({"they", "he", "she", "hes", "shes", "theyre", "says", "said"})
_STANCE_EXTRA = frozenset({"like", "prefer", "expect", "insist"})
"""Wanting words that take a position only after a first-person subject ("I'd like")."""
_DID = frozenset(
    {"laughed", "booked", "started", "stopped", "got", "said", "left", "went", "forgot",
     "took", "made", "told", "gave", "sold", "moved", "filled", "promised", "missed", "let",
     "spent", "lied", "invited", "changed", "agreed", "signed", "put", "came", "sat"}
)  # fmt: skip
_RUMINATION = (
    ("i", "keep"), ("i", "cant", "stop"), ("i", "found"), ("ive", "just", "been"),
    ("i", "just", "found"), ("i", "cant", "bring"), ("i", "still"), ("i", "dont", "know", "if"),
    ("i", "dont", "know", "how"), ("i", "wish"),
)  # fmt: skip
"""The speaker turning over their own loss or news ("I keep thinking", "I found...")."""


def _has_seq(forms: list[str], seqs: tuple[tuple[str, ...], ...]) -> int:
    n = 0
    for i in range(len(forms)):
        for seq in seqs:
            if tuple(forms[i : i + len(seq)]) == seq:
                n += 1
                break
    return n


def _cap(n: float, top: float = 2.0) -> float:
    return top if n > top else float(n)


def _you_reading(words: list[str]) -> dict[str, float]:
    """Where "you" stands: doing something (actor), failing to, or being spoken about."""
    actor = obj = neg = did = your = 0
    prev = "."
    for i, f in enumerate(words):
        nxt = words[i + 1 : i + 3]
        if f in _YOU:
            if prev in _OBJECT_LEAD:
                obj += 1
            elif prev in _CLAUSE_OPEN or i == 0 or f != "you":
                actor += 1
            if not _YOU_NEG.isdisjoint(nxt) or (f == "youve" and nxt[:1] == ["stopped"]):
                neg += 1
            if any(w in _DID or (w.endswith("ed") and len(w) > 4) for w in nxt[:2]):
                did += 1
        elif f in ("your", "ur", "yours"):
            your += 1
        prev = f
    return {
        "you_actor": _cap(actor),
        "you_neg": _cap(neg),
        "you_did": _cap(did),
        "your": _cap(your),
        "you_object": _cap(obj),
    }


def _stances(words: list[str], stance: frozenset[str]) -> tuple[int, int]:
    """Positions the speaker takes ("I'd rather") vs ones others take ("they want me to")."""
    own = other = 0
    for i, w in enumerate(words):
        if w not in stance and w not in _STANCE_EXTRA:
            continue
        before = words[max(0, i - 3) : i]
        if not _THIRD_SUBJECT.isdisjoint(before):
            other += 1
        elif not _FIRST.isdisjoint(before) and not (
            w == "should" and words[i + 1 : i + 2] in (["have"], ["of"])
        ):
            own += 1
    return own, other


def rule_reading(context: str) -> bool:
    """The list-based reading, kept as the gate's strongest feature.

    A complaint aimed at the listener is a disagreement; a line with neither "you" nor a
    stance word (want, need, decided, must...) is someone's own news or feelings; any
    other line is a disagreement unless it reads as grief or an invitation.
    """
    dispute, grief, calm, _, aimed = features.context_cues(context)
    if dispute >= 1:
        return True
    return aimed and not (grief or calm)


@lru_cache(maxsize=1024)
def context_features(context: str) -> tuple[tuple[str, float], ...]:
    """The named features of the other person's line.

    Returned as pairs (hashable, cached): a context is read once however many replies
    answer it.
    """
    norm = text.normalise(text.clean_control(context))
    toks = lexicon.tokenize(norm)
    forms = lexicon.token_forms(toks)
    words = [f for f in forms if f[:1].isalnum()]
    wordset = set(words)
    found = lexicon.find_all(toks)
    sents = text.sentences(norm)
    emotions = lexicon.words("emotion")
    stance = lexicon.words("stance")
    verbs = lexicon.words("imperative")

    def fam(*names: str) -> float:
        return _cap(sum(len(found.get(name, ())) for name in names))

    n_you = sum(1 for w in words if w in _YOU or w in ("your", "ur"))
    questions = [st for st in sents if st.kind != "statement"]
    why_q = you_q = obligation_q = 0
    for st in questions:
        qwords = norm[st.start : st.end].replace("'", "").split()
        if st.kind == "challenge" or qwords[:1] == ["why"] or qwords[:2] == ["how", "come"]:
            why_q += 1
        if not _YOU.isdisjoint(qwords):
            you_q += 1
        if qwords[:1] in (["why"], ["how"]) and ("have" in qwords or "should" in qwords):
            obligation_q += 1
    orders = [
        w in verbs or w in ("dont", "don't")
        for w in (text.first_word_after_lead(norm, st)[0] for st in sents)
    ]
    own_feeling = sum(
        1
        for i, f in enumerate(words[:-1])
        if f in _OWN_FEELING_LEAD and not emotions.isdisjoint(words[i + 1 : i + 3])
    )
    own_stance, other_stance = _stances(words, stance)
    out = {
        "rule": 1.0 if rule_reading(context) else 0.0,
        "complaint": fam("complaint"),
        "blame": fam("blame", "feel_that"),
        "insult": fam("insult", "threat", "sarcasm", "smirk"),
        "request": fam("request"),
        "limit": fam("limit"),
        "own_need": fam("i_statement"),
        "grief": fam("grief"),
        "calm": fam("calm"),
        **_you_reading(forms),
        "why_q": _cap(why_q),
        "you_question": _cap(you_q),
        "stance": 1.0 if not stance.isdisjoint(wordset) else 0.0,
        "stance_self": _cap(own_stance),
        "stance_other": _cap(other_stance),
        "should_have": _cap(_has_seq(words, _SHOULD_HAVE)),
        "rumination": _cap(_has_seq(words, _RUMINATION)),
        "fait": _cap(_has_seq(words, _FAIT)),
        "concession": 1.0 if "but" in wordset else 0.0,
        "know_but": 1.0 if _has_seq(words, _GRANTED) and "but" in wordset else 0.0,
        "obligation_q": _cap(obligation_q),
        "aimed": 1.0 if n_you or not stance.isdisjoint(wordset) else 0.0,
        "self_blame": fam("self_blame"),
        "imperative": _cap(sum(orders)),
        "opens_order": 1.0 if orders[:1] == [True] else 0.0,
        "third_party": 1.0 if not _THIRD.isdisjoint(wordset) and not n_you else 0.0,
        "own_feeling": _cap(own_feeling),
        "refuse": _cap(_has_seq(words, _REFUSE)),
        "again": _cap(sum(1 for w in words if w in _AGAIN)),
        "exclaim": 1.0 if "!" in forms else 0.0,
        "length": math.log1p(len(words)) / 4.0,
    }
    return tuple((f, out[f]) for f in FEATURES)


_MEMO: dict[int, tuple[Linear, dict[str, float]]] = {}
"""Per gate (by identity, the gate kept alive beside its answers): P(dispute) by context.
Bounded like ``context_features``: cleared when full."""
_MEMO_GATES = 8
_MEMO_CONTEXTS = 1024


def probability(gate: Linear, context: str) -> float:
    """P(a disagreement is in play) for this context.

    Why memoised: every reply to one line gets the same answer from the same gate, so it
    is computed once per (gate, context) rather than once per reply.
    """
    entry = _MEMO.get(id(gate))
    if entry is None or entry[0] is not gate:
        if len(_MEMO) >= _MEMO_GATES:
            _MEMO.clear()
        entry = _MEMO[id(gate)] = (gate, {})
    memo = entry[1]
    p = memo.get(context)
    if p is None:
        p = gate.probabilities(dict(context_features(context)))[CLASSES[1]]
        if len(memo) >= _MEMO_CONTEXTS:
            memo.clear()
        memo[context] = p
    return p


def in_play(gate: Linear, context: str) -> bool:
    """The gate's call. It is fitted class-balanced, so its threshold is the share of
    no-disagreement contexts in the fitting data (the prior it was balanced away from)."""
    return probability(gate, context) >= gate.threshold
