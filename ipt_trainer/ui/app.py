"""The Textual application: wiring only.

The app owns the ``Backend`` (library, store, scorer, seed: injected by
tests, defaulted for learners) and moves between screens in answer to the
messages they post. Screen stack: the library is the default (bottom) screen; set-up,
role-play and debrief replace one another above it, so leaving any of them
lands in the library (a resumed session is pushed straight from the library).
Progress (with the PHQ-9 form above it), homework and the welcome are pushed
over the library too. Help, pause and the crisis card are modal on top.

The app also owns the learner's ``Settings`` (welcome seen, name, focus
area, important people, theme) and their own crisis contacts: both read once
in the constructor, before the first paint (two tiny files), and written
back in thread workers whenever they change. Every write in the app runs in
a worker and reports back with a ``Saved`` message, handled here. Quitting
closes the store only after store work still running in a worker is done
(``Backend.using_store``), so a reply saved as the learner quits is kept.

Start-up draws the library list from the cache's index (``read_index``)
before pydantic and the scenario models are imported; the full library
loads in a worker once the list is on screen. Likewise only the library's
styles (``app.tcss``) are parsed before the first paint; the other screens'
(``screens.tcss``) are parsed once it is on screen, or just before another
screen opens if the learner is quicker.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterable, Sequence
from datetime import date, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ipt_trainer.core.contacts import ContactError
from ipt_trainer.ui.messages import Saved
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.services import Backend
from ipt_trainer.ui.settings import Settings, load_settings, save_settings, settings_path
from ipt_trainer.ui.themes import HIGH_CONTRAST_THEME, THEME_TITLES

if TYPE_CHECKING:
    from ipt_trainer.core.library import Library
    from ipt_trainer.core.scores import Scorer
    from ipt_trainer.store import ProgressStore
    from ipt_trainer.ui.screens.contacts import ContactsChanged
    from ipt_trainer.ui.screens.phq9 import Phq9Screen
    from ipt_trainer.ui.screens.progress import ProgressScreen
    from ipt_trainer.ui.screens.roleplay import RolePlayScreen
    from ipt_trainer.ui.screens.setup import SetupScreen

# Screens other than the library are imported when first opened (and warmed
# up in a worker once the library is on screen): start-up pays only for
# what the first screen shows.
WARM_UP = (
    "ipt_trainer.ui.screens.contacts",
    "ipt_trainer.ui.screens.setup",
    "ipt_trainer.ui.screens.roleplay",
    "ipt_trainer.ui.screens.debrief",
    "ipt_trainer.ui.screens.help",
    "ipt_trainer.ui.screens.progress",
    "ipt_trainer.ui.screens.homework",
    "ipt_trainer.ui.screens.phq9",
)
WARM_UP_DELAY = 0.5
"""Seconds after the library is shown: its first paint never competes with the warm-up."""
SCREENS_CSS = Path(__file__).with_name("screens.tcss")
"""The styles of every screen but the library, parsed after the first paint."""


class IPTTrainerApp(App[None]):
    """IPT Trainer's terminal app."""

    TITLE = "IPT Trainer"
    SUB_TITLE = "practice, not therapy"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def action_phq9(self) -> None:
        """Open the PHQ-9 self-check from anywhere in the library."""
        self.push_screen(self._phq9_screen())

    def _phq9_screen(self) -> Phq9Screen:
        from ipt_trainer.ui.screens.phq9 import Phq9Screen

        backend = self.backend
        return Phq9Screen(backend.record_phq9, contacts=lambda: backend.contacts)

    def action_contacts(self) -> None:
        """Add or change the people shown first on the crisis card."""
        from ipt_trainer.ui.screens.contacts import ContactsScreen

        if not isinstance(self.screen, ContactsScreen):
            self.push_screen(ContactsScreen(self.backend.contacts))

    def action_homework(self) -> None:
        """Open the homework screen."""
        from ipt_trainer.ui.screens.homework import HomeworkScreen

        if not isinstance(self.screen, HomeworkScreen):
            self.push_screen(HomeworkScreen(self.backend.homework, self.backend.export_report))

    def action_progress(self) -> None:
        """Open the progress screen."""
        from ipt_trainer.ui.screens.progress import ProgressScreen

        if not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen(self.backend.progress))

    def __init__(
        self,
        *,
        library: Library | None = None,
        scenario_dirs: Sequence[Path] = (),
        data_dir: Path | None = None,
        save: bool = True,
        store: ProgressStore | None = None,
        scorer: Scorer | None = None,
        seed: int | None = None,
        cursor_blink: bool = True,
        today: date | None = None,
        tz: tzinfo | None = None,
        config_dir: Path | None = None,
        first_run: bool | None = None,
    ) -> None:
        super().__init__()
        self.backend = Backend(
            library=library,
            scenario_dirs=tuple(scenario_dirs),
            data_dir=data_dir,
            save=save,
            scorer=scorer,
            seed=seed,
            store=store,
            today=today,
            tz=tz,
        )
        self.cursor_blink = cursor_blink
        self.settings_file = settings_path(config_dir)
        self.settings = load_settings(self.settings_file)  # tiny file, before the first paint
        self.backend.load_contacts()  # likewise
        self._first_run = not self.settings.first_run_done if first_run is None else first_run
        self.register_theme(HIGH_CONTRAST_THEME)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        # the list is drawn from the cache's index (no pydantic, no scenario models):
        # reading and hashing the scenario files costs a few milliseconds
        index = None if library is not None else self.backend.read_index()
        self.library_screen = LibraryScreen(
            library, open_sessions=self.backend.open_sessions, index=index
        )
        self.library_screen.first_group = self.settings.focus_area
        self._library_asked = False
        self._screens_css_loaded = False

    def get_default_screen(self) -> Screen[None]:
        # the library is the bottom screen itself: no empty default screen drawn first
        return self.library_screen

    def _load_screen_css(self, screen: Screen[object]) -> None:
        # Textual calls this for every screen it is about to show: the first is the
        # library, which app.tcss styles; any other needs the rest of the styles first
        if screen is not self.library_screen:
            self._load_screens_css()
        super()._load_screen_css(screen)

    def _load_screens_css(self) -> None:
        """Parse the other screens' styles (once) and restyle what is mounted."""
        if self._screens_css_loaded:
            return
        self._screens_css_loaded = True
        self.stylesheet.read(SCREENS_CSS)
        self.stylesheet.update(self)

    def on_mount(self) -> None:
        self._greet()
        self.set_timer(WARM_UP_DELAY, self._load_screens_css)  # after the first paint
        if not gc.isenabled():  # run_app paused it for the first paint
            self.set_timer(WARM_UP_DELAY, gc.enable)
        if self.backend.library is None:
            if self.backend.index is None:
                self._ask_library()
            else:  # the list is already shown: load the rest once it is painted
                self.set_timer(WARM_UP_DELAY, self._ask_library)
        if self._first_run:
            self.action_welcome()

    # settings

    def action_welcome(self) -> None:
        """Show the welcome (about the app, urgent help, optional choices)."""
        from ipt_trainer.ui.screens.first_run import FirstRunScreen

        if not isinstance(self.screen, FirstRunScreen):
            self.push_screen(
                FirstRunScreen(self.settings, contacts=self.backend.contacts), self._after_welcome
            )

    def _after_welcome(self, settings: Settings | None) -> None:
        if settings is None:
            return
        self.library_screen.set_first_group(settings.focus_area)
        self._keep(settings)
        self._greet()

    def _greet(self) -> None:
        name = self.settings.display_name
        self.sub_title = (
            f"Hello, {name} · practice, not therapy" if name else "practice, not therapy"
        )

    def _keep(self, settings: Settings) -> None:
        """Adopt ``settings`` and write them in the background."""
        self.settings = settings
        self._save_settings(settings)

    @work(thread=True, exclusive=True, group="settings")
    def _save_settings(self, settings: Settings) -> None:
        try:
            save_settings(self.settings_file, settings)
        except OSError as error:
            self.post_message(Saved("settings", f"Could not save your settings: {error}"))
        else:
            self.post_message(Saved("settings"))

    def on_contacts_changed(self, message: ContactsChanged) -> None:
        self.backend.contacts = message.contacts  # every card from now on shows them
        self._save_contacts(message.contacts)

    @work(thread=True, exclusive=True, group="contacts")
    def _save_contacts(self, contacts: tuple[str, ...]) -> None:
        try:
            self.backend.save_contacts(contacts)
        except (ContactError, OSError) as error:
            self.post_message(Saved("contacts", f"Could not save your contacts: {error}"))
        else:
            self.post_message(Saved("contacts", done="Your contacts are saved on this computer."))

    def on_saved(self, message: Saved) -> None:
        """A background write finished: say so only when it failed or it helps to know."""
        if message.problem is not None:
            self.notify(message.problem, severity="warning", markup=False)
        elif message.done is not None:
            self.notify(message.done, severity="information", markup=False)

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme and self.is_running:
            self._keep(self.settings.updated(theme=theme))

    def set_theme(self, theme: str) -> None:
        """Switch theme (remembered in the settings)."""
        self.theme = theme

    def _ask_library(self) -> None:
        """Load the full library (once), then warm up the other screens."""
        if not self._library_asked:
            self._library_asked = True
            self._load_library(warm_up_now=self.backend.index is not None)

    def on_library_screen_wants_library(self, message: LibraryScreen.WantsLibrary) -> None:
        self._ask_library()

    @work(thread=True, group="library")
    def _load_library(self, *, warm_up_now: bool) -> None:
        library = self.backend.load()
        self.call_from_thread(self.library_screen.show_library, library)
        if warm_up_now:  # the list was painted long ago, from the index
            self.call_from_thread(self._warm_up)
        else:
            self.call_from_thread(self.set_timer, WARM_UP_DELAY, self._warm_up)

    def _warm_up(self) -> None:
        """Import the other screens in the background while the learner reads the library."""
        self.run_worker(_import_screens, thread=True, group="warm-up", exit_on_error=False)

    async def on_unmount(self) -> None:
        # a save may still be running in a worker thread: the store is closed after it
        await asyncio.to_thread(self.backend.close)

    # navigation, in answer to the screens' messages

    def on_library_screen_chosen(self, message: LibraryScreen.Chosen) -> None:
        from ipt_trainer.ui.screens.setup import SetupScreen

        names = [person.name for person in self.settings.people]
        self.push_screen(SetupScreen(message.loaded, names=names))

    def on_library_screen_resume(self, message: LibraryScreen.Resume) -> None:
        from ipt_trainer.ui.screens.roleplay import RolePlayScreen
        from ipt_trainer.ui.screens.setup import PracticePlan

        record = message.record
        library = self.backend.library
        loaded = None if library is None else library.scenarios.get(record.scenario_id)
        if loaded is None:
            self.notify(
                f"'{record.title}' is no longer in the library, so it cannot be continued here.",
                severity="warning",
            )
            return
        plan = PracticePlan(loaded, dict(record.personalisation), "type")
        self.push_screen(
            RolePlayScreen(plan, self.backend, cursor_blink=self.cursor_blink, resume_id=record.id)
        )

    def on_progress_screen_wants_phq9(self, message: ProgressScreen.WantsPhq9) -> None:
        from ipt_trainer.ui.screens.progress import ProgressScreen

        progress = self.screen if isinstance(self.screen, ProgressScreen) else None
        self.push_screen(
            self._phq9_screen(),
            lambda _: progress.reload() if progress is not None else None,
        )

    def on_setup_screen_start(self, message: SetupScreen.Start) -> None:
        from ipt_trainer.ui.screens.roleplay import RolePlayScreen

        roleplay = RolePlayScreen(message.plan, self.backend, cursor_blink=self.cursor_blink)
        self.switch_screen(roleplay)

    def on_role_play_screen_finished(self, message: RolePlayScreen.Finished) -> None:
        from ipt_trainer.ui.screens.debrief import DebriefScreen

        session = message.session
        session_id = session.session_id
        backend = self.backend
        record = (
            None
            if session_id is None
            else lambda value: backend.record_mood(value, "after", session_id)
        )
        self.switch_screen(
            DebriefScreen(session.scenario, session.state, message.ending, record_mood=record)
        )

    def on_role_play_screen_left(self, message: RolePlayScreen.Left) -> None:
        self.pop_screen()

    # actions

    def action_help(self) -> None:
        """Show every key."""
        from ipt_trainer.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette lists every action of the screen it was opened from."""
        from ipt_trainer.ui.screens.debrief import DebriefScreen
        from ipt_trainer.ui.screens.progress import ProgressScreen
        from ipt_trainer.ui.screens.roleplay import RolePlayScreen
        from ipt_trainer.ui.screens.setup import SetupScreen

        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "Show every key", self.action_help)
        yield SystemCommand(
            "About / first-run", "What this app is, urgent help, your choices", self.action_welcome
        )
        yield SystemCommand(
            "Crisis contacts",
            "People shown first on the support card: add or remove",
            self.action_contacts,
        )
        for theme, title in THEME_TITLES.items():
            yield SystemCommand(
                f"Theme: {title.lower()}",
                f"Switch to the {title.lower()} theme",
                partial(self.set_theme, theme),
            )
        if isinstance(screen, LibraryScreen):
            yield SystemCommand(
                "Search scenarios", "Filter the library", screen.action_focus_search
            )
            yield SystemCommand(
                "Progress", "Skills, endings, streak, check-ins (p)", self.action_progress
            )
            yield SystemCommand(
                "Homework", "Assignments and report export (h)", self.action_homework
            )
            yield SystemCommand("PHQ-9 self-check", "The weekly check-in", self.action_phq9)
        if isinstance(screen, ProgressScreen):
            yield SystemCommand("PHQ-9 self-check", "The weekly check-in (c)", screen.action_phq9)
        if isinstance(screen, SetupScreen):
            yield SystemCommand("Start role-play", "Begin with these settings", screen.action_start)
            yield SystemCommand("Back to library", "Leave set-up", screen.action_back)
        if isinstance(screen, RolePlayScreen):
            yield SystemCommand(
                "Try again", "Take back your last reply (ctrl+r)", screen.action_try_again
            )
            yield SystemCommand(
                "Suggestions",
                "Show or hide suggested replies (F2)",
                screen.action_toggle_suggestions,
            )
            yield SystemCommand("Pause", "Resume or quit to the library (Esc)", screen.action_pause)
        if isinstance(screen, DebriefScreen):
            yield SystemCommand("Back to library", "Close the debrief", screen.action_library)


def _import_screens() -> None:
    import importlib

    from ipt_trainer.core.safety_model import load_model
    from ipt_trainer.core.safety_patterns import lexicon
    from ipt_trainer.core.scoring.model import load as load_scorer

    for name in WARM_UP:
        importlib.import_module(name)
    # the crisis check's phrases and weights, and the scorer's weights (1.2 MB of word
    # features), read here rather than on the first reply
    lexicon()
    load_model()
    load_scorer()


def run_app(
    *, data_dir: Path | None = None, scenario_dirs: Sequence[Path] = (), save: bool = True
) -> int:
    """Open the app; returns an exit code for the CLI."""
    # Start-up makes objects that live as long as the app (widgets, styles, the
    # list), few of them garbage: the cycle collector's young-object passes would
    # scan them again and again while the first screen is drawn, finding nearly
    # nothing. It is paused until the library is on screen (``on_mount``).
    gc.disable()
    try:
        app = IPTTrainerApp(data_dir=data_dir, scenario_dirs=scenario_dirs, save=save)
        # Everything made so far (modules, classes, the app) lives until the process
        # ends: frozen, the cycle collector stops re-scanning it, which it otherwise
        # does in full while the first screen is drawn.
        gc.freeze()
        app.run()
    finally:
        gc.enable()
    return 0
