"""``ipt-trainer homework``: add a therapist's homework file, list it, write a template.

``add`` checks the file and every scenario in it first and prints problems
in the ``validate`` form; only a file with no errors changes anything, and
then only inside the data folder. ``list`` derives each assignment's status
from the sessions played, and never creates the data folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ipt_trainer.cli.author import shown_path
from ipt_trainer.cli.errors import CommandError, guarded

if TYPE_CHECKING:  # the store is imported by the commands, so ``--help`` stays cheap
    from ipt_trainer.store import HomeworkRecord, ReplyRecord, SessionRecord

EXIT_OK = 0
EXIT_PROBLEMS = 1


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``homework`` and its subcommands."""
    parser = sub.add_parser(
        "homework",
        help="practice your therapist set: add it, see how it is going",
        description="Homework files come from a therapist or trainer; see docs/homework.md.",
    )
    actions = parser.add_subparsers(dest="homework_command", metavar="ACTION")
    parser.set_defaults(func=guarded(run_list), json=False, all=False)

    add = actions.add_parser("add", help="check a homework file and add its assignments")
    add.add_argument("file", type=Path, metavar="FILE")
    add.set_defaults(func=guarded(run_add))

    listing = actions.add_parser("list", help="your assignments and how each is going")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--all", action="store_true", help="include dropped assignments")
    listing.set_defaults(func=guarded(run_list))

    new = actions.add_parser("new", help="write a commented homework template to fill in")
    new.add_argument("path", nargs="?", type=Path, metavar="PATH", help="file (default: print)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(func=guarded(run_new))

    for name, verb in (("done", "mark an assignment done"), ("drop", "drop an assignment")):
        action = actions.add_parser(name, help=verb)
        action.add_argument("assignment", metavar="ID", help="assignment id (or a prefix)")
        action.set_defaults(func=guarded(run_set_status), status_verb=name)


def run_add(args: argparse.Namespace) -> int:
    """Check the file; if it is sound, install its scenarios and record its assignments."""
    from ipt_trainer.core.library import load_library
    from ipt_trainer.paths import installed_scenarios_dir
    from ipt_trainer.reports.homework import HomeworkError, check_homework
    from ipt_trainer.reports.install import InstallError, install_plan
    from ipt_trainer.store import SqliteStore

    folder = installed_scenarios_dir()
    library = load_library()
    try:
        plan = check_homework(args.file, library, folder)
    except HomeworkError as error:
        for problem in error.problems:
            print(problem.format(shown_path(problem.file)))
        errors = sum(p.severity == "error" for p in error.problems)
        print(f"{errors} error{'' if errors == 1 else 's'}; nothing was added.")
        return EXIT_PROBLEMS
    for problem in plan.warnings:
        print(problem.format(shown_path(problem.file)))
    try:
        with SqliteStore() as store:
            result = install_plan(plan, store, folder)
    except InstallError as error:
        raise CommandError(str(error)) from error
    who = plan.homework.for_
    by = f" from {plan.homework.from_}" if plan.homework.from_ else ""
    print(f"Homework '{plan.homework_id}' for {who}{by}:")
    for record in result.added:
        due = f", due {record.due.isoformat()}" if record.due else ""
        print(f"  added   {record.label} ({record.scenario_id}{due})")
    for record in result.kept:
        print(f"  already {record.label} ({record.scenario_id})")
    for record in result.dropped:
        print(f"  replaced {record.label} ({record.scenario_id}): no longer in this homework")
    for path in result.written:
        print(f"  installed scenario {path.stem} in {path.parent}")
    for scenario_id in plan.unused:
        print(f"  note: scenario '{scenario_id}' is in the file but no assignment uses it")
    print("See how it is going with: ipt-trainer homework list")
    return EXIT_OK


def _existing_store_records() -> tuple[
    list[HomeworkRecord], list[SessionRecord], list[ReplyRecord]
]:
    """Homework, sessions and replies, without creating the data folder."""
    from ipt_trainer.store import SqliteStore, default_path

    if not default_path().exists():
        return [], [], []
    with SqliteStore() as store:
        return store.homework(), store.sessions(), store.replies()


def run_list(args: argparse.Namespace) -> int:
    """Print each assignment with its status and best scores against its targets."""
    from ipt_trainer.reports.markdown import target_text
    from ipt_trainer.reports.status import statuses

    homework, sessions, replies = _existing_store_records()
    found = statuses(homework, sessions, replies, date.today(), include_dropped=args.all)
    if args.json:
        print(json.dumps([s.model_dump(mode="json") for s in found], indent=2))
        return EXIT_OK
    if not found:
        print("No homework yet. When your therapist gives you a homework file, add it with:")
        print("  ipt-trainer homework add FILE")
        return EXIT_OK
    for status in found:
        due = f"due {status.due.isoformat()}" if status.due else "no due date"
        print(f"[{status.state}] {status.label}  ({status.scenario_id}, {due})  id {status.id[:8]}")
        played = f"{status.sessions} sessions, {status.finished} finished"
        print(f"    {played}; best: {target_text(status)}")
        if status.note:
            print(f"    note: {' '.join(status.note.split())}")
    print("\nPlay one with: ipt-trainer play SCENARIO_ID (or open the app)")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    """Write the homework template to a file (never clobbering one) or to stdout."""
    from ipt_trainer.reports.template import template_text

    text = template_text()
    if args.path is None:
        sys.stdout.write(text)
        return EXIT_OK
    path: Path = args.path
    if path.exists() and not args.force:
        raise CommandError(f"{path} exists; use --force to overwrite it")
    path.write_text(text, encoding="utf-8")
    print(
        f"wrote {shown_path(str(path))}; fill it in, then check it with: "
        f"ipt-trainer homework add {path}"
    )
    return EXIT_OK


def run_set_status(args: argparse.Namespace) -> int:
    """Mark one assignment done or dropped."""
    from ipt_trainer.store import SqliteStore, default_path

    if not default_path().exists():
        raise CommandError("there is no homework yet; add a file with: ipt-trainer homework add")
    with SqliteStore() as store:
        ids = [r.id for r in store.homework() if r.id.startswith(args.assignment)]
        if len(ids) != 1:
            problem = "matches no assignment" if not ids else "matches more than one assignment"
            raise CommandError(
                f"'{args.assignment}' {problem}; `ipt-trainer homework list` shows ids"
            )
        record = store.set_homework_status(
            ids[0], "done" if args.status_verb == "done" else "dropped"
        )
    print(f"{record.label}: {'done' if record.status == 'done' else 'dropped'}.")
    return EXIT_OK
