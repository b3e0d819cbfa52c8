"""Entry point: parse arguments, dispatch, turn known errors into messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from ipt_trainer import __version__, paths

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


def _command_modules() -> list[ModuleType]:
    """The subcommand groups, imported here so ``--version`` stays instant."""
    from ipt_trainer.cli import author, explore, homework, locate, play, progress, report, scoring

    return [locate, author, explore, scoring, play, progress, homework, report]


def build_parser() -> argparse.ArgumentParser:
    """The full parser; also used to print the CLI reference in the docs."""
    parser = argparse.ArgumentParser(
        prog="ipt-trainer",
        description=(
            "Practise the conversations Interpersonal Psychotherapy works on. "
            "With no command, opens the app."
        ),
        epilog="Practice only: not therapy and not a crisis service.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=f"where your progress is kept (default: platform data dir; env {paths.DATA_DIR_ENV})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        module.register(sub)
    return parser


def _run_app(args: argparse.Namespace) -> int:
    from ipt_trainer.ui.app import run_app

    result: int = run_app()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir is not None:
        paths.set_data_dir(args.data_dir)
    handler: Handler = getattr(args, "func", _run_app)
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
