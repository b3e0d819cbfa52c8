"""The learned second stage of the crisis check: a small, transparent linear model.

The phrase stage (``safety_patterns``) only knows the wordings someone wrote
down; every freshly written set of risk texts found new ones ("ready to be
done with everything, permanently"). This stage scores each sentence with a
logistic regression over its folded words and word pairs plus a few
*concept* features (a first-person word, a death or ending word, a wish,
a plan, time or means word, a farewell word, an idiom, fiction, third-person
or grief marker) and every pair of concepts that occur together, so it can
generalise from "want ... die" to "ready ... done ... permanently".

It is transparent on purpose: the weights are a plain JSON file
(``safety_data/model.json``, written by ``safety_fit``) a reviewer can read,
every feature is a word, a word pair or a named concept, and a hit reports
the sentence's strongest words as its ``match``. Scoring is one dictionary
look-up per feature, so a 100 KB paste costs a few milliseconds.

Long sentences (a paste without punctuation) are scored in overlapping
windows of ``window`` words, so many mildly weighted words far apart cannot
add up to a hit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path

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
REACH = 4
"""Concept pairs in order ("self" then "death") count when at most this many words apart."""
_DECIDING = 0.9
"""How much leaving a word out must lower the score for it to count as one of the words
that decided a learned hit (and so be quoted in ``match``). On the scale of the fitted
weights: 0.3 until round 11, when a lighter penalty made the weights about three times
larger and filler words ("sure") began to pass 0.3."""
BREAK = "<s>"
"""Stands between two sentences scored together (never a word of user text: folding
drops the angle brackets)."""
POSSIBLE_RISK = "possible risk"
"""The category of a learned hit whose concepts name no clearer kind."""


@dataclass(frozen=True)
class Model:
    """Weights of the learned stage and the concept lists its features use."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    """A window is a hit when its score (log-odds) is at least this."""
    window: int
    concepts: Mapping[str, tuple[str, ...]]
    """Concept name -> folded words (``stem*`` matches any word starting with ``stem``)."""
    gate: frozenset[str] = frozenset()
    """A window is only scored when one of its words has one of these concepts (a death,
    harm, means or ending word): ordinary talk without one can never be a learned hit."""
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
    _concept: dict[str, float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _pairs: dict[tuple[str, str], float] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _ordered: dict[tuple[str, str], float] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    _names: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)
    _bit: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _gate_mask: int = field(default=0, init=False, repr=False, compare=False)
    _masks: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _bit_lists: dict[int, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _present_memo: dict[int, float] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _ordered_memo: dict[tuple[tuple[int, int], ...], float] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._index_weights()
        names = tuple(sorted(self.concepts))
        object.__setattr__(self, "_names", names)
        self._bit.update({name: i for i, name in enumerate(names)})
        gate = 0
        for name in self.gate:
            if name in self._bit:
                gate |= 1 << self._bit[name]
        object.__setattr__(self, "_gate_mask", gate)
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

    def _index_weights(self) -> None:
        """Split the named weights by kind, so scoring needs no string building."""
        for name, weight in self.weights.items():
            kind, _, rest = name.partition(":")
            if kind == "w":
                self._unigrams[rest] = weight
            elif kind == "b":
                first, _, second = rest.partition("_")
                self._bigrams.setdefault(first, {})[second] = weight
            elif kind == "c":
                self._concept[rest] = weight
            elif kind == "x":
                first, _, second = rest.partition("+")
                self._pairs[first, second] = weight
            elif kind == "o":
                first, _, second = rest.partition(">")
                self._ordered[first, second] = weight

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

    def contribution(self, words: Sequence[str], at: int) -> float:
        """How much word ``at`` adds to the window's score: the score with it minus
        the score without it (its own weight, its pairs and the concepts it brings)."""
        return self.score(words) - self.score([*words[:at], *words[at + 1 :]])

    def gated(self, words: Sequence[str]) -> bool:
        """Whether the window has a word of a gate concept (or there is no gate)."""
        if not self.gate:
            return True
        gate = self.gate
        return any(gate.intersection(self.concepts_of(w)) for w in words)

    def score(self, words: Sequence[str]) -> float:
        """Log-odds that this window of folded words is about the writer's risk.

        The same sum as adding up ``weights`` over ``features(words)`` (a test
        checks this), computed without building the feature names.
        """
        found = self._score(words, gated=False)
        return float("-inf") if found is None else found

    def gated_score(self, words: Sequence[str]) -> float | None:
        """``score``, or None when the window has no word of a gate concept."""
        return self._score(words, gated=bool(self.gate))

    def _score(self, words: Sequence[str], gated: bool) -> float | None:
        unigrams, bigrams, mask_of = self._unigrams, self._bigrams, self._mask
        total = self.bias
        following: dict[str, float] | None = None
        tagged: list[tuple[int, int]] = []
        present = 0
        for index, word in enumerate(words):
            total += unigrams.get(word, 0.0)
            if following is not None:
                total += following.get(word, 0.0)
            following = bigrams.get(word)
            mask = mask_of(word)
            if mask:
                tagged.append((index, mask))
                present |= mask
        if gated and not present & self._gate_mask:
            return None
        if not tagged:
            return total
        total += self._present_weight(present)
        follows: dict[int, int] = {}
        for k, (at, before) in enumerate(tagged):
            after = 0
            for later, mask in tagged[k + 1 :]:
                if later - at > REACH:
                    break
                after |= mask
            if after:
                for bit in self._bits(before):
                    follows[bit] = follows.get(bit, 0) | after
        if follows:
            total += self._ordered_weight(tuple(sorted(follows.items())))
        return total

    def _mask(self, word: str) -> int:
        """The word's concepts as a bit mask (bit ``i`` = ``self._names[i]``), memoised."""
        mask = self._masks.get(word)
        if mask is None:
            mask = 0
            for name in self.concepts_of(word):
                mask |= 1 << self._bit[name]
            if len(self._masks) > 200_000:
                self._masks.clear()
            self._masks[word] = mask
        return mask

    def _bits(self, mask: int) -> tuple[int, ...]:
        found = self._bit_lists.get(mask)
        if found is None:
            found = tuple(i for i in range(mask.bit_length()) if mask >> i & 1)
            self._bit_lists[mask] = found
        return found

    def _present_weight(self, present: int) -> float:
        """Weights of the concepts present and of every pair of them (memoised per set)."""
        found = self._present_memo.get(present)
        if found is None:
            names = [self._names[i] for i in self._bits(present)]
            found = 0.0
            for i, first in enumerate(names):
                found += self._concept.get(first, 0.0)
                for second in names[i + 1 :]:
                    found += self._pairs.get((first, second), 0.0)
            if len(self._present_memo) > 100_000:
                self._present_memo.clear()
            self._present_memo[present] = found
        return found

    def _ordered_weight(self, follows: tuple[tuple[int, int], ...]) -> float:
        """Weights of the ordered concept pairs ("self" then "death"), memoised."""
        found = self._ordered_memo.get(follows)
        if found is None:
            found = 0.0
            names, weights = self._names, self._ordered
            for first, after in follows:
                for second in self._bits(after):
                    found += weights.get((names[first], names[second]), 0.0)
            if len(self._ordered_memo) > 100_000:
                self._ordered_memo.clear()
            self._ordered_memo[follows] = found
        return found


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


def features(words: Sequence[str], concepts_of: Callable[[str], tuple[str, ...]]) -> list[str]:
    """Feature names of one window: words, adjacent pairs, concepts, concept pairs.

    ``concepts_of`` maps a folded word to its concept names (``Model.concepts_of``).
    """
    out = [f"w:{w}" for w in words]
    out.extend(f"b:{a}_{b}" for a, b in pairwise(words))
    tagged = [concepts_of(w) for w in words]
    present: set[str] = set()
    for tags in tagged:
        present.update(tags)
    names = sorted(present)
    out.extend(f"c:{n}" for n in names)
    out.extend(f"x:{a}+{b}" for i, a in enumerate(names) for b in names[i + 1 :])
    ordered: set[str] = set()
    for i, before in enumerate(tagged):
        if not before:
            continue
        for after in tagged[i + 1 : i + 1 + REACH]:
            ordered.update(f"o:{a}>{b}" for a in before for b in after)
    out.extend(sorted(ordered))
    return out


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
    """Where the learned stage fired: word indices in the segment and the category."""

    first: int
    last: int
    score: float
    category: str


def best_hit(model: Model, words: Sequence[str]) -> LearnedHit | None:
    """The highest-scoring window of a segment's folded words, if it reaches the threshold.

    The reported span runs from the first to the last word of the window
    that clearly raises its score (leaving the word out lowers it), so
    the card quotes the words that made the decision rather than a whole
    pasted paragraph.
    """
    best: tuple[float, int, int] | None = None
    for start, end in windows(len(words), model.window):
        value = model.gated_score(words[start:end])
        if value is not None and value >= model.threshold and (best is None or value > best[0]):
            best = (value, start, end)
    if best is None:
        return None
    value, start, end = best
    window = words[start:end]
    gains = [model.contribution(window, i) for i in range(len(window))]
    words_at = [i for i, word in enumerate(window) if word != BREAK]
    deciding = [i for i in words_at if gains[i] >= _DECIDING]
    if not deciding:
        deciding = [max(words_at, key=lambda i: (gains[i], -i))]
    first, last = start + deciding[0], start + deciding[-1]
    names = {n for w in words[start:end] for n in model.concepts_of(w)}
    return LearnedHit(first, last, value, concept_labels(sorted(names)))


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
            gate=frozenset(str(g) for g in plain.get("gate", ())),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"model.json: {exc}") from exc


@cache
def load_model() -> Model:
    """The shipped model (read once per process)."""
    return model_from_plain(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
