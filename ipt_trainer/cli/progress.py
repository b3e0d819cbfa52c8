"""``progress``, ``checkin``, ``phq9``, ``export``, ``import``, ``forget``, ``recover``.

The commands over the progress store that need no scenario engine. Every
failure is one ``ipt-trainer: error: ...`` line and exit 1; reading commands
never create the data folder, and nothing here deletes data without the
user saying so.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ipt_trainer import paths
from ipt_trainer.cli.errors import CommandError, guarded
from ipt_trainer.core.charts import sparkline

if TYPE_CHECKING:  # pydantic and the store load when a command runs, not for ``--help``
    from pydantic import BaseModel

    from ipt_trainer.core.progress import ProgressSummary
    from ipt_trainer.store.records import MoodWhen
    from ipt_trainer.store.sqlite import SqliteStore

_SKILL_NAMES = {
    "assertiveness": "Assertiveness",
    "active_listening": "Active listening",
    "conflict_resolution": "Conflict resolution",
}


def _expected() -> tuple[type[Exception], ...]:
    from ipt_trainer.core.phq9 import Phq9Error

    return (Phq9Error,)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the progress-store commands."""
    parser = sub.add_parser("progress", help="show your practice so far")
    parser.add_argument("--json", action="store_true", help="print the full summary as JSON")
    parser.set_defaults(func=guarded(run_progress, _expected))

    parser = sub.add_parser("checkin", help="record how you feel (0-10)")
    parser.add_argument("--mood", required=True, metavar="N", help="0 (lowest) to 10 (best)")
    parser.add_argument(
        "--when", choices=("before", "after"), help="before or after a practice session"
    )
    parser.set_defaults(func=guarded(run_checkin, _expected))

    parser = sub.add_parser("phq9", help="record a PHQ-9 questionnaire result")
    parser.add_argument(
        "--answers", required=True, metavar="A,B,...", help="nine answers, 0-3 each, in order"
    )
    parser.set_defaults(func=guarded(run_phq9, _expected))

    parser = sub.add_parser("export", help="write all your data to JSON or CSV")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="file for JSON, folder for CSV (one file per table); default: print",
    )
    parser.set_defaults(func=guarded(run_export, _expected))

    parser = sub.add_parser("import", help="load a JSON export into your data")
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--merge", action="store_true", help="add to data you already have")
    parser.set_defaults(func=guarded(run_import, _expected))

    parser = sub.add_parser("forget", help="delete everything IPT Trainer has saved")
    parser.add_argument("--all", action="store_true", help="required: delete all of it")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(func=guarded(run_forget, _expected))

    parser = sub.add_parser(
        "recover", help="set a damaged progress file aside (kept) and start a fresh one"
    )
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(func=guarded(run_recover, _expected))


def _existing_store() -> SqliteStore | None:
    """The store if one was ever saved; reading must not create the data folder."""
    from ipt_trainer.store.sqlite import SqliteStore, default_path

    return SqliteStore() if default_path().exists() else None


# progress ------------------------------------------------------------------------


def run_progress(args: argparse.Namespace) -> int:
    """Print the summary, or the whole model as JSON."""
    from ipt_trainer.core.progress import ProgressInputs, summarise

    store = _existing_store()
    if store is None:
        inputs = ProgressInputs(buckets=(), sessions=(), moods=(), phq9=())
    else:
        with store:
            inputs = store.progress_inputs()
    summary = summarise(inputs, date.today())
    if args.json:
        print(summary.model_dump_json(indent=2))
    else:
        print(render_summary(summary))
    return 0


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}"


def render_summary(summary: ProgressSummary) -> str:
    """The readable summary ``ipt-trainer progress`` prints."""
    if summary.replies == 0 and not summary.moods and not summary.phq9:
        return (
            "No practice recorded yet. Run `ipt-trainer` to start a scenario; "
            "your progress will show here."
        )
    days = "day" if summary.streak_days == 1 else "days"
    lines = [
        f"Progress as of {summary.today.isoformat()}",
        f"  {summary.replies} replies in {summary.sessions} sessions, "
        f"{summary.practice_days} practice days, current streak {summary.streak_days} {days}",
        "",
        f"  {'Skill':<20}{'Avg':>5}{'Best':>6}{'Scored':>8}{'7 days':>8}{'30 days':>9}"
        "  Last 30 days",
    ]
    for skill in summary.skills:
        average = "–" if skill.average is None else f"{skill.average:.0f}"
        best = "–" if skill.best is None else str(skill.best)
        week, month = (_signed(trend.change) for trend in skill.trends)
        lines.append(
            f"  {_SKILL_NAMES[skill.skill]:<20}{average:>5}{best:>6}{skill.count:>8}"
            f"{week:>8}{month:>9}  {sparkline(skill.daily)}"
        )
    lines.append("  (7/30 days: change of the recent mean against the time before)")
    if summary.sessions_by_problem_area:
        lines += ["", "Sessions by problem area: " + _counts(summary.sessions_by_problem_area)]
    if summary.outcomes:
        lines.append("Endings reached: " + _counts(summary.outcomes))
    if summary.phq9:
        history = ", ".join(
            f"{point.at.date().isoformat()} {point.total} ({point.band})"
            for point in summary.phq9[-5:]
        )
        lines += ["", f"PHQ-9 (latest {min(5, len(summary.phq9))}): {history}"]
    if summary.moods:
        recent = summary.moods[-30:]
        lines.append(
            f"Mood (last {len(recent)} check-ins): {sparkline([p.value for p in recent], 10)}"
            f"  latest {recent[-1].value}/10"
        )
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in counts.items())


# check-ins -------------------------------------------------------------------------


def run_checkin(args: argparse.Namespace) -> int:
    """Record a mood check-in."""
    from ipt_trainer.store.sqlite import SqliteStore

    text = str(args.mood).strip()
    if not text.isdigit() or not 0 <= int(text) <= 10:
        raise CommandError(
            f"--mood takes a whole number from 0 (lowest) to 10 (best), not {text!r}"
        )
    when: MoodWhen = args.when or "standalone"
    with SqliteStore() as store:
        store.record_mood(int(text), when=when)
    print(f"Mood {int(text)}/10 saved.")
    return 0


def run_phq9(args: argparse.Namespace) -> int:
    """Score and save a PHQ-9; show the crisis card first when item 9 is above 0."""
    from ipt_trainer.core import phq9
    from ipt_trainer.core.contacts import card_contacts
    from ipt_trainer.core.resources import crisis_card_text
    from ipt_trainer.store.sqlite import SqliteStore

    result = phq9.score(phq9.parse_answers(args.answers))
    print(f"PHQ-9 total: {result.total} of 27 ({result.band})")
    if result.needs_crisis_card:
        print()
        print(crisis_card_text(own_contacts=card_contacts()))  # their own people first
        print()
    with SqliteStore() as store:
        store.record_phq9(result)
        if result.needs_crisis_card:
            store.record_safety_event("phq9_item9")
    print("Saved. A PHQ-9 is a screening questionnaire, not a diagnosis.")
    return 0


# export / import --------------------------------------------------------------------


def _all_records() -> dict[str, list[BaseModel]]:
    from ipt_trainer.store.schema import TABLES

    store = _existing_store()
    if store is None:
        return {table: [] for table in TABLES}
    with store:
        return store.all_records()


def _write_private(path: Path, text: str) -> None:
    """Write a new owner-only file; refuses to overwrite anything."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CommandError(f"{path} already exists; choose another name or remove it") from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def run_export(args: argparse.Namespace) -> int:
    """Export every table; the files are owner-only like the store."""
    from ipt_trainer.store.transfer import csv_tables, export_json

    records = _all_records()
    output: Path | None = args.output
    if args.format == "json":
        text = export_json(records)
        if output is None:
            sys.stdout.write(text)
        else:
            _write_private(output, text)
            print(f"Exported to {output}", file=sys.stderr)
        return 0
    tables = csv_tables(records)
    if output is None:
        sys.stdout.write(tables["replies"])
        return 0
    if output.exists() and not output.is_dir():
        raise CommandError(f"{output} is a file; CSV export writes one file per table to a folder")
    paths.ensure_private_dir(output)
    clashes = [name for name in tables if (output / f"{name}.csv").exists()]
    if clashes:
        raise CommandError(f"{output} already has {clashes[0]}.csv; choose an empty folder")
    for name, text in tables.items():
        _write_private(output / f"{name}.csv", text)
    print(f"Exported {len(tables)} CSV files to {output}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Load a JSON export, all or nothing."""
    from ipt_trainer.store.sqlite import SqliteStore
    from ipt_trainer.store.transfer import import_json

    try:
        text = args.file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{args.file} is not a JSON export (not UTF-8 text)") from None
    with SqliteStore() as store:
        added = import_json(store, text, merge=args.merge)
    summary = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in added.items())
    print(f"Imported {summary}.")
    return 0


# forget / recover ----------------------------------------------------------------------


def _confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        raise CommandError(
            "refusing without confirmation: there is no terminal to ask on; add --yes to confirm"
        )
    try:
        answer = input(f"{question} Type 'yes' to confirm: ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}


def _refuse_dangerous(folder: Path) -> None:
    """Never empty a folder that is obviously not ours (root, home or above it)."""
    home = Path.home().resolve()
    resolved = folder.resolve()
    if resolved == Path(resolved.anchor) or resolved == home or resolved in home.parents:
        raise CommandError(f"refusing to empty {resolved}: it is not an IPT Trainer data folder")


def run_forget(args: argparse.Namespace) -> int:
    """Delete everything in the data folder, after confirmation."""
    import shutil

    if not args.all:
        raise CommandError("say 'ipt-trainer forget --all' to delete all your saved data")
    folder = paths.data_dir()
    entries = sorted(folder.iterdir()) if folder.is_dir() else []
    if not entries:
        print(f"Nothing saved in {folder}; nothing to delete.")
        return 0
    _refuse_dangerous(folder)
    names = ", ".join(entry.name for entry in entries)
    question = f"This permanently deletes everything in {folder} ({names})."
    if not _confirm(question, args.yes):
        print("Nothing deleted.")
        return 0
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    folder.rmdir()
    print(f"Deleted from {folder}: {names}")
    return 0


def run_recover(args: argparse.Namespace) -> int:
    """Set a damaged progress file aside (kept) and start fresh, after confirmation."""
    from ipt_trainer.store import StoreCorrupted
    from ipt_trainer.store.sqlite import SqliteStore, default_path

    path = default_path()
    if not path.exists():
        print(f"No progress file at {path}; nothing to recover.")
        return 0
    try:
        SqliteStore().close()
    except StoreCorrupted as error:
        if not _confirm(f"{error}", args.yes):
            print("Nothing changed.")
            return 0
        backup = SqliteStore.recover(path)
        SqliteStore().close()
        print(f"The damaged file is kept as {backup}; a fresh progress file was started.")
        return 0
    print(f"{path} is sound; nothing to recover.")
    return 0
