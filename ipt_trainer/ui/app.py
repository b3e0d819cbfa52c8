"""The Textual application: wiring only.

The app owns the ``Backend`` (library, store, scorer, seed: injected by
tests, defaulted for learners) and moves between screens in answer to the
messages they post. Screen stack: the library is always at the bottom; set-up,
role-play and debrief replace one another above it, so leaving any of them
lands in the library. Help, pause and the crisis card are modal on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
from ipt_trainer.ui.screens.help import HelpScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen
from ipt_trainer.ui.screens.setup import SetupScreen
from ipt_trainer.ui.services import Backend


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
        )
        self.cursor_blink = cursor_blink
        self.library_screen = LibraryScreen(library)

    def on_mount(self) -> None:
        self.push_screen(self.library_screen)
        if self.backend.library is None:
            self._load_library()

    @work(thread=True, exclusive=True, group="library")
    def _load_library(self) -> None:
        library = self.backend.load()
        self.call_from_thread(self.library_screen.show_library, library)

    def on_unmount(self) -> None:
        self.backend.close()

    # navigation, in answer to the screens' messages

    def on_library_screen_chosen(self, message: LibraryScreen.Chosen) -> None:
        self.push_screen(SetupScreen(message.loaded))

    def on_setup_screen_start(self, message: SetupScreen.Start) -> None:
        roleplay = RolePlayScreen(message.plan, self.backend, cursor_blink=self.cursor_blink)
        self.switch_screen(roleplay)

    def on_role_play_screen_finished(self, message: RolePlayScreen.Finished) -> None:
        session = message.session
        self.switch_screen(DebriefScreen(session.scenario, session.state, message.ending))

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
        if isinstance(screen, LibraryScreen):
            yield SystemCommand(
                "Search scenarios", "Filter the library", screen.action_focus_search
            )
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
