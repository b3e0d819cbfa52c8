"""One to three tips that quote the learner and offer a better phrasing from their words.

Feedback matters more than the number (ipt-reference.md: practice without
feedback made empathy worse). So every tip points at the learner's own
words, says kindly why they may land badly or well, and where it can, builds
the better version out of what they wrote or what the other person said.
Never shaming: we describe the words, not the person.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

from ipt_trainer.core.scores import Tip
from ipt_trainer.core.scoring.features import Analysis
from ipt_trainer.core.scoring.spans import make_tip
from ipt_trainer.core.scoring.text import Span

_MAX_QUOTE = 120
_SWAP = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "im": "you're", "i've": "you've", "ive": "you've", "i'd": "you'd",
    "i'll": "you'll", "am": "are", "your": "my", "yours": "mine", "yourself": "myself",
    "you're": "I'm", "youre": "I'm", "you've": "I've", "you'll": "I'll", "you'd": "I'd",
    "we": "we", "was": "was",
}  # fmt: skip
_SUBJECT_BEFORE = frozenset({"", "that", "because", "when", "and", "but", "if", "so", "since"})
_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")
_HEDGES = re.compile(
    r"\b(?:um+|uh|erm|maybe|perhaps|i guess|i suppose|kind of|kinda|sort of|just|i dunno|idk"
    r"|if that'?s ok(?:ay)?|if you don'?t mind|sorry|probably)\b[,.]?\s*",
    re.IGNORECASE,
)
_FIRST_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_DOUBLE_COMMA = re.compile(r"\s*,\s*,")
_MULTI_SPACE = re.compile(r"\s{2,}")
_SPACE_PUNCT = re.compile(r"\s+([?.!,])")
_PUNCT_RUN = re.compile(r"([?.!])\s*[?.!]+")
_group1 = itemgetter(1)
_COMMAND_LEAD = re.compile(r"^(?:just|now|so|and)\s+", re.I)
_YOU_ALWAYS = re.compile(r"\b(?:you|u)\s+(never|always|just|only)\s+([^.!?,]+)")


def _sentence_of(an: Analysis, span: Span) -> str:
    for st in an.sentences:
        if st.start <= span[0] < st.end:
            return an.reply[st.start : st.end].strip()
    return an.reply[span[0] : span[1]]


def _quote(s: str) -> str:
    # White space folded to single spaces. A printable string holds no white space but
    # " " (every other kind is a control or separator character), so with no double,
    # leading or trailing space it is already folded: skip the split and join.
    if not s.isprintable() or "  " in s or s[:1] == " " or s[-1:] == " ":
        s = " ".join(s.split())
    return s if len(s) <= _MAX_QUOTE else s[: _MAX_QUOTE - 1].rstrip() + "…"


def _first_sentence(text: str) -> str:
    m = _FIRST_SENTENCE.search(text.strip())
    return m.group().strip() if m else text.strip()


@lru_cache(maxsize=512)
def reflect_back(context: str) -> str | None:
    """'It sounds like <their words, pronouns swapped>' built from the context."""
    first_raw = _first_sentence(context)
    ask = re.match(
        r"(?i)^(?:can|could|will|would)\s+(?:you|u)\s+(?:please\s+)?(.+?)\??$", first_raw
    )
    if ask:
        return _quote(f"It sounds like you'd like me to {ask.group(1).rstrip('.!? ')}")
    if first_raw.rstrip().endswith("?"):
        return None
    first = first_raw.rstrip(".!?… ")
    if len(first.split()) < 3:
        return None
    first = re.sub(r"^(?:honestly|well|so|oh|look|mum|dad|wow)[, ]+", "", first, flags=re.I)
    out: list[str] = []
    prev = ""
    for piece in _WORD.findall(first):
        low = piece.lower().replace("\u2019", "'")
        if low == "you":
            out.append("I" if prev in _SUBJECT_BEFORE else "me")
        elif low == "am" and prev not in ("i", "i'm"):
            out.append(piece)
        elif low in _SWAP:
            out.append(_SWAP[low])
        else:
            out.append(piece)
        if piece.strip():
            prev = low if piece[0].isalpha() else ("" if piece.strip() in ".,;:!?" else prev)
    body = "".join(out).strip()
    if body[:2] in ("I ", "I'"):
        # A complaint about the listener: reflect the feeling behind it, not just the charge.
        return _quote(f"It sounds like you're frustrated that {body}")
    body = body[0].lower() + body[1:]
    return _quote(f"It sounds like {body}")


def _cut(an: Analysis, sentence: str, spans: list[Span]) -> str:
    """The sentence with the cue phrases taken out (e.g. "I'm the worst")."""
    out = sentence
    for s, e in spans:
        phrase = an.reply[s:e]
        out = out.replace(phrase, "")
    out = _DOUBLE_COMMA.sub(",", out)
    return _MULTI_SPACE.sub(" ", out).strip(" ,")


def _without_hedges(sentence: str) -> str:
    out = _HEDGES.sub("", sentence).strip(" ,")
    # ``_group1`` is the template r"\1" as a C callable (both groups always take part).
    out = _SPACE_PUNCT.sub(_group1, out)
    out = _PUNCT_RUN.sub(_group1, out)
    return out[:1].upper() + out[1:] if out else out


def _request_from_command(sentence: str) -> str:
    body = sentence.strip().rstrip(".!?")
    body = _COMMAND_LEAD.sub("", body)
    if body.lower().startswith(("don't ", "dont ")):
        body = "not " + body.split(" ", 1)[1]
    return f"Could you {body[:1].lower()}{body[1:]}?"


def _i_statement_from_blame(sentence: str) -> str:
    low = sentence.lower()
    m = _YOU_ALWAYS.search(low)
    if m:
        verb, rest = m.group(1), m.group(2).strip()
        behaviour = f"you don't {rest}" if verb == "never" else f"you {rest}"
        return f"I feel hurt when {behaviour}. Could we talk about what would help?"
    return "I feel hurt and frustrated about this. Could we talk about what would help?"


def _assertiveness_tip(an: Analysis, style: str) -> Tip | None:
    c = an.cues
    if style == "assertive":
        return None
    for fam in ("feel_that", "blame", "threat", "insult"):
        if c.get(fam):
            sent = _sentence_of(an, c[fam][0])
            if fam == "feel_that":
                msg = (
                    '"I feel that you…" is an opinion about them, so it lands as blame. '
                    "Name your own feeling and the situation instead."
                )
            elif fam == "threat":
                msg = "An ultimatum makes it a fight to win. Say what you need and ask for it."
            else:
                msg = (
                    "Words that judge the person make them defend themselves rather than "
                    "hear you. Describe what happened and how it felt."
                )
            return make_tip(
                skill="assertiveness",
                quote=_quote(sent),
                message=msg,
                suggestion=_i_statement_from_blame(sent),
            )
    if an.imperatives or an.shouting:
        span = an.imperatives[0] if an.imperatives else an.shouting[0]
        sent = _sentence_of(an, span)
        return make_tip(
            skill="assertiveness",
            quote=_quote(sent),
            message="Said as an order (or in capitals), this sounds like a demand. "
            "Ask for it instead; you can still be firm.",
            suggestion=_request_from_command(sent.lower()),
        )
    if c.get("sarcasm") or style == "passive_aggressive":
        span = (c.get("sarcasm") or c.get("smirk") or [(0, len(an.reply))])[0]
        sent = _sentence_of(an, span)
        return make_tip(
            skill="assertiveness",
            quote=_quote(sent),
            message="Sarcasm lets the hurt out sideways, so it stings without being "
            "heard. Say the feeling straight.",
            suggestion="Honestly, I feel hurt by this, and I'd like us to talk about it.",
        )
    if an.vector.get("over_apology"):
        spans = c.get("apology") or c.get("empathy") or [(0, len(an.reply))]
        return make_tip(
            skill="assertiveness",
            quote=_quote(an.reply[spans[0][0] : spans[-1][1]]),
            message="One sorry is enough; several can bury what you need. "
            "Apologise once, then say what you'd like.",
            suggestion="I'm sorry. What I'd like is …",
        )
    for fam, msg in (
        (
            "minimise",
            "Saying it doesn't matter tells them your need is gone. If it matters, say so kindly.",
        ),
        (
            "self_blame",
            "Putting yourself down takes the focus off what you need. "
            "Own your part without the verdict on yourself.",
        ),
        (
            "defer",
            "Handing the whole decision over drops your side. You can agree and still "
            "say what you need.",
        ),
        ("hedge", "The hedges water your request down. Say it plainly; it can still be kind."),
    ):
        if c.get(fam):
            sent = _sentence_of(an, c[fam][0])
            plain = _without_hedges(_cut(an, sent, c[fam]) if fam != "hedge" else sent)
            plain = plain.rstrip(" ,;") + ("" if plain.endswith((".", "!", "?")) else ".")
            suggestion = (
                f"{plain} It does matter to me, though. Could we find a way that works for us both?"
                if plain.strip(". ")
                else "It does matter to me, though. Could we find a way that works for us both?"
                if fam in ("minimise", "defer", "self_blame")
                else plain
                if plain and plain != sent
                else "I'd like …"
            )
            return make_tip(
                skill="assertiveness",
                quote=_quote(sent),
                message=msg,
                suggestion=_quote(suggestion),
            )
    return make_tip(
        skill="assertiveness",
        quote=_quote(_first_sentence(an.reply)),
        message="Your own need doesn't come through yet. Add an I-statement: "
        "what you feel and what you'd like.",
        suggestion="I feel … when … Could we …?",
    )


_LISTENING_CONCERNS: dict[str, str] = {
    "advice": "Advice before they feel understood can feel like being fixed. "
    "Reflect first, then ask what would help.",
    "platitude": "Reassurance like this can make them feel brushed off. "
    "Stay with what they feel first.",
    "self_focus": "Turning to your own experience moves the spotlight away from them. "
    "Keep it on them for now.",
}
"""Listening faults in the order they are looked for, with what the tip says."""


def _level_two_message(an: Analysis) -> str:
    """What a level-2 reply still lacks for level 3: not advice to do what it already did."""
    if an.questions["open"]:
        return (
            "You reflected and asked openly. Name the feeling underneath too, so they "
            "know you heard that part."
        )
    if any(r.emotion for r in an.reflections):
        return "You named what they feel. Now invite more with an open question."
    return (
        "You showed you heard them. Name the feeling underneath and invite more with an "
        "open question."
    )


def _listening_tip(an: Analysis, level: int) -> Tip | None:
    if level >= 3:
        return None
    back = reflect_back(an.context) if an.context.strip() else None
    c = an.cues
    concern = None
    for fam in _LISTENING_CONCERNS:
        if c.get(fam):
            concern = fam
            break
    if concern:
        sent = _sentence_of(an, c[concern][0])
        msg = _LISTENING_CONCERNS[concern]
        sug = f"{back}. What's that been like for you?" if back else "What's been hardest about it?"
        return make_tip(skill="active_listening", quote=_quote(sent), message=msg, suggestion=sug)
    if level == 2:
        if an.questions["open"] and not an.reflections:
            q = _sentence_of(an, an.questions["open"][0])
            with_reflection = f"{back}. {q}" if back else None
            return make_tip(
                skill="active_listening",
                quote=_quote(q),
                message="Good open question. Reflect what they said first, so they "
                "know you heard it.",
                suggestion=with_reflection,
            )
        sent = (
            _sentence_of(an, an.reflections[0].span)
            if an.reflections
            else _first_sentence(an.reply)
        )
        return make_tip(
            skill="active_listening",
            quote=_quote(sent),
            message=_level_two_message(an),
            suggestion=None
            if an.questions["open"]
            else _quote(f"{sent.rstrip('.!')} — what's been hardest about it?"),
        )
    if an.questions["closed"]:
        q = _sentence_of(an, an.questions["closed"][0])
        return make_tip(
            skill="active_listening",
            quote=_quote(q),
            message="A yes/no question can close the conversation down. "
            "Open it up with 'what' or 'how'.",
            suggestion=f"{back}. How are you feeling about it?"
            if back
            else "How are you feeling about it?",
        )
    return make_tip(
        skill="active_listening",
        quote=_quote(_first_sentence(an.reply)),
        message="Show them you heard what they said before anything else.",
        suggestion=f"{back}. What's that been like?"
        if back
        else "It sounds like this matters a lot to you. What's been hardest?",
    )


def _conflict_tip(an: Analysis, mode: str | None) -> Tip | None:
    c = an.cues
    if mode in (None, "collaborating"):
        return None
    if mode == "competing":
        span = (c.get("blame") or c.get("rights") or c.get("threat") or [(0, len(an.reply))])[0]
        return make_tip(
            skill="conflict_resolution",
            quote=_quote(_sentence_of(an, span)),
            message="This pushes to win the argument. Name what each of you wants, "
            "then look for a way that serves both.",
            suggestion="I can see this matters to you, and it matters to me too. "
            "How could we sort it so it works for both of us?",
        )
    if mode == "avoiding":
        span = (c.get("withdraw") or [(0, len(an.reply))])[0]
        sent = _sentence_of(an, span)
        return make_tip(
            skill="conflict_resolution",
            quote=_quote(sent),
            message="Stepping back is fine when you give it a time, so it isn't shutting them out.",
            suggestion="I need a break right now. Can we talk about this tonight "
            "after dinner, when we're both calmer?",
        )
    if mode == "accommodating":
        span = (c.get("give_in") or c.get("defer") or [(0, len(an.reply))])[0]
        sent = _sentence_of(an, span)
        return make_tip(
            skill="conflict_resolution",
            quote=_quote(sent),
            message="Giving in settles it now but drops what you need. You can meet "
            "them and still ask for something.",
            suggestion=_quote(
                f"{sent.rstrip('.!')} — and could we also agree on something that works for me?"
            ),
        )
    span = (c.get("split") or [(0, len(an.reply))])[0]
    sent = _sentence_of(an, span)
    return make_tip(
        skill="conflict_resolution",
        quote=_quote(sent),
        message="A fair offer. Asking what matters most to them can turn it into a "
        "solution you both want.",
        suggestion=_quote(f"{sent.rstrip('.!?')}? What matters most to you in this?"),
    )


def _strength_tip(an: Analysis) -> Tip:
    for fam, skill, msg in (
        ("reflect", "active_listening", "This reflection shows you heard them. Keep it."),
        ("i_statement", "assertiveness", "A clear I-statement: you own your feeling. Keep it."),
        ("joint", "conflict_resolution", "Looking for a way that works for both. Keep it."),
    ):
        if an.cues.get(fam):
            sent = _sentence_of(an, an.cues[fam][0])
            return make_tip(skill=skill, quote=_quote(sent), message=msg)  # type: ignore[arg-type]
    return make_tip(
        skill="active_listening",
        quote=_quote(_first_sentence(an.reply)),
        message="Clear and kind. Checking what matters most to them would build on it.",
    )


_SKILL_ORDER = {"assertiveness": 0, "active_listening": 1, "conflict_resolution": 2}


def tips(an: Analysis, style: str, level: int, mode: str | None) -> list[Tip]:
    """Up to three tips, the weakest skill first; never none."""
    found = [
        t
        for t in (_assertiveness_tip(an, style), _listening_tip(an, level), _conflict_tip(an, mode))
        if t is not None
    ]
    order = _SKILL_ORDER
    if style in ("aggressive", "passive_aggressive"):
        found.sort(key=lambda t: order[t.skill])
    elif level == 0:
        found.sort(key=lambda t: 0 if t.skill == "active_listening" else 1 + order[t.skill])
    if not found:
        found = [_strength_tip(an)]
    return found[:3]
