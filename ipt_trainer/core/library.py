"""The scenario library: every playable scenario, found, validated and indexed by id.

Scenarios come from the bundled folder and any extra folders a user names.
A file that fails to load or has structural (error-level) lint findings is
left out, and its problems are kept in ``Library.problems`` so the app can
say why. Two files claiming one id: the first found (bundled first) wins.

Validation costs far more than reading, so validated scenarios are cached
as JSON keyed by a hash of the file's bytes and of the code that judged
them (the model, loader and linter sources): editing either invalidates the
entry. A cache entry is only ever a shortcut; one that is missing, corrupt
or stale is ignored and rewritten. The warm path never imports ruamel.

Beside the entries, a small *index* (``LibraryIndex``: what the library list
shows, as plain JSON) is kept per set of folders, under the same content
keys. The app draws its first screen from it without importing pydantic or
the scenario model; ``read_index`` returns None whenever any file changed,
so a stale list is never shown. This module therefore imports the pydantic
parts of core only inside the functions that need them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ipt_trainer import paths

if TYPE_CHECKING:  # pydantic models: imported where used (see the module docstring)
    from ipt_trainer.core.diagnostics import Problem
    from ipt_trainer.core.loading import LoadedScenario

SUFFIXES = (".yaml", ".yml")
CACHE_FORMAT = 2
INDEX_FORMAT = 1
INDEX_FOLDER = "index"
_JUDGES = (
    "model.py",
    "loading.py",
    "lint.py",
    "routing.py",
    "diagnostics.py",
    "text.py",
    "library.py",
)
"""The code an entry or an index depends on: editing any of it invalidates them."""


class ScenarioNotFound(LookupError):
    """No scenario has the id (or the path names no file); the message suggests one."""


@dataclass(frozen=True)
class Library:
    """Valid scenarios by id (sorted), and the problems of everything found."""

    scenarios: Mapping[str, LoadedScenario] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[Problem, ...] = ()

    def get(self, id_or_path: str | Path) -> LoadedScenario:
        """A scenario by id, or by the path of a file (loaded on demand if not indexed)."""
        key = str(id_or_path)
        if isinstance(id_or_path, str) and key in self.scenarios:
            return self.scenarios[key]
        candidate = Path(id_or_path)
        if isinstance(id_or_path, Path) or candidate.suffix in SUFFIXES or os.sep in key:
            return self._by_path(candidate)
        from ipt_trainer.core.diagnostics import did_you_mean

        hint = did_you_mean(key, self.scenarios)
        raise ScenarioNotFound(f"no scenario with id '{key}'{hint}")

    def _by_path(self, path: Path) -> LoadedScenario:
        if not path.is_file():
            raise ScenarioNotFound(f"no scenario file at {path}")
        resolved = path.resolve()
        for loaded in self.scenarios.values():
            if loaded.path is not None and loaded.path.resolve() == resolved:
                return loaded
        from ipt_trainer.core.lint import lint
        from ipt_trainer.core.loading import load_scenario

        loaded = load_scenario(path)
        errors = [p for p in lint(loaded) if p.severity == "error"]
        if errors:
            from ipt_trainer.core.diagnostics import ScenarioError

            raise ScenarioError(errors)
        return loaded


def find_scenario_files(dirs: Iterable[Path]) -> list[Path]:
    """``*.yaml`` and ``*.yml`` under each folder, recursively, skipping hidden ones.

    A file reached twice (a folder named twice, or nested in another) is listed once.
    """
    found: dict[Path, Path] = {}
    for folder in dirs:
        if folder.is_file():
            found.setdefault(folder.resolve(), folder)
            continue
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            hidden = any(p.startswith(".") for p in path.relative_to(folder).parts)
            if path.suffix in SUFFIXES and not hidden and path.is_file():
                found.setdefault(path.resolve(), path)
    return list(found.values())


def default_cache_dir() -> Path:
    """Where validated scenarios are cached: inside the user's data folder."""
    return paths.cache_dir() / "scenarios"


def load_library(
    dirs: Iterable[Path] | None = None,
    cache_dir: Path | None = None,
    *,
    include_bundled: bool = True,
    include_installed: bool = True,
    use_cache: bool = True,
) -> Library:
    """Index the bundled scenarios, the user's installed ones (homework), and ``dirs``.

    ``cache_dir`` defaults to the data folder. Bundled files come first, so an
    installed file can never take over a bundled scenario's id.
    """
    from ipt_trainer.core.diagnostics import sort_problems

    folders = _folders(dirs, include_bundled, include_installed)
    store = _Cache(cache_dir or default_cache_dir()) if use_cache else None
    found: dict[str, LoadedScenario] = {}
    problems: list[Problem] = []
    sources: list[tuple[str, str]] | None = []
    for path in find_scenario_files(folders):
        key, loaded, file_problems = _load_one(path, store)
        if key is None or sources is None:
            sources = None  # a file that cannot be read: no index, the app loads in full
        else:
            sources.append((str(path), key))
        problems += file_problems
        if loaded is None:
            continue
        scenario_id = loaded.scenario.id
        if scenario_id in found:
            first = found[scenario_id].source
            message = f"scenario id '{scenario_id}' is already used by {first}"
            problems.append(loaded.problem("IPT029", ("id",), message))
            continue
        found[scenario_id] = loaded
    ordered = {key: found[key] for key in sorted(found)}
    library = Library(MappingProxyType(ordered), tuple(sort_problems(problems)))
    if store is not None and sources is not None:
        _write_index(store.folder, folders, sources, index_of(library))
    return library


def _folders(dirs: Iterable[Path] | None, bundled: bool, installed: bool) -> list[Path]:
    """The folders searched, bundled first, so an installed file never takes a bundled id."""
    folders = [paths.bundled_scenarios_dir()] if bundled else []
    user = paths.installed_scenarios_dir()
    if installed and user.is_dir():
        folders.append(user)
    return folders + [Path(d) for d in dirs or ()]


def _content_key(data: bytes) -> str:
    return hashlib.sha256(_fingerprint().encode() + data).hexdigest()


def _load_one(
    path: Path, store: _Cache | None
) -> tuple[str | None, LoadedScenario | None, list[Problem]]:
    """The file's content key (None when unreadable), its scenario if valid, its problems."""
    from ipt_trainer.core import loading
    from ipt_trainer.core.diagnostics import ScenarioError, has_errors, make_problem

    name = str(path)
    limit = loading.MAX_BYTES
    try:
        if path.stat().st_size > limit:
            return None, None, [make_problem("IPT001", name, f"the file is over {limit:,} bytes")]
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return None, None, [make_problem("IPT033", name, f"cannot read the file: {reason}")]
    key = _content_key(data)
    if store is not None:
        hit = store.get(key, name, path, data)
        if hit is not None:
            return key, *hit
    try:
        loaded = loading.load_bytes(data, name, path)
    except ScenarioError as error:
        return key, None, list(error.problems)
    from ipt_trainer.core.lint import lint

    problems = lint(loaded)
    if store is not None:
        store.put(key, loaded, problems)
    return key, (None if has_errors(problems) else loaded), problems


# the index: what the library list shows, readable without pydantic -------------------


@dataclass(frozen=True)
class IndexEntry:
    """One scenario as the library list shows it (placeholders filled with their defaults)."""

    id: str
    title: str
    summary: str
    person: str
    """The other person's name."""
    relationship: str
    category: str
    problem_area: str | None
    difficulty: int
    minutes: int
    skills: tuple[str, ...]
    """The learning goals, in the scenario's order."""


@dataclass(frozen=True)
class LibraryIndex:
    """Every valid scenario's list entry (sorted by id), and how many files were left out."""

    entries: tuple[IndexEntry, ...] = ()
    skipped: int = 0
    """Files with error-level problems (the list says so; ``validate`` says why)."""


def index_of(library: Library) -> LibraryIndex:
    """The list entries of a loaded library."""
    from ipt_trainer.core.text import fill, placeholder_values

    entries = []
    for loaded in library.scenarios.values():
        scenario = loaded.scenario
        defaults = placeholder_values(scenario, {})
        entries.append(
            IndexEntry(
                id=scenario.id,
                title=fill(scenario.title, defaults),
                summary=fill(scenario.summary, defaults),
                person=fill(scenario.other_person.name, defaults),
                relationship=scenario.other_person.relationship,
                category=scenario.category,
                problem_area=scenario.problem_area,
                difficulty=scenario.difficulty,
                minutes=scenario.minutes,
                skills=tuple(scenario.learning_goals),
            )
        )
    skipped = len({p.file for p in library.problems if p.severity == "error"})
    return LibraryIndex(tuple(entries), skipped)


def read_index(
    dirs: Iterable[Path] | None = None,
    cache_dir: Path | None = None,
    *,
    include_bundled: bool = True,
    include_installed: bool = True,
) -> LibraryIndex | None:
    """The index ``load_library`` left for these folders, if every file is unchanged.

    None when there is none, it is damaged, or any file was added, removed or
    edited (or the validating code changed): the caller then loads in full,
    which writes a fresh index. Reads and hashes every file, never parses one.
    """
    folders = _folders(dirs, include_bundled, include_installed)
    target = _index_path(cache_dir or default_cache_dir(), folders)
    try:
        sources = [
            [str(path), _content_key(path.read_bytes())] for path in find_scenario_files(folders)
        ]
        raw: Any = json.loads(target.read_bytes())
        if raw["format"] != INDEX_FORMAT or raw["sources"] != sources:
            return None
        entries = tuple(_entry(item) for item in raw["entries"])
        skipped = raw["skipped"]
        if not isinstance(skipped, int):
            return None
        return LibraryIndex(entries, skipped)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # only ever a shortcut: the caller loads in full


def _entry(item: Any) -> IndexEntry:
    """An entry from its JSON; TypeError or ValueError when anything is off."""
    texts = ("id", "title", "summary", "person", "relationship", "category")
    if not isinstance(item, dict) or set(item) != {*texts, "problem_area", *_NUMBERS, "skills"}:
        raise ValueError("not an index entry")
    area, skills = item["problem_area"], item["skills"]
    if not all(isinstance(item[name], str) for name in texts):
        raise TypeError("text expected")
    if not (area is None or isinstance(area, str)):
        raise TypeError("problem area")
    if not all(type(item[name]) is int for name in _NUMBERS):
        raise TypeError("whole numbers expected")
    if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
        raise TypeError("skills")
    return IndexEntry(**{**item, "skills": tuple(skills)})


_NUMBERS = ("difficulty", "minutes")


def _index_path(cache_dir: Path, folders: list[Path]) -> Path:
    """One index per set of folders (the app and a CLI run with extra folders differ)."""
    names = "\n".join(str(folder) for folder in folders)
    return cache_dir / INDEX_FOLDER / f"{hashlib.sha256(names.encode()).hexdigest()[:32]}.json"


def _write_index(
    cache_dir: Path, folders: list[Path], sources: list[tuple[str, str]], index: LibraryIndex
) -> None:
    document = {
        "format": INDEX_FORMAT,
        "sources": [list(source) for source in sources],
        "skipped": index.skipped,
        "entries": [{**asdict(entry), "skills": list(entry.skills)} for entry in index.entries],
    }
    target = _index_path(cache_dir, folders)
    if target.is_file():
        try:
            if json.loads(target.read_bytes()) == document:
                return  # unchanged: a warm start writes nothing
        except (OSError, ValueError, RecursionError):
            pass
    _write_private(target, json.dumps(document, separators=(",", ":")).encode())


def _write_private(target: Path, data: bytes) -> None:
    """Write ``data`` owner-only and atomically; a cache that cannot be written only costs speed."""
    try:
        paths.ensure_private_dir(target.parent)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        return


@cache
def _fingerprint() -> str:
    """Changes whenever the code that validates scenarios changes."""
    from ipt_trainer import __version__

    digest = hashlib.sha256(f"{__version__}/{CACHE_FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for name in _JUDGES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


class _Cache:
    """Validated scenarios, one owner-only file per content key.

    An entry is three JSON lines: a header (format and the lint problems),
    the scenario, and its positions. The scenario line goes straight to
    pydantic's JSON parser; the positions stay bytes until a problem needs
    them.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(
        self, key: str, name: str, path: Path, data: bytes
    ) -> tuple[LoadedScenario | None, list[Problem]] | None:
        from pydantic import ValidationError

        from ipt_trainer.core.diagnostics import Problem, has_errors
        from ipt_trainer.core.loading import LoadedScenario, Positions
        from ipt_trainer.core.model import Scenario

        try:
            header_line, scenario_line, positions_line = (
                (self.folder / f"{key}.json").read_bytes().split(b"\n", 2)
            )
            header: Any = json.loads(header_line)
            if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT:
                return None
            problems = [
                Problem.model_validate({**item, "file": name}) for item in header["problems"]
            ]
            scenario = Scenario.model_validate_json(scenario_line)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError):
            return None
        positions = Positions.from_json(positions_line.rstrip(b"\n"))
        digest = hashlib.sha256(data).hexdigest()
        loaded = LoadedScenario(scenario, name, digest, positions, path)
        return (None if has_errors(problems) else loaded), problems

    def put(self, key: str, loaded: LoadedScenario, problems: list[Problem]) -> None:
        header = {
            "format": CACHE_FORMAT,
            "problems": [p.model_dump(mode="json", exclude={"file"}) for p in problems],
        }
        lines = [
            json.dumps(header, separators=(",", ":")).encode(),
            loaded.scenario.model_dump_json(exclude_defaults=True).encode(),
            loaded.positions.to_json(),
        ]
        _write_private(self.folder / f"{key}.json", b"\n".join(lines) + b"\n")
