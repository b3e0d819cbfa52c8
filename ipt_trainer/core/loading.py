"""Read a scenario file safely and say precisely what is wrong with it.

Scenario files come from anyone (a therapist's own folder, a download), so
reading one must never run code, never hang, and never end in a traceback.
The pipeline:

1. bytes: refuse a file over ``MAX_BYTES`` before reading it, then demand
   UTF-8 without control characters and without tab indentation;
2. YAML events from ruamel's safe parser (libyaml when available). We build
   the plain data ourselves from the event stream instead of letting a
   constructor do it, which lets us refuse anchors/aliases (no
   billion-laughs), refuse every non-core tag (no ``!!python/...``), cap
   nesting depth and string length, report duplicate keys, resolve plain
   scalars by the YAML 1.2 core schema (an unquoted ``no`` stays text), and
   record the line and column of every key and list item on the way;
3. the pydantic ``Scenario`` model; its errors are translated into the
   positions recorded in step 2 (see ``schema_problems``).

Every problem found in a stage is reported together; later stages run only
when the earlier ones leave usable data.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from ipt_trainer.core.diagnostics import (
    Loc,
    Problem,
    ScenarioError,
    describe,
    format_loc,
    make_problem,
    schema_problems,
)
from ipt_trainer.core.model import Scenario

MAX_BYTES = 1_000_000
"""Largest scenario file accepted; the biggest real scenario is well under 100 KB."""
MAX_DEPTH = 24
"""Deepest nesting of mappings and lists; a scenario needs about eight."""
MAX_STRING = 20_000
"""Longest single string; the longest field the model allows is 8000 characters."""
MAX_REPORTED = 20
"""Report at most this many byte-level problems of one kind (one bad paste can have thousands)."""

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_TAB_INDENT_RE = re.compile(r"^ *\t[ \t]*\S", re.MULTILINE)
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null"))
_COLLECTION_TAGS = frozenset((f"{_CORE}map", f"{_CORE}seq"))
_SPECIAL_STARTS = frozenset("~nNtTfF0123456789+-.")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class Positions:
    """Where each key and list item of a file starts: field path -> (line, col), 1-based.

    Read-only once built. Positions are only needed to report a problem, so
    a cached copy stays serialized until first asked (``from_json``): a warm
    library load never pays for decoding thousands of them.
    """

    __slots__ = ("_index", "_raw")

    def __init__(
        self, index: Mapping[Loc, tuple[int, int]] | None = None, *, raw: bytes | None = None
    ) -> None:
        self._index: Mapping[Loc, tuple[int, int]] | None = (
            None if index is None and raw is not None else MappingProxyType(dict(index or {}))
        )
        self._raw = raw

    @property
    def index(self) -> Mapping[Loc, tuple[int, int]]:
        """Every recorded position (decoded on first use)."""
        if self._index is None:
            try:
                rows = json.loads(self._raw or b"[]")
                decoded = {tuple(loc): (int(line), int(col)) for loc, line, col in rows}
            except (ValueError, TypeError):  # a damaged cache entry: positions fall back to 1:1
                decoded = {}
            self._index = MappingProxyType(decoded)
        return self._index

    def at(self, loc: Loc) -> tuple[int, int]:
        """Position of ``loc``, or of its nearest recorded parent (a missing field's owner)."""
        index = self.index
        for end in range(len(loc), -1, -1):
            found = index.get(loc[:end])
            if found is not None:
                return found
        return (1, 1)

    def to_json(self) -> bytes:
        """A compact JSON form for the library cache."""
        if self._index is None and self._raw is not None:
            return self._raw
        rows = [[list(loc), line, col] for loc, (line, col) in self.index.items()]
        return json.dumps(rows, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Positions:
        """Positions from ``to_json`` output, decoded lazily."""
        return cls(raw=raw)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Positions) and dict(self.index) == dict(other.index)

    def __hash__(self) -> int:
        return hash(frozenset(self.index.items()))

    def __repr__(self) -> str:
        return f"Positions({len(self.index)} entries)"


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario with what is needed to point back into its file."""

    scenario: Scenario
    source: str
    """The file name used in problems (the path as given, or a label for text)."""
    content_hash: str
    """sha256 of the file's bytes; the library cache key."""
    positions: Positions
    path: Path | None = None
    """The file, when loaded from one."""

    def problem(self, code: str, loc: Loc, message: str) -> Problem:
        """A Problem positioned at ``loc`` in this scenario's file."""
        return make_problem(code, self.source, message, loc=loc, pos=self.positions.at(loc))


def load_scenario(path: Path | str) -> LoadedScenario:
    """Load and validate one file; raises ``ScenarioError`` listing every problem found."""
    path = Path(path)
    name = str(path)
    try:
        if not path.is_file():
            reason = "is a folder, not a file" if path.is_dir() else "does not exist"
            raise ScenarioError([make_problem("IPT033", name, f"the file {reason}")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError([_too_large(name, size)])
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ScenarioError(
            [make_problem("IPT033", name, f"cannot read the file: {error.strerror or error}")]
        ) from None
    return load_bytes(data, name, path)


def parse_scenario(text: str | bytes, name: str = "<text>") -> LoadedScenario:
    """Validate scenario text (or bytes) that did not come from a file; same errors as a file."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return load_bytes(data, name, None)


def load_bytes(data: bytes, name: str, path: Path | None = None) -> LoadedScenario:
    """Validate a file's bytes already in memory (the library reads each file once)."""
    if len(data) > MAX_BYTES:
        raise ScenarioError([_too_large(name, len(data))])
    text, problems = check_text(data, name)
    if text is None or problems:
        raise ScenarioError(problems)
    document, positions, problems = read_yaml(text, name)
    if not isinstance(document, dict):
        raise ScenarioError(problems or [_not_a_mapping(name, document)])
    scenario, schema = validate(document, positions, name)
    problems += schema
    if problems or scenario is None:
        raise ScenarioError(problems)
    digest = hashlib.sha256(data).hexdigest()
    return LoadedScenario(scenario, name, digest, positions, path)


def _too_large(name: str, size: int) -> Problem:
    return make_problem(
        "IPT001",
        name,
        f"the file is {size:,} bytes; scenario files may be at most {MAX_BYTES:,} bytes",
    )


def _not_a_mapping(name: str, document: Any) -> Problem:
    if document is None:
        message = "the file is empty; a scenario is a mapping starting with 'id:'"
    else:
        message = f"expected a mapping of fields (id: ..., title: ...), got {describe(document)}"
    return make_problem("IPT010", name, message)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def check_text(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Decode the bytes and find what YAML would choke on or an editor would hide."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", "replace")
        where = _line_col(before, len(before))
        message = f"byte 0x{data[error.start]:02x} is not UTF-8; save the file as UTF-8"
        return None, [make_problem("IPT002", name, message, pos=where)]
    text = text.removeprefix("\ufeff")
    problems: list[Problem] = []
    for match in list(_CONTROL_RE.finditer(text))[:MAX_REPORTED]:
        char = match.group()
        message = f"control character U+{ord(char):04X} is not allowed; delete it"
        pos = _line_col(text, match.start())
        problems.append(make_problem("IPT003", name, message, pos=pos))
    for match in list(_TAB_INDENT_RE.finditer(text))[:MAX_REPORTED]:
        pos = _line_col(text, match.start() + match.group().index("\t"))
        message = "a tab is used for indentation; YAML needs spaces"
        problems.append(make_problem("IPT004", name, message, pos=pos))
    return text, problems


def validate(
    document: dict[str, Any], positions: Positions, name: str
) -> tuple[Scenario | None, list[Problem]]:
    """Run the model over plain data, turning its errors into positioned problems."""
    try:
        return Scenario.model_validate(document), []
    except ValidationError as error:
        return None, schema_problems(error, document, positions.at, name)


def read_yaml(text: str, name: str) -> tuple[Any, Positions, list[Problem]]:
    """Plain data, positions and problems from YAML text (see the module docstring)."""
    builder = _Builder(name)
    builder.run(text)
    return builder.root, Positions(builder.positions), builder.problems


class _Stop(Exception):
    """Raised inside the builder when reading cannot safely go on."""


_NO_KEY = object()


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Loc
    record: bool
    key: Any = _NO_KEY
    key_record: bool = True


class _Builder:
    """Turns parser events into dicts, lists and scalars, with positions."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.root: Any = None
        self.positions: dict[Loc, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.documents = 0

    def fail(self, code: str, message: str, mark: Any, loc: Loc = ()) -> _Stop:
        pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(make_problem(code, self.name, message, loc=loc, pos=pos))
        return _Stop()

    def run(self, text: str) -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        try:
            for event in YAML(typ="safe").parse(text):
                self.handle(event)
        except _Stop:
            self.root = None
        except MarkedYAMLError as error:
            self.root = None
            message = str(error.problem or "invalid YAML")
            if error.context:
                context_mark = error.context_mark
                at = f" at line {context_mark.line + 1}" if context_mark is not None else ""
                message += f" ({error.context}{at})"
            mark = error.problem_mark or error.context_mark
            self.fail("IPT005", message, mark)
        except (YAMLError, ValueError, TypeError, IndexError, AttributeError) as error:
            # The parser's own guard rails; never show a traceback for bad input.
            self.root = None
            self.fail("IPT005", f"invalid YAML: {error}", None)

    def handle(self, event: Any) -> None:
        kind = type(event).__name__
        if kind == "ScalarEvent":
            if event.anchor is not None:
                raise self.anchor(event)
            self.place(self.scalar(event), event.start_mark, scalar_text=event.value)
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            self.stack.pop()
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            self.start_collection(event, kind == "MappingStartEvent")
        elif kind == "AliasEvent":
            message = "aliases (*name) are not allowed; repeat the text"
            raise self.fail("IPT006", message, event.start_mark)
        elif kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                raise self.fail("IPT010", "only one YAML document per file", event.start_mark)

    def anchor(self, event: Any) -> _Stop:
        message = f"anchors (&{event.anchor}) are not allowed; repeat the text instead"
        return self.fail("IPT006", message, event.start_mark)

    def start_collection(self, event: Any, is_map: bool) -> None:
        if event.anchor is not None:
            raise self.anchor(event)
        self.check_tag(event, _COLLECTION_TAGS)
        if len(self.stack) >= MAX_DEPTH:
            message = f"nested more than {MAX_DEPTH} levels deep"
            raise self.fail("IPT008", message, event.start_mark)
        container: dict[str, Any] | list[Any] = {} if is_map else []
        path, record = self.place(container, event.start_mark, scalar_text=None)
        self.stack.append(_Frame(container, path, record))

    def check_tag(self, event: Any, allowed: frozenset[str]) -> None:
        tag = event.tag
        if tag is None or tag == "!" or tag in allowed:
            return
        shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
        raise self.fail("IPT007", f"the tag '{shown}' is not allowed; remove it", event.start_mark)

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        value: str = event.value
        if len(value) > MAX_STRING:
            message = f"a text of {len(value):,} characters; at most {MAX_STRING:,} are allowed"
            raise self.fail("IPT009", message, event.start_mark)
        if tag is None:  # plain scalars have no style; quoted and block ones do
            return value if event.style else resolve_plain(value)
        self.check_tag(event, _ALLOWED_TAGS)
        if tag in ("!", f"{_CORE}str"):
            return value
        resolved = resolve_plain(value)
        wanted = tag.removeprefix(_CORE)
        if _kind(resolved) != wanted:
            message = f"'{value}' is not a valid !!{wanted}"
            raise self.fail("IPT015", message, event.start_mark)
        return resolved

    def place(self, value: Any, mark: Any, scalar_text: str | None) -> tuple[Loc, bool]:
        """Put a value where the parser says it goes; returns its path and whether recorded."""
        pos = (mark.line + 1, mark.column + 1)
        if not self.stack:
            self.root = value
            self.positions[()] = pos
            return (), True
        top = self.stack[-1]
        if isinstance(top.container, list):
            path = (*top.path, len(top.container))
            top.container.append(value)
            if top.record:
                self.positions[path] = pos
            return path, top.record
        if top.key is _NO_KEY:
            if scalar_text is None:
                raise self.fail("IPT005", "a key must be plain text", mark, top.path)
            key = scalar_text
            top.key_record = key not in top.container
            if not top.key_record:
                first = self.positions.get((*top.path, key))
                where = f" (first at line {first[0]})" if first else ""
                message = f"duplicate key '{key}'{where}; only the first is used"
                self.fail("IPT011", message, mark, (*top.path, key))
            elif top.record:
                self.positions[(*top.path, key)] = pos
            top.key = key
            return (*top.path, key), False
        key, keep = top.key, top.key_record
        top.key = _NO_KEY
        assert isinstance(top.container, dict)
        if keep:
            top.container[key] = value
        return (*top.path, key), top.record and keep


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    return {int: "int", float: "float"}.get(type(value), "str")


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar by the YAML 1.2 core schema: yes/no/on/off stay text."""
    if value and value[0] not in _SPECIAL_STARTS:
        return value  # most scalars are words: skip the patterns
    if _NULL_RE.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT_RE.match(value):
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value)
    if _FLOAT_RE.match(value):
        return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return value


__all__ = [
    "MAX_BYTES",
    "LoadedScenario",
    "Positions",
    "Problem",
    "ScenarioError",
    "format_loc",
    "load_bytes",
    "load_scenario",
    "parse_scenario",
]
