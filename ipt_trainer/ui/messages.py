"""Messages that workers writing to disk send back to the app.

Every write (progress store, settings, contacts) runs in a thread worker;
when it finishes it posts ``Saved`` to the app, which tells the learner
about a problem (and, where it helps, about success). Nothing is dropped
silently and nothing waits on the disk while the learner types.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.message import Message
from textual.worker import Worker


class Saved(Message):
    """A background write finished: ``problem`` says why it failed, None when it worked."""

    def __init__(self, what: str, problem: str | None = None, *, done: str | None = None) -> None:
        super().__init__()
        self.what = what
        """What was written, e.g. 'settings', 'mood', 'contacts'."""
        self.problem = problem
        """A sentence for the learner when the write failed."""
        self.done = done
        """A sentence for the learner when the write worked and is worth saying."""


def save_in_background(
    app: App[Any],
    what: str,
    write: Callable[[], object],
    *,
    failure: str,
    done: str | None = None,
) -> Worker[None]:
    """Run ``write`` in a thread worker owned by the app, then post ``Saved`` to it.

    Owned by the app, not the screen that asked, so a write started as a
    screen closes (quitting a role-play) still finishes and still reports.
    ``failure`` starts the sentence shown if it raises, e.g. 'Could not save your mood'.
    """

    def job() -> None:
        try:
            write()
        except Exception as error:  # reported to the learner, never dropped
            app.post_message(Saved(what, f"{failure}: {error}"))
        else:
            app.post_message(Saved(what, done=done))

    return app.run_worker(job, thread=True, group="store", name=f"save {what}")
