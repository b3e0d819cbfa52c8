"""Homework files: what a therapist sets, checked as strictly as a scenario.

A homework file travels by email or USB stick and is opened on the client's
own machine, so it is read with the scenario loader's guard rails (size
cap, no aliases, no tags, YAML 1.2, positions for every key) and every
problem is reported in the ``file:line:col: loc: message [CODE]`` form the
``validate`` command uses. A file may only name scenarios by id or by a
plain relative file name next to it: absolute paths, ``..`` and links that
lead elsewhere are refused here, before anything is read or written.

``check_homework`` returns a ``HomeworkPlan``: the validated file, the
scenarios it needs (with the exact text to install) and one resolved entry
per assignment. Installing the plan is ``install``'s job.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
)

from ipt_trainer.core.diagnostics import (
    Loc,
    Problem,
    ScenarioError,
    did_you_mean,
    has_errors,
    make_problem,
    schema_problems,
    sort_problems,
)
from ipt_trainer.core.library import Library
from ipt_trainer.core.loading import (
    MAX_BYTES,
    LoadedScenario,
    Positions,
    check_text,
    load_scenario,
    read_yaml,
)
from ipt_trainer.core.model import ID_PATTERN, Scenario, Skill

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCENARIO_SUFFIXES = (".yaml", ".yml")
MAX_ASSIGNMENTS = 50
"""More than a client would ever be set at once; keeps a bad file from flooding the store."""
MAX_SCENARIOS = 20
"""Custom scenarios one homework file may carry."""
_ID_RE = re.compile(ID_PATTERN)
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


class HomeworkError(ScenarioError):
    """A homework file (or a scenario it names) cannot be used; ``problems`` says why."""


def _check_path_text(text: str) -> str:
    """Refuse anything that could name a file outside the homework's own folder."""
    if "\x00" in text:
        raise ValueError("the name contains a NUL character")
    if (
        text.startswith(("/", "\\", "~"))
        or _DRIVE_RE.match(text)
        or PureWindowsPath(text).is_absolute()
        or PurePosixPath(text).is_absolute()
    ):
        raise ValueError(
            f"'{text}' is an absolute path; give a scenario id, or the name of a scenario "
            "file in the same folder as the homework file"
        )
    if "\\" in text:
        raise ValueError(f"'{text}' contains '\\'; write file names with '/'")
    if ".." in text.split("/"):
        raise ValueError(
            f"'{text}' goes up a folder with '..', which is not allowed; put the scenario "
            "file next to the homework file"
        )
    return text


def is_file_reference(text: str) -> bool:
    """True when an assignment names a scenario file rather than an id."""
    return text.lower().endswith(SCENARIO_SUFFIXES)


def _check_reference(text: str) -> str:
    _check_path_text(text)
    if is_file_reference(text) or _ID_RE.match(text):
        return text
    hint = (
        "; ids have no '/'" if "/" in text else "; ids use lower-case letters, digits, '_' and '-'"
    )
    raise ValueError(f"'{text}' is neither a scenario id nor a .yaml file name{hint}")


def _check_file_reference(text: str) -> str:
    _check_path_text(text)
    if not is_file_reference(text):
        raise ValueError(f"'{text}' is not a scenario file name; it must end in .yaml or .yml")
    return text


ScenarioRef = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_check_reference)]
FileRef = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_check_file_reference)]
Target = Annotated[int, Field(ge=0, le=100)]
PlaceholderName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
PlaceholderValue = Annotated[str, Field(min_length=1, max_length=80)]


def _source_kind(value: Any) -> str:
    return "file" if isinstance(value, str) else "inline"


ScenarioSource = Annotated[
    Annotated[FileRef, Tag("file")] | Annotated[Scenario, Tag("inline")],
    Discriminator(_source_kind),
]


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True, populate_by_name=True
    )


class HomeworkAssignment(_Frozen):
    """One piece of practice: a scenario, how to fill it in, and by when."""

    scenario: ScenarioRef
    """A scenario id from the library (e.g. 'housework_tally'), the id of one under
    'scenarios' in this file, or the file name of a scenario sent with this file
    (e.g. 'asking_for_help.yaml'). Absolute paths and '..' are refused."""
    title: str | None = Field(default=None, min_length=1, max_length=120)
    """What the client sees in their homework list; default: the scenario's title."""
    personalisation: dict[PlaceholderName, PlaceholderValue] = Field(default_factory=dict)
    """Values for the scenario's placeholders, e.g. partner_name: Sam. Agree them with
    the client; they stay on the client's device."""
    due: date | None = None
    """The date to practise by (YYYY-MM-DD); after it an unfinished assignment shows
    as overdue. Optional."""
    targets: dict[Skill, Target] = Field(default_factory=dict)
    """Score to reach per skill, 0-100, e.g. assertiveness: 60. The assignment counts as
    done once a finished session's best replies reach every target. Optional."""
    note: str | None = Field(default=None, min_length=1, max_length=2000)
    """A note from the therapist, shown with the assignment."""


class HomeworkFile(_Frozen):
    """Practice a therapist sets for one client, between sessions."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    """A stable id for this homework (e.g. 'week-3'). Adding a file again with the same
    id replaces its assignments instead of adding them twice. Default: derived from the
    file's contents."""
    for_: str = Field(alias="for", min_length=1, max_length=80)
    """A label for the client, such as 'Client A' or initials - never their real name:
    the file may be emailed or left on a shared computer."""
    from_: str | None = Field(default=None, alias="from", min_length=1, max_length=80)
    """A label for the therapist or trainer who set it. Optional."""
    assignments: list[HomeworkAssignment] = Field(min_length=1, max_length=MAX_ASSIGNMENTS)
    """The practice set, in the order the client should do it."""
    scenarios: list[ScenarioSource] = Field(default_factory=list, max_length=MAX_SCENARIOS)
    """Custom scenarios this homework needs: each is either a whole scenario written
    here, or the file name of a scenario sent with this file."""


def homework_schema() -> dict[str, Any]:
    """The homework file's JSON Schema (``ipt-trainer schema --homework``)."""
    return {"$schema": SCHEMA_DIALECT, **HomeworkFile.model_json_schema(by_alias=True)}


@dataclass(frozen=True)
class PlannedScenario:
    """A scenario the homework needs, and how it gets into the library."""

    loaded: LoadedScenario
    install_text: str | None
    """The YAML to write into the data folder; None for a scenario already in the library."""

    @property
    def id(self) -> str:
        """The scenario's id (also its installed file's name)."""
        return self.loaded.scenario.id


@dataclass(frozen=True)
class PlannedAssignment:
    """An assignment with its scenario resolved."""

    assignment: HomeworkAssignment
    scenario_id: str
    label: str


@dataclass(frozen=True)
class HomeworkPlan:
    """A homework file that passed every check, ready to install."""

    homework: HomeworkFile
    homework_id: str
    source: str
    scenarios: Mapping[str, PlannedScenario]
    """Every scenario an assignment uses, by id."""
    assignments: tuple[PlannedAssignment, ...]
    warnings: tuple[Problem, ...] = ()
    unused: tuple[str, ...] = ()
    """Custom scenarios no assignment uses (not installed)."""


def check_homework(path: Path, library: Library, installed_dir: Path | None = None) -> HomeworkPlan:
    """Read and check ``path`` and every scenario it names; raises ``HomeworkError``.

    ``installed_dir`` holds scenarios installed by earlier homework: a custom
    scenario may replace one of those, but never a scenario from elsewhere.
    """
    name = str(path)
    data = _read(path, name)
    text, problems = check_text(data, name)
    if text is None or problems:
        raise HomeworkError(problems)
    document, positions, problems = read_yaml(text, name)
    if not isinstance(document, dict):
        raise HomeworkError(problems or [_not_a_mapping(name, document)])
    if problems:
        raise HomeworkError(problems)
    try:
        homework = HomeworkFile.model_validate(document)
    except ValidationError as error:
        raise HomeworkError(schema_problems(error, document, positions.at, name)) from None
    resolver = _Resolver(path, name, document, positions, library, installed_dir)
    plan = resolver.plan(homework, data)
    if has_errors(resolver.problems):
        raise HomeworkError(resolver.problems)
    return plan


def _read(path: Path, name: str) -> bytes:
    try:
        if not path.is_file():
            reason = "is a folder, not a file" if path.is_dir() else "does not exist"
            raise HomeworkError([make_problem("IPT033", name, f"the file {reason}")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = f"the file is {size:,} bytes; homework files may be at most {MAX_BYTES:,}"
            raise HomeworkError([make_problem("IPT001", name, message)])
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        message = f"cannot read the file: {error.strerror or error}"
        raise HomeworkError([make_problem("IPT033", name, message)]) from None


def _not_a_mapping(name: str, document: Any) -> Problem:
    if document is None:
        message = "the file is empty; homework starts with 'for:' and 'assignments:'"
    else:
        message = "expected a mapping of fields (for: ..., assignments: ...)"
    return make_problem("IPT010", name, message)


def _sub_positions(positions: Positions, prefix: Loc) -> Positions:
    """The positions under ``prefix``, re-rooted so an inline scenario lints like a file."""
    size = len(prefix)
    index = {loc[size:]: pos for loc, pos in positions.index.items() if loc[:size] == prefix}
    return Positions(MappingProxyType(index))


def _prefixed(problems: list[Problem], prefix: Loc) -> list[Problem]:
    return [p.model_copy(update={"loc": (*prefix, *p.loc)}) for p in problems]


class _Resolver:
    """Finds every scenario a homework file names, collecting problems on the way."""

    def __init__(
        self,
        path: Path,
        name: str,
        document: dict[str, Any],
        positions: Positions,
        library: Library,
        installed_dir: Path | None,
    ) -> None:
        self.base = path.parent
        self.name = name
        self.document = document
        self.positions = positions
        self.library = library
        self.installed_dir = installed_dir.resolve() if installed_dir is not None else None
        self.problems: list[Problem] = []
        self.local: dict[str, PlannedScenario] = {}
        self.files: dict[str, PlannedScenario | None] = {}

    def add(self, code: str, loc: Loc, message: str) -> None:
        pos = self.positions.at(loc)
        self.problems.append(make_problem(code, self.name, message, loc=loc, pos=pos))

    def plan(self, homework: HomeworkFile, data: bytes) -> HomeworkPlan:
        for index, source in enumerate(homework.scenarios):
            loc: Loc = ("scenarios", index)
            found = (
                self.from_file(source, loc)
                if isinstance(source, str)
                else self.inline(source, index)
            )
            if found is not None:
                self.keep_local(found, loc)
        used: dict[str, PlannedScenario] = {}
        assignments = []
        for index, assignment in enumerate(homework.assignments):
            planned = self.assignment(assignment, ("assignments", index))
            if planned is not None:
                used[planned.id] = planned
                label = assignment.title or planned.loaded.scenario.title
                assignments.append(PlannedAssignment(assignment, planned.id, label))
        unused = tuple(sorted(set(self.local) - set(used)))
        digest = hashlib.sha256(data).hexdigest()[:16]
        return HomeworkPlan(
            homework=homework,
            homework_id=homework.id or f"hw-{digest}",
            source=self.name,
            scenarios=MappingProxyType(dict(sorted(used.items()))),
            assignments=tuple(assignments),
            warnings=tuple(p for p in sort_problems(self.problems) if p.severity == "warning"),
            unused=unused,
        )

    def keep_local(self, found: PlannedScenario, loc: Loc) -> None:
        scenario_id = found.id
        if scenario_id in self.local:
            message = f"scenario id '{scenario_id}' is used twice in this homework file"
            self.add("IPT029", loc, message)
            return
        elsewhere = self.library.scenarios.get(scenario_id)
        if elsewhere is not None and not self.is_installed(elsewhere):
            message = (
                f"scenario id '{scenario_id}' is already used by {elsewhere.source}; "
                "give the custom scenario its own id"
            )
            self.add("IPT029", loc, message)
            return
        self.local[scenario_id] = found

    def is_installed(self, loaded: LoadedScenario) -> bool:
        if loaded.path is None or self.installed_dir is None:
            return False
        return loaded.path.resolve().parent == self.installed_dir

    def from_file(self, reference: str, loc: Loc) -> PlannedScenario | None:
        """A scenario file sent with the homework, loaded once however often it is named."""
        if reference in self.files:
            return self.files[reference]
        self.files[reference] = None
        base = self.base.resolve()
        target = (base / reference).resolve()
        if not target.is_relative_to(base):
            self.add("IPT015", loc, f"'{reference}' leads outside the homework file's folder")
            return None
        if not target.is_file():
            self.add("IPT033", loc, f"no scenario file '{reference}' next to the homework file")
            return None
        try:
            loaded = load_scenario(self.base / reference)
        except ScenarioError as error:
            self.problems += error.problems
            return None
        if not self.lint(loaded, ()):
            return None
        assert loaded.path is not None
        planned = PlannedScenario(loaded, loaded.path.read_bytes().decode("utf-8"))
        self.files[reference] = planned
        return planned

    def inline(self, scenario: Scenario, index: int) -> PlannedScenario | None:
        prefix: Loc = ("scenarios", index)
        raw = self.document["scenarios"][index]
        text = dump_yaml(raw)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        positions = _sub_positions(self.positions, prefix)
        loaded = LoadedScenario(scenario, self.name, digest, positions, None)
        if not self.lint(loaded, prefix):
            return None
        return PlannedScenario(loaded, text)

    def lint(self, loaded: LoadedScenario, prefix: Loc) -> bool:
        """Lint a scenario; True when it has no errors (warnings are kept to report)."""
        from ipt_trainer.core.lint import lint

        found = _prefixed(lint(loaded), prefix) if prefix else lint(loaded)
        self.problems += found
        return not has_errors(found)

    def assignment(self, assignment: HomeworkAssignment, loc: Loc) -> PlannedScenario | None:
        reference = assignment.scenario
        if is_file_reference(reference):
            planned = self.from_file(reference, (*loc, "scenario"))
            if planned is not None and planned.id not in self.local:
                self.keep_local(planned, (*loc, "scenario"))
        elif reference in self.local:
            planned = self.local[reference]
        elif reference in self.library.scenarios:
            planned = PlannedScenario(self.library.scenarios[reference], None)
        else:
            known = [*self.local, *self.library.scenarios]
            hint = did_you_mean(reference, known)
            self.add("IPT015", (*loc, "scenario"), f"no scenario with id '{reference}'{hint}")
            return None
        if planned is None:
            return None
        self.check_personalisation(assignment, planned.loaded.scenario, loc)
        return planned

    def check_personalisation(
        self, assignment: HomeworkAssignment, scenario: Scenario, loc: Loc
    ) -> None:
        for key in assignment.personalisation:
            if key not in scenario.placeholders:
                names = ", ".join(sorted(scenario.placeholders)) or "none"
                hint = did_you_mean(key, scenario.placeholders)
                message = (
                    f"scenario '{scenario.id}' has no placeholder '{key}'{hint} (it has: {names})"
                )
                self.add("IPT015", (*loc, "personalisation", key), message)


def dump_yaml(data: Any) -> str:
    """Plain data as block YAML that the scenario loader reads back to the same data."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.representer.sort_base_mapping_type_on_output = False
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


__all__ = [
    "HomeworkAssignment",
    "HomeworkError",
    "HomeworkFile",
    "HomeworkPlan",
    "PlannedAssignment",
    "PlannedScenario",
    "check_homework",
    "homework_schema",
    "is_file_reference",
]
