"""``ipt-trainer walk`` and ``ipt-trainer graph``: see every branch of a scenario.

``walk`` explores every suggestion and every route (forced, not scored) and
exits 1 when a node is unreachable, a branch leads nowhere, or a loop can
never reach an ending, so it can gate a pull request. ``graph`` prints the
conversation as Mermaid or Graphviz DOT for a diagram.

A scenario is named by a path to its YAML file or by its id in the library.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a command runs, so other commands start fast
    from ipt_trainer.core.model import Scenario
    from ipt_trainer.core.walk import WalkReport

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
GRAPH_FORMATS = ("mermaid", "dot")
"""Mirrors ``core.graph.FORMATS`` (a test keeps them equal)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the exploration commands."""
    walk_parser = sub.add_parser(
        "walk",
        help="explore every branch of a scenario; exit 1 on unreachable nodes, dead ends, traps",
        description=(
            "Take every suggestion and force every route at every prompt (no scorer involved), "
            "and report the endings reached, nodes never reached, dead ends and loops that can "
            "never reach an ending."
        ),
    )
    walk_parser.add_argument("scenario", metavar="ID", help="a scenario id or a .yaml file")
    walk_parser.add_argument(
        "--seed", type=int, help="shuffle the exploration order (matters only if the bound is hit)"
    )
    walk_parser.add_argument("--json", action="store_true", help="print the report as JSON")
    walk_parser.add_argument(
        "--max-states",
        type=_positive,
        metavar="N",
        help="stop after exploring N states (default 20000)",
    )
    walk_parser.set_defaults(func=run_walk)

    graph_parser = sub.add_parser(
        "graph",
        help="print a scenario's conversation graph as Mermaid or Graphviz DOT",
        description="Print the graph of nodes and the replies and routes between them.",
    )
    graph_parser.add_argument("scenario", metavar="ID", help="a scenario id or a .yaml file")
    graph_parser.add_argument(
        "--format", choices=GRAPH_FORMATS, default="mermaid", help="output format (default mermaid)"
    )
    graph_parser.set_defaults(func=run_graph)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _error(message: str) -> None:
    print(f"ipt-trainer: error: {message}", file=sys.stderr)


def resolve(name: str) -> Scenario:
    """The scenario a command names: a YAML path if it looks like one, else a library id.

    A path is loaded without the linter, so a scenario with a broken graph
    can still be walked or drawn to find the break.
    """
    if name.endswith((".yaml", ".yml")) or Path(name).is_file():
        from ipt_trainer.core.loading import load_scenario

        return load_scenario(name).scenario
    from ipt_trainer.core.library import load_library

    return load_library().get(name).scenario


def _load(name: str) -> Scenario | int:
    """The scenario, or the exit code after printing why it could not be had."""
    from ipt_trainer.core.diagnostics import ScenarioError
    from ipt_trainer.core.library import ScenarioNotFound

    try:
        return resolve(name)
    except ScenarioError as error:
        _error(f"{name} is not a valid scenario:")
        for problem in error.problems:
            print(f"  {problem.format()}", file=sys.stderr)
        return EXIT_PROBLEMS
    except ScenarioNotFound as error:
        _error(f"{error}; give a scenario id from the library or a .yaml file")
        return EXIT_USAGE


def run_walk(args: argparse.Namespace) -> int:
    """Walk the scenario and print the report."""
    from ipt_trainer.core.walk import DEFAULT_MAX_STATES, walk

    scenario = _load(args.scenario)
    if isinstance(scenario, int):
        return scenario
    limit = DEFAULT_MAX_STATES if args.max_states is None else args.max_states
    report = walk(scenario, max_states=limit, seed=args.seed)
    if args.json:
        data = report.model_dump(mode="json")
        data["ok"] = report.ok
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def format_report(report: WalkReport) -> str:
    """The report as plain text for a terminal or a CI log."""
    lines = [f"walk: {report.scenario_id} ({report.states} states explored)"]
    lines.append(f"endings reached ({len(report.endings)}):")
    lines.extend(f"  {e.node}  [{e.outcome}]  {e.title}" for e in report.endings)
    if not report.endings:
        lines.append("  none")
    lines.append("unreached nodes: " + (", ".join(report.unreached) or "none"))
    lines.append("dead ends:" + ("" if report.dead_ends else " none"))
    lines.extend(f"  {d.node}: {d.reason}" for d in report.dead_ends)
    lines.append("loops that never reach an ending:" + ("" if report.loops else " none"))
    lines.extend(f"  {', '.join(loop)}" for loop in report.loops)
    if report.bound_hit:
        lines.append(
            f"note: stopped after {report.max_states} states (--max-states); the walk is incomplete"
        )
    lines.append("OK" if report.ok else "PROBLEMS FOUND")
    return "\n".join(lines)


def run_graph(args: argparse.Namespace) -> int:
    """Print the graph."""
    from ipt_trainer.core.graph import render

    scenario = _load(args.scenario)
    if isinstance(scenario, int):
        return scenario
    sys.stdout.write(render(scenario, args.format))
    return EXIT_OK
