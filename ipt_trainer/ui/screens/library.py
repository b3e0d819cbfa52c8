"""The first screen: every scenario, grouped by IPT problem area, with a filter.

Groups are headings (disabled options) in one OptionList so the arrow keys
walk straight through the whole library. Scenario text is put into ``Text``
objects: a title that looks like markup stays literal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ipt_trainer.core.library import Library
from ipt_trainer.core.loading import LoadedScenario
from ipt_trainer.core.model import PROBLEM_AREAS, Scenario
from ipt_trainer.core.text import fill, placeholder_values
from ipt_trainer.store.records import SessionRecord
from ipt_trainer.ui.labels import (
    DIFFICULTY_TITLES,
    DISCLAIMER,
    DRILLS_TITLE,
    PROBLEM_AREA_TITLES,
    SKILL_TITLES,
)

DRILLS = "drills"
RESUME_PREFIX = "resume:"
"""Option ids of open sessions start with this; scenario ids cannot contain ':'."""


def continue_text(record: SessionRecord) -> Text:
    """'Continue: <title> — started <date>' for an open session."""
    started = record.started_at.astimezone().strftime("%d %b %Y, %H:%M")
    text = Text("Continue: ", style="bold")
    text.append(record.title, style="bold")
    text.append(f" — started {started}", style="dim")
    return text


def group_of(scenario: Scenario) -> str:
    """The library group a scenario is listed under."""
    if scenario.category == "drill" or scenario.problem_area is None:
        return DRILLS
    return scenario.problem_area


def group_title(group: str) -> str:
    """A group's heading."""
    return DRILLS_TITLE if group == DRILLS else PROBLEM_AREA_TITLES.get(group, group)


def matches(scenario: Scenario, query: str) -> bool:
    """True when every word of ``query`` appears in the scenario's visible details."""
    haystack = " ".join(
        [
            scenario.title,
            with_defaults(scenario, scenario.summary),
            with_defaults(scenario, scenario.other_person.name),
            scenario.other_person.relationship,
            group_title(group_of(scenario)),
            *(SKILL_TITLES[skill] for skill in scenario.learning_goals),
        ]
    ).casefold()
    return all(word in haystack for word in query.casefold().split())


def with_defaults(scenario: Scenario, text: str) -> str:
    """``text`` with placeholders filled by their defaults (the library has no names yet)."""
    return fill(text, placeholder_values(scenario, {}))


def describe(scenario: Scenario) -> Text:
    """Two lines for the list: the title, then who, how hard, how long and which skills."""
    person = scenario.other_person
    name = with_defaults(scenario, person.name)
    dots = "●" * scenario.difficulty + "○" * (3 - scenario.difficulty)
    skills = ", ".join(SKILL_TITLES[skill] for skill in scenario.learning_goals)
    text = Text(with_defaults(scenario, scenario.title), style="bold")
    text.append("\n")
    text.append(
        f"with {name} ({person.relationship}) · {dots} "
        f"{DIFFICULTY_TITLES[scenario.difficulty]} · {scenario.minutes} min · {skills}",
        style="dim",
    )
    return text


def grouped(
    scenarios: Mapping[str, LoadedScenario], query: str = "", first: str | None = None
) -> list[tuple[str, list[LoadedScenario]]]:
    """Scenarios matching ``query`` by group, ``first`` then the problem areas, drills last."""
    order = [*PROBLEM_AREAS, DRILLS]
    if first is not None and first in order:
        order.remove(first)
        order.insert(0, first)
    groups: dict[str, list[LoadedScenario]] = {key: [] for key in order}
    for loaded in scenarios.values():
        if matches(loaded.scenario, query):
            groups.setdefault(group_of(loaded.scenario), []).append(loaded)
    return [(key, sorted(items, key=lambda x: x.scenario.title)) for key, items in groups.items()]


class LibraryScreen(Screen[None]):
    """Pick a scenario; Enter opens its set-up."""

    AUTO_FOCUS = "#scenarios"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("p", "app.progress", "Progress"),
        Binding("h", "app.homework", "Homework"),
    ]

    class Chosen(Message):
        """The learner wants to set up ``loaded``."""

        def __init__(self, loaded: LoadedScenario) -> None:
            super().__init__()
            self.loaded = loaded

    class Resume(Message):
        """The learner wants to continue the open session ``record``."""

        def __init__(self, record: SessionRecord) -> None:
            super().__init__()
            self.record = record

    class OpenSessions(Message):
        """The store answered: these sessions are still open."""

        def __init__(self, records: list[SessionRecord]) -> None:
            super().__init__()
            self.records = records

    def __init__(
        self,
        library: Library | None = None,
        open_sessions: Callable[[], list[SessionRecord]] | None = None,
    ) -> None:
        super().__init__()
        self._library = library
        self._open_sessions = open_sessions
        self._open: list[SessionRecord] = []
        self.first_group: str | None = None
        """A problem area to list first (the learner's chosen focus)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(DISCLAIMER, id="disclaimer", markup=False)
        with Horizontal(id="search-row"):
            yield Input(placeholder="Filter by title, person or skill", id="search")
            yield Button("Quit", id="quit", variant="default", compact=True)
        yield OptionList(id="scenarios", markup=False)
        yield Static("", id="library-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self._library is None:
            self.query_one("#scenarios", OptionList).loading = True
        else:
            self._refill("")
        self._check_open()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self._check_open()

    def _check_open(self) -> None:
        if self._open_sessions is not None:
            self._fetch_open(self._open_sessions)

    @work(thread=True, exclusive=True, group="open-sessions")
    def _fetch_open(self, fetch: Callable[[], list[SessionRecord]]) -> None:
        try:
            records = fetch()
        except Exception:  # the list still works without the continue rows
            records = []
        self.post_message(self.OpenSessions(records))

    def on_library_screen_open_sessions(self, message: OpenSessions) -> None:
        if [r.id for r in message.records] == [r.id for r in self._open]:
            return
        self._open = message.records
        self._refill(self.query_one("#search", Input).value)

    def set_first_group(self, group: str | None) -> None:
        """List ``group`` first (the learner's chosen focus) and redraw."""
        self.first_group = group
        if self.is_mounted:
            self._refill(self.query_one("#search", Input).value)

    def show_library(self, library: Library) -> None:
        """Fill the list from ``library`` (the app calls this once it has loaded)."""
        self._library = library
        scenarios = self.query_one("#scenarios", OptionList)
        scenarios.loading = False
        self._refill(self.query_one("#search", Input).value)
        scenarios.focus()

    def _refill(self, query: str) -> None:
        if self._library is None:
            return
        scenarios = self.query_one("#scenarios", OptionList)
        scenarios.clear_options()
        options: list[Option | None] = []
        shown = 0
        resumable = [r for r in self._open if not query or query.casefold() in r.title.casefold()]
        if resumable:
            options.append(Option(Text("PICK UP WHERE YOU LEFT OFF", style="bold"), disabled=True))
            for record in resumable:
                options.append(Option(continue_text(record), id=RESUME_PREFIX + record.id))
        for group, items in grouped(self._library.scenarios, query, self.first_group):
            if not items:
                continue
            options.append(Option(Text(group_title(group).upper(), style="bold"), disabled=True))
            for loaded in items:
                options.append(Option(describe(loaded.scenario), id=loaded.scenario.id))
                shown += 1
        scenarios.add_options(_with_gaps(options))
        scenarios.highlighted = _first_enabled(scenarios)
        self._status(shown, query)

    def _status(self, shown: int, query: str) -> None:
        assert self._library is not None
        total = len(self._library.scenarios)
        noun = "scenario" if total == 1 else "scenarios"
        parts = [f"{shown} of {total} {noun}" if query else f"{total} {noun}"]
        if not shown and query:
            parts = [f"Nothing matches '{query}'. Esc clears the filter."]
        skipped = len({p.file for p in self._library.problems if p.severity == "error"})
        if skipped:
            parts.append(f"{skipped} file(s) could not be loaded (`ipt-trainer validate` says why)")
        self.query_one("#library-status", Static).update(Text(" · ".join(parts)))

    @on(Input.Changed, "#search")
    def _filter(self, event: Input.Changed) -> None:
        self._refill(event.value)

    @on(Input.Submitted, "#search")
    def _to_list(self) -> None:
        self.query_one("#scenarios", OptionList).focus()

    @on(OptionList.OptionSelected, "#scenarios")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if self._library is None or event.option.id is None:
            return
        if event.option.id.startswith(RESUME_PREFIX):
            wanted = event.option.id.removeprefix(RESUME_PREFIX)
            record = next((r for r in self._open if r.id == wanted), None)
            if record is not None:
                self.post_message(self.Resume(record))
            return
        self.post_message(self.Chosen(self._library.scenarios[event.option.id]))

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit()

    def action_focus_search(self) -> None:
        """Jump to the filter box."""
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        """Empty the filter and go back to the list."""
        self.query_one("#search", Input).value = ""
        self.query_one("#scenarios", OptionList).focus()


def _with_gaps(options: Iterable[Option | None]) -> list[Option | None]:
    """A blank separator before each heading after the first."""
    result: list[Option | None] = []
    for option in options:
        if option is not None and option.disabled and result:
            result.append(None)
        result.append(option)
    return result


def _first_enabled(options: OptionList) -> int | None:
    for index in range(options.option_count):
        if not options.get_option_at_index(index).disabled:
            return index
    return None
