"""Homework: what a therapist set, how each assignment is going, and a report to share.

Status is derived by ``reports.status`` from the sessions played (nothing
about it is stored), read in a thread worker. "Export report" writes a
Markdown or HTML report into the data folder, owner-only, and says where.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from ipt_trainer.reports.status import AssignmentStatus
from ipt_trainer.ui.labels import SKILL_TITLES

ReportKind = Literal["md", "html"]

NO_HOMEWORK = (
    "No homework yet. If your therapist gives you a homework file, add it with "
    "`ipt-trainer homework add FILE`; it will show up here."
)

STATE_STYLES = {
    "done": "bold green",
    "overdue": "bold yellow",
    "in progress": "bold",
    "not started": "bold",
}


def targets_text(status: AssignmentStatus) -> str:
    """Best score against each target, e.g. 'Assertiveness 64/60 ✓'."""
    parts = []
    for skill, target in status.targets.items():
        best = status.best.get(skill)
        mark = " ✓" if best is not None and best >= target else ""
        parts.append(f"{SKILL_TITLES[skill]} {'–' if best is None else best}/{target}{mark}")
    return ", ".join(parts)


def assignment_text(status: AssignmentStatus) -> Text:
    """One assignment: label, state and due date, targets, sessions, the therapist's note."""
    text = Text(status.label, style="bold")
    text.append("\n")
    text.append(status.state.capitalize(), style=STATE_STYLES.get(status.state, ""))
    if status.due is not None:
        text.append(f" · due {status.due.strftime('%a %d %b %Y')}")
    text.append(
        f" · {status.sessions} session{'' if status.sessions == 1 else 's'} "
        f"({status.finished} finished)"
    )
    targets = targets_text(status)
    if targets:
        text.append(f"\nTargets: {targets}")
    if status.note:
        text.append("\nNote from your therapist: ", style="italic")
        text.append(status.note, style="italic")
    return text


class HomeworkScreen(Screen[None]):
    """Assignments and the report export."""

    AUTO_FOCUS = "#homework-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to library"),
        Binding("e", "export('md')", "Export report"),
    ]

    class Loaded(Message):
        """The assignments were read (``problem`` says why not)."""

        def __init__(self, assignments: tuple[AssignmentStatus, ...], problem: str | None) -> None:
            super().__init__()
            self.assignments = assignments
            self.problem = problem

    class Exported(Message):
        """A report was written to ``path`` (``problem`` says why not)."""

        def __init__(self, path: Path | None, problem: str | None) -> None:
            super().__init__()
            self.path = path
            self.problem = problem

    def __init__(
        self,
        load: Callable[[], tuple[AssignmentStatus, ...]],
        export: Callable[[ReportKind], Path],
    ) -> None:
        super().__init__()
        self._load = load
        self._export = export
        self.assignments: tuple[AssignmentStatus, ...] | None = None
        self.exported: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="homework-body", can_focus=True)
        with Horizontal(id="homework-buttons"):
            yield Button(
                "Export report (Markdown)", id="export-md", variant="primary", compact=True
            )
            yield Button("Export report (HTML)", id="export-html", compact=True)
            yield Button("Back", id="back", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Homework"
        self.query_one("#homework-body").loading = True
        self._fetch()

    @work(thread=True, exclusive=True, group="homework")
    def _fetch(self) -> None:
        try:
            found = self._load()
        except Exception as error:  # shown to the learner, never dropped
            self.post_message(self.Loaded((), f"Could not read your homework: {error}"))
        else:
            self.post_message(self.Loaded(found, None))

    async def on_homework_screen_loaded(self, message: Loaded) -> None:
        self.assignments = message.assignments
        body = self.query_one("#homework-body", VerticalScroll)
        body.loading = False
        if message.problem is not None or not message.assignments:
            text = message.problem or NO_HOMEWORK
            await body.mount(Static(Text(text), id="homework-empty", markup=False))
            return
        await body.mount_all(
            Static(assignment_text(status), classes="assignment", markup=False)
            for status in message.assignments
        )

    @on(Button.Pressed, "#export-md")
    def _export_md(self) -> None:
        self.action_export("md")

    @on(Button.Pressed, "#export-html")
    def _export_html(self) -> None:
        self.action_export("html")

    def action_export(self, kind: ReportKind) -> None:
        """Write a report (Markdown or HTML) into the data folder."""
        self._write(kind)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, kind: ReportKind) -> None:
        try:
            path = self._export(kind)
        except Exception as error:  # shown to the learner, never dropped
            self.post_message(self.Exported(None, f"Could not write the report: {error}"))
        else:
            self.post_message(self.Exported(path, None))

    def on_homework_screen_exported(self, message: Exported) -> None:
        if message.path is None:
            self.notify(message.problem or "Could not write the report.", severity="error")
            return
        self.exported = message.path
        self.notify(
            f"Report written to {message.path} (readable only by you).",
            title="Report exported",
            markup=False,
            timeout=10,
        )

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Return to the library."""
        self.dismiss()
