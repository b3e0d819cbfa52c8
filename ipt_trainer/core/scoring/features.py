"""Read a reply (and the line it answers) into cues with spans and a feature vector.

This is the whole linguistic analysis: the three skill modules only weigh
what is found here. Every cue keeps its character span in the reply so the
score can always show the learner *which words* it is reacting to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from ipt_trainer.core.scoring import lexicon, text
from ipt_trainer.core.scoring.lexicon import Token

Span = tuple[int, int]

_NEGATORS = frozenset(
    [
        "not",
        "dont",
        "never",
        "wont",
        "cant",
        "isnt",
        "arent",
        "wasnt",
        "didnt",
        "no",
        "without",
        "nobody",
        "shouldnt",
        "wouldnt",
        "couldnt",
        "neither",
        "nor",
        "aint",
    ]
)
_NEGATABLE = frozenset({"threat", "insult", "blame", "advice", "platitude", "withdraw"})
_SENTENCE_END = frozenset(".!?…\n")
_ACK_LEAD_WORDS = 3
_CONTEXT_FAMILIES = frozenset({"complaint", "grief", "calm"})
_SELF_SUBJECT = frozenset({"i", "ill", "im", "id", "ive", "we", "well", "were_"})
_SECOND_PERSON = frozenset({"you", "your", "youre", "u", "ur", "youve", "youd", "youll"})
_MILD = frozenset({"missing", "miss", "down", "left", "taken", "let", "used", "heavy", "lost"})
_NOT_IMPERATIVE_NEXT = frozenset(
    {"worry", "care", "mind", "sorry", "honest", "fair", "safe", "well", "kind", "gentle"}
)


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
    vector: dict[str, float] = field(default_factory=dict)

    def count(self, family: str) -> int:
        """How many times a cue family was found in the reply."""
        return len(self.cues.get(family, ()))


def _negated(toks: list[Token], i: int) -> bool:
    """True when one of the three words before token ``i`` (same sentence) negates it."""
    for j in range(i - 1, max(-1, i - 4), -1):
        form = toks[j].form
        if form in _SENTENCE_END:
            return False
        if form in _NEGATORS or (form.endswith("nt") and form[:-2] in ("do", "wo", "ca", "is")):
            return True
    return False


def _near_sentence_start(norm: str, pos: int, sents: list[text.Sentence]) -> bool:
    """True when at most two words come before ``pos`` in its sentence."""
    for st in sents:
        if st.start <= pos < st.end:
            return len(norm[st.start : pos].split()) < _ACK_LEAD_WORDS
    return False


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in others)


@lru_cache(maxsize=512)
def _context_cues(context: str) -> tuple[float, float, float, frozenset[str]]:
    if not context.strip():
        return 0.0, 0.0, 0.0, frozenset()
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
    return dispute, grief, calm, frozenset(text.content_stems(t.form for t in toks))


def _reflections(
    an_norm: str,
    spans: list[Span],
    sents: list[text.Sentence],
    ctx_stems: frozenset[str],
    emotions: frozenset[str],
) -> list[Reflection]:
    out = []
    for s, e in spans:
        sent_end = next((st.end for st in sents if st.start <= s < st.end), len(an_norm))
        tail = an_norm[s:sent_end]
        emotion = any(w.replace("'", "") in emotions for w in tail.split())
        stems = text.content_stems(w.replace("'", "") for w in an_norm[e:sent_end].split())
        out.append(Reflection((s, e), emotion, len(stems), len(stems & ctx_stems)))
    return out


def analyse(reply: str, context: str = "") -> Analysis:
    """Find every cue in ``reply`` (read against ``context``) and build the feature vector."""
    cleaned = text.clean_control(reply)
    norm = text.normalise(cleaned)
    toks = lexicon.tokenize(norm)
    sents = text.sentences(norm)
    raw = lexicon.find_all(toks)

    cues: dict[str, list[Span]] = {}
    for fam, hits in raw.items():
        if fam in _CONTEXT_FAMILIES and fam != "complaint":
            continue
        keep: list[Span] = []
        for ti, tj in hits:
            if fam in _NEGATABLE and _negated(toks, ti):
                continue
            if fam == "advice" and ti > 0 and toks[ti - 1].form in _SELF_SUBJECT:
                continue  # "I'll just do it myself" is not advice to them
            keep.append((toks[ti].start, toks[tj - 1].end))
        if keep:
            cues[fam] = keep

    # "I feel that you..." is an opinion, not an I-statement; "must be nice" is not a reflection.
    if "feel_that" in cues and "i_statement" in cues:
        cues["i_statement"] = [
            s for s in cues["i_statement"] if not _overlaps(s, cues["feel_that"])
        ]
    # "I'm so sorry" to someone's news is warmth, not an apology (but it still counts for
    # over-apology when sorries pile up).
    raw_apologies = len(cues.get("apology", ()))
    if "empathy" in cues and "apology" in cues:
        cues["apology"] = [s for s in cues["apology"] if not _overlaps(s, cues["empathy"])]
    if "self_blame" in cues and "insult" in cues:  # "I'm such an idiot" is aimed inward
        cues["insult"] = [s for s in cues["insult"] if not _overlaps(s, cues["self_blame"])]
    if "sarcasm" in cues and "reflect" in cues:
        cues["reflect"] = [s for s in cues["reflect"] if not _overlaps(s, cues["sarcasm"])]
    # Acknowledgement words count only where they open a sentence ("Ok, I hear you").
    if "ack" in cues:
        cues["ack"] = [s for s in cues["ack"] if _near_sentence_start(norm, s[0], sents)]
    cues = {k: v for k, v in cues.items() if v}
    if raw_apologies >= 2:
        cues["apology_all"] = [(0, 0)] * raw_apologies

    questions: dict[str, list[Span]] = {"open": [], "closed": [], "proposal": [], "challenge": []}
    imperatives: list[Span] = []
    verbs = lexicon.words("imperative")
    for st in sents:
        if st.kind in questions:
            questions[st.kind].append((st.start, st.end))
            continue
        word, off = text.first_word_after_lead(norm, st)
        if word in verbs:
            nxt = norm[off + len(word) : off + len(word) + 12].split()
            if nxt and nxt[0].strip(",.!") in _NOT_IMPERATIVE_NEXT:
                continue
            imperatives.append((off, off + len(word)))
        elif word == "don't" or word == "dont":
            nxt = norm[off + len(word) : off + len(word) + 12].split()
            if nxt and nxt[0].strip(",.!") not in _NOT_IMPERATIVE_NEXT:
                imperatives.append((off, off + len(word)))

    dispute, grief, calm, ctx_stems = _context_cues(context)
    forms = [t.form for t in toks]
    reply_stems = text.content_stems(forms)
    overlap = len(reply_stems & ctx_stems) / max(1, min(len(ctx_stems), 8))
    emotions = lexicon.words("emotion")
    refl = _reflections(norm, cues.get("reflect", []), sents, ctx_stems, emotions)

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
        words=sum(1 for f in forms if f[:1].isalnum()),
        overlap=overlap,
        context_dispute=dispute,
        context_grief=grief,
        context_calm=calm,
        pronouns=text.pronoun_counts(forms),
    )
    an.vector = _vector(an)
    return an


_REPLY_FAMILIES: tuple[str, ...] = tuple(
    f for f in lexicon.FAMILIES if f not in _CONTEXT_FAMILIES or f == "complaint"
)
"""Families that enter the vector, filtered once rather than per reply."""


def _cap(n: float, top: float = 2.0) -> float:
    return min(float(n), top)


def _vector(an: Analysis) -> dict[str, float]:
    """Numeric features, capped so one long paste cannot dominate."""
    v: dict[str, float] = {}
    cues = an.cues
    for fam in _REPLY_FAMILIES:
        found = cues.get(fam)
        n = len(found) if found else 0
        v[fam] = 2.0 if n >= 2 else float(n)
    v["over_apology"] = 1.0 if an.count("apology_all") >= 2 else 0.0
    strong = [r for r in an.reflections if r.emotion and (r.content >= 1 or r.overlap >= 1)]
    specific = [r for r in an.reflections if r.content >= 2 or r.overlap >= 1 or r.emotion]
    v["reflect_feeling"] = _cap(len(strong))
    v["reflect_specific"] = _cap(len(specific))
    v["reflect_generic"] = 1.0 if an.reflections and not specific else 0.0
    v["open_q"] = _cap(len(an.questions["open"]))
    v["closed_q"] = _cap(len(an.questions["closed"]))
    v["proposal_q"] = _cap(len(an.questions["proposal"]))
    v["imperative"] = _cap(len(an.imperatives))
    v["shout"] = _cap(len(an.shouting))
    v["punct"] = _cap(len(an.punct))
    v["emoji"] = _cap(an.emoji, 1)
    v["overlap"] = min(an.overlap, 1.0)
    v["length"] = math.log1p(an.words) / 4.0
    i, you, we = an.pronouns
    total = max(1, i + you + we)
    v["you_share"] = you / total
    v["i_share"] = i / total
    v["we_share"] = we / total
    v["ctx_dispute"] = 1.0 if an.context_dispute > 0 else 0.0
    v["ctx_grief"] = 1.0 if an.context_grief > 0 else 0.0
    v["ctx_calm"] = 1.0 if an.context_calm > 0 else 0.0
    v["short"] = 1.0 if an.words <= 6 else 0.0
    v["challenge_q"] = _cap(len(an.questions["challenge"]))
    v["attack"] = _cap(
        v["blame"] + v["insult"] + v["threat"] + v["shout"] + v["feel_that"] + v["challenge_q"], 3
    )
    v["listen_move"] = 1.0 if (v["reflect_specific"] or v["open_q"] or v["invite"]) else 0.0
    v["listen_complex"] = (
        1.0
        if (v["reflect_feeling"] and (v["open_q"] or v["invite"] or v["joint"] or v["proposal_q"]))
        else 0.0
    )
    v["concern_listen"] = _cap(
        v["advice"] + v["platitude"] + v["self_focus"] + v["sarcasm"] + v["attack"] + v["withdraw"],
        3,
    )
    return v
