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
_SUBJECT_AFTER = frozenset({
    "need", "needs", "have", "had", "are", "were", "weren't", "can", "can't", "could",
    "couldn't", "will", "won't", "would", "wouldn't", "should", "shouldn't", "must", "do",
    "don't", "did", "didn't", "go", "went", "say", "said", "think", "thought", "know",
    "knew", "get", "got", "make", "made", "take", "took", "come", "came", "tell", "told",
    "leave", "left", "look", "seem", "feel", "felt", "spend", "spent", "give", "gave",
    "let", "put", "ask", "asked", "try", "tried", "might", "may", "never", "always",
    "just", "keep", "kept", "still", "really", "only", "even", "also", "want", "wanted",
    "agreed", "promised", "booked", "forgot", "missed", "decided", "act", "talk", "sit",
})  # fmt: skip
"""Words after "you" that show it is the subject: "HR says you need to..." -> "I need"."""
_AFTER_I = {"are": "am", "were": "was", "weren't": "wasn't", "aren't": "am not"}
"""Verb forms that change when "you" becomes "I" ("you weren't there" -> "I wasn't")."""
_AFTER_YOU = {"was": "were", "wasn't": "weren't"}
"""And when "I" becomes "you" ("I was up at half four" -> "you were up...")."""
_LOWER_FIRST = frozenset({
    "the", "a", "an", "it", "it's", "its", "he", "she", "they", "we", "there", "this",
    "that", "these", "those", "everyone", "everybody", "nobody", "no", "someone",
    "somebody", "something", "nothing", "everything", "people", "all", "both", "each",
    "some", "most", "many", "one", "our", "their", "his", "her", "being", "having", "since",
    "after", "before", "when", "now", "today", "tonight", "yesterday", "every", "even",
    "just", "only", "still", "again", "things", "work", "life", "what", "why", "how", "not",
    "nothing's", "everyone's", "there's", "that's", "he's", "she's", "they're", "we're",
    "it'll",
})  # fmt: skip
"""First words that always read as lower case after "It sounds like" (swapped pronouns
already come out of ``_SWAP`` in lower case)."""
_NAME_BEFORE = frozenset({
    "says", "said", "told", "thinks", "thought", "wants", "wanted", "keeps", "kept", "is",
    "was", "has", "had", "always", "never", "just", "and", "asked", "called", "texted",
    "rang", "went", "came", "left", "died", "passed", "will", "would", "can", "could",
    "doesn't", "didn't", "won't", "isn't", "wasn't", "hasn't", "would've", "should've",
    "could've", "wouldn't", "loved", "used", "made", "gave", "got",
})  # fmt: skip
"""Words after a capitalised first word that show it names someone ("Mum always...")."""
_NO_SUBJECT = frozenset({
    "haven't", "havent", "been", "feeling", "got", "can't", "cant", "don't", "dont",
    "didn't", "didnt", "need", "want", "wish", "miss", "hate", "feel", "had", "just",
})  # fmt: skip
"""Openings with the speaker's "I" left out ("Haven't heard from you in ages")."""
_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")
_WORDS_ONLY = re.compile(r"[A-Za-z']+")
_OPENER = re.compile(r"^(?:honestly|well|so|oh|look|wow|come on)[, ]+", re.I)
_VOCATIVE_START = re.compile(r"^(?:mum|mom|dad|mam)\s*,\s*", re.I)
_VOCATIVE_END = re.compile(r",\s*(?:mum|mom|dad|mam|love|mate|son|darling|sweetheart)$", re.I)
_SAYS_NOTHING = frozenset({
    "here we go", "here we go again", "not again", "not this again", "you know what",
    "for god's sake", "oh my god", "are you serious", "you're joking", "you're kidding",
})  # fmt: skip
"""Openings that carry no content to reflect."""
_CHECK_IN = re.compile(
    r"(?i)\b(?:are (?:you|u) (?:alright|all right|ok|okay|doing ok)"
    r"|is everything (?:ok|okay|alright)|how are (?:you|u) (?:doing|really|holding up))\b"
)
"""A caring question in their line: what is said about the listener is concern."""
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"})
_ASK = re.compile(
    r"(?i)^(?:(?:can(?:'?t|not)?|could(?:n'?t)?|will|would(?:n'?t)?|won'?t)\s+(you|u|we)"
    r"\s+(?:please\s+)?|do\s+(you|u)\s+(?:want\s+to|wanna)\s+)(.+?)\??$"
)
"""A request or invitation ("Can we move on?", "Do you want to join us?"): reflected as
what they would like."""
_FORBID = re.compile(
    r"(?i)^(?:(?:you|u)\s+(?:can'?t|cannot|can not)\s+(?:just\s+|(?=keep\s+\w+ing\b))"
    r"|(?:you|u)\s+(?:mustn'?t|must not)\s+|don'?t\s+(?:you\s+dare\s+)?(?!you\b))(.+)$"
)
"""A prohibition ("You can't just sit in the house all day", "Don't tell me what to do"):
reflected as what they don't want. "You can't be serious" and "You shouldn't have to"
are not prohibitions, so only "don't", "mustn't", "can't just" and "can't keep ...ing"
count."""
_DISBELIEF = re.compile(
    r"(?i)^(?:you|u)\s*(?:can'?t|cannot|can not|must|(?:'ve|have)\s+got\s+to|(?:'ve|have)\s+gotta)"
    r"\s+be\s+(?:serious|joking|kidding)(?:\s+me)?$"
)
"""Disbelief ("You can't be serious", "You've got to be kidding me"): not a claim about the
listener, so it is read back as surprise, not as "you're frustrated that I can't be serious"."""
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
_MATTERS = "It does matter to me, though. Could we find a way that works for us both?"
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z']+\b")
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
    first_raw = _opening(context)
    ask = _ASK.match(first_raw)
    if ask:
        who = "us" if (ask.group(1) or "").lower() == "we" else "me"
        return _quote(f"It sounds like you'd like {who} to {_swap_persons(ask.group(3))}")
    if first_raw.rstrip().endswith("?"):
        return None
    first = first_raw.rstrip(".!?… ")
    if len(first.split()) < 3:
        return None
    first = _OPENER.sub("", first)
    first = _VOCATIVE_END.sub("", _VOCATIVE_START.sub("", first))  # "Mum, ..." / "..., mum"
    straight = first.replace("\u2019", "'")
    if _DISBELIEF.match(straight):
        return _quote("It sounds like that has really caught you off guard")
    forbid = _FORBID.match(straight)
    if forbid:
        wish = _swap_persons(forbid.group(1).split(",")[0])  # "Don't worry, I'm fine"
        return _quote(f"It sounds like you don't want me to {wish}")
    words = _WORDS_ONLY.findall(straight)
    body = _swap_persons(first)
    if not words or not body:
        return None
    if words[0].lower() in _NO_SUBJECT:
        body = f"you {body[0].lower()}{body[1:]}"  # "Haven't heard from you" -> "you haven't..."
    if body[:2] in ("I ", "I'"):
        if _CHECK_IN.search(context):
            # "You're always so quiet. Are you alright?" is care, not a complaint.
            return _quote(f"It sounds like you've been worried that {body}")
        # A complaint about the listener: reflect the feeling behind it, not just the charge.
        return _quote(f"It sounds like you're frustrated that {body}")
    if _reads_lower(words):
        body = body[0].lower() + body[1:]
    return _quote(f"It sounds like {body}")


def _opening(context: str) -> str:
    """The sentence to reflect: the first that says something, past a bare "Yeah." or
    "Oh, here we go." ("Oh, here we go. I was up at half four every day" reflects the
    early starts)."""
    found: list[str] = _FIRST_SENTENCE.findall(context.strip())
    sentences = [x.strip() for x in found] or [context]
    for i, sentence in enumerate(sentences[:3]):
        core = _OPENER.sub("", sentence).rstrip(".!?… ").lower()
        if len(core.split()) >= 3 and core not in _SAYS_NOTHING:
            if _FIRST_PERSON.isdisjoint(_WORDS_ONLY.findall(core)):
                # Nothing of their own in it ("It was just a dog."): what they ask for
                # next says more about them ("Can we move on?").
                ask = next((x for x in sentences[i + 1 : 3] if _ASK.match(x)), None)
                return ask or sentence
            return sentence
    return sentences[0]


def _swap_persons(text: str) -> str:
    """Their words as the learner would say them back: I <-> you, my <-> your.

    "you" becomes "I" when it does something ("HR says you need to go" -> "I need to
    go", "you weren't there" -> "I wasn't there") and "me" when something is done to it.
    """
    pieces = _WORD.findall(text.rstrip(".!? "))
    words = [p.lower().replace("\u2019", "'") for p in pieces]
    out: list[str] = []
    prev = ""
    subject_i = False
    for i, (piece, low) in enumerate(zip(pieces, words, strict=True)):
        if low == "you":
            following = next((w for w in words[i + 1 :] if w.strip()), "")
            subject_i = (
                prev in _SUBJECT_BEFORE or following in _SUBJECT_AFTER or following.endswith("ed")
            )
            out.append("I" if subject_i else "me")
        elif subject_i and low in _AFTER_I:
            out.append(_AFTER_I[low])
        elif prev == "i" and low in _AFTER_YOU:
            out.append(_AFTER_YOU[low])
        elif low == "am" and prev not in ("i", "i'm"):
            out.append(piece)
        elif low in _SWAP:
            out.append(_SWAP[low])
        else:
            out.append(piece)
        if piece.strip():
            if piece[0].isalpha() and low != "you":
                subject_i = False
            prev = low if piece[0].isalpha() else ("" if piece.strip() in ".,;:!?" else prev)
    return "".join(out).strip()


def _reads_lower(words: list[str]) -> bool:
    """Whether a sentence opening with ``words`` starts in lower case after "It sounds like".

    Common words do ("Everyone keeps...", "Haven't heard..."); names and "HR" keep their
    capital: an all-capitals word, a possessive ("Dad's"), or a capitalised word followed by
    what a subject does ("Mum always...", "Sarah said...").
    """
    first = words[0]
    low = first.lower()
    if low in _LOWER_FIRST:
        return True
    if len(first) > 1 and first.isupper():
        return False
    following = words[1].lower() if len(words) > 1 else ""
    return not (low.endswith("'s") or following in _NAME_BEFORE)


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


def _calm(sentence: str) -> str:
    """The sentence with words in capitals brought down to lower case ("I" stays)."""
    return _CAPS_WORD.sub(lambda m: m.group().lower(), sentence)


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
    if an.imperatives:
        sent = _sentence_of(an, an.imperatives[0])
        return make_tip(
            skill="assertiveness",
            quote=_quote(sent),
            message="Said as an order, this sounds like a demand. "
            "Ask for it instead; you can still be firm.",
            suggestion=_request_from_command(_calm(sent)),
        )
    if an.shouting:
        sent = _sentence_of(an, an.shouting[0])
        calm = _calm(sent)
        return make_tip(
            skill="assertiveness",
            quote=_quote(sent),
            message="In capitals this reads as shouting, so they hear the volume, not the "
            "point. Say it at normal size; you can still be firm.",
            suggestion=_quote(calm[:1].upper() + calm[1:]),
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
            plain = plain.rstrip(" ,;")
            plain += "." if plain[-1:].isalnum() else ""  # not after "?", "!" or an emoji
            said = len(plain.strip(". ").split()) > 1  # a lone leftover word says nothing
            if fam == "hedge":
                suggestion = plain if said and plain != sent else "I'd like …"
            else:
                suggestion = f"{plain} {_MATTERS}" if said else _MATTERS
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
        if not an.reflections:
            # Heard through an invitation or a joint proposal, with nothing said back.
            sent = _first_sentence(an.reply)
            return make_tip(
                skill="active_listening",
                quote=_quote(sent),
                message="Say back what you heard before your own idea, so they know it landed.",
                suggestion=_quote(f"{back}. {sent}") if back else None,
            )
        sent = _sentence_of(an, an.reflections[0].span)
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
        suggestion=_quote(
            f"{sent.rstrip(' .!')}{'' if sent.endswith('?') else '.'} "
            "What matters most to you in this?"
        ),
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
