"""How commands report problems: one line on stderr, exit 1, never a traceback.

Nothing heavy is imported here: ``guarded`` wraps every command when the
parser is built (for ``--help`` too), so the store and any other module
whose errors a command expects are imported only once a failure is caught.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

Runner = Callable[[argparse.Namespace], int]
Expected = Callable[[], tuple[type[Exception], ...]]
"""Returns the exception types a command expects, imported when first needed."""
EXIT_PROBLEMS = 1


class CommandError(Exception):
    """A problem to report as one line; the message is the whole story."""


def fail(message: str) -> int:
    """Print ``message`` as an error and return the exit code for it."""
    print(f"ipt-trainer: error: {message}", file=sys.stderr)
    return EXIT_PROBLEMS


def _nothing_more() -> tuple[type[Exception], ...]:
    return ()


def _message(error: Exception, expected: Expected) -> str | None:
    """The one line to print for ``error``, or None when it is not an expected failure."""
    from ipt_trainer.store.errors import StoreCorrupted, StoreError

    if isinstance(error, StoreCorrupted):
        return f"{error} To do that, run: ipt-trainer recover"
    if isinstance(error, (StoreError, CommandError, *expected())):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.filename or 'file'}: {error.strerror or error}"
    return None


def guarded(run: Runner, expected: Expected = _nothing_more) -> Runner:
    """``run`` with every expected failure turned into one line on stderr and exit 1.

    ``expected`` is a function rather than the types themselves so that
    building the parser does not import the modules that define them.
    """

    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except Exception as error:
            message = _message(error, expected)
            if message is None:
                raise
            return fail(message)

    wrapper.__doc__ = run.__doc__
    return wrapper
