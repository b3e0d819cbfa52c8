"""Read a reply (and the line it answers) into cues with spans and a feature vector.

This is the whole linguistic analysis: the three skill modules only weigh
what is found here. Every cue keeps its character span in the reply so the
score can always show the learner *which words* it is reacting to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from ipt_trainer.core.scoring import lexicon, text, vector
from ipt_trainer.core.scoring.memo import WordMemo
from ipt_trainer.core.scoring.ngrams import context_words, ngrams
from ipt_trainer.core.scoring.reflections import Reflection, framed, frameless
from ipt_trainer.core.scoring.shapes import SECOND_PERSON as _SECOND_PERSON
from ipt_trainer.core.scoring.shapes import accepts, promises, shapes
from ipt_trainer.core.scoring.text import Span, overlaps
from ipt_trainer.core.scoring.vector import CONTEXT_FAMILIES as _CONTEXT_FAMILIES

_IS_WORD = WordMemo(lambda form: form[:1].isalnum())
"""Token form -> whether it is a word (its first character is a letter or digit)."""

_NEGATABLE = frozenset({"threat", "insult", "blame", "advice", "platitude", "withdraw"})
_ACK_LEAD_WORDS = 3
_SELF_SUBJECT = frozenset({"i", "ill", "im", "id", "ive", "we", "well", "were_"})
_MILD = frozenset({"missing", "miss", "down", "left", "taken", "let", "used", "heavy", "lost"})
_SELF_INSULT = frozenset({"im", "i", "was", "ive", "myself"})
"""Words just before an insult that aim it at the speaker ("im so selfish")."""
_DIRECTIVE = (
    ("you", "need", "to"), ("youve", "to"), ("youve", "got", "to"), ("you", "gotta"),
    ("youd", "better"), ("you", "better"),
)  # fmt: skip
"""You-directives: commands without an imperative verb ("You need to pull it together").
Token forms: "you have" is read as one word, "youve"."""
_DIRECTIVE_LEADS = frozenset(seq[0] for seq in _DIRECTIVE)
_EVAL_FRAME = frozenset({"thats", "its", "this", "sounds", "how", "such", "so", "bit"})
_EVAL_SELF = frozenset({"i", "im", "me", "feel", "feels", "felt", "myself", "ill", "id", "not"})
_NOT_IMPERATIVE_NEXT = frozenset(
    {"worry", "care", "mind", "sorry", "honest", "fair", "safe", "well", "kind", "gentle"}
)


@dataclass(slots=True)
class Analysis:
    """Everything the skill modules need about one reply."""

    reply: str
    context: str
    norm: str
    sentences: list[text.Sentence]
    cues: dict[str, list[Span]]
    reflections: list[Reflection]
    questions: dict[str, list[Span]]
    imperatives: list[Span]
    shouting: list[Span]
    punct: list[Span]
    emoji: int
    words: int
    overlap: float
    context_dispute: float
    context_grief: float
    context_calm: float
    """Invitation, greeting or small talk in the context (no dispute)."""
    pronouns: tuple[int, int, int]
    promises: int = 0
    """Sentences that promise to do something ("I'll stay in the car", "will try")."""
    accept_open: bool = False
    """The reply opens by agreeing ("Of course.", "Yes, Chef.", "Fine, one.")."""
    stings: int = 0
    """Mock-praise and irony words ("obviously", "lovely", "noted", "happy now")."""
    context_aimed: bool = True
    """The context speaks to the listener ("you") or takes a position (want, need, must)."""
    shape: dict[str, float] = field(default_factory=dict)
    """Sentence shapes found by ``shapes.shapes`` (martyr promises, verdicts about "you"...)."""
    vector: dict[str, float] = field(default_factory=dict)

    def count(self, family: str) -> int:
        """How many times a cue family was found in the reply."""
        return len(self.cues.get(family, ()))


def _near_sentence_start(norm: str, pos: int, sents: list[text.Sentence]) -> bool:
    """True when at most two words come before ``pos`` in its sentence."""
    for st in sents:
        if st.start <= pos < st.end:
            return len(norm[st.start : pos].split()) < _ACK_LEAD_WORDS
    return False


def _after_in_sentence(span: Span, frames: list[Span], sents: list[text.Sentence]) -> bool:
    """True when one of ``frames`` opens earlier in the same sentence as ``span``."""
    for st in sents:
        if st.start <= span[0] < st.end:
            return any(st.start <= f0 <= span[0] for f0, _ in frames)
    return False


def _conditional_digs(cues: dict[str, list[Span]], starts: list[int], forms: list[str]) -> None:
    """ "Maybe if you..." / "perhaps when your..." is blame dressed as a hedge."""
    at = dict(zip(starts, range(len(starts)), strict=True))  # as {start: index}
    keep: list[Span] = []
    digs: list[Span] = []
    for span in cues["hedge"]:
        i = at.get(span[0], -1)
        nxt = forms[i + 1 : i + 5] if i >= 0 else []
        if nxt[:1] in (["if"], ["when"]) and not _SECOND_PERSON.isdisjoint(nxt[1:]):
            digs.append(span)
        else:
            keep.append(span)
    if digs:
        cues["hedge"] = keep
        have = cues.get("blame", [])
        cues["blame"] = sorted(have + [d for d in digs if not overlaps(d, have)])


def _turn_inward(cues: dict[str, list[Span]], starts: list[int], forms: list[str]) -> None:
    """An insult the speaker aims at themselves ("im so selfish") is self-blame, not contempt."""
    at = dict(zip(starts, range(len(starts)), strict=True))  # as {start: index}
    keep: list[Span] = []
    inward: list[Span] = []
    for span in cues["insult"]:
        i = at.get(span[0], 0)
        before = forms[max(0, i - 3) : i]
        aimed_in = not _SELF_INSULT.isdisjoint(before) and _SECOND_PERSON.isdisjoint(before)
        (inward if aimed_in else keep).append(span)
    cues["insult"] = keep
    if inward:
        cues["self_blame"] = sorted(cues.get("self_blame", []) + inward)


@lru_cache(maxsize=512)
def context_cues(context: str) -> tuple[float, float, float, frozenset[str], bool]:
    """Complaint, grief and calm cue weights of the context, its content stems, and
    whether it is aimed at the listener (cached: many replies answer one context)."""
    if not context.strip():
        return 0.0, 0.0, 0.0, frozenset(), False
    norm = text.normalise(text.clean_control(context))
    toks = lexicon.tokenize(norm)
    found = lexicon.find_all(toks)
    dispute = float(len(found.get("complaint", ())))
    forms = {t.form for t in toks}
    if not dispute and forms & _SECOND_PERSON and forms & lexicon.words("emotion") - _MILD:
        # Upset and aimed at the listener ("you ... I'm so hurt") reads as a grievance.
        dispute = 0.5
    grief = float(len(found.get("grief", ())))
    if not dispute and not forms & _SECOND_PERSON and forms & lexicon.words("emotion") - _MILD:
        # Sharing one's own feeling, nothing aimed at the listener: comfort-seeking.
        grief += 1.0
    calm = float(len(found.get("calm", ())))
    # Aimed at the listener, or taking a position (want / need / decided / must): a line
    # with neither is someone's own news or feelings, not a disagreement.
    aimed = bool(forms & _SECOND_PERSON or forms & lexicon.words("stance"))
    return dispute, grief, calm, frozenset(text.content_stems(t.form for t in toks)), aimed


def _in_question(pos: int, questions: dict[str, list[Span]]) -> bool:
    return any(s <= pos < e for spans in questions.values() for s, e in spans)


def _directives(
    starts: list[int], ends: list[int], forms: list[str], questions: dict[str, list[Span]]
) -> list[Span]:
    """'You need to / you have to / you'd better ...' outside a question: an order in disguise."""
    out: list[Span] = []
    if _DIRECTIVE_LEADS.isdisjoint(forms):
        return out
    for i, f in enumerate(forms):
        if f not in _DIRECTIVE_LEADS:
            continue
        for seq in _DIRECTIVE:
            if tuple(forms[i : i + len(seq)]) == seq:
                if i > 0 and forms[i - 1] in ("if", "when", "that", "think", "feel", "like"):
                    break
                if not _in_question(starts[i], questions):
                    out.append((starts[i], ends[i + len(seq) - 1]))
                break
    return out


def _contempt(
    cues: dict[str, list[Span]], starts: list[int], ends: list[int], forms: list[str]
) -> None:
    """Judging their view or feeling ("that's weird", "sounds a bit dramatic") is contempt."""
    words = lexicon.words("contempt")
    if words.isdisjoint(forms):
        return
    found: list[Span] = []
    for i, f in enumerate(forms):
        if f not in words:
            continue
        before = forms[max(0, i - 3) : i]
        if not _EVAL_FRAME.isdisjoint(before) and _EVAL_SELF.isdisjoint(before):
            found.append((starts[i], ends[i]))
    if found:
        have = cues.get("insult", [])
        cues["insult"] = sorted(have + [sp for sp in found if not overlaps(sp, have)])


def _reply_cues(
    raw: dict[str, list[tuple[int, int]]], starts: list[int], ends: list[int], forms: list[str]
) -> dict[str, list[Span]]:
    """Matched families as character spans, minus negated hits and self-directed "advice"."""
    cues: dict[str, list[Span]] = {}
    for fam, hits in raw.items():
        if fam in _CONTEXT_FAMILIES and fam != "complaint":
            continue
        negatable = fam in _NEGATABLE
        advice = fam == "advice"
        keep: list[Span] = []
        for ti, tj in hits:
            if negatable and lexicon.negated(forms, ti):
                continue
            if advice and ti > 0 and forms[ti - 1] in _SELF_SUBJECT:
                continue  # "I'll just do it myself" is not advice to them
            keep.append((starts[ti], ends[tj - 1]))
        if keep:
            cues[fam] = keep
    return cues


def _resolve_overlaps(
    cues: dict[str, list[Span]],
    starts: list[int],
    forms: list[str],
    norm: str,
    sents: list[text.Sentence],
) -> int:
    """Let one reading of the same words win over another; returns the raw apology count."""
    # "I feel that you..." is an opinion, not an I-statement; "must be nice" is not a reflection.
    if "feel_that" in cues and "i_statement" in cues:
        cues["i_statement"] = [s for s in cues["i_statement"] if not overlaps(s, cues["feel_that"])]
    # "I'm so sorry" to someone's news is warmth, not an apology (but it still counts for
    # over-apology when sorries pile up).
    raw_apologies = len(cues.get("apology", ()))
    if "empathy" in cues and "apology" in cues:
        cues["apology"] = [s for s in cues["apology"] if not overlaps(s, cues["empathy"])]
    if "self_blame" in cues and "insult" in cues:  # "I'm such an idiot" is aimed inward
        cues["insult"] = [s for s in cues["insult"] if not overlaps(s, cues["self_blame"])]
    if "insult" in cues:
        _turn_inward(cues, starts, forms)
    if "blame" in cues and "reflect" in cues:
        # "It sounds like you were..." / "I can see why you feel landed with a bill you never
        # agreed to": a you-clause inside a reflection describes them, it does not blame.
        cues["blame"] = [
            b for b in cues["blame"] if not _after_in_sentence(b, cues["reflect"], sents)
        ]
    if "hedge" in cues:
        _conditional_digs(cues, starts, forms)
    if "withdraw" in cues and ("defer" in cues or "give_in" in cues):
        # "whatever you need" defers to them; it does not walk away.
        giving = cues.get("defer", []) + cues.get("give_in", [])
        cues["withdraw"] = [w for w in cues["withdraw"] if not overlaps(w, giving)]
    if "platitude" in cues and "minimise" in cues:
        # "it's not a big deal, don't worry about me" plays down the speaker's own need.
        cues["platitude"] = [p for p in cues["platitude"] if not overlaps(p, cues["minimise"])]
    if "sarcasm" in cues and "reflect" in cues:
        cues["reflect"] = [s for s in cues["reflect"] if not overlaps(s, cues["sarcasm"])]
    # Acknowledgement words count only where they open a sentence ("Ok, I hear you").
    if "ack" in cues:
        cues["ack"] = [s for s in cues["ack"] if _near_sentence_start(norm, s[0], sents)]
    return raw_apologies


def _sentence_moves(
    norm: str, sents: list[text.Sentence]
) -> tuple[dict[str, list[Span]], list[Span], list[tuple[str, int] | None]]:
    """Questions by kind, and sentences that open with an order ("Stop it.", "Bed. Now.");
    also each sentence's first word and offset (None for a question), read once here."""
    questions: dict[str, list[Span]] = {"open": [], "closed": [], "proposal": [], "challenge": []}
    imperatives: list[Span] = []
    firsts: list[tuple[str, int] | None] = []
    verbs = lexicon.words("imperative")
    for st in sents:
        if st.kind in questions:
            questions[st.kind].append((st.start, st.end))
            firsts.append(None)
            continue
        word, off = first = text.first_word_after_lead(norm, st)
        firsts.append(first)
        if word in verbs:
            nxt = norm[off + len(word) : off + len(word) + 12].split()
            if nxt and nxt[0].strip(",.!") in _NOT_IMPERATIVE_NEXT:
                continue
            if nxt and nxt[0].strip(",.!") == "whatever":
                continue  # "take whatever you want": permission, giving in, not a command
            imperatives.append((off, off + len(word)))
        elif word == "now" and norm[st.start : st.end].strip(" .!") == "now":
            imperatives.append((off, off + 3))  # "Bed. Now." - a clipped order
        elif word == "don't" or word == "dont":
            nxt = norm[off + len(word) : off + len(word) + 12].split()
            if nxt and nxt[0].strip(",.!") not in _NOT_IMPERATIVE_NEXT:
                imperatives.append((off, off + len(word)))
    return questions, imperatives, firsts


def _asked_not_given(cues: dict[str, list[Span]], norm: str, closed: list[Span]) -> None:
    """ "Sure?" / "Are you sure?" / "OK?" ask; they do not give in.

    Only in a clipped question (at most three words): "Fine, can you do it by Friday?"
    still gives in before it asks.
    """
    short = [(s, e) for s, e in closed if len(norm[s:e].split()) <= 3]
    if short:
        kept = [sp for sp in cues["give_in"] if not overlaps(sp, short)]
        if kept:
            cues["give_in"] = kept
        else:
            del cues["give_in"]


_DIG = ("sarcasm", "smirk", "insult", "blame", "threat", "complaint", "feel_that")
"""Cues of a dig: beside any of these, irony words ("lovely", "perfect") are a sting."""


def _sincere(
    cues: dict[str, list[Span]],
    forms: list[str],
    questions: dict[str, list[Span]],
    dispute: float,
    comfort_or_calm: float,
) -> bool:
    """Praise words meant as praise: no dig, and thanks or gladness beside them, or an
    answer to good news, an invitation or sad news rather than to a disagreement.

    Why: "lovely", "perfect", "brilliant" are mock praise in "Oh lovely, another weekend at
    your mum's", but warm in "That's lovely news, I'm so happy for you!".
    """
    if questions["challenge"] or any(map(cues.get, _DIG)):
        return False
    glad = not lexicon.words("warm").isdisjoint(forms) or any(
        f == "happy" and nxt == "for" for f, nxt in pairwise(forms)
    )
    return glad or (comfort_or_calm > 0 and not dispute)


_CLARIFY_LAST = frozenset({"how", "what"})
"""Last word of a clipped question that asks for more ("Weird how?", "Meaning what?")."""
_DISMISSIVE_LEAD = frozenset({"so", "and", "or", "then", "now", "says"})
"""...but not "So what?", "Or what?": those dismiss or threaten."""


def _clarifying(norm: str, sents: list[text.Sentence]) -> list[text.Sentence]:
    """A one-to-three-word question ending "how?" or "what?" asks them to say more.

    The echo rule of ``text.sentences`` reads a short question that repeats their word
    ("Privacy? Interesting word...") as a challenge; "Hard how?" repeats a word too, but
    to invite more: it is an open question.
    """
    out = sents
    for i, st in enumerate(sents):
        if st.kind not in ("challenge", "closed"):
            continue
        words = norm[st.start : st.end].strip(" ?!.").split()
        if (
            1 < len(words) <= 3
            and words[-1].strip(",") in _CLARIFY_LAST
            and words[0].strip(",") not in _DISMISSIVE_LEAD
        ):
            if out is sents:
                out = list(sents)
            out[i] = text.Sentence(st.start, st.end, "open")
    return out


def analyse(reply: str, context: str = "") -> Analysis:
    """Find every cue in ``reply`` (read against ``context``) and build the feature vector."""
    cleaned = text.clean_control(reply)
    norm = text.normalise(cleaned)
    starts, ends, forms = lexicon.columns(norm)
    sents = _clarifying(norm, text.sentences(norm))
    cues = _reply_cues(lexicon.find_in_forms(forms), starts, ends, forms)
    raw_apologies = _resolve_overlaps(cues, starts, forms, norm, sents)
    if not all(cues.values()):  # (usually none is empty: then the dict is kept as it is)
        cues = {k: v for k, v in cues.items() if v}
    if raw_apologies >= 2:
        cues["apology_all"] = [(0, 0)] * raw_apologies

    questions, imperatives, firsts = _sentence_moves(norm, sents)
    if "give_in" in cues and questions["closed"]:
        _asked_not_given(cues, norm, questions["closed"])
    is_word = list(map(_IS_WORD.__getitem__, forms))
    if not _DIRECTIVE_LEADS.isdisjoint(forms):  # (the check ``_directives`` opens with)
        imperatives += _directives(starts, ends, forms, questions)
    # "Don't be daft, you'll smash it" reassures and "Tell me about it" invites: not orders.
    for kind in ("platitude", "invite"):
        if kind in cues:
            imperatives = [sp for sp in imperatives if not overlaps(sp, cues[kind])]
    _contempt(cues, starts, ends, forms)
    dispute, grief, calm, ctx_stems, aimed = context_cues(context)
    reply_stems = text.content_stems(forms)
    n_ctx = len(ctx_stems)
    overlap = len(reply_stems & ctx_stems) / (8 if n_ctx > 8 else n_ctx or 1)  # max(1, min(n, 8))
    emotions = lexicon.words("emotion")
    sting_words = lexicon.words("sting")
    stings: list[Span] = (
        []
        if sting_words.isdisjoint(forms)
        else [(s, e) for s, e, f in zip(starts, ends, forms, strict=True) if f in sting_words]
    )
    if stings and _sincere(cues, forms, questions, dispute, grief or calm):
        stings = []
    if stings:
        cues["sting"] = stings  # not a matched family: irony words, shown as evidence
    refl = framed(norm, cues["reflect"], sents, ctx_stems, emotions) if "reflect" in cues else []
    refl += frameless(norm, sents, cues, imperatives, ctx_stems, emotions, refl, firsts)

    an = Analysis(
        reply=reply,
        context=context,
        norm=norm,
        sentences=sents,
        cues=cues,
        reflections=refl,
        questions=questions,
        imperatives=imperatives,
        shouting=text.shouting(cleaned),
        punct=text.repeated_punct(cleaned),
        emoji=text.emoji_count(cleaned),
        words=sum(is_word),
        overlap=overlap,
        context_dispute=dispute,
        context_grief=grief,
        context_calm=calm,
        pronouns=text.pronoun_counts(forms),
        promises=promises(forms),
        accept_open=accepts(forms),
        stings=len(stings),
        shape=shapes(forms, is_word, starts, sents, [r.span[0] for r in refl] if refl else []),
        context_aimed=aimed,
    )
    an.vector = vector.build(an)
    an.vector.update(ngrams(forms))
    if context:
        an.vector.update(context_words(context))
    return an
