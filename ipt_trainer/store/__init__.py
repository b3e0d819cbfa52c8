"""Where progress is kept: a ``ProgressStore`` Protocol and its SQLite implementation.

Only the standard library's sqlite3 and pydantic; no UI imports, so the CLI
and the app share it.
"""

from ipt_trainer.store.errors import StoreCorrupted, StoreError
from ipt_trainer.store.protocol import ProgressStore, ReportFactsStore
from ipt_trainer.store.records import (
    HomeworkRecord,
    MoodRecord,
    Phq9Record,
    ReplyRecord,
    SafetyEventRecord,
    SessionRecord,
)
from ipt_trainer.store.sqlite import FILENAME, SqliteStore, default_path

__all__ = [
    "FILENAME",
    "HomeworkRecord",
    "MoodRecord",
    "Phq9Record",
    "ProgressStore",
    "ReplyRecord",
    "ReportFactsStore",
    "SafetyEventRecord",
    "SessionRecord",
    "SqliteStore",
    "StoreCorrupted",
    "StoreError",
    "default_path",
]
