"""How commands report problems: one line on stderr, exit 1, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ipt_trainer.store import StoreCorrupted, StoreError

Runner = Callable[[argparse.Namespace], int]
EXIT_PROBLEMS = 1


class CommandError(Exception):
    """A problem to report as one line; the message is the whole story."""


def fail(message: str) -> int:
    """Print ``message`` as an error and return the exit code for it."""
    print(f"ipt-trainer: error: {message}", file=sys.stderr)
    return EXIT_PROBLEMS


def guarded(run: Runner, *expected: type[Exception]) -> Runner:
    """``run`` with every expected failure turned into one line on stderr and exit 1."""

    handled: tuple[type[Exception], ...] = (StoreError, CommandError, *expected)

    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except StoreCorrupted as error:
            return fail(f"{error} To do that, run: ipt-trainer recover")
        except handled as error:
            return fail(str(error))
        except OSError as error:
            return fail(f"{error.filename or 'file'}: {error.strerror or error}")

    wrapper.__doc__ = run.__doc__
    return wrapper
