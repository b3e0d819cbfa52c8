"""The reply's own words and word pairs, as features for the fitted models.

Why: the cue lists name what a clinician can point at ("you always", "I feel"), but
much of what the rubric hears is carried by ordinary words in ordinary order ("don't
be silly", "just a dog", "plan better", "it's fine"). Words and adjacent pairs, each
counted once, let the fitted weights learn those from every labelled set at once;
only words seen in several training replies get a weight, so one writer's quirks do
not. Tokens are the lexicon's forms (lower case, apostrophes dropped, "u" read as
"you"), punctuation included: "?" and "!" are words here too.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain

from ipt_trainer.core.scoring import lexicon, text

PREFIX = "w:"
"""Marks a reply n-gram's feature name apart from the named cue features."""
CONTEXT_PREFIX = "c:"
"""Marks a word of the other person's line (read by the conflict model only)."""
START = "<s>"
"""Stands before the first word, so a reply's opening word pair is its own feature."""


NEGATED = "~"
"""Marks a word read inside a negation's scope ("w:~yell")."""


def ngrams(forms: list[str]) -> dict[str, float]:
    """Each word and each adjacent word pair of the reply, once, valued 1.0.

    A word negated as the cue lists read negation (``lexicon.negated``: a negator in the
    three words before it, same sentence) counts as its negated form, so "I'm not going
    to yell at you" does not carry the weight that "yell" learned from replies that do
    yell; the word pairs stay as written.

    Why two paths: most replies hold no negator at all, and then the keys are built
    by comprehensions; both give the keys in one order (word, pair, word, pair...).
    """
    previous = [START, *forms][: len(forms)]
    pairs = [f"{PREFIX}{prev} {form}" for prev, form in zip(previous, forms, strict=True)]
    if lexicon.words("negator").isdisjoint(forms):
        singles = [PREFIX + form for form in forms]
        return dict.fromkeys(chain.from_iterable(zip(singles, pairs, strict=True)), 1.0)
    out: dict[str, float] = {}
    for form, pair, negated in zip(forms, pairs, lexicon.negation_mask(forms), strict=True):
        if negated and form[:1].isalnum():
            out[PREFIX + NEGATED + form] = 1.0
        else:
            out[PREFIX + form] = 1.0
        out[pair] = 1.0
    return out


@lru_cache(maxsize=512)
def context_words(context: str) -> tuple[tuple[str, float], ...]:
    """Each word of the other person's line, once, valued 1.0 (cached: many replies
    answer one line).

    Why: whether a disagreement is in play is read from their line as much as from the
    reply ("You never call" against "Mum died on Sunday"); the conflict model weighs
    these words beside the reply's own, and "none" is one of its classes.
    """
    forms = lexicon.columns(text.normalise(text.clean_control(context)))[2]
    return tuple((CONTEXT_PREFIX + form, 1.0) for form in dict.fromkeys(forms))
