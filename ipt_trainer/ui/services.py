"""The app's one doorway to the non-UI world: library, practice sessions, store, crisis card.

Screens never import the engine, the store or the scorer directly; they ask
``Backend``. Tests build a ``Backend`` with a small library, a temporary data
folder and a fixed scorer and seed (attributes down), and the app runs the
same code paths it runs for a learner.

Everything here may block (disk, SQLite, the scorer), so screens call it from
thread workers. The store is opened lazily, on the first session, behind a
lock: SQLite work never happens on the event loop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, Literal, ParamSpec, TypeVar

from ipt_trainer.core.contacts import card_contacts, contacts_path, write_contacts

if TYPE_CHECKING:  # imported where used: start-up pays only for the library screen
    from ipt_trainer.core.engine import Step
    from ipt_trainer.core.library import Library, LibraryIndex
    from ipt_trainer.core.loading import LoadedScenario
    from ipt_trainer.core.phq9 import Phq9Result
    from ipt_trainer.core.progress import ProgressSummary
    from ipt_trainer.core.scores import Scorer
    from ipt_trainer.practice import PracticeSession
    from ipt_trainer.reports.status import AssignmentStatus
    from ipt_trainer.store import ProgressStore
    from ipt_trainer.store.records import SessionRecord


P = ParamSpec("P")
R = TypeVar("R")


def _store_work(
    method: Callable[Concatenate[Backend, P], R],
) -> Callable[Concatenate[Backend, P], R]:
    """Run ``method`` inside ``Backend.using_store``."""

    def run(self: Backend, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.using_store():
            return method(self, *args, **kwargs)

    run.__doc__ = method.__doc__
    return run


CLOSE_WAIT = 30.0
"""Seconds quitting waits for saves still running."""


@dataclass
class Backend:
    """What the app needs from outside the UI, injectable for tests."""

    library: Library | None = field(default=None, repr=False)
    """A ready library; when None, ``load`` indexes the bundled and extra folders.

    Left out of the repr: Textual names each worker after its arguments, and a
    bound method's repr includes this object, so every scenario was repr'd.
    """
    scenario_dirs: Sequence[Path] = ()
    """Extra folders of scenarios to offer."""
    data_dir: Path | None = None
    """Where progress is kept; None means the user's data folder."""
    save: bool = True
    """False plays without keeping anything."""
    scorer: Scorer | None = None
    """A scorer to use instead of the real one (tests)."""
    seed: int | None = None
    """A fixed seed for every session (tests and reproducible demos)."""
    store: ProgressStore | None = None
    """An open store to use instead of opening one in ``data_dir``."""
    today: date | None = None
    """A fixed 'today' for progress (tests and snapshots); None reads the clock."""
    tz: tzinfo | None = None
    """The time zone days are counted in; None is the system's."""
    contacts: tuple[str, ...] = field(default=(), init=False)
    """The learner's own crisis contacts, shown first on the card (``load_contacts``)."""
    store_problem: str | None = field(default=None, init=False)
    """Why progress is not being kept, once that is known."""
    index: LibraryIndex | None = field(default=None, init=False, repr=False)
    """The library list as cached (``read_index``), before the full library is loaded."""
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _store_tried: bool = field(default=False, init=False, repr=False)
    _load_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _busy: threading.Condition = field(default_factory=threading.Condition, init=False, repr=False)
    _in_flight: int = field(default=0, init=False, repr=False)

    def _cache_dir(self) -> Path | None:
        return None if self.data_dir is None else self.data_dir / "cache" / "scenarios"

    def read_index(self) -> LibraryIndex | None:
        """The cached library list, if every scenario file is unchanged (no parsing, no models).

        Fast enough to call before the first paint: it reads and hashes the files.
        """
        from ipt_trainer.core.library import read_index

        self.index = read_index(self.scenario_dirs, self._cache_dir())
        return self.index

    def load(self) -> Library:
        """The scenario library (blocking: may read and validate every file)."""
        with self._load_lock:
            if self.library is None:
                from ipt_trainer.core.library import load_library

                self.library = load_library(self.scenario_dirs, self._cache_dir())
            return self.library

    @contextmanager
    def using_store(self) -> Iterator[None]:
        """Mark store work in progress: ``close`` waits until it is over.

        Saves run in worker threads, and quitting closes the store from the
        event loop; without this a reply being saved as the learner quits
        could be lost or fail on a closed connection.
        """
        with self._busy:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._busy:
                self._in_flight -= 1
                self._busy.notify_all()

    def open_store(self) -> ProgressStore | None:
        """The progress store, opened once; None (with ``store_problem`` set) if unusable."""
        with self._lock:
            if self.store is not None or self._store_tried or not self.save:
                return self.store
            self._store_tried = True
            from ipt_trainer.store import SqliteStore, StoreError

            try:
                self.store = SqliteStore(self.data_dir)
            except (StoreError, OSError) as error:
                self.store_problem = str(error)
            return self.store

    @_store_work
    def begin(
        self, loaded: LoadedScenario, personalisation: Mapping[str, str]
    ) -> tuple[PracticeSession, Step]:
        """Start a session of ``loaded``, saved when a store can be opened (blocking)."""
        from ipt_trainer.practice import PracticeSession

        return PracticeSession.begin(
            loaded,
            store=self.open_store(),
            personalisation=personalisation,
            seed=self.seed,
            scorer=self.scorer,
        )

    @_store_work
    def open_sessions(self) -> list[SessionRecord]:
        """Sessions left unfinished, newest first (blocking; empty without a store)."""
        store = self.open_store()
        if store is None:
            return []
        return sorted(store.sessions("open"), key=lambda r: r.started_at, reverse=True)

    @_store_work
    def resume(self, session_id: str) -> tuple[PracticeSession, Step]:
        """Continue the open session ``session_id`` (blocking; raises ``ResumeError``)."""
        from ipt_trainer.practice import PracticeSession, ResumeError

        store = self.open_store()
        if store is None:
            raise ResumeError(self.store_problem or "progress is not being kept")
        return PracticeSession.resume(self.load(), store, session_id, scorer=self.scorer)

    @_store_work
    def progress(self) -> ProgressSummary | None:
        """Everything the progress screen shows (blocking); None when nothing is kept."""
        from ipt_trainer.core.progress import summarise

        store = self.open_store()
        if store is None:
            return None
        return summarise(store.progress_inputs(), self._today(), self.tz)

    def _today(self) -> date:
        return self.today if self.today is not None else datetime.now(self.tz).date()

    @_store_work
    def homework(self) -> tuple[AssignmentStatus, ...]:
        """Every assignment not dropped, with how it is going (blocking)."""
        from ipt_trainer.reports.status import statuses

        store = self.open_store()
        if store is None:
            return ()
        return statuses(store.homework(), store.sessions(), store.replies(), self._today())

    @_store_work
    def export_report(self, kind: Literal["md", "html"]) -> Path:
        """Write a progress report into the data folder, owner-only; returns its path."""
        from ipt_trainer.paths import data_dir, ensure_private_dir
        from ipt_trainer.reports.html import render_html
        from ipt_trainer.reports.install import write_private
        from ipt_trainer.reports.markdown import render_markdown
        from ipt_trainer.reports.report import ReportInputs, build_report, gather

        store = self.open_store()
        today = self._today()
        inputs = ReportInputs() if store is None else gather(store, tz=self.tz)
        report = build_report(
            inputs,
            today=today,
            produced_at=datetime.now(UTC).replace(microsecond=0),
            tz=self.tz,
        )
        text = render_markdown(report) if kind == "md" else render_html(report)
        folder = ensure_private_dir((self.data_dir or data_dir()) / "reports")
        target = folder / f"ipt-trainer-report-{today.isoformat()}.{kind}"
        write_private(target, text)
        return target

    @property
    def contacts_file(self) -> Path:
        """Where the learner's crisis contacts are kept."""
        return contacts_path(self.data_dir)

    def load_contacts(self) -> tuple[str, ...]:
        """Read the contacts (a tiny file; never fails: the card must always show)."""
        self.contacts = card_contacts(self.contacts_file)
        return self.contacts

    def save_contacts(self, contacts: tuple[str, ...]) -> None:
        """Keep ``contacts`` owner-only (blocking; raises ``ContactError`` or ``OSError``)."""
        write_contacts(self.contacts_file, contacts)

    @_store_work
    def record_phq9(self, result: Phq9Result) -> bool:
        """Keep a PHQ-9 result, and a safety event when item 9 is above 0 (blocking).

        Returns False when progress is not being kept.
        """
        store = self.open_store()
        if store is None:
            return False
        store.record_phq9(result)
        if result.needs_crisis_card:
            store.record_safety_event("phq9_item9")
        return True

    @_store_work
    def record_mood(
        self, value: int, when: Literal["before", "after"], session_id: str | None
    ) -> bool:
        """Keep a 0-10 mood check-in taken around a session (blocking)."""
        store = self.open_store()
        if store is None:
            return False
        store.record_mood(value, when=when, session_id=session_id)
        return True

    def close(self, timeout: float = CLOSE_WAIT) -> None:
        """Release the store if this backend opened one, after any store work in progress.

        Blocking; waits at most ``timeout`` seconds (a hung write must not hang quitting).
        """
        with self._busy:
            self._busy.wait_for(lambda: self._in_flight == 0, timeout)
        with self._lock:
            if self.store is not None and self._store_tried:
                self.store.close()
                self.store = None
