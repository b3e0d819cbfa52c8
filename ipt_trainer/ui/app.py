"""The Textual application: wiring only.

The app owns the ``Backend`` (library, store, scorer, seed: injected by
tests, defaulted for learners) and moves between screens in answer to the
messages they post. Screen stack: the library is always at the bottom; set-up,
role-play and debrief replace one another above it, so leaving any of them
lands in the library (a resumed session is pushed straight from the library).
Progress (with the PHQ-9 form above it), homework and the welcome are pushed
over the library too. Help, pause and the crisis card are modal on top.

The app also owns the learner's ``Settings`` (welcome seen, name, focus
area, important people, theme): read once in the constructor, before the
first paint, and written back in a worker whenever they change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, tzinfo
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ipt_trainer.core.library import Library
from ipt_trainer.core.scores import Scorer
from ipt_trainer.store import ProgressStore
from ipt_trainer.ui.screens.debrief import DebriefScreen
from ipt_trainer.ui.screens.first_run import FirstRunScreen
from ipt_trainer.ui.screens.help import HelpScreen
from ipt_trainer.ui.screens.homework import HomeworkScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.phq9 import Phq9Screen
from ipt_trainer.ui.screens.progress import ProgressScreen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen
from ipt_trainer.ui.screens.setup import PracticePlan, SetupScreen
from ipt_trainer.ui.services import Backend
from ipt_trainer.ui.settings import Settings, load_settings, save_settings, settings_path
from ipt_trainer.ui.themes import HIGH_CONTRAST_THEME, THEME_TITLES


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
        self.push_screen(Phq9Screen(self.backend.record_phq9))

    def action_homework(self) -> None:
        """Open the homework screen."""
        if not isinstance(self.screen, HomeworkScreen):
            self.push_screen(HomeworkScreen(self.backend.homework, self.backend.export_report))

    def action_progress(self) -> None:
        """Open the progress screen."""
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
        self._first_run = not self.settings.first_run_done if first_run is None else first_run
        self.register_theme(HIGH_CONTRAST_THEME)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.library_screen = LibraryScreen(library, open_sessions=self.backend.open_sessions)
        self.library_screen.first_group = self.settings.focus_area

    def on_mount(self) -> None:
        self.push_screen(self.library_screen)
        self._greet()
        if self.backend.library is None:
            self._load_library()
        if self._first_run:
            self.action_welcome()

    # settings

    def action_welcome(self) -> None:
        """Show the welcome (about the app, urgent help, optional choices)."""
        if not isinstance(self.screen, FirstRunScreen):
            self.push_screen(FirstRunScreen(self.settings), self._after_welcome)

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
            self.call_from_thread(
                self.notify, f"Could not save your settings: {error}", severity="warning"
            )

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme and self.is_running:
            self._keep(self.settings.model_copy(update={"theme": theme}))

    def set_theme(self, theme: str) -> None:
        """Switch theme (remembered in the settings)."""
        self.theme = theme

    @work(thread=True, exclusive=True, group="library")
    def _load_library(self) -> None:
        library = self.backend.load()
        self.call_from_thread(self.library_screen.show_library, library)

    def on_unmount(self) -> None:
        self.backend.close()

    # navigation, in answer to the screens' messages

    def on_library_screen_chosen(self, message: LibraryScreen.Chosen) -> None:
        names = [person.name for person in self.settings.people]
        self.push_screen(SetupScreen(message.loaded, names=names))

    def on_library_screen_resume(self, message: LibraryScreen.Resume) -> None:
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
        progress = self.screen if isinstance(self.screen, ProgressScreen) else None
        self.push_screen(
            Phq9Screen(self.backend.record_phq9),
            lambda _: progress.reload() if progress is not None else None,
        )

    def on_setup_screen_start(self, message: SetupScreen.Start) -> None:
        roleplay = RolePlayScreen(message.plan, self.backend, cursor_blink=self.cursor_blink)
        self.switch_screen(roleplay)

    def on_role_play_screen_finished(self, message: RolePlayScreen.Finished) -> None:
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
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette lists every action of the screen it was opened from."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "Show every key", self.action_help)
        yield SystemCommand(
            "About / first-run", "What this app is, urgent help, your choices", self.action_welcome
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


def run_app(
    *, data_dir: Path | None = None, scenario_dirs: Sequence[Path] = (), save: bool = True
) -> int:
    """Open the app; returns an exit code for the CLI."""
    IPTTrainerApp(data_dir=data_dir, scenario_dirs=scenario_dirs, save=save).run()
    return 0
