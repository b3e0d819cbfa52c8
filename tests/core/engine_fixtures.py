"""Scenarios and stubs for the engine, walker and graph tests, built in Python.

Tests never read the bundled scenario files: each builds exactly the graph it
needs from plain dicts, so a content edit cannot break an engine test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ipt_trainer.core.model import Scenario
from ipt_trainer.core.safety import CrisisCheck
from ipt_trainer.core.scores import ReplyScore


def scenario(nodes: dict[str, dict[str, Any]], **overrides: Any) -> Scenario:
    """A valid scenario around ``nodes``; ``start`` defaults to the first node."""
    data: dict[str, Any] = {
        "id": "test-scene",
        "version": 1,
        "title": "Test scene",
        "category": "drill",
        "summary": "A scene built for a test.",
        "difficulty": 1,
        "minutes": 5,
        "learning_goals": ["assertiveness"],
        "other_person": {"name": "Sam", "relationship": "partner"},
        "start": next(iter(nodes)),
        "nodes": nodes,
    }
    data.update(overrides)
    return Scenario.model_validate(data)


def score(
    assertiveness: int = 50,
    style: str = "assertive",
    listening: int = 50,
    level: int = 1,
    conflict: int | None = None,
    mode: str | None = None,
) -> ReplyScore:
    """A ReplyScore with the given numbers and labels."""
    return ReplyScore.model_validate(
        {
            "assertiveness": assertiveness,
            "assertiveness_style": style,
            "active_listening": listening,
            "listening_level": level,
            "conflict_resolution": conflict,
            "conflict_mode": mode,
        }
    )


class StubScorer:
    """Returns fixed scores, in order, and records what it was asked."""

    def __init__(self, *scores: ReplyScore) -> None:
        self.scores = list(scores) or [score()]
        self.calls: list[tuple[str, str]] = []

    def __call__(self, reply: str, context: str = "") -> ReplyScore:
        self.calls.append((reply, context))
        index = min(len(self.calls) - 1, len(self.scores) - 1)
        return self.scores[index]


def crisis_if(word: str) -> Callable[[str], CrisisCheck]:
    """A safety check that flags any text containing ``word``."""

    def check(text: str) -> CrisisCheck:
        if word in text:
            return CrisisCheck(crisis=True, match=word, category="test")
        return CrisisCheck(crisis=False)

    return check


def never_crisis(text: str) -> CrisisCheck:
    """A safety check that never flags, so tests do not depend on the real lexicon."""
    return CrisisCheck(crisis=False)


def ending(outcome: str = "repaired", title: str = "Done") -> dict[str, Any]:
    """An ending node."""
    return {"kind": "ending", "outcome": outcome, "title": title, "debrief": "Well practised."}


def basic_nodes() -> dict[str, dict[str, Any]]:
    """Narration, a line, a coach aside, a prompt with suggestions, routes and retries."""
    return {
        "intro": {"kind": "narrate", "text": "You sit down with {partner}.", "next": "open"},
        "open": {
            "kind": "say",
            "text": "You never listen, {partner_self}.",
            "emotion": "hurt",
            "next": "tip",
        },
        "tip": {
            "kind": "coach",
            "text": "Try an I-statement.",
            "technique": "communication analysis",
            "next": "ask",
        },
        "ask": {
            "kind": "prompt",
            "text": "Tell {partner} how you feel.",
            "skills": ["assertiveness"],
            "suggestions": [
                {
                    "id": "calm",
                    "text": "I feel hurt, {partner}.",
                    "labels": {"assertiveness_style": "assertive"},
                    "feedback": "Clear and kind.",
                    "effects": {"trust": 10},
                    "next": "good",
                },
                {"id": "snap", "text": "Whatever.", "effects": {"trust": -50}, "next": "bad"},
            ],
            "model_replies": [{"text": "I feel upset when...", "note": "Owns the feeling."}],
            "routes": [
                {
                    "when": {"assertiveness_style": "assertive", "assertiveness": ">= 60"},
                    "effects": {"trust": 30},
                    "feedback": "That was clear.",
                    "next": "good",
                },
                {"when": {"assertiveness_style": "aggressive"}, "next": "bad"},
                {"otherwise": True, "retry": True, "effects": {"trust": -5}},
            ],
            "retry": {
                "max_attempts": 3,
                "hints": ["Start with 'I feel'.", "Name one feeling."],
                "then": "bad",
            },
        },
        "good": ending("repaired", "Repaired"),
        "bad": ending("escalated", "It escalated"),
    }


def basic_scenario() -> Scenario:
    """``basic_nodes`` with a trust variable and two placeholders."""
    return scenario(
        basic_nodes(),
        variables={"trust": {"start": 50, "min": 0, "max": 100}},
        placeholders={
            "partner": {"prompt": "Their name?", "default": "Sam"},
            "partner_self": {"prompt": "What they call you?", "default": "love"},
        },
        other_person={"name": "{partner}", "relationship": "partner"},
    )
