"""A bounded per-word memo, shared by the scorer's word-level look-ups."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

_V = TypeVar("_V")


class WordMemo(dict[str, _V]):
    """``memo[word]`` is ``compute(word)``, remembered.

    Why: words repeat across replies, so with each word's answer kept a whole reply's
    answers come from one ``map(memo.__getitem__, words)`` in C. Bounded for pasted text:
    cleared when it holds ``limit`` words, and words longer than ``longest`` characters
    (runs of pasted letters) are computed but never kept.
    """

    def __init__(self, compute: Callable[[str], _V], limit: int = 20_000, longest: int = 40):
        super().__init__()
        self._compute = compute
        self._limit = limit
        self._longest = longest

    def __missing__(self, word: str) -> _V:
        value = self._compute(word)
        if len(word) <= self._longest:
            if len(self) >= self._limit:
                self.clear()
            self[word] = value
        return value
