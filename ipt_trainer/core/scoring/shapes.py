"""Sentence shapes: stances carried by how a sentence is built, not by a cue word.

Split from ``features.py`` so the word-list cues and these whole-sentence
readings (promises, an agreeing opener, martyr promises, verdicts about
"you"...) can each be read on their own. Everything here works on token forms
and sentence bounds only, so it stays cheap: one pass over the tokens.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress

from ipt_trainer.core.scoring import text

SECOND_PERSON = frozenset({"you", "your", "youre", "u", "ur", "youve", "youd", "youll"})
"""Token forms that address the listener."""
_ACCEPT_OPEN = frozenset(
    {"yes", "ok", "okay", "k", "sure", "fine", "alright", "right", "noted", "understood", "yeah",
     "yep", "haan", "fair", "righto"}
)  # fmt: skip
"""A reply that opens by agreeing ("Of course.", "Yes, Chef.", "Fine.") before anything else."""
_FILLERS = frozenset({"um", "umm", "uh", "erm", "oh", "well", "ah", "so", "hmm"})
_PROMISE_AFTER = frozenset(
    {".", ",", "!", "?", "…", "and", "then", "so", "ok", "okay", "fine", "sure", "no", "yes",
     "but", "yeah", "right", "alright", "course", "-", ";", "haan"}
)  # fmt: skip
"""Words after which "I'll ..." starts a fresh promise (not "I think I'll", "if I'll")."""
_WILL_AFTER = frozenset({"i", ".", ","})
_LEADS = frozenset({"so", "and", "but", "oh", "well", "ok", "okay", "yeah", "yes", "no", "look"})
_CONDITION = frozenset({"if", "when", "until", "unless", "once"})
_SWEEPING = frozenset({"everyone", "everybody", "nobody", "anyone", "anybody", "noone"})
_CAP = 2.0
_TRIGGERS = frozenset({"ill", "will", "sorry"}) | SECOND_PERSON | _SWEEPING
"""A word every shape needs in its sentence (martyr: I'll/will; sorry_for: sorry; verdict
and condition: a "you" word; everyone: a sweeping word): a reply with none has no shape."""
_NONE = {"martyr": 0.0, "sorry_for": 0.0, "verdict": 0.0, "condition": 0.0, "everyone": 0.0}


def promises(forms: list[str]) -> int:
    """How many fresh first-person promises: "I'll ...", "I will ...", clipped "will try"."""
    if "ill" not in forms and "will" not in forms:
        return 0
    n = 0
    prev = "."
    for f in forms:
        if (f == "ill" and prev in _PROMISE_AFTER) or (f == "will" and prev in _WILL_AFTER):
            n += 1
        prev = f
    return n


def accepts(forms: list[str]) -> bool:
    """The first word agrees: "of course", "yes", "fine", "ok"..."""
    words: list[str] = []
    for f in forms:
        if f[:1].isalnum() and f not in _FILLERS:
            words.append(f)
            if len(words) == 2:
                break
    if not words:
        return False
    return words[0] in _ACCEPT_OPEN or words == ["of", "course"]


def shapes(
    forms: list[str],
    is_word: list[bool],
    tok_starts: list[int],
    sents: list[text.Sentence],
    starts: list[int],
) -> dict[str, float]:
    """Kinds of sentence that carry a stance without a cue word.

    ``is_word`` flags the forms that are words (not punctuation), ``tok_starts`` holds the
    tokens' start offsets (sorted), and ``starts`` the reflections' start offsets (a
    you-sentence that reflects is no verdict). A token belongs to the first sentence, in
    order, whose end it starts before, if it starts inside that sentence.

    - martyr: a promise with a closing "then"/"shall I", or "just ... next time" ("I'll
      stop caring then", "I'll just stay home next time"): giving in with a sting. A plain
      "I'll just call whenever I can" is sincere giving in, not this;
    - sorry_for: "sorry for sleeping", "sorry for having a life": an apology for
      existing, usually a jab;
    - verdict: a statement that opens with "you" and is not a reflection ("You're not
      special", "You did talk a lot"): a judgement about the other person;
    - condition: a sentence opening "if you / when you / until / unless" (terms set on them);
    - everyone: sweeping words (everyone, nobody, anyone) that dismiss the particular case.
    """
    if _TRIGGERS.isdisjoint(forms):
        return _NONE.copy()
    martyr = sorry_for = verdict = condition = everyone = 0
    ti = 0
    for st in sents:
        s_start = st.start
        s_end = st.end
        # max(ti, bisect_left(...)) for each bound, without the max calls
        lo = bisect_left(tok_starts, s_start)
        if lo < ti:
            lo = ti
        hi = bisect_left(tok_starts, s_end)
        if hi > ti:
            ti = hi
        if lo >= ti:
            continue
        window = forms[lo:ti]
        if _TRIGGERS.isdisjoint(window):
            continue  # no shape without one of its words (see ``_TRIGGERS``)
        words = list(compress(window, is_word[lo:ti]))
        if not words:
            continue
        if ("ill" in words or "will" in words) and (
            words[-1] == "then"
            or words[-2:] == ["shall", "i"]
            or ("just" in words and "next" in words and "time" in words)
        ):
            martyr += 1
        if "sorry" in words:
            for i, w in enumerate(words[:-2]):
                if w == "sorry" and words[i + 1] == "for" and words[i + 2].endswith("ing"):
                    sorry_for += 1
        first = words[0] if words[0] not in _LEADS else (words[1] if len(words) > 1 else "")
        if (
            first in SECOND_PERSON
            and st.kind == "statement"
            and not any(s_start <= s0 < s_end for s0 in starts)
        ):
            verdict += 1
        if first in _CONDITION and not SECOND_PERSON.isdisjoint(words):
            condition += 1
        if not _SWEEPING.isdisjoint(words):
            everyone += sum(map(_SWEEPING.__contains__, words))
    # ``_CAP if n > _CAP else float(n)`` is ``min(float(n), _CAP)`` for a count, without calls.
    return {
        "martyr": _CAP if martyr > _CAP else float(martyr),
        "sorry_for": _CAP if sorry_for > _CAP else float(sorry_for),
        "verdict": _CAP if verdict > _CAP else float(verdict),
        "condition": _CAP if condition > _CAP else float(condition),
        "everyone": _CAP if everyone > _CAP else float(everyone),
    }
