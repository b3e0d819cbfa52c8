"""Engine events as plain text, for ``play`` and anything else without the app.

Plain text on purpose: scripts and tests read it, and it is safe in any
terminal. The app renders the same events its own way.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TextIO

from ipt_trainer.core.contacts import card_contacts
from ipt_trainer.core.events import (
    CoachEvent,
    EndingEvent,
    Event,
    FeedbackEvent,
    LineEvent,
    NarrationEvent,
    PromptEvent,
    SafetyEvent,
)
from ipt_trainer.core.resources import crisis_card_text
from ipt_trainer.core.scores import ReplyScore

WIDTH = 78
SKILL_NAMES = {
    "assertiveness": "Assertiveness",
    "active_listening": "Active listening",
    "conflict_resolution": "Conflict resolution",
}


def _wrap(text: str, indent: str = "") -> str:
    paragraphs = text.strip().split("\n")
    return "\n".join(
        textwrap.fill(p, WIDTH, initial_indent=indent, subsequent_indent=indent) or indent
        for p in paragraphs
    )


def score_lines(score: ReplyScore) -> list[str]:
    """The three skills with numbers and labels, then the tips."""
    style = score.assertiveness_style.replace("_", "-")
    mode = score.conflict_mode or "no disagreement in play"
    conflict = "-" if score.conflict_resolution is None else f"{score.conflict_resolution:>3}"
    lines = [
        f"  {SKILL_NAMES['assertiveness']:<20} {score.assertiveness:>3}/100  {style}",
        f"  {SKILL_NAMES['active_listening']:<20} {score.active_listening:>3}/100  "
        f"level {score.listening_level} of 3",
        f"  {SKILL_NAMES['conflict_resolution']:<20} {conflict:>3}/100  {mode}",
    ]
    for tip in score.feedback:
        lines.append(_wrap(f"Tip: {tip.message}", "  "))
        if tip.suggestion:
            lines.append(_wrap(f'Try: "{tip.suggestion}"', "    "))
    return lines


def event_lines(event: Event, reply: str | None = None) -> list[str]:
    """One event as lines of text."""
    if isinstance(event, LineEvent):
        return [_wrap(f"{event.speaker} ({event.emotion}): {event.text}")]
    if isinstance(event, NarrationEvent):
        return [_wrap(event.text, "  ")]
    if isinstance(event, CoachEvent):
        label = f"Coach ({event.technique})" if event.technique else "Coach"
        return [_wrap(f"{label}: {event.text}", "  ")]
    if isinstance(event, PromptEvent):
        lines = [
            "",
            _wrap(f"Your turn: {event.instruction}" if event.instruction else "Your turn."),
        ]
        if event.hint:
            lines.append(_wrap(f"Hint: {event.hint}", "  "))
        lines += [_wrap(f"#{n} {s.text}", "  ") for n, s in enumerate(event.suggestions, 1)]
        return lines
    if isinstance(event, FeedbackEvent):
        lines = [_wrap(f"You: {reply}")] if reply is not None else []
        if event.score is not None:
            lines += score_lines(event.score)
        if event.text:
            lines.append(_wrap(f"Coach: {event.text}", "  "))
        lines += [f"  ({e.name} {e.delta:+d} -> {e.value})" for e in event.effects]
        return [*lines, ""]
    if isinstance(event, SafetyEvent):
        card = crisis_card_text(own_contacts=card_contacts())  # the person's own people first
        return ["", "-" * WIDTH, "The role-play is paused.", card, "-" * WIDTH, ""]
    if isinstance(event, EndingEvent):
        return ["", f"== {event.title} ({event.outcome}) ==", _wrap(event.debrief), ""]
    return []


def render_events(events: Iterable[Event], out: TextIO, reply: str | None = None) -> None:
    """Write ``events`` to ``out``; ``reply`` (the learner's words) heads the feedback."""
    for event in events:
        for line in event_lines(event, reply if isinstance(event, FeedbackEvent) else None):
            print(line, file=out)
