"""The first screen: every scenario, grouped by IPT problem area, with a filter.

Groups are headings (disabled options) in one OptionList so the arrow keys
walk straight through the whole library. Scenario text is put into Textual
``Content`` (built from plain strings, never parsed as markup, so a title
that looks like markup stays literal; and, unlike Rich ``Text``, drawn
without a conversion for every option at start-up).

The list is drawn from ``LibraryIndex`` entries (plain data, no pydantic),
so at start-up it can come from the cache's index before the full library
(and the scenario models) is loaded; choosing waits for the full library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ipt_trainer.core.library import IndexEntry, LibraryIndex, index_of
from ipt_trainer.ui.labels import (
    DIFFICULTY_TITLES,
    DISCLAIMER,
    DRILLS_TITLE,
    PROBLEM_AREA_TITLES,
    SKILL_TITLES,
)
from ipt_trainer.ui.widgets.footer import KeyFooter
from ipt_trainer.ui.widgets.header import TitleHeader
from ipt_trainer.ui.widgets.light_button import LightButton
from ipt_trainer.ui.widgets.scenario_list import ListText, ScenarioList

if TYPE_CHECKING:
    from ipt_trainer.core.library import Library
    from ipt_trainer.core.loading import LoadedScenario
    from ipt_trainer.store.records import SessionRecord

DRILLS = "drills"
RESUME_PREFIX = "resume:"
"""Option ids of open sessions start with this; scenario ids cannot contain ':'."""


def continue_text(record: SessionRecord) -> Content:
    """'Continue: <title> — started <date>' for an open session."""
    started = record.started_at.astimezone().strftime("%d %b %Y, %H:%M")
    return ListText.assemble(
        ("Continue: ", "bold"), (record.title, "bold"), (f" — started {started}", "dim")
    )


def group_of(entry: IndexEntry) -> str:
    """The library group a scenario is listed under."""
    if entry.category == "drill" or entry.problem_area is None:
        return DRILLS
    return entry.problem_area


def group_title(group: str) -> str:
    """A group's heading."""
    return DRILLS_TITLE if group == DRILLS else PROBLEM_AREA_TITLES.get(group, group)


def matches(entry: IndexEntry, query: str) -> bool:
    """True when every word of ``query`` appears in the scenario's visible details."""
    haystack = " ".join(
        [
            entry.title,
            entry.summary,
            entry.person,
            entry.relationship,
            group_title(group_of(entry)),
            *(SKILL_TITLES.get(skill, skill) for skill in entry.skills),
        ]
    ).casefold()
    return all(word in haystack for word in query.casefold().split())


def describe(entry: IndexEntry) -> Content:
    """Two lines for the list: the title, then who, how hard, how long and which skills."""
    dots = "●" * entry.difficulty + "○" * (3 - entry.difficulty)
    skills = ", ".join(SKILL_TITLES.get(skill, skill) for skill in entry.skills)
    details = (
        f"with {entry.person} ({entry.relationship}) · {dots} "
        f"{DIFFICULTY_TITLES.get(entry.difficulty, '')} · {entry.minutes} min · {skills}"
    )
    return ListText.assemble((entry.title, "bold"), "\n", (details, "dim"))


def grouped(
    entries: Iterable[IndexEntry], query: str = "", first: str | None = None
) -> list[tuple[str, list[IndexEntry]]]:
    """Scenarios matching ``query`` by group, ``first`` then the problem areas, drills last."""
    order = [*PROBLEM_AREA_TITLES, DRILLS]
    if first is not None and first in order:
        order.remove(first)
        order.insert(0, first)
    groups: dict[str, list[IndexEntry]] = {key: [] for key in order}
    for entry in entries:
        if matches(entry, query):
            groups.setdefault(group_of(entry), []).append(entry)
    return [(key, sorted(items, key=lambda x: x.title)) for key, items in groups.items()]


class LibraryScreen(Screen[None]):
    """Pick a scenario; Enter opens its set-up."""

    AUTO_FOCUS = "#scenarios"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("p", "app.progress", "Progress"),
        Binding("h", "app.homework", "Homework"),
        Binding("c", "app.contacts", "Contacts", show=False),
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

    class WantsLibrary(Message):
        """A scenario was picked before the full library was loaded: load it now."""

    def __init__(
        self,
        library: Library | None = None,
        open_sessions: Callable[[], list[SessionRecord]] | None = None,
        *,
        index: LibraryIndex | None = None,
    ) -> None:
        super().__init__()
        self._library = library
        self._index = index_of(library) if library is not None else index
        """What the list shows: the cache's index first, the loaded library's once known."""
        self._open_sessions = open_sessions
        self._open: list[SessionRecord] = []
        self._picked: str | None = None
        """An option chosen before the full library arrived; acted on when it does."""
        self.first_group: str | None = None
        """A problem area to list first (the learner's chosen focus)."""

    def compose(self) -> ComposeResult:
        yield TitleHeader()
        yield Static(DISCLAIMER, id="disclaimer", markup=False)
        with Horizontal(id="search-row"):
            yield Input(placeholder="Filter by title, person or skill", id="search")
            yield LightButton("Quit", id="quit")
        # filled here when the list is known, so the first layout is the final one
        options, shown = self._options("")
        yield ScenarioList(*options, id="scenarios")
        yield Static(self._status(shown, ""), id="library-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        scenarios = self.query_one("#scenarios", OptionList)
        if self._index is None:
            scenarios.loading = True
        else:
            scenarios.highlighted = _first_enabled(scenarios)
        if self._library is not None:
            self._check_open()
        # else: the store is opened for the 'continue' rows once the library is loaded

    def on_screen_resume(self) -> None:
        if self.is_mounted and self._library is not None:  # else show_library checks
            self._check_open()

    def _check_open(self) -> None:
        if self._open_sessions is not None:
            self._fetch_open(self._open_sessions)

    @work(thread=True, group="open-sessions")  # not exclusive: a cancelled read helps no one
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

    @property
    def library(self) -> Library | None:
        """The full library, once loaded."""
        return self._library

    def show_library(self, library: Library) -> None:
        """Adopt the loaded ``library`` (the app calls this once it has loaded)."""
        self._library = library
        index = index_of(library)
        first = self._index is None
        if index != self._index:  # usually equal: the index was read from this library's cache
            self._index = index
            self._shown(first)
        self.call_after_refresh(self._check_open)
        if self._picked is not None:
            picked, self._picked = self._picked, None
            self._choose(picked)

    def _shown(self, first: bool) -> None:
        scenarios = self.query_one("#scenarios", OptionList)
        scenarios.loading = False
        self._refill(self.query_one("#search", Input).value)
        if first:
            scenarios.focus()

    def _refill(self, query: str) -> None:
        if self._index is None:
            return
        options, shown = self._options(query)
        scenarios = self.query_one("#scenarios", OptionList)
        scenarios.clear_options()
        scenarios.add_options(options)
        scenarios.highlighted = _first_enabled(scenarios)
        self.query_one("#library-status", Static).update(self._status(shown, query))

    def _options(self, query: str) -> tuple[list[Option | None], int]:
        """The list's options (None: a blank separator) and how many scenarios they show."""
        options: list[Option | None] = []
        shown = 0
        resumable = [r for r in self._open if not query or query.casefold() in r.title.casefold()]
        if resumable:
            heading = ListText.styled("PICK UP WHERE YOU LEFT OFF", "bold")
            options.append(Option(heading, disabled=True))
            for record in resumable:
                options.append(Option(continue_text(record), id=RESUME_PREFIX + record.id))
        for group, items in grouped(
            self._index.entries if self._index else (), query, self.first_group
        ):
            if not items:
                continue
            heading = ListText.styled(group_title(group).upper(), "bold")
            options.append(Option(heading, disabled=True))
            for entry in items:
                options.append(Option(describe(entry), id=entry.id))
                shown += 1
        return _with_gaps(options), shown

    def _status(self, shown: int, query: str) -> str:
        if self._index is None:
            return ""
        total = len(self._index.entries)
        noun = "scenario" if total == 1 else "scenarios"
        parts = [f"{shown} of {total} {noun}" if query else f"{total} {noun}"]
        if not shown and query:
            parts = [f"Nothing matches '{query}'. Esc clears the filter."]
        if self._index.skipped:
            parts.append(
                f"{self._index.skipped} file(s) could not be loaded "
                "(`ipt-trainer validate` says why)"
            )
        return " · ".join(parts)

    @on(Input.Changed, "#search")
    def _filter(self, event: Input.Changed) -> None:
        self._refill(event.value)

    @on(Input.Submitted, "#search")
    def _to_list(self) -> None:
        self.query_one("#scenarios", OptionList).focus()

    @on(OptionList.OptionSelected, "#scenarios")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._choose(event.option.id)

    def _choose(self, option_id: str) -> None:
        if self._library is None:  # picked within the first moments: wait for the library
            self._picked = option_id
            self.post_message(self.WantsLibrary())
            return
        if option_id.startswith(RESUME_PREFIX):
            wanted = option_id.removeprefix(RESUME_PREFIX)
            record = next((r for r in self._open if r.id == wanted), None)
            if record is not None:
                self.post_message(self.Resume(record))
            return
        loaded = self._library.scenarios.get(option_id)
        if loaded is not None:
            self.post_message(self.Chosen(loaded))

    @on(LightButton.Pressed, "#quit")
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
