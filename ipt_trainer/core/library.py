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
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ipt_trainer import paths
from ipt_trainer.core.diagnostics import (
    Problem,
    ScenarioError,
    did_you_mean,
    has_errors,
    make_problem,
    sort_problems,
)
from ipt_trainer.core.loading import MAX_BYTES, LoadedScenario, Positions, load_bytes

SUFFIXES = (".yaml", ".yml")
CACHE_FORMAT = 2
_JUDGES = ("model.py", "loading.py", "lint.py", "routing.py", "diagnostics.py")


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
    folders = [paths.bundled_scenarios_dir()] if include_bundled else []
    installed = paths.installed_scenarios_dir()
    if include_installed and installed.is_dir():
        folders.append(installed)
    folders += [Path(d) for d in dirs or ()]
    store = _Cache(cache_dir or default_cache_dir()) if use_cache else None
    found: dict[str, LoadedScenario] = {}
    problems: list[Problem] = []
    for path in find_scenario_files(folders):
        loaded, file_problems = _load_one(path, store)
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
    return Library(MappingProxyType(ordered), tuple(sort_problems(problems)))


def _load_one(path: Path, store: _Cache | None) -> tuple[LoadedScenario | None, list[Problem]]:
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [make_problem("IPT001", name, f"the file is over {MAX_BYTES:,} bytes")]
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [make_problem("IPT033", name, f"cannot read the file: {reason}")]
    key = hashlib.sha256(_fingerprint().encode() + data).hexdigest()
    if store is not None:
        hit = store.get(key, name, path, data)
        if hit is not None:
            return hit
    try:
        loaded = load_bytes(data, name, path)
    except ScenarioError as error:
        return None, list(error.problems)
    from ipt_trainer.core.lint import lint

    problems = lint(loaded)
    if store is not None:
        store.put(key, loaded, problems)
    return (None if has_errors(problems) else loaded), problems


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
        try:
            paths.ensure_private_dir(self.folder)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(b"\n".join(lines) + b"\n")
                os.replace(temporary, self.folder / f"{key}.json")
            finally:
                Path(temporary).unlink(missing_ok=True)
        except OSError:
            return  # a cache that cannot be written only costs speed
