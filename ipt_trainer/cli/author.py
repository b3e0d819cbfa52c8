"""Author tooling: ``validate``, ``list``, ``schema`` and ``new``.

These commands serve people writing scenarios and CI jobs checking them, so
output is line-oriented (``file:line:col: loc: message [CODE]``, the form
editors jump to) with ``--json`` for scripts, and exit codes say the result:
0 clean, 1 problems, 2 a usage mistake. Nothing here imports the UI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipt_trainer import paths

if TYPE_CHECKING:  # imported by the commands that use them, so ``--help`` stays cheap
    from ipt_trainer.core.diagnostics import Problem
    from ipt_trainer.core.scores import Scorer

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the author commands."""
    validate = sub.add_parser(
        "validate",
        help="check scenario files and print every problem with its line",
        description="Check scenario files (default: the bundled library).",
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.add_argument("--json", action="store_true", help="print JSON")
    validate.add_argument(
        "--no-scorer", action="store_true", help="skip checking model replies with the scorer"
    )
    validate.add_argument(
        "--notes", action="store_true", help="also print notes (never failures; counted otherwise)"
    )
    validate.set_defaults(func=run_validate)

    listing = sub.add_parser("list", help="list scenarios", description="List scenarios.")
    listing.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)

    schema = sub.add_parser("schema", help="print the scenario JSON Schema")
    schema.add_argument("--homework", action="store_true", help="the homework file schema")
    schema.set_defaults(func=run_schema)

    new = sub.add_parser("new", help="write a commented starter scenario")
    new.add_argument("path", nargs="?", type=Path, metavar="PATH", help="file (default: stdout)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(func=run_new)


def shown_path(path: str) -> str:
    """The path relative to the working directory when it lies inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def _files(given: Sequence[Path]) -> list[Path] | None:
    from ipt_trainer.core.library import find_scenario_files

    missing = [p for p in given if not p.exists()]
    if missing:
        for path in missing:
            print(f"ipt-trainer: no such file or folder: {path}", file=sys.stderr)
        return None
    return find_scenario_files(list(given) or [paths.bundled_scenarios_dir()])


def load_scorer() -> Scorer | None:
    """The real scorer if it is importable, else None (it is optional for authoring)."""
    import importlib

    try:
        module = importlib.import_module("ipt_trainer.core.scoring")
    except ImportError:
        return None
    found = getattr(module, "score_reply", None)
    return found if callable(found) else None


def run_validate(args: argparse.Namespace) -> int:
    """Load and lint every file; print problems and a summary; exit by severity."""
    from ipt_trainer.core.diagnostics import ScenarioError, sort_problems
    from ipt_trainer.core.lint import lint
    from ipt_trainer.core.loading import LoadedScenario, load_scenario

    files = _files(args.paths)
    if files is None:
        return EXIT_USAGE
    scorer = None if args.no_scorer else load_scorer()
    if scorer is None and not args.no_scorer:
        print("note: the scorer is not available; model replies were not scored", file=sys.stderr)
    problems: list[Problem] = []
    by_id: dict[str, LoadedScenario] = {}
    for path in files:
        try:
            loaded = load_scenario(path)
        except ScenarioError as error:
            problems += error.problems
            continue
        problems += lint(loaded, scorer)
        first = by_id.setdefault(loaded.scenario.id, loaded)
        if first is not loaded:
            message = f"scenario id '{loaded.scenario.id}' is already used by {first.source}"
            problems.append(loaded.problem("IPT029", ("id",), message))
    problems = sort_problems(problems)
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notes = len(problems) - errors - warnings
    if args.json:
        report = {
            "files": len(files),
            "errors": errors,
            "warnings": warnings,
            "notes": notes,
            "problems": [
                {**p.model_dump(mode="json"), "file": shown_path(p.file)} for p in problems
            ],
        }
        print(json.dumps(report, indent=2))
    else:
        for problem in problems:
            if problem.severity != "note" or args.notes:
                print(problem.format(shown_path(problem.file)))
        print(_summary(len(files), errors, warnings, notes, shown=args.notes))
    failed = errors > 0 or (args.strict and warnings > 0)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _summary(files: int, errors: int, warnings: int, notes: int, *, shown: bool) -> str:
    """``3 files, 0 errors, 1 warning``, plus the notes when there are any.

    Notes (IPT030: a model reply's labels differ from the scorer's) are informative
    and can run to hundreds in a library, so they are counted unless asked for.
    """
    line = f"{_count(files, 'file')}, {_count(errors, 'error')}, {_count(warnings, 'warning')}"
    if notes:
        line += f", {_count(notes, 'note')}"
        line += "" if shown else " (not failures; show them with --notes)"
    return line


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def run_list(args: argparse.Namespace) -> int:
    """One row per valid scenario; problems go to stderr."""
    from ipt_trainer.core.library import load_library

    for path in args.paths:
        if not path.exists():
            print(f"ipt-trainer: no such file or folder: {path}", file=sys.stderr)
            return EXIT_USAGE
    library = load_library(args.paths, include_bundled=not args.paths, use_cache=False)
    rows = [_row(loaded) for loaded in library.scenarios.values()]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        _print_table(rows)
    errors = [p for p in library.problems if p.severity == "error"]
    for problem in errors:
        print(problem.format(shown_path(problem.file)), file=sys.stderr)
    return EXIT_PROBLEMS if errors else EXIT_OK


def _row(loaded: Any) -> dict[str, Any]:
    from ipt_trainer.core.model import EndingNode, PromptNode

    scenario = loaded.scenario
    nodes = scenario.nodes.values()
    return {
        "id": scenario.id,
        "title": scenario.title,
        "category": scenario.category,
        "problem_area": scenario.problem_area,
        "difficulty": scenario.difficulty,
        "minutes": scenario.minutes,
        "nodes": len(scenario.nodes),
        "prompts": sum(isinstance(n, PromptNode) for n in nodes),
        "endings": sum(isinstance(n, EndingNode) for n in nodes),
        "learning_goals": list(scenario.learning_goals),
        "path": shown_path(loaded.source),
    }


def _print_table(rows: list[dict[str, Any]]) -> None:
    columns = [
        ("id", "ID"),
        ("title", "TITLE"),
        ("category", "CATEGORY"),
        ("problem_area", "AREA"),
        ("difficulty", "DIFF"),
        ("minutes", "MIN"),
        ("nodes", "NODES"),
        ("prompts", "PROMPTS"),
        ("endings", "ENDINGS"),
    ]
    table = [[label for _, label in columns]]
    table += [["-" if row[key] is None else str(row[key]) for key, _ in columns] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    for line in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    print(f"{_count(len(rows), 'scenario')}")


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema editors use for completion and checking (docs/scenario.schema.json)."""
    from ipt_trainer.core.model import Scenario

    return {"$schema": SCHEMA_DIALECT, **Scenario.model_json_schema()}


def run_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of scenario files, or of homework files with ``--homework``."""
    if args.homework:
        from ipt_trainer.reports.homework import homework_schema

        print(json.dumps(homework_schema(), indent=2))
        return EXIT_OK
    print(json.dumps(scenario_schema(), indent=2))
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    """Write the starter scenario to a file (never clobbering one) or to stdout."""
    from ipt_trainer.core.starter import starter_text

    text = starter_text()
    if args.path is None:
        sys.stdout.write(text)
        return EXIT_OK
    path: Path = args.path
    if path.exists() and not args.force:
        print(f"ipt-trainer: {path} exists; use --force to overwrite it", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"ipt-trainer: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {shown_path(str(path))}; check it with: ipt-trainer validate {path}")
    return EXIT_OK
