"""The learned second stage of the crisis check: a small, transparent linear model.

The phrase stage (``safety_patterns``) only knows the wordings someone wrote
down; every freshly written set of risk texts found new ones ("ready to be
done with everything, permanently"). This stage scores the *whole text* with
a logistic regression over its folded words and adjacent word pairs, so it
can weigh "ready ... done ... permanently" together even when the words sit
in different sentences (round 12: reading whole texts beat scoring single
sentences behind a concept gate, see docs/safety.md).

It is transparent on purpose: the weights are a plain JSON file
(``safety_data/model.json``, written by ``safety_fit``) a reviewer can read,
every feature is a word or a word pair, and a hit reports the words that
decided it as its ``match``. Scoring is one dictionary look-up per word, so
a 100 KB paste costs a few milliseconds.

Texts longer than ``window`` words (a long paste) are scored in overlapping
windows, taking the best, so many mildly weighted words far apart cannot add
up to a hit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from ipt_trainer.core.safety_meaning import Meaning, shipped_meaning

__all__ = ["BREAK", "MODEL_FILE", "LearnedHit", "Model", "concept_labels", "features", "load_model"]

MODEL_FILE = Path(__file__).resolve().parent / "safety_data" / "model.json"

_RISK_CONCEPTS = ("selfharm", "means", "plan", "farewell", "burden", "hopeless")
"""Concepts that say what kind of risk a learned hit is, in priority order."""
_CATEGORY_OF = {
    "selfharm": "self-harm",
    "plan": "plan or means",
    "means": "plan or means",
    "farewell": "saying goodbye",
    "burden": "feeling a burden",
    "hopeless": "hopelessness about living",
}
_DECIDING = 0.3
"""What quoting a word costs when choosing the words that decided a learned hit (quoted
in ``match``): the quote is the run of words whose contributions, less this much per
word, add up to most. On the scale of the fitted weights (a decisive word adds 1-3): it
keeps "planning how to do it" whole with its small words, and drops a far-off sentence
whose words only add a little each. Until round 11 every word adding at least this much
was quoted from the first to the last; with whole texts (round 12) a polite opening
("thanks for ...") can add that much, and the span then ran over the whole reply."""
BREAK = "<s>"
"""Stands between two sentences of a text (never a word of user text: folding drops
the angle brackets), so no word pair spans a sentence end."""
POSSIBLE_RISK = "possible risk"
"""The category of a learned hit whose concepts name no clearer kind."""


@dataclass(frozen=True)
class Model:
    """Weights of the learned stage, and the concept lists that name a hit's category."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    """A window is a hit when its score (log-odds) is at least this."""
    window: int
    concepts: Mapping[str, tuple[str, ...]]
    """Concept name -> folded words (``stem*`` matches any word starting with ``stem``).
    Only used to name a hit's category ("self-harm", "plan or means"), never to score."""
    meaning: Meaning | None = field(default=None, compare=False)
    """The meaning stage (``safety_meaning``), added to every window's score."""
    _word_concepts: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _stems: tuple[tuple[str, str], ...] = field(default=(), init=False, repr=False, compare=False)
    _exact: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _unigrams: dict[str, float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _bigrams: dict[str, dict[str, float]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for name, weight in self.weights.items():
            kind, _, rest = name.partition(":")
            if kind == "w":
                self._unigrams[rest] = weight
            elif kind == "b":
                first, _, second = rest.partition("_")
                self._bigrams.setdefault(first, {})[second] = weight
        exact: dict[str, list[str]] = {}
        stems: list[tuple[str, str]] = []
        for name in sorted(self.concepts):
            for word in self.concepts[name]:
                if word.endswith("*"):
                    stems.append((word[:-1], name))
                else:
                    exact.setdefault(word, []).append(name)
        self._exact.update({w: tuple(sorted(set(n))) for w, n in exact.items()})
        object.__setattr__(self, "_stems", tuple(stems))

    def concepts_of(self, word: str) -> tuple[str, ...]:
        """The concepts a folded word belongs to (memoised per word)."""
        found = self._word_concepts.get(word)
        if found is None:
            names = set(self._exact.get(word, ()))
            for stem, name in self._stems:
                if word.startswith(stem):
                    names.add(name)
            found = tuple(sorted(names))
            if len(self._word_concepts) > 200_000:
                self._word_concepts.clear()
            self._word_concepts[word] = found
        return found

    def contribution(
        self, words: Sequence[str], at: int, forms: Sequence[str | None] | None = None
    ) -> float:
        """How much word ``at`` adds to the window's score: the score with it minus
        the score without it (its own weight, its pairs and its meaning)."""
        without = None if forms is None else [*forms[:at], *forms[at + 1 :]]
        return self.score(words, forms) - self.score([*words[:at], *words[at + 1 :]], without)

    def score(self, words: Sequence[str], forms: Sequence[str | None] | None = None) -> float:
        """Log-odds that these folded words are about the writer's risk.

        The same sum as adding up ``weights`` over ``features(words)`` (a test
        checks this): each distinct word and pair counts once, as in fitting,
        so repeating a word cannot raise the score. Computed without building
        the feature names.
        """
        unigrams, bigrams = self._unigrams, self._bigrams
        total = self.bias
        seen: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        previous = ""
        following: dict[str, float] | None = None
        for word in words:
            if word not in seen:
                seen.add(word)
                total += unigrams.get(word, 0.0)
            if following is not None and word in following and (previous, word) not in pairs:
                pairs.add((previous, word))
                total += following[word]
            previous, following = word, bigrams.get(word)
        if self.meaning is not None and forms is not None:
            total += self.meaning.score(forms)
        return total


def windows(count: int, size: int) -> Iterator[tuple[int, int]]:
    """``[start, end)`` word ranges covering ``count`` words, overlapping by half."""
    if count <= size:
        yield 0, count
        return
    step = max(1, size // 2)
    start = 0
    while True:
        yield start, min(count, start + size)
        if start + size >= count:
            return
        start += step


def features(words: Sequence[str]) -> list[str]:
    """Feature names of a text's folded words: each distinct word and adjacent pair.

    Binary (present or not), like the fit: a text says "tired" five times no
    more riskily than once."""
    out = dict.fromkeys(f"w:{w}" for w in words)
    out.update(dict.fromkeys(f"b:{a}_{b}" for a, b in pairwise(words)))
    return list(out)


def concept_labels(names: Sequence[str]) -> str:
    """The category a learned hit reports: the clearest risk concept, or 'possible risk'."""
    present = set(names)
    for name in _RISK_CONCEPTS:
        if name in present and name in _CATEGORY_OF:
            return _CATEGORY_OF[name]
    if present & {"death", "absence"} and "wish" in present:
        return "wish to be dead"
    return POSSIBLE_RISK


@dataclass(frozen=True)
class LearnedHit:
    """Where the learned stage fired: word indices in the text and the category."""

    first: int
    last: int
    score: float
    category: str


def best_score(
    model: Model, words: Sequence[str], forms: Sequence[str | None] | None = None
) -> tuple[float, int, int]:
    """(score, start, end) of the highest-scoring window of a text's folded words (the
    first such window when several tie).

    The meaning stage adds at most its ``limit``, so windows are tried from the best
    word-model score down and the search stops once no window left can win: on a long
    quiet paste almost no window needs the meaning stage at all."""
    meaning = model.meaning
    scored = [(model.score(words[a:b]), a, b) for a, b in windows(len(words), model.window)]
    if meaning is None or forms is None:
        return max(scored, key=lambda found: (found[0], -found[1]), default=(float("-inf"), 0, 0))
    best = (float("-inf"), 0, 0)
    for value, start, end in sorted(scored, key=lambda found: -found[0]):
        if value + meaning.limit < best[0]:
            break
        total = value + meaning.score(forms[start:end])
        if total > best[0] or (total == best[0] and start < best[1]):
            best = (total, start, end)
    return best


def best_hit(
    model: Model,
    words: Sequence[str],
    threshold: float | None = None,
    forms: Sequence[str | None] | None = None,
) -> LearnedHit | None:
    """The highest-scoring window of a text's folded words, if it reaches the threshold.

    The reported span is the densest run of words that raise the window's
    score (leaving a word out lowers it; see ``_DECIDING``), so the card
    quotes the words that made the decision rather than a whole reply or
    pasted paragraph; the category comes from the concepts of those words.
    ``threshold`` overrides the model's (measuring passes minus infinity).
    """
    value, start, end = best_score(model, words, forms)
    if not words or value < (model.threshold if threshold is None else threshold):
        return None
    window = words[start:end]
    window_forms = None if forms is None else forms[start:end]
    gains = [model.contribution(window, i, window_forms) for i in range(len(window))]
    first, last = _densest_run([g - _DECIDING for g in gains])
    while first < last and window[first] == BREAK:
        first += 1
    while last > first and window[last] == BREAK:
        last -= 1
    if window[first] == BREAK:  # the run was only a sentence break: quote the best word
        first = last = max(
            (i for i, word in enumerate(window) if word != BREAK), key=lambda i: (gains[i], -i)
        )
    first, last = start + first, start + last
    names = {n for w in words[first : last + 1] for n in model.concepts_of(w)}
    return LearnedHit(first, last, value, concept_labels(sorted(names)))


def _densest_run(values: Sequence[float]) -> tuple[int, int]:
    """``(first, last)`` of the contiguous run with the largest sum (Kadane's scan);
    the single largest value when every run sums below zero."""
    best, best_span = values[0], (0, 0)
    total, begin = 0.0, 0
    for i, value in enumerate(values):
        if total <= 0:
            total, begin = value, i
        else:
            total += value
        if total > best:
            best, best_span = total, (begin, i)
    return best_span


def model_from_plain(plain: object) -> Model:
    """A model from its JSON form; ``ValueError`` when the shape is wrong."""
    if not isinstance(plain, dict):
        raise ValueError("model.json: expected an object")
    try:
        weights = {str(k): float(v) for k, v in plain["weights"].items()}
        concepts = {str(k): tuple(str(w) for w in v) for k, v in plain["concepts"].items()}
        return Model(
            weights=weights,
            bias=float(plain["bias"]),
            threshold=float(plain["threshold"]),
            window=int(plain["window"]),
            concepts=concepts,
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"model.json: {exc}") from exc


@cache
def load_model() -> Model:
    """The shipped model (read once per process)."""
    model = model_from_plain(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
    return replace(model, meaning=shipped_meaning())
