"""The coach panel: the scene's variables and how the last reply went.

After a typed reply it shows the three skill meters (numbers and labels,
not colour alone), the learner's own words with the scorer's evidence
marked inside them, and one tip with a better phrasing. After a picked
suggestion it shows the labels its author gave it. Everything is built
from plain strings into ``Text``: nothing here is parsed as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ipt_trainer.core.events import FeedbackEvent
from ipt_trainer.core.model import SKILLS, ExpectedLabels, Variable
from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.ui.labels import LISTENING_LEVELS, SKILL_TITLES, style_title
from ipt_trainer.ui.widgets.meter import Meter

STRENGTH_MARK = "+"
CONCERN_MARK = "!"


def skill_details(score: ReplyScore) -> dict[str, tuple[int | None, str]]:
    """Each skill's number and its label in words, for the meters."""
    return {
        "assertiveness": (score.assertiveness, style_title(score.assertiveness_style)),
        "active_listening": (score.active_listening, LISTENING_LEVELS[score.listening_level]),
        "conflict_resolution": (
            score.conflict_resolution,
            "" if score.conflict_mode is None else style_title(score.conflict_mode),
        ),
    }


def expected_text(labels: ExpectedLabels) -> Text:
    """A picked suggestion's labels in words."""
    parts: list[str] = []
    if labels.assertiveness_style is not None:
        parts.append(f"Assertiveness: {style_title(labels.assertiveness_style)}")
    if labels.listening_level is not None:
        parts.append(f"Listening: {LISTENING_LEVELS[labels.listening_level]}")
    if labels.conflict_mode is not None:
        parts.append(f"Conflict: {style_title(labels.conflict_mode)}")
    return Text("\n".join(parts) if parts else "No labels for this suggestion.")


class CoachPanel(VerticalScroll):
    """Variables at the top, the last reply's feedback below; updated by the screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"coach--strength", "coach--concern"}

    can_focus = True

    def __init__(self, variables: Mapping[str, Variable], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._variables = dict(variables)

    def compose(self) -> ComposeResult:
        if self._variables:
            yield Static(Text("The scene", style="bold"), classes="panel-title", markup=False)
            with Vertical(id="variables"):
                for name, variable in self._variables.items():
                    yield Meter(
                        name.replace("_", " ").capitalize(),
                        variable.start,
                        minimum=variable.min,
                        maximum=variable.max,
                        detail=variable.description,
                        id=f"var-{name}",
                    )
        yield Static(Text("Your last reply", style="bold"), classes="panel-title", markup=False)
        with Vertical(id="skills") as skills:
            skills.display = False
            for skill in SKILLS:
                yield Meter(SKILL_TITLES[skill], None, id=f"skill-{skill}", classes="skill")
        yield Static(
            Text("Reply to see feedback here."), id="evidence", markup=False, classes="muted"
        )
        yield Static(Text(""), id="tip", markup=False)

    def show_vars(self, values: Mapping[str, int], deltas: Mapping[str, int]) -> None:
        """Move the variable meters; a recent change is shown as +n/-n beside the number."""
        for name, value in values.items():
            if name not in self._variables:
                continue
            delta = deltas.get(name)
            about = self._variables[name].description
            detail = about if not delta else f"{delta:+d} after your reply"
            self.query_one(f"#var-{name}", Meter).show(value, detail)

    def show_feedback(self, event: FeedbackEvent, reply: str) -> None:
        """Meters, evidence and a tip for a typed reply; labels for a picked one."""
        evidence = self.query_one("#evidence", Static)
        tip = self.query_one("#tip", Static)
        evidence.remove_class("muted")
        self.query_one("#skills").display = event.score is not None  # picks are not scored
        if event.score is not None:
            for skill, (value, detail) in skill_details(event.score).items():
                self.query_one(f"#skill-{skill}", Meter).show(value, detail)
            evidence.update(self.evidence_text(reply, event.score))
            tip.update(self.tip_text(event))
        else:
            body = Text("You picked a suggestion. Its author describes it as:\n")
            if event.expected is not None:
                body.append_text(expected_text(event.expected))
            evidence.update(body)
            tip.update(self.tip_text(event))

    def clear_feedback(self) -> None:
        """Back to the empty state (after trying a reply again)."""
        self.query_one("#skills").display = False
        evidence = self.query_one("#evidence", Static)
        evidence.update(Text("Reply to see feedback here."))
        evidence.add_class("muted")
        self.query_one("#tip", Static).update(Text(""))

    def evidence_text(self, reply: str, score: ReplyScore) -> Text:
        """The reply with evidence spans marked, then a legend line per span."""
        strength = self.get_component_rich_style("coach--strength")
        concern = self.get_component_rich_style("coach--concern")
        body = Text("In your words:\n", style="bold")
        marked = Text(reply)
        for item in score.evidence:
            if 0 <= item.start < item.end <= len(reply):
                style = strength if item.polarity == "strength" else concern
                marked.stylize(style, item.start, item.end)
        body.append_text(marked)
        for item in score.evidence:
            mark = STRENGTH_MARK if item.polarity == "strength" else CONCERN_MARK
            style = strength if item.polarity == "strength" else concern
            body.append("\n")
            body.append(f" {mark} ", style=style)
            body.append(f"\u201c{item.text}\u201d: {item.label}")
        if not score.evidence:
            body.append("\nNo particular phrases stood out this time.")
        return body

    def tip_text(self, event: FeedbackEvent) -> Text:
        """The scorer's most useful tip (with a better phrasing), and any scenario feedback."""
        body = Text()
        tips = event.score.feedback if event.score is not None else ()
        if tips:
            first = tips[0]
            body.append(f"Tip · {SKILL_TITLES[first.skill]}\n", style="bold")
            body.append(first.message)
            if first.suggestion:
                body.append("\nTry: ", style="bold")
                body.append(first.suggestion, style="italic")
        if event.text:
            if body:
                body.append("\n\n")
            body.append("Coach\n", style="bold")
            body.append(event.text)
        if event.model_replies:
            if body:
                body.append("\n\n")
            body.append("One way to say it\n", style="bold")
            body.append(event.model_replies[0].text, style="italic")
        return body
