"""The crisis lexicon: data files a clinician can read, compiled to regexes.

The words live in ``safety_data/*.yaml`` so that people who know the
clinical language, not only programmers, can review and extend them. Each
entry is a phrase in a deliberately small language (documented in
``docs/safety.md``):

- plain words: ``want to die`` (spelling, case, apostrophes, repeated
  letters are folded for you: ``i'm`` = ``im``, ``kill`` = ``kil``)
- ``(a|b c)`` one of several phrases; ``[a|b]`` optional
- ``{slot}`` a named list of phrases from the ``slots`` section
- ``word*`` any word starting with ``word`` (``suicid*``)
- ``...`` up to 4 other words, ``...8`` up to 8
- ``<knife>`` an emoji (see ``safety_text._EMOJI``); ``<many>`` a number of 10 or more;
  ``<end>`` the end of the sentence

Phrases compile to regular expressions over a segment's folded words in the
form ``safety_text.marked`` gives (a marker before each word, a space after),
so every piece of a phrase ends in ``" " + MARK`` and matches always start
and end on whole words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from ipt_trainer.core import safety_cache
from ipt_trainer.core.safety_cache import compile_pattern
from ipt_trainer.core.safety_schema import CategoryData, IgnoreData, LexiconData, ScopeData
from ipt_trainer.core.safety_text import EMOJI_PREFIX, MARK, Spelling, fold_chars, segments

__all__ = [
    "ANY_WORD",
    "Category",
    "CategoryData",
    "IgnoreData",
    "Lexicon",
    "LexiconData",
    "LexiconError",
    "ScopeData",
    "build_lexicon",
    "lexicon",
    "load_lexicon_data",
]

DATA_DIR = Path(__file__).resolve().parent / "safety_data"
_Model = TypeVar("_Model", bound=BaseModel)
MAX_DEFAULT_GAP = 4
_M = re.escape(MARK)

_PIECE = re.compile(r"\{[a-z_]+\}|\.\.\.\d*|[()\[\]|]|<[a-z_]+>|[^\s()\[\]|{}<>]+")


class LexiconError(ValueError):
    """A data file cannot be read or a phrase in it cannot be understood."""


ANY_WORD = "*"
"""In a set of first words: a match may start with any word."""


@dataclass(frozen=True)
class Category:
    """A compiled category."""

    id: str
    label: str
    subject: Literal["resolve", "resolve_inner", "self", "other"]
    requires_context: str | None
    regex: re.Pattern[str]
    first: frozenset[str] = frozenset({ANY_WORD})
    """Words a match can start with (``stem*`` for stems, ``ANY_WORD`` for any):
    the regex is only tried where one of these words stands."""
    context_reach: int | None = None
    """How many sentences either side of the match the context may stand in
    (None: anywhere in the text)."""


@dataclass(frozen=True)
class Lexicon:
    """Everything the check needs, compiled once per process."""

    spelling: Spelling
    categories: tuple[Category, ...]
    ignore: re.Pattern[str]
    negators_by_last: Mapping[str, tuple[tuple[str, ...], ...]]
    """Negator word sequences, keyed by their last word (the check walks backwards)."""
    fillers: frozenset[str]
    negation_blockers: re.Pattern[str]
    negation_limiters: re.Pattern[str]
    """Words after a negated phrase that make it a postponement ("not yet", "not today")."""
    self_words: frozenset[str]
    other_words: frozenset[str]
    neutral_words: frozenset[str]
    contexts: Mapping[str, re.Pattern[str]]
    past_markers: re.Pattern[str]
    recovery: re.Pattern[str]
    frames: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    """Named sentence-structure frames from scope.yaml (see ``safety_frames``)."""
    _masks: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _literal_masks: dict[str, int] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _stem_masks: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _any_mask: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        anywhere = 0
        for bit, category in enumerate(self.categories):
            for first in category.first:
                if first == ANY_WORD:
                    anywhere |= 1 << bit
                elif first.endswith("*"):
                    stem = first[:-1]
                    self._stem_masks[stem] = self._stem_masks.get(stem, 0) | 1 << bit
                else:
                    self._literal_masks[first] = self._literal_masks.get(first, 0) | 1 << bit
        self._any_mask.append(anywhere)

    @property
    def known_masks(self) -> Mapping[str, int]:
        """``start_mask`` results worked out so far (a read-only view for hot loops)."""
        return self._masks

    def start_mask(self, word: str) -> int:
        """Bit ``i`` is set when a match of ``categories[i]`` can start with ``word``.

        Trying each category's regex only at such words, instead of searching
        from every word, is what keeps a 100 KB paste fast. Memoised per word.
        """
        mask = self._masks.get(word)
        if mask is None:
            mask = self._literal_masks.get(word, 0) | self._any_mask[0]
            stems = self._stem_masks
            for end in range(1, len(word) + 1):
                mask |= stems.get(word[:end], 0)
            if len(self._masks) > 200_000:
                self._masks.clear()
            self._masks[word] = mask
        return mask


@dataclass(frozen=True)
class _Part:
    """A compiled piece of a phrase: regex source, whether it can match no words,
    and the words a match can start with (``stem*`` for a stem)."""

    source: str
    nullable: bool
    first: frozenset[str]

    @staticmethod
    def sequence(parts: list[_Part]) -> _Part:
        first: set[str] = set()
        for part in parts:
            first |= part.first
            if not part.nullable:
                break
        return _Part(
            "".join(p.source for p in parts), all(p.nullable for p in parts), frozenset(first)
        )

    @staticmethod
    def choice(parts: list[_Part]) -> _Part:
        return _Part(
            "|".join(p.source for p in parts),
            any(p.nullable for p in parts),
            frozenset().union(*(p.first for p in parts)),
        )


class _Compiler:
    """Turns phrases into regex source, expanding slots recursively."""

    def __init__(self, spelling: Spelling, slots: Mapping[str, list[str]]) -> None:
        self._spelling = spelling
        self._slots = slots
        self._cache: dict[str, _Part] = {}
        self._expanding: set[str] = set()

    def phrase(self, text: str) -> str:
        return self.part(text).source

    def part(self, text: str) -> _Part:
        """The regex source, whether it can match no words at all, and which words a
        match can start with (all known without compiling, the slow part of loading)."""
        pieces = _PIECE.findall(text)
        if not pieces:
            raise LexiconError("empty phrase")
        found, rest = self._alternatives(pieces, closer=None)
        if rest:
            raise LexiconError(f"unexpected {rest[0]!r}")
        return found

    def _alternatives(self, pieces: list[str], closer: str | None) -> tuple[_Part, list[str]]:
        options: list[_Part] = []
        current: list[_Part] = []
        while pieces:
            head = pieces[0]
            if head in (")", "]"):
                if head != closer:
                    raise LexiconError(f"unmatched {head!r}")
                break
            pieces = pieces[1:]
            if head == "|":
                options.append(_Part.sequence(current))
                current = []
            elif head in ("(", "["):
                inner, pieces = self._alternatives(pieces, ")" if head == "(" else "]")
                if not pieces:
                    raise LexiconError(f"unclosed {head!r}")
                pieces = pieces[1:]
                current.append(
                    _Part(
                        f"(?:{inner.source})" + ("?" if head == "[" else ""),
                        head == "[" or inner.nullable,
                        inner.first,
                    )
                )
            else:
                current.append(self._piece(head))
        else:
            if closer is not None:
                raise LexiconError(f"unclosed {'(' if closer == ')' else '['!r}")
        options.append(_Part.sequence(current))
        if any(not option.source for option in options):
            raise LexiconError("empty alternative")
        return _Part.choice(options), pieces

    def _piece(self, piece: str) -> _Part:
        if piece.startswith("{"):
            return self._slot(piece[1:-1])
        if piece.startswith("..."):
            width = int(piece[3:]) if piece[3:] else MAX_DEFAULT_GAP
            return _Part(rf"(?:[^ ]+ {_M}){{0,{width}}}", True, frozenset({ANY_WORD}))
        if piece == "<end>":
            return _Part("$", True, frozenset())
        if piece == "<many>":
            return _Part(r"[1-9][0-9]+ " + _M, False, frozenset(f"{d}*" for d in "123456789"))
        if piece.startswith("<"):
            word = _plain(EMOJI_PREFIX + piece[1:-1])
            return _Part(re.escape(word) + " " + _M, False, frozenset({word}))
        return self._word(piece)

    def _slot(self, name: str) -> _Part:
        if name in self._cache:
            return self._cache[name]
        if name not in self._slots:
            raise LexiconError(f"unknown slot {{{name}}}")
        if name in self._expanding:
            raise LexiconError(f"slot {{{name}}} refers to itself")
        self._expanding.add(name)
        try:
            parts = [self.part(p) for p in self._slots[name]]
        finally:
            self._expanding.discard(name)
        choice = _Part.choice(parts)
        result = _Part(f"(?:{choice.source})", choice.nullable, choice.first)
        self._cache[name] = result
        return result

    def _word(self, piece: str) -> _Part:
        if "\\" in piece:
            # Folding would quietly turn a regex escape into a letter ("\S+" into "s").
            raise LexiconError(f"{piece!r}: no regex escapes here; '...1' is any one word")
        stem = piece.endswith("*")
        raw = piece.rstrip("*")
        if stem:
            folded = _plain(fold_chars(raw)[0])
            if not folded.strip():
                raise LexiconError(f"empty stem {piece!r}")
            return _Part(re.escape(folded) + r"[^ ]* " + _M, False, frozenset({folded + "*"}))
        words = [w.text for seg in segments(raw, self._spelling) for w in seg.words]
        if not words:
            raise LexiconError(f"{piece!r} has no letters")
        source = "".join(re.escape(w) + " " + _M for w in words)
        return _Part(source, False, frozenset({words[0]}))


def _compile_list(compiler: _Compiler, phrases: list[str], where: str) -> re.Pattern[str]:
    return _compile_with_first(compiler, phrases, where)[0]


def _compile_with_first(
    compiler: _Compiler, phrases: list[str], where: str
) -> tuple[re.Pattern[str], frozenset[str]]:
    """One regex for the whole list, compiled once (compiling is most of the load
    time), and the words a match can start with; entries are compiled one by one
    only to name the culprit of an error."""
    sources: list[str] = []
    first: set[str] = set()
    for index, phrase in enumerate(phrases):
        try:
            found = compiler.part(phrase)
        except LexiconError as exc:
            raise LexiconError(f"{where} entry {index + 1} {phrase!r}: {exc}") from exc
        if found.nullable:
            raise LexiconError(f"{where} entry {index + 1} {phrase!r}: matches nothing at all")
        sources.append(found.source)
        first |= found.first
    if not sources:
        return compile_pattern(r"(?!x)x"), frozenset()
    try:
        return compile_pattern(_M + "(?:" + "|".join(sources) + ")"), frozenset(first)
    except re.error:
        for index, (phrase, source) in enumerate(zip(phrases, sources, strict=True)):
            try:
                re.compile(source)
            except re.error as exc:
                raise LexiconError(f"{where} entry {index + 1} {phrase!r}: {exc}") from exc
        raise


def _load_yaml(name: str) -> object:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        return YAML(typ="safe").load(text)
    except (OSError, YAMLError) as exc:
        raise LexiconError(f"safety_data/{name}: {exc}") from exc


def _validated(model: type[_Model], name: str) -> _Model:
    try:
        return model.model_validate(_load_yaml(name))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise LexiconError(f"safety_data/{name}: {problems}") from exc


def _spelling(scope: ScopeData) -> Spelling:
    misspellings: dict[str, str] = {}
    for right, wrongs in (*scope.misspellings.items(), *scope.same_as.items()):
        for wrong in wrongs:
            misspellings[_plain(wrong)] = _plain(right)
    keywords = tuple(dict.fromkeys(_plain(k) for k in scope.fuzzy_keywords))
    keep = frozenset(w.lower().replace("'", "") for w in scope.keep_doubles)
    return Spelling(misspellings=misspellings, fuzzy_keywords=keywords, keep_doubles=keep)


def _plain(word: str) -> str:
    """Lower case, no apostrophes, repeated letters collapsed (as text words are)."""
    return re.sub(r"(.)\1+", r"\1", word.lower().replace("'", ""))


def _words(spelling: Spelling, phrases: list[str]) -> Iterator[str]:
    for phrase in phrases:
        for seg in segments(phrase, spelling):
            for word in seg.words:
                yield word.text


def _by_last_word(
    sequences: Iterable[tuple[str, ...]],
) -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for sequence in sequences:
        if sequence:
            grouped.setdefault(sequence[-1], []).append(sequence)
    return {last: tuple(group) for last, group in grouped.items()}


def load_lexicon_data() -> tuple[LexiconData, IgnoreData, ScopeData]:
    """The three data files, validated but not compiled (used by the tests and docs)."""
    return (
        _validated(LexiconData, "lexicon.yaml"),
        _validated(IgnoreData, "ignore.yaml"),
        _validated(ScopeData, "scope.yaml"),
    )


_DATA_FILES = ("lexicon.yaml", "ignore.yaml", "scope.yaml", "model.json")
"""The data files the cache key hashes (model.json too, so any change to the shipped
data starts from a clean build)."""
_CODE_FILES = ("safety_patterns", "safety_schema", "safety_text", "safety_cache")
"""The modules whose code shapes the compiled lexicon (part of the cache key)."""


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon; raises ``LexiconError`` naming the file and entry at fault.

    Served from the local cache (``safety_cache``) when one matches the data
    files and this Python; otherwise built from the YAML and cached.
    """
    here = Path(__file__).resolve().parent
    try:
        key = safety_cache.cache_key(
            [*(DATA_DIR / name for name in _DATA_FILES)]
            + [here / f"{module}.py" for module in _CODE_FILES]
        )
    except OSError:
        return build_lexicon()
    cached = safety_cache.load(key)
    if cached is not None:
        try:
            return _from_plain(cached)
        except (KeyError, TypeError, ValueError):
            pass
    built = build_lexicon()
    try:
        plain = _to_plain(built)
    except KeyError:
        return built
    safety_cache.save(key, plain)
    return built


def _to_plain(lx: Lexicon) -> dict[str, Any]:
    pattern = safety_cache.plain_pattern
    return {
        "spelling": {
            "misspellings": dict(lx.spelling.misspellings),
            "fuzzy_keywords": list(lx.spelling.fuzzy_keywords),
            "keep_doubles": sorted(lx.spelling.keep_doubles),
        },
        "categories": [
            {
                "id": c.id,
                "label": c.label,
                "subject": c.subject,
                "requires_context": c.requires_context,
                "context_reach": c.context_reach,
                "regex": pattern(c.regex),
                "first": sorted(c.first),
            }
            for c in lx.categories
        ],
        "ignore": pattern(lx.ignore),
        "negators_by_last": {k: [list(seq) for seq in v] for k, v in lx.negators_by_last.items()},
        "fillers": sorted(lx.fillers),
        "negation_blockers": pattern(lx.negation_blockers),
        "negation_limiters": pattern(lx.negation_limiters),
        "self_words": sorted(lx.self_words),
        "other_words": sorted(lx.other_words),
        "neutral_words": sorted(lx.neutral_words),
        "contexts": {name: pattern(rx) for name, rx in lx.contexts.items()},
        "past_markers": pattern(lx.past_markers),
        "recovery": pattern(lx.recovery),
        "frames": {name: pattern(rx) for name, rx in lx.frames.items()},
    }


def _from_plain(plain: dict[str, Any]) -> Lexicon:
    restore = safety_cache.restore_pattern
    spelling = plain["spelling"]
    categories = []
    for c in plain["categories"]:
        if c["subject"] not in ("resolve", "resolve_inner", "self", "other"):
            raise ValueError(f"bad subject {c['subject']!r}")
        categories.append(
            Category(
                id=str(c["id"]),
                label=str(c["label"]),
                subject=c["subject"],
                requires_context=c["requires_context"],
                regex=restore(c["regex"]),
                first=frozenset(str(w) for w in c["first"]),
                context_reach=c["context_reach"],
            )
        )
    return Lexicon(
        spelling=Spelling(
            misspellings={str(k): str(v) for k, v in spelling["misspellings"].items()},
            fuzzy_keywords=tuple(str(k) for k in spelling["fuzzy_keywords"]),
            keep_doubles=frozenset(str(k) for k in spelling["keep_doubles"]),
        ),
        categories=tuple(categories),
        ignore=restore(plain["ignore"]),
        negators_by_last={
            str(k): tuple(tuple(str(w) for w in seq) for seq in v)
            for k, v in plain["negators_by_last"].items()
        },
        fillers=frozenset(plain["fillers"]),
        negation_blockers=restore(plain["negation_blockers"]),
        negation_limiters=restore(plain["negation_limiters"]),
        self_words=frozenset(plain["self_words"]),
        other_words=frozenset(plain["other_words"]),
        neutral_words=frozenset(plain["neutral_words"]),
        contexts={str(k): restore(v) for k, v in plain["contexts"].items()},
        past_markers=restore(plain["past_markers"]),
        recovery=restore(plain["recovery"]),
        frames={str(k): restore(v) for k, v in plain["frames"].items()},
    )


def build_lexicon() -> Lexicon:
    """Load, validate and compile the data files (no cache)."""
    data, ignore, scope = load_lexicon_data()
    for category in data.categories:
        if category.context_reach is not None and not category.requires_context:
            raise LexiconError(
                f"lexicon.yaml category {category.id!r}: context_reach needs requires_context"
            )
        if category.requires_context and category.requires_context not in scope.contexts:
            raise LexiconError(
                f"lexicon.yaml category {category.id!r}: unknown context "
                f"{category.requires_context!r} (scope.yaml has {sorted(scope.contexts)})"
            )
    spelling = _spelling(scope)
    compiler = _Compiler(spelling, data.slots)
    categories = tuple(
        Category(
            id=c.id,
            label=c.label,
            subject=c.subject,
            requires_context=c.requires_context,
            regex=regex,
            first=first,
            context_reach=c.context_reach,
        )
        for c in data.categories
        for regex, first in [
            _compile_with_first(compiler, c.patterns, f"lexicon.yaml category {c.id!r}")
        ]
    )
    ignore_compiler = _Compiler(spelling, {**data.slots, **ignore.slots})
    ignore_phrases = [p for group in ignore.groups.values() for p in group]
    scope_compiler = _Compiler(spelling, data.slots)
    return Lexicon(
        spelling=spelling,
        categories=categories,
        ignore=_compile_list(ignore_compiler, ignore_phrases, "ignore.yaml"),
        negators_by_last=_by_last_word(
            tuple(w.text for seg in segments(n, spelling) for w in seg.words)
            for n in scope.negators
        ),
        fillers=frozenset(_words(spelling, scope.fillers)),
        negation_blockers=_compile_list(
            scope_compiler, scope.negation_blockers, "scope.yaml blockers"
        ),
        negation_limiters=_compile_list(
            scope_compiler, scope.negation_limiters, "scope.yaml limiters"
        ),
        self_words=frozenset(_words(spelling, scope.self_words)),
        other_words=frozenset(_words(spelling, scope.other_words)),
        neutral_words=frozenset(_words(spelling, scope.neutral_words)),
        contexts={
            name: _compile_list(scope_compiler, phrases, f"scope.yaml context {name!r}")
            for name, phrases in scope.contexts.items()
        },
        past_markers=_compile_list(scope_compiler, scope.past_markers, "scope.yaml past"),
        recovery=_compile_list(scope_compiler, scope.recovery, "scope.yaml recovery"),
        frames={
            name: _compile_list(scope_compiler, phrases, f"scope.yaml frame {name!r}")
            for name, phrases in scope.frames.items()
        },
    )
