"""What the words mean: the part of the learned stage that knows similar words.

The word-and-pair model (``safety_model``) only knows words it was fitted
on; rounds 20-24 showed that each freshly written set of risk texts brings
wordings no fitted set had ("dip from existence"), and adding phrases or
texts no longer moved never-read sets. This stage gives every word a small
vector that places it near words of similar meaning, so a text can sound
like risk in words the fit never saw.

The vectors come from a sentence-embedding model (all-MiniLM-L6-v2,
Apache-2.0), distilled once, offline, by ``safety_meaning_fit``: each
word piece of the model's vocabulary was run through the model on its own,
and the resulting vector multiplied into the first layer of a small network
fitted on the crisis sets. What ships (``safety_data/meaning.json``) is
that product, one row of small integers per word piece, plus the
network's last layer. Scoring a text is then pure Python and needs no
model: split each word into pieces (greedy longest match, as the
embedding model does), average the rows, one hidden layer, one sum.

The stage never fires alone: its score is added, times ``weight`` and at
most ``limit`` either way, to the word-and-pair model's score of the same
window (``safety_model``).
"""

from __future__ import annotations

import binascii
import json
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = [
    "MEANING_FILE",
    "Meaning",
    "form",
    "load_meaning",
    "meaning_from_plain",
    "shipped_meaning",
    "split",
]

MEANING_FILE = Path(__file__).resolve().parent / "safety_data" / "meaning.json"
_MAX_WORD = 40
"""Longer words are not split into pieces (the embedding model gives up at 100)."""
_CONTINUES = "##"
_MEMO = 20_000
"""Words whose summed rows are remembered (each costs up to ~2 KB)."""


def split(word: str, index: Mapping[str, int]) -> list[int] | None:
    """Row numbers of the word's pieces (greedy longest match from the left, as the
    embedding model's tokenizer splits); None when some part has no piece."""
    if not word or len(word) > _MAX_WORD:
        return None
    found: list[int] = []
    start = 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end] if start == 0 else _CONTINUES + word[start:end]
            row = index.get(piece)
            if row is not None:
                found.append(row)
                start = end
                break
        else:
            return None
    return found


def form(raw: str) -> str:
    """The word as the embedding model's vocabulary spells it: accents dropped, lower
    case, letters and digits only.

    Taken from the word's original characters, not its folded form: folding
    collapses doubled letters ("sleep" -> "slep"), which the crisis phrases
    want and the vocabulary does not know."""
    decomposed = unicodedata.normalize("NFKD", raw)
    return "".join(c for c in decomposed.casefold() if c.isascii() and c.isalnum())


@dataclass(frozen=True)
class Meaning:
    """Distilled word-piece rows and the small network on their average."""

    pieces: Sequence[str]
    """Vocabulary entries, ``##`` marking a piece that continues a word."""
    rows: bytes
    """``len(pieces) * width`` signed bytes: row ``i`` belongs to ``pieces[i]``."""
    scale: Sequence[float]
    """Per hidden unit: what one step of a row's integers is worth."""
    hidden_bias: Sequence[float]
    out: Sequence[float]
    out_bias: float
    weight: float
    """What the stage's score is multiplied by before it is added to the word model's."""
    limit: float
    """The most the stage may add or take away (log-odds): it tips close calls and never
    decides alone. Without it, a short text on a risky-sounding topic ("I have to take
    lots of meds for my condition") moved by more than two and fired."""
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _words: dict[str, tuple[tuple[int, ...], int] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._index.update((piece, i) for i, piece in enumerate(self.pieces))

    @property
    def width(self) -> int:
        return len(self.scale)

    def word_sum(self, word: str) -> tuple[tuple[int, ...], int] | None:
        """The sum of a word's rows and how many there were (memoised per word)."""
        if word in self._words:
            return self._words[word]
        rows = split(word, self._index)
        found = None
        if rows:
            width, data = self.width, memoryview(self.rows).cast("b")
            slices = (data[row * width : (row + 1) * width] for row in rows)
            found = (tuple(map(sum, zip(*slices, strict=True))), len(rows))
        if len(self._words) >= _MEMO:
            self._words.clear()
        self._words[word] = found
        return found

    def score(self, forms: Sequence[str | None]) -> float:
        """The stage's contribution for these words (times ``weight``, within ``limit``);
        zero when no word has pieces. ``None`` stands for a sentence break."""
        found = [self.word_sum(w) for w in forms if w is not None]
        vectors = [f[0] for f in found if f is not None]
        if not vectors:
            return 0.0
        count = sum(f[1] for f in found if f is not None)
        sums = map(sum, zip(*vectors, strict=True))
        total = self.out_bias
        for s, scale, bias, out in zip(sums, self.scale, self.hidden_bias, self.out, strict=True):
            hidden = s * scale / count + bias
            if hidden > 0.0:
                total += hidden * out
        return max(-self.limit, min(self.limit, self.weight * total))


def meaning_from_plain(plain: object) -> Meaning:
    """A meaning stage from its JSON form; ``ValueError`` when the shape is wrong."""
    if not isinstance(plain, dict):
        raise ValueError("meaning.json: expected an object")
    try:
        pieces = tuple(str(p) for p in plain["pieces"])
        scale = tuple(float(v) for v in plain["scale"])
        rows = binascii.a2b_base64(str(plain["rows"]), strict_mode=True)
        meaning = Meaning(
            pieces=pieces,
            rows=rows,
            scale=scale,
            hidden_bias=tuple(float(v) for v in plain["hidden_bias"]),
            out=tuple(float(v) for v in plain["out"]),
            out_bias=float(plain["out_bias"]),
            weight=float(plain["weight"]),
            limit=float(plain["limit"]),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ValueError(f"meaning.json: {exc}") from exc
    sizes = {len(meaning.hidden_bias), len(meaning.out)}
    if sizes != {len(scale)} or len(rows) != len(pieces) * len(scale):
        raise ValueError("meaning.json: rows, scale, hidden_bias and out do not fit together")
    if not all(math.isfinite(v) for v in (*scale, meaning.out_bias, meaning.weight, meaning.limit)):
        raise ValueError("meaning.json: numbers must be finite")
    return meaning


def load_meaning(path: Path = MEANING_FILE) -> Meaning:
    """A meaning file (the shipped one by default)."""
    return meaning_from_plain(json.loads(path.read_text(encoding="utf-8")))


@cache
def shipped_meaning() -> Meaning:
    """The shipped stage (read once per process)."""
    return load_meaning()
