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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipt_trainer.core.engine import Step
from ipt_trainer.core.library import Library, load_library
from ipt_trainer.core.loading import LoadedScenario
from ipt_trainer.core.scores import Scorer
from ipt_trainer.practice import PracticeSession
from ipt_trainer.store import ProgressStore, StoreError

FALLBACK_CRISIS_CARD = """\
You matter, and you don't have to face this alone.

This app is for practice. It can't help in a crisis, but people can, right now:

  - In immediate danger: call your local emergency number (999 UK, 112 EU, 911 US).
  - US: call or text 988 (Suicide & Crisis Lifeline).
  - UK & Ireland: call Samaritans free on 116 123, any time.
  - Elsewhere: findahelpline.com lists free, confidential helplines.

If you can, tell someone you trust how you are feeling.
The role-play is paused. Come back to it only when you feel ready."""
"""Shown if the resources module cannot be imported, so the card is never empty."""


def crisis_card_text() -> str:
    """The crisis resources card, from core when it is available, else the built-in text."""
    try:
        from ipt_trainer.core import resources

        text = resources.crisis_card_text()
    except Exception:  # the card must show whatever goes wrong with the resources module
        return FALLBACK_CRISIS_CARD
    return text if isinstance(text, str) and text.strip() else FALLBACK_CRISIS_CARD


@dataclass
class Backend:
    """What the app needs from outside the UI, injectable for tests."""

    library: Library | None = None
    """A ready library; when None, ``load`` indexes the bundled and extra folders."""
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
    store_problem: str | None = field(default=None, init=False)
    """Why progress is not being kept, once that is known."""
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _store_tried: bool = field(default=False, init=False, repr=False)

    def load(self) -> Library:
        """The scenario library (blocking: may read and validate every file)."""
        if self.library is None:
            cache = None if self.data_dir is None else self.data_dir / "cache" / "scenarios"
            self.library = load_library(self.scenario_dirs, cache)
        return self.library

    def open_store(self) -> ProgressStore | None:
        """The progress store, opened once; None (with ``store_problem`` set) if unusable."""
        with self._lock:
            if self.store is not None or self._store_tried or not self.save:
                return self.store
            self._store_tried = True
            from ipt_trainer.store import SqliteStore

            try:
                self.store = SqliteStore(self.data_dir)
            except (StoreError, OSError) as error:
                self.store_problem = str(error)
            return self.store

    def begin(
        self, loaded: LoadedScenario, personalisation: Mapping[str, str]
    ) -> tuple[PracticeSession, Step]:
        """Start a session of ``loaded``, saved when a store can be opened (blocking)."""
        return PracticeSession.begin(
            loaded,
            store=self.open_store(),
            personalisation=personalisation,
            seed=self.seed,
            scorer=self.scorer,
        )

    def close(self) -> None:
        """Release the store if this backend opened one."""
        with self._lock:
            if self.store is not None and self._store_tried:
                self.store.close()
                self.store = None
