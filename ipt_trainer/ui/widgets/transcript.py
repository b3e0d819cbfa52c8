"""The conversation as a chat transcript.

Every entry is a ``Static`` holding a ``rich.text.Text`` built from plain
strings, so a scenario line or a reply that looks like markup (``[b]``,
``[@click=...]``) is shown exactly as written and can never run an action.
Entries carry a CSS class per kind (line, narration, coach, learner, hint,
note) so their look lives in the stylesheet.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ipt_trainer.core.events import CoachEvent, LineEvent, NarrationEvent
from ipt_trainer.core.session import SessionState


class Entry(Static):
    """One transcript entry; ``kind`` is also its CSS class."""

    def __init__(self, kind: str, body: Text) -> None:
        super().__init__(body, markup=False, classes=f"entry {kind}")
        self.kind = kind


def line_entry(event: LineEvent) -> Entry:
    """The other person's line: name and emotion, then the words."""
    body = Text(event.speaker, style="bold")
    if event.emotion and event.emotion != "neutral":
        body.append(f" ({event.emotion})", style="italic")
    body.append("\n")
    body.append(event.text)
    return Entry("line", body)


def narration_entry(event: NarrationEvent) -> Entry:
    """Scene-setting, in italics."""
    return Entry("narration", Text(event.text, style="italic"))


def coach_entry(event: CoachEvent) -> Entry:
    """A coach aside, labelled so it does not read as part of the conversation."""
    heading = "Coach" if not event.technique else f"Coach · {event.technique}"
    body = Text(heading, style="bold")
    body.append("\n")
    body.append(event.text)
    return Entry("coach", body)


def learner_entry(text: str, *, picked: bool = False) -> Entry:
    """The learner's own reply."""
    body = Text("You" + (" (suggestion)" if picked else ""), style="bold")
    body.append("\n")
    body.append(text)
    return Entry("learner", body)


def note_entry(kind: str, heading: str, text: str) -> Entry:
    """A short labelled note: a hint, route feedback, or 'you stepped back'."""
    body = Text(heading, style="bold")
    if text:
        body.append("\n")
        body.append(text)
    return Entry(kind, body)


def history_entries(state: SessionState, speaker: str) -> list[Entry]:
    """The saved conversation, rebuilt from the turns kept (a resumed session).

    Only what each turn kept is shown: the other person's line it answered and
    the reply. Narration and coach asides are not saved, so they are not
    repeated; replies later taken back are left out as they were on screen.
    """
    entries = [note_entry("note", "Welcome back.", "Here is the conversation so far.")]
    for turn in state.transcript:
        if turn.kind != "reply" or turn.rewound:
            continue
        if turn.context and turn.attempt == 1:
            body = Text(speaker, style="bold")
            body.append("\n")
            body.append(turn.context)
            entries.append(Entry("line", body))
        entries.append(learner_entry(turn.text or "", picked=turn.source == "suggestion"))
    return entries


class Transcript(VerticalScroll):
    """A scrolling list of entries with a way to take the latest turn back."""

    can_focus = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._marks: list[int] = []

    def add(self, *entries: Widget) -> None:
        """Append entries (or a side-by-side comparison) and keep the newest in view."""
        if entries:
            self.mount_all(entries)
            self.call_after_refresh(self.scroll_end, animate=False)

    def show_from(self, widget: Widget) -> None:
        """Scroll so ``widget`` starts at the top (or as near as the end allows)."""
        self.call_after_refresh(self.scroll_to_widget, widget, top=True, animate=False)

    def mark_turn(self) -> None:
        """Remember where the learner's next reply starts, for ``take_back``."""
        self._marks.append(len(self.children))

    async def take_back(self) -> None:
        """Remove everything since the last ``mark_turn`` (the learner tries again)."""
        if not self._marks:
            return
        start = self._marks.pop()
        await self.remove_children(list(self.children)[start:])

    @property
    def entries(self) -> list[Entry]:
        """The entries shown, oldest first."""
        return [child for child in self.children if isinstance(child, Entry)]
