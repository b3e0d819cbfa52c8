"""One SQLite connection made safe: checked, migrated, private, retried.

Why it is built the way it is:

* the file is inspected through a separate read-only connection first, so a
  newer or damaged file is refused without a single byte being written (not
  even a WAL checkpoint);
* autocommit, one ``BEGIN IMMEDIATE ... COMMIT`` per write: what the caller
  was told is saved is on disk, so killing the process loses nothing shown;
* WAL + ``busy_timeout`` + a few retries with back-off: the app and a CLI
  command (or two apps) share the file without "database is locked";
* owner-only permissions (health data): the file is created 0600 before
  SQLite opens it (SQLite gives -wal/-shm the same mode), and all three are
  chmod-ed again once they exist.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from ipt_trainer import paths
from ipt_trainer.store.errors import StoreCorrupted, StoreError
from ipt_trainer.store.schema import MIGRATIONS, SCHEMA_VERSION

SIDE_FILES = ("-wal", "-shm", "-journal")
T = TypeVar("T")
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


def _is_busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _is_corruption(error: sqlite3.Error) -> bool:
    lower = str(error).lower()
    return "malformed" in lower or "not a database" in lower or "corrupt" in lower


def translate(error: sqlite3.Error, path: Path) -> StoreError:
    """A sqlite error as a message a user can act on."""
    text = str(error)
    lower = text.lower()
    if isinstance(error, sqlite3.IntegrityError):
        return StoreError(f"could not save to {path}: {text}")
    if "readonly" in lower or "read-only" in lower:
        return StoreError(
            f"cannot save to {path}: the file or its folder is read-only. Check its "
            "permissions, or choose another folder with --data-dir."
        )
    if "disk is full" in lower or "disk full" in lower:
        return StoreError(
            f"cannot save to {path}: the disk is full. Free some space and try again; "
            "what was already saved is safe."
        )
    if "unable to open" in lower:
        return StoreError(
            f"cannot open {path}: check that the folder exists, is yours and is writable, "
            "or choose another folder with --data-dir."
        )
    if _is_busy(error):
        return StoreError(f"{path} is busy: another IPT Trainer is using it. Try again shortly.")
    if _is_corruption(error):
        return StoreCorrupted(path, text)
    return StoreError(f"could not use the progress file {path}: {text}")


def _create_private_file(path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def _statements(script: str) -> list[str]:
    """Split a migration into complete statements (trigger bodies included)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete statement in migration: {buffer.strip()[:60]}")
    return statements


def _migrate_to(conn: sqlite3.Connection, target: int) -> None:
    """Apply migration ``target`` unless another instance already has."""
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= target:
        return
    for statement in _statements(MIGRATIONS[target - 1]):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version={target}")


CHECKED_ON_OPEN = ("reply_quarters", "moods", "phq9", "homework_assignments", "safety_events")
"""Tables small enough to check page by page on every open (a few ms at most).

``replies`` and ``sessions`` grow with every practice and would make each
open cost time in proportion to the file (a full ``quick_check`` took
0.3-0.6 s at 100,000 replies); a damaged page in them is still reported as
``StoreCorrupted`` the first time a read reaches it (see ``Database._retry``),
and ``SqliteStore.integrity_check`` runs the full check on demand.
"""


def _structure_check(probe: sqlite3.Connection) -> list[str]:
    """The header, the schema and the small tables' pages; ``["ok"]`` when sound."""
    names = {str(row[0]) for row in probe.execute("SELECT name FROM sqlite_master")}
    found: list[str] = []
    for table in CHECKED_ON_OPEN:
        if table in names:
            found += [str(row[0]) for row in probe.execute(f"PRAGMA quick_check({table})")]
    problems = [item for item in found if item != "ok"]
    return problems or ["ok"]


def inspect(path: Path) -> int:
    """The file's schema version, read without writing; refuses newer or damaged files.

    Damage is looked for in the header, the schema and the small tables only
    (``CHECKED_ON_OPEN``), so opening stays fast however much was practised.

    Checked again after opening for writing (``Database._open``), in case a
    -wal left by a newer version held the change.
    """
    # Without a -wal file the main file is the whole truth, and ``immutable``
    # reads it without creating -wal/-shm; with one, a read-only open sees it.
    has_wal = Path(f"{path}-wal").exists()
    options = "mode=ro" if has_wal else "mode=ro&immutable=1"
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)
    except sqlite3.Error as error:
        raise translate(error, path) from None
    try:
        version = int(probe.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was made by a newer IPT Trainer (schema {version}; this one knows up "
                f"to {SCHEMA_VERSION}); not downgrading it. Please update IPT Trainer."
            )
        found = _structure_check(probe)
    except sqlite3.DatabaseError as error:
        if _is_corruption(error) or not isinstance(error, sqlite3.OperationalError):
            raise StoreCorrupted(path, str(error)) from None
        raise translate(error, path) from None
    except UnicodeDecodeError:  # the damage reached the report itself
        raise StoreCorrupted(path, "the integrity check found damaged pages") from None
    finally:
        probe.close()
    if found != ["ok"]:
        raise StoreCorrupted(path, "; ".join(found[:3]))
    return version


def recover(path: Path, clock: Clock = utcnow) -> Path:
    """Set a damaged file aside as ``<name>.corrupt-<ts>.bak`` (kept) so a fresh one can start.

    Only call this when the user has agreed; returns the backup's path.
    """
    stamp = clock().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}.bak")
    try:
        path.rename(backup)
        for suffix in SIDE_FILES:
            side = Path(f"{path}{suffix}")
            if side.exists():
                side.rename(Path(f"{backup}{suffix}"))
    except OSError as error:
        raise StoreError(f"could not set {path} aside: {error.strerror or error}") from None
    return backup


class Database:
    """A checked, migrated connection; every call is serialised and retried while busy."""

    def __init__(self, path: Path, *, busy_timeout_ms: int = 5000, retries: int = 5) -> None:
        self.path = path
        self._retries = max(1, retries)
        self._lock = threading.RLock()
        self._conn = self._open(busy_timeout_ms)

    def _open(self, busy_timeout_ms: int) -> sqlite3.Connection:
        try:
            paths.ensure_private_dir(self.path.parent)
            _create_private_file(self.path)
        except OSError as error:
            raise StoreError(
                f"cannot create {self.path}: {error.strerror or error}. Check the folder, "
                "or choose another with --data-dir."
            ) from None
        if not self.path.is_file():
            raise StoreError(f"{self.path} is not a file; move it away or use --data-dir.")
        inspect(self.path)
        try:
            conn = sqlite3.connect(
                self.path,
                isolation_level=None,
                timeout=busy_timeout_ms / 1000,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise translate(error, self.path) from None
        try:
            conn.row_factory = sqlite3.Row
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was made by a newer IPT Trainer; not downgrading it."
                )
            self._retry(lambda: conn.execute("PRAGMA journal_mode=WAL").fetchone())
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            conn.execute("PRAGMA synchronous=FULL")
            for target in range(1, SCHEMA_VERSION + 1):
                self.transaction(partial(_migrate_to, target=target), conn)
            self._private_files()
        except sqlite3.Error as error:
            conn.close()
            raise translate(error, self.path) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _private_files(self) -> None:
        for suffix in ("", *SIDE_FILES):
            candidate = Path(f"{self.path}{suffix}")
            try:
                candidate.chmod(0o600)
            except FileNotFoundError:
                continue
            except OSError as error:
                raise StoreError(f"cannot make {candidate} private: {error.strerror}") from None

    def _retry(self, action: Callable[[], T]) -> T:
        delay = 0.05
        for attempt in range(self._retries):
            try:
                return action()
            except sqlite3.Error as error:
                if not _is_busy(error) or attempt == self._retries - 1:
                    raise translate(error, self.path) from None
                time.sleep(delay)
                delay *= 2
            except UnicodeDecodeError as error:
                raise StoreCorrupted(self.path, f"text that is not UTF-8 ({error})") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def transaction(
        self, work: Callable[[sqlite3.Connection], T], conn: sqlite3.Connection | None = None
    ) -> T:
        """Run ``work`` in its own immediate transaction, committed before returning."""
        connection = conn if conn is not None else self._conn

        def attempt() -> T:
            with self._lock:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    result = work(connection)
                    connection.execute("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
                return result

        return self._retry(attempt)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Rows of a read."""

        def run() -> list[sqlite3.Row]:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()

        return self._retry(run)

    def query_tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read as plain tuples: for large reads, where ``sqlite3.Row`` costs."""

        def run() -> list[tuple[Any, ...]]:
            with self._lock:
                cursor = self._conn.cursor()
                cursor.row_factory = None
                return cursor.execute(sql, params).fetchall()

        return self._retry(run)

    def query_columns(
        self, sql: str, params: Sequence[Any] = ()
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Column names and plain-tuple rows of a read."""

        def run() -> tuple[list[str], list[tuple[Any, ...]]]:
            with self._lock:
                cursor = self._conn.cursor()
                cursor.row_factory = None
                rows = cursor.execute(sql, params).fetchall()
                return [str(item[0]) for item in cursor.description or ()], rows

        return self._retry(run)

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed back into the file)."""
        with self._lock:
            self._conn.close()
