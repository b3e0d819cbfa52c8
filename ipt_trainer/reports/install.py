"""Installing checked homework: scenario copies into the data folder, assignments into the store.

Whatever names a homework file contains, the only files written are
``<data dir>/scenarios/<id>.yaml``: the id has already passed the
scenario id pattern, is checked again here, and the final path is checked
to sit directly in that folder before anything is opened. Files are
written owner-only through a temporary file and a rename, so a crash never
leaves half a scenario where the library would find it.

Adding the same file twice changes nothing; adding a file whose ``id`` was
seen before replaces that homework's assignments (the old ones are marked
dropped, never deleted).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipt_trainer import paths
from ipt_trainer.core.loading import load_bytes
from ipt_trainer.core.model import ID_PATTERN
from ipt_trainer.paths import installed_scenarios_dir
from ipt_trainer.reports.homework import HomeworkPlan, PlannedAssignment, PlannedScenario
from ipt_trainer.store import HomeworkRecord, ProgressStore

_SAFE_ID = re.compile(ID_PATTERN)


class InstallError(Exception):
    """Installing would write somewhere it must not, or the copy did not read back."""


@dataclass(frozen=True)
class InstallResult:
    """What ``install_plan`` did, for the message the CLI prints."""

    written: tuple[Path, ...]
    """Scenario files written (new or changed)."""
    unchanged_files: tuple[Path, ...]
    """Scenario files that were already there, identical."""
    added: tuple[HomeworkRecord, ...]
    """Assignments recorded."""
    kept: tuple[HomeworkRecord, ...]
    """Assignments already recorded from an identical entry."""
    dropped: tuple[HomeworkRecord, ...]
    """Assignments of an earlier version of this homework, now replaced."""


def safe_scenario_path(folder: Path, scenario_id: str) -> Path:
    """``folder/<id>.yaml``, or ``InstallError`` if the id could name anything else."""
    if not _SAFE_ID.fullmatch(scenario_id) or scenario_id in {".", ".."}:
        raise InstallError(f"'{scenario_id}' is not a safe scenario id; nothing was installed")
    target = folder / f"{scenario_id}.yaml"
    if target.resolve().parent != folder.resolve():
        raise InstallError(f"{target} is not inside {folder}; nothing was installed")
    return target


def write_private(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` owner-only, atomically (temporary file, then rename)."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        os.chmod(temporary, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _verified(planned: PlannedScenario, text: str) -> None:
    """The copy must load back to the very scenario that was checked."""
    from ipt_trainer.core.diagnostics import ScenarioError

    try:
        again = load_bytes(text.encode("utf-8"), f"{planned.id}.yaml")
    except ScenarioError as error:
        raise InstallError(f"the copy of '{planned.id}' does not read back: {error}") from None
    if again.scenario != planned.loaded.scenario:
        raise InstallError(f"the copy of '{planned.id}' does not read back the same")


def install_scenarios(
    plan: HomeworkPlan, folder: Path | None = None
) -> tuple[list[Path], list[Path]]:
    """Copy the plan's custom scenarios into ``folder``; returns (written, unchanged)."""
    folder = folder if folder is not None else installed_scenarios_dir()
    to_write = [
        (safe_scenario_path(folder, p.id), p)
        for p in plan.scenarios.values()
        if p.install_text is not None
    ]
    written: list[Path] = []
    unchanged: list[Path] = []
    if not to_write:
        return written, unchanged
    paths.ensure_private_dir(folder)
    for target, planned in to_write:
        assert planned.install_text is not None
        text = planned.install_text
        _verified(planned, text)
        if target.is_file() and not target.is_symlink():
            try:
                if target.read_text(encoding="utf-8") == text:
                    unchanged.append(target)
                    continue
            except (OSError, UnicodeDecodeError):
                pass
        write_private(target, text)
        written.append(target)
    return written, unchanged


def _key(homework_id: str, entry: PlannedAssignment | HomeworkRecord) -> tuple[Any, ...]:
    """What makes two assignments the same one."""
    if isinstance(entry, HomeworkRecord):
        return (
            entry.homework_id,
            entry.scenario_id,
            entry.label,
            entry.due,
            tuple(sorted(entry.targets.items())),
            entry.note,
            tuple(sorted(entry.personalisation.items())),
        )
    a = entry.assignment
    return (
        homework_id,
        entry.scenario_id,
        entry.label,
        a.due,
        tuple(sorted(a.targets.items())),
        a.note,
        tuple(sorted(a.personalisation.items())),
    )


def record_assignments(
    plan: HomeworkPlan, store: ProgressStore
) -> tuple[list[HomeworkRecord], list[HomeworkRecord], list[HomeworkRecord]]:
    """Add the plan's assignments unless identical ones exist; returns (added, kept, dropped)."""
    previous = [
        r for r in store.homework() if r.homework_id == plan.homework_id and r.status != "dropped"
    ]
    by_key: dict[tuple[Any, ...], list[HomeworkRecord]] = {}
    for record in previous:
        by_key.setdefault(_key(plan.homework_id, record), []).append(record)
    added: list[HomeworkRecord] = []
    kept: list[HomeworkRecord] = []
    for entry in plan.assignments:
        matches = by_key.get(_key(plan.homework_id, entry))
        if matches:
            kept.append(matches.pop(0))
            continue
        a = entry.assignment
        added.append(
            store.add_homework(
                homework_id=plan.homework_id,
                label=entry.label,
                scenario_id=entry.scenario_id,
                due=a.due,
                targets={str(k): v for k, v in a.targets.items()},
                note=a.note,
                personalisation=dict(a.personalisation),
            )
        )
    leftovers = [record for records in by_key.values() for record in records]
    dropped = [store.set_homework_status(r.id, "dropped") for r in leftovers]
    return added, kept, dropped


def install_plan(
    plan: HomeworkPlan, store: ProgressStore, folder: Path | None = None
) -> InstallResult:
    """Copy the scenarios, then record the assignments (scenarios first: an assignment
    must never point at a scenario that is not there)."""
    written, unchanged = install_scenarios(plan, folder)
    added, kept, dropped = record_assignments(plan, store)
    return InstallResult(
        tuple(written), tuple(unchanged), tuple(added), tuple(kept), tuple(dropped)
    )


__all__ = [
    "InstallError",
    "InstallResult",
    "install_plan",
    "install_scenarios",
    "record_assignments",
    "safe_scenario_path",
    "write_private",
]
