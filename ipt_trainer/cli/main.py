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
    from ipt_trainer.cli import (
        author,
        contacts,
        explore,
        homework,
        locate,
        play,
        progress,
        report,
        scoring,
    )

    return [locate, author, explore, scoring, play, progress, homework, contacts, report]


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


def _app_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when they only open the app (no command; at most ``--data-dir``).

    Opening the app is the common case, and building the full parser imports
    every command's module, which costs more than the app's own start-up; so
    the app is opened without it. Anything else (a command, ``--help``, a
    typo) goes through the full parser, as before.
    """
    data_dir: Path | None = None
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token == "--data-dir" and rest and not rest[0].startswith("-"):
            data_dir = Path(rest.pop(0))
        elif token.startswith("--data-dir=") and len(token) > len("--data-dir="):
            data_dir = Path(token.split("=", 1)[1])
        else:
            return None
    return argparse.Namespace(data_dir=data_dir, command=None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = _app_only(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
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
