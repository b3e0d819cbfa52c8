"""Problems found in scenario files, and the codes that name them.

Every finding, from a byte that is not UTF-8 to a route that can never
fire, is one frozen ``Problem`` with a file position, a field path and a
stable ``IPTnnn`` code, so editors, CI and people read the same line:

    scenarios/x.yaml:41:9: nodes.ask.routes[1].next: unknown node 'end_god'; ... [IPT012]

Codes never change meaning once released; docs/lint-codes.md explains each
with an example and a fix (a test keeps the two in step).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from types import UnionType
from typing import Annotated, Literal, TypeGuard, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

Severity = Literal["error", "warning", "note"]
LocPart = str | int
Loc = tuple[LocPart, ...]

CODES: dict[str, tuple[Severity, str]] = {
    "IPT001": ("error", "file too large"),
    "IPT002": ("error", "not UTF-8 text"),
    "IPT003": ("error", "control character"),
    "IPT004": ("error", "tab used for indentation"),
    "IPT005": ("error", "YAML syntax error"),
    "IPT006": ("error", "anchor or alias"),
    "IPT007": ("error", "tag not allowed"),
    "IPT008": ("error", "nested too deeply"),
    "IPT009": ("error", "text too long"),
    "IPT010": ("error", "not a single mapping"),
    "IPT011": ("error", "duplicate key"),
    "IPT012": ("error", "unknown node"),
    "IPT013": ("error", "unknown field"),
    "IPT014": ("error", "missing field"),
    "IPT015": ("error", "invalid value"),
    "IPT016": ("error", "unknown node kind"),
    "IPT017": ("warning", "unreachable node"),
    "IPT018": ("error", "dead end"),
    "IPT019": ("error", "no ending reachable"),
    "IPT020": ("error", "undeclared variable"),
    "IPT021": ("warning", "unused variable"),
    "IPT022": ("error", "undeclared placeholder"),
    "IPT023": ("warning", "unused placeholder"),
    "IPT024": ("error", "otherwise route missing or misplaced"),
    "IPT025": ("warning", "route can never fire"),
    "IPT026": ("error", "retry without a retry block"),
    "IPT027": ("warning", "retry block never used"),
    "IPT028": ("error", "duplicate suggestion id"),
    "IPT029": ("error", "duplicate scenario id"),
    "IPT030": ("note", "model reply labels differ from the scorer"),
    "IPT031": ("warning", "model reply takes another route"),
    "IPT032": ("warning", "expect_next not reachable from this prompt"),
    "IPT033": ("error", "file cannot be read"),
}
"""Every code, its severity and a short title (the heading in docs/lint-codes.md)."""


class Problem(BaseModel):
    """One finding, positioned in its file."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    file: str
    """The file as given (the CLI shows it relative to the working directory)."""
    line: int = 1
    """1-based line of the offending key or value."""
    col: int = 1
    """1-based column."""
    loc: Loc = ()
    """Path of the field inside the scenario, e.g. ('nodes', 'ask', 'routes', 1, 'next')."""
    code: str
    """The stable IPTnnn code."""
    severity: Severity
    """Errors make a scenario unusable; warnings are quality findings; notes only inform.

    A note never fails ``validate --strict``: it reports a difference an author may want
    to look at (a model reply's labels against the scorer's) but that is no defect.
    """
    message: str
    """What is wrong and, where possible, how to fix it."""

    def format(self, file: str | None = None) -> str:
        """The one-line form ``file:line:col: loc: message [CODE]``."""
        where = f"{file if file is not None else self.file}:{self.line}:{self.col}"
        path = format_loc(self.loc)
        middle = f"{path}: " if path else ""
        return f"{where}: {middle}{self.message} [{self.code}]"


def make_problem(
    code: str,
    file: str,
    message: str,
    *,
    loc: Loc = (),
    pos: tuple[int, int] = (1, 1),
) -> Problem:
    """A Problem whose severity comes from the code table, so the two never disagree."""
    severity, _title = CODES[code]
    return Problem(
        file=file, line=pos[0], col=pos[1], loc=loc, code=code, severity=severity, message=message
    )


def format_loc(loc: Sequence[LocPart]) -> str:
    """``('nodes', 'ask', 'routes', 1, 'next')`` -> ``nodes.ask.routes[1].next``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest candidate, or ``""`` if none is close."""
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """File order, then position: the order an author fixes them in."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.col, p.code, p.message))


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error (warnings alone keep a scenario usable)."""
    return any(p.severity == "error" for p in problems)


class ScenarioError(Exception):
    """A scenario file could not be loaded; ``problems`` says every reason found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sort_problems(problems))
        super().__init__("\n".join(p.format() for p in self.problems))


def describe(value: object) -> str:
    """How a wrong value reads in a message: 'a list', "'abc'", 'the number 3'."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    text = str(value)
    return f"'{text[:40]}...'" if len(text) > 40 else f"'{text}'"


# --- pydantic errors -> positioned problems ----------------------------------------------

_TYPE_WORDS: dict[str, str] = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "none_required": "nothing",
}
_ID_HINT = "use 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit"


def schema_problems(
    error: ValidationError,
    document: dict[str, object],
    at: Callable[[Loc], tuple[int, int]],
    name: str,
) -> list[Problem]:
    """One problem per field the model rejected, at the field's line in the file.

    Pydantic's ``loc`` names union arms (``'say'`` for a node's kind, ``'str'``
    and ``'int'`` for a comparison) that are not in the file; walking the loc
    along the data drops them. A field rejected by several union arms gets
    one message, the most specific.
    """
    groups: dict[Loc, list[ErrorDetails]] = {}
    for detail in error.errors(include_url=False):
        groups.setdefault(_real_loc(detail, document), []).append(detail)
    problems: list[Problem] = []
    for loc, details in groups.items():
        code, shown_loc, message = _explain(loc, _pick(details))
        problems.append(make_problem(code, name, message, loc=shown_loc, pos=at(shown_loc)))
    return problems


def _real_loc(detail: ErrorDetails, document: object) -> Loc:
    out: list[LocPart] = []
    current: object = document
    raw = detail["loc"]
    for index, part in enumerate(raw):
        if part == "[key]":
            break
        if _has(current, part):
            out.append(part)
            current = current[part]  # type: ignore[index]
        elif index == len(raw) - 1 and detail["type"] == "missing":
            out.append(part)
    return tuple(out)


def _has(container: object, part: LocPart) -> bool:
    if isinstance(container, dict):
        return isinstance(part, str) and part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _pick(details: list[ErrorDetails]) -> ErrorDetails | list[ErrorDetails]:
    specific = [d for d in details if d["type"] not in _TYPE_WORDS]
    if specific or len(details) == 1:
        return (specific or details)[0]
    return details


def _explain(loc: Loc, picked: ErrorDetails | list[ErrorDetails]) -> tuple[str, Loc, str]:
    if isinstance(picked, list):
        wanted = " or ".join(dict.fromkeys(_TYPE_WORDS[d["type"]] for d in picked))
        return "IPT015", loc, f"expected {wanted}, got {describe(picked[0]['input'])}"
    kind, ctx, value = picked["type"], picked.get("ctx", {}), picked["input"]
    if kind == "missing":
        return "IPT014", loc[:-1], f"missing required field '{loc[-1]}'"
    if kind == "extra_forbidden":
        hint = did_you_mean(str(loc[-1]), _fields_of(picked["loc"][:-1]))
        return "IPT013", loc, f"unknown field '{loc[-1]}'{hint}"
    if kind == "union_tag_invalid":
        tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        hint = did_you_mean(str(ctx.get("tag")), tags) or f"; use one of {', '.join(tags)}"
        return "IPT016", (*loc, "kind"), f"unknown kind '{ctx.get('tag')}'{hint}"
    if kind == "union_tag_not_found":
        kinds = "say, narrate, coach, prompt or ending"
        return "IPT016", loc, f"missing 'kind' (one of {kinds})"
    if picked["loc"] and picked["loc"][-1] == "[key]":
        return "IPT015", loc, f"'{loc[-1]}' is not a valid name: {_pattern_hint(ctx)}"
    if kind == "string_pattern_mismatch":
        return "IPT015", loc, f"{describe(value)} is not a valid id: {_pattern_hint(ctx)}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        hint = hint or f"; use one of {', '.join(options)}"
        return "IPT015", loc, f"{describe(value)} is not allowed here{hint}"
    if kind in _TYPE_WORDS:
        return "IPT015", loc, f"expected {_TYPE_WORDS[kind]}, got {describe(value)}"
    message = picked["msg"].removeprefix("Value error, ")
    return "IPT015", loc, message[:1].lower() + message[1:]


def _pattern_hint(ctx: dict[str, object]) -> str:
    pattern = str(ctx.get("pattern", ""))
    if pattern.startswith("^[a-z][a-z0-9_]"):
        return "use lower-case letters, digits and '_', starting with a letter"
    return _ID_HINT


def _fields_of(raw_loc: Sequence[LocPart]) -> list[str]:
    """Field names of the model at a pydantic loc, for did-you-mean on unknown fields."""
    from ipt_trainer.core.model import Scenario

    current: object = Scenario
    for part in raw_loc:
        current = _step(current, part)
        if current is None:
            return []
    models = [arm for arm in _arms(current) if _is_model(arm)]
    return list(models[0].model_fields) if models else []


def _is_model(value: object) -> TypeGuard[type[BaseModel]]:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _arms(annotation: object) -> list[object]:
    if get_origin(annotation) is Annotated:
        return _arms(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return [arm for member in get_args(annotation) for arm in _arms(member)]
    return [annotation]


def _step(annotation: object, part: LocPart) -> object:
    arms = _arms(annotation)
    for arm in arms:
        if _is_model(arm) and isinstance(part, str) and part in arm.model_fields:
            return arm.model_fields[part].annotation
        origin = get_origin(arm)
        if origin is dict and isinstance(part, str):
            return get_args(arm)[1]
        if origin is list and isinstance(part, int):
            return get_args(arm)[0]
    for arm in arms:  # a discriminated union names the chosen arm by its tag
        kind = arm.model_fields.get("kind") if _is_model(arm) else None
        if kind is not None and get_args(kind.annotation) == (part,):
            return arm
    return None
