"""Progress: how each skill is going, what was practised, and the check-ins kept.

The summary is computed by ``core.progress`` in a thread worker (the store may
block) and posted back; only then are the sections mounted, so the screen
opens at once and never reads the clock itself (the backend's ``today`` does).
Everything is read-only except the button that opens the PHQ-9 self-check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Sparkline, Static

from ipt_trainer.core.progress import DAILY_DAYS, ProgressSummary, SkillProgress
from ipt_trainer.ui.labels import DRILLS_TITLE, OUTCOME_TITLES, PROBLEM_AREA_TITLES, SKILL_TITLES

NOTHING_YET = (
    "Nothing here yet. Finish a role-play or two and your progress will show up here: "
    "how each skill is going, the endings you reached and your practice streak."
)


def area_title(area: str) -> str:
    """A problem area's name, drills included."""
    return DRILLS_TITLE if area == "drills" else PROBLEM_AREA_TITLES.get(area, area)


def headline(summary: ProgressSummary) -> Text:
    """One line: replies, sessions, practice days and the streak."""
    streak = summary.streak_days
    text = Text()
    text.append(
        f"{summary.replies} repl{'y' if summary.replies == 1 else 'ies'} in "
        f"{summary.sessions} session{'' if summary.sessions == 1 else 's'} over "
        f"{summary.practice_days} day{'' if summary.practice_days == 1 else 's'}",
        style="bold",
    )
    text.append(" · practice streak: ")
    text.append(f"{streak} day{'' if streak == 1 else 's'}", style="bold")
    return text


def skill_line(skill: SkillProgress) -> Text:
    """'Assertiveness  avg 62 · best 80 (12 replies)'."""
    text = Text()
    text.append(f"{SKILL_TITLES[skill.skill]}\n", style="bold")
    if skill.average is None:
        text.append("no scored replies yet", style="dim")
    else:
        text.append(f"avg {skill.average:.0f} · best {skill.best} · {skill.count} scored")
    return text


def daily_series(skill: SkillProgress) -> list[float]:
    """The 30-day daily means for a sparkline; days without practice count as 0."""
    return [0.0 if value is None else value for value in skill.daily]


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> Table:
    """A plain, borderless table; cells are ``Text`` so stored strings stay literal."""
    result = Table(title=title, title_justify="left", title_style="bold", box=None, expand=False)
    for header in headers:
        result.add_column(header, style="", header_style="bold dim")
    for row in rows:
        result.add_row(*(Text(cell) for cell in row))
    return result


def sections(summary: ProgressSummary) -> list[Table]:
    """The tables under the skills: areas, endings, moods, PHQ-9."""
    found: list[Table] = []
    if summary.sessions_by_problem_area:
        found.append(
            table(
                "Sessions by problem area",
                ("Area", "Sessions"),
                (
                    (area_title(area), str(count))
                    for area, count in sorted(summary.sessions_by_problem_area.items())
                ),
            )
        )
    if summary.outcomes:
        found.append(
            table(
                "Endings reached",
                ("Outcome", "Times"),
                (
                    (OUTCOME_TITLES.get(outcome, outcome), str(count))
                    for outcome, count in sorted(summary.outcomes.items())
                ),
            )
        )
    if summary.moods:
        found.append(
            table(
                "Mood check-ins (0-10)",
                ("When", "Around a session", "Mood"),
                (
                    (point.at.strftime("%d %b %Y %H:%M"), point.when, str(point.value))
                    for point in summary.moods[-10:]
                ),
            )
        )
    if summary.phq9:
        found.append(
            table(
                "PHQ-9 self-checks",
                ("When", "Total", "Band"),
                (
                    (point.at.strftime("%d %b %Y"), str(point.total), point.band)
                    for point in summary.phq9[-10:]
                ),
            )
        )
    return found


class ProgressScreen(Screen[None]):
    """Read-only progress, with a way into the weekly PHQ-9 self-check."""

    AUTO_FOCUS = "#progress-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to library"),
        Binding("c", "phq9", "PHQ-9 check"),
    ]

    class Loaded(Message):
        """The summary is ready (None: progress is not being kept)."""

        def __init__(self, summary: ProgressSummary | None, problem: str | None) -> None:
            super().__init__()
            self.summary = summary
            self.problem = problem

    class WantsPhq9(Message):
        """The learner asked for the PHQ-9 self-check."""

    def __init__(self, load: Callable[[], ProgressSummary | None]) -> None:
        super().__init__()
        self._load = load
        self.summary: ProgressSummary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="progress-body", can_focus=True)
        with Horizontal(id="progress-buttons"):
            yield Button("PHQ-9 self-check", id="phq9", variant="primary", compact=True)
            yield Button("Back", id="back", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Your progress"
        self.query_one("#progress-body").loading = True
        self.reload()

    def reload(self) -> None:
        """Read the store again (after a check-in was saved)."""
        self._fetch()

    @work(thread=True, exclusive=True, group="progress")
    def _fetch(self) -> None:
        try:
            summary = self._load()
        except Exception as error:  # shown to the learner, never dropped
            self.post_message(self.Loaded(None, f"Could not read your progress: {error}"))
        else:
            self.post_message(self.Loaded(summary, None))

    async def on_progress_screen_loaded(self, message: Loaded) -> None:
        self.summary = message.summary
        body = self.query_one("#progress-body", VerticalScroll)
        body.loading = False
        await body.remove_children()
        await body.mount_all(self._widgets(message.summary, message.problem))

    def _widgets(self, summary: ProgressSummary | None, problem: str | None) -> list[Widget]:
        if problem is not None:
            return [Static(Text(problem), id="progress-empty", markup=False)]
        if summary is None or not (summary.sessions or summary.moods or summary.phq9):
            return [Static(Text(NOTHING_YET), id="progress-empty", markup=False)]
        widgets: list[Widget] = [Static(headline(summary), id="headline", markup=False)]
        widgets.append(
            Static(
                Text(
                    f"Skills: daily average over the last {DAILY_DAYS} days "
                    "(the flat line is days without practice)",
                    style="bold",
                ),
                classes="section",
                markup=False,
            )
        )
        for skill in summary.skills:
            widgets.append(
                Horizontal(
                    Static(skill_line(skill), classes="skill-line", markup=False),
                    Sparkline(daily_series(skill), classes="trend", id=f"trend-{skill.skill}"),
                    classes="skill-row",
                )
            )
        widgets.extend(Static(t, classes="section progress-table") for t in sections(summary))
        return widgets

    @on(Button.Pressed, "#phq9")
    def action_phq9(self) -> None:
        """Open the weekly PHQ-9 self-check."""
        self.post_message(self.WantsPhq9())

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Return to the library."""
        self.dismiss()
