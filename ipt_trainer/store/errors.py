"""Errors the store raises, each with a message a user can act on.

The CLI prints ``str(error)`` as is, so messages name the file and say what
to do next; nothing here should ever reach the user as a traceback.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The progress store cannot do what was asked; the message says why."""


class StoreCorrupted(StoreError):
    """The progress file is damaged; ``SqliteStore.recover`` can set it aside."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"the progress file {path} is damaged ({detail}). Nothing was changed. "
            "Setting it aside keeps a copy next to it and starts a fresh one."
        )
