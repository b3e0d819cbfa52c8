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
- ``<knife>`` an emoji (see ``safety_text._EMOJI``); ``<many>`` a number of 10 or more

Phrases compile to regular expressions over a segment's folded words in the
form ``safety_text.marked`` gives (a marker before each word, a space after),
so every piece of a phrase ends in ``" " + MARK`` and matches always start
and end on whole words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ipt_trainer.core.safety_text import EMOJI_PREFIX, MARK, Spelling, fold_chars, segments

DATA_DIR = Path(__file__).resolve().parent / "safety_data"
_Model = TypeVar("_Model", bound=BaseModel)
MAX_DEFAULT_GAP = 4
_M = re.escape(MARK)

_PIECE = re.compile(r"\{[a-z_]+\}|\.\.\.\d*|[()\[\]|]|<[a-z_]+>|[^\s()\[\]|{}<>]+")


class LexiconError(ValueError):
    """A data file cannot be read or a phrase in it cannot be understood."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CategoryData(_Strict):
    """One kind of risk and the phrases that signal it."""

    id: str
    label: str
    """Returned as ``CrisisCheck.category``: short, plain, non-judgemental."""
    description: str = ""
    subject: Literal["resolve", "resolve_inner", "self", "other"] = "resolve"
    """'resolve': whose risk is decided from the words around the match;
    'self': the phrases can only be about the writer ("better off without me");
    'resolve_inner': a person named inside the match decides first ("want my mum to die");
    'other': the phrases themselves are about someone else (a concern)."""
    requires_context: str | None = None
    """Only counts when the whole text also matches this context from scope.yaml
    ('death': talks about a death; 'farewell': says goodbye)."""
    patterns: list[str] = Field(min_length=1)
    examples: list[str] = []
    """Texts that must be flagged (checked by the tests)."""
    near_misses: list[str] = []
    """Texts that must stay quiet (checked by the tests)."""


class LexiconData(_Strict):
    """``lexicon.yaml``: shared slots and the categories, in priority order."""

    version: int
    slots: dict[str, list[str]] = {}
    categories: list[CategoryData]


class IgnoreData(_Strict):
    """``ignore.yaml``: phrases that cancel an overlapping match (idioms, accidents, games)."""

    version: int
    slots: dict[str, list[str]] = {}
    groups: dict[str, list[str]]


class ScopeData(_Strict):
    """``scope.yaml``: the words the check reasons with around a match."""

    version: int
    negators: list[str]
    fillers: list[str]
    negation_blockers: list[str]
    self_words: list[str]
    other_words: list[str]
    neutral_words: list[str]
    contexts: dict[str, list[str]]
    past_markers: list[str]
    recovery: list[str]
    misspellings: dict[str, list[str]]
    fuzzy_keywords: list[str]
    keep_doubles: list[str] = []


@dataclass(frozen=True)
class Category:
    """A compiled category."""

    id: str
    label: str
    subject: Literal["resolve", "resolve_inner", "self", "other"]
    requires_context: str | None
    regex: re.Pattern[str]


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
    self_words: frozenset[str]
    other_words: frozenset[str]
    neutral_words: frozenset[str]
    contexts: Mapping[str, re.Pattern[str]]
    past_markers: re.Pattern[str]
    recovery: re.Pattern[str]


class _Compiler:
    """Turns phrases into regex source, expanding slots recursively."""

    def __init__(self, spelling: Spelling, slots: Mapping[str, list[str]]) -> None:
        self._spelling = spelling
        self._slots = slots
        self._cache: dict[str, str] = {}
        self._expanding: set[str] = set()

    def phrase(self, text: str) -> str:
        pieces = _PIECE.findall(text)
        if not pieces:
            raise LexiconError("empty phrase")
        source, rest = self._alternatives(pieces, closer=None)
        if rest:
            raise LexiconError(f"unexpected {rest[0]!r}")
        return source

    def _alternatives(self, pieces: list[str], closer: str | None) -> tuple[str, list[str]]:
        options: list[str] = []
        current: list[str] = []
        while pieces:
            head = pieces[0]
            if head in (")", "]"):
                if head != closer:
                    raise LexiconError(f"unmatched {head!r}")
                break
            pieces = pieces[1:]
            if head == "|":
                options.append("".join(current))
                current = []
            elif head in ("(", "["):
                inner, pieces = self._alternatives(pieces, ")" if head == "(" else "]")
                if not pieces:
                    raise LexiconError(f"unclosed {head!r}")
                pieces = pieces[1:]
                current.append(f"(?:{inner})" + ("?" if head == "[" else ""))
            else:
                current.append(self._piece(head))
        else:
            if closer is not None:
                raise LexiconError(f"unclosed {'(' if closer == ')' else '['!r}")
        options.append("".join(current))
        if any(not option for option in options):
            raise LexiconError("empty alternative")
        return "|".join(options), pieces

    def _piece(self, piece: str) -> str:
        if piece.startswith("{"):
            return self._slot(piece[1:-1])
        if piece.startswith("..."):
            width = int(piece[3:]) if piece[3:] else MAX_DEFAULT_GAP
            return rf"(?:[^ ]+ {_M}){{0,{width}}}"
        if piece == "<many>":
            return r"[1-9][0-9]+ " + _M
        if piece.startswith("<"):
            return re.escape(_plain(EMOJI_PREFIX + piece[1:-1])) + " " + _M
        return self._word(piece)

    def _slot(self, name: str) -> str:
        if name in self._cache:
            return self._cache[name]
        if name not in self._slots:
            raise LexiconError(f"unknown slot {{{name}}}")
        if name in self._expanding:
            raise LexiconError(f"slot {{{name}}} refers to itself")
        self._expanding.add(name)
        try:
            source = "(?:" + "|".join(self.phrase(p) for p in self._slots[name]) + ")"
        finally:
            self._expanding.discard(name)
        self._cache[name] = source
        return source

    def _word(self, piece: str) -> str:
        stem = piece.endswith("*")
        raw = piece.rstrip("*")
        if stem:
            folded = _plain(fold_chars(raw)[0])
            if not folded.strip():
                raise LexiconError(f"empty stem {piece!r}")
            return re.escape(folded) + r"[^ ]* " + _M
        words = [w.text for seg in segments(raw, self._spelling) for w in seg.words]
        if not words:
            raise LexiconError(f"{piece!r} has no letters")
        return "".join(re.escape(w) + " " + _M for w in words)


def _compile_list(compiler: _Compiler, phrases: list[str], where: str) -> re.Pattern[str]:
    sources: list[str] = []
    for index, phrase in enumerate(phrases):
        try:
            source = compiler.phrase(phrase)
            compiled = re.compile(source)
        except (LexiconError, re.error) as exc:
            raise LexiconError(f"{where} entry {index + 1} {phrase!r}: {exc}") from exc
        if compiled.fullmatch(""):
            raise LexiconError(f"{where} entry {index + 1} {phrase!r}: matches nothing at all")
        sources.append(source)
    if not sources:
        return re.compile(r"(?!x)x")
    return re.compile(_M + "(?:" + "|".join(sources) + ")")


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
    for right, wrongs in scope.misspellings.items():
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


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon; raises ``LexiconError`` naming the file and entry at fault."""
    data, ignore, scope = load_lexicon_data()
    for category in data.categories:
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
            regex=_compile_list(compiler, c.patterns, f"lexicon.yaml category {c.id!r}"),
        )
        for c in data.categories
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
        self_words=frozenset(_words(spelling, scope.self_words)),
        other_words=frozenset(_words(spelling, scope.other_words)),
        neutral_words=frozenset(_words(spelling, scope.neutral_words)),
        contexts={
            name: _compile_list(scope_compiler, phrases, f"scope.yaml context {name!r}")
            for name, phrases in scope.contexts.items()
        },
        past_markers=_compile_list(scope_compiler, scope.past_markers, "scope.yaml past"),
        recovery=_compile_list(scope_compiler, scope.recovery, "scope.yaml recovery"),
    )
