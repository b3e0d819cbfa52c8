"""Hand-made store records and small scenario texts for the homework and report tests."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime
from typing import Any

from ipt_trainer.store import (
    HomeworkRecord,
    MoodRecord,
    Phq9Record,
    ReplyRecord,
    SafetyEventRecord,
    SessionRecord,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_ids = itertools.count(1)

TINY_SCENARIO = """\
id: {id}
version: 1
title: {title}
problem_area: role_dispute
summary: Two turns with Sam about the dishes.
difficulty: 1
minutes: 2
learning_goals: [assertiveness]
other_person: {{name: "{{friend}}", relationship: flatmate}}
placeholders:
  friend: {{prompt: "Your flatmate's name?", default: Sam}}
start: hello
nodes:
  hello:
    kind: say
    text: The sink is full again, I know.
    next: ask
  ask:
    kind: prompt
    text: Say what you need.
    skills: [assertiveness]
    suggestions:
      - {{id: calm, text: "I'd like us to take turns with the dishes.", next: done}}
    routes:
      - {{otherwise: true, next: done}}
  done:
    kind: ending
    outcome: repaired
    title: Sorted
    debrief: You said what you needed.
"""


def tiny_scenario(scenario_id: str = "tiny_talk", title: str = "A tiny talk") -> str:
    """A valid two-node scenario's YAML."""
    return TINY_SCENARIO.format(id=scenario_id, title=title)


def indented(text: str, prefix: str) -> str:
    """``text`` as a YAML list item under ``prefix`` indentation."""
    lines = text.splitlines()
    first = f"{prefix}- {lines[0]}"
    rest = [f"{prefix}  {line}" if line else "" for line in lines[1:]]
    return "\n".join([first, *rest]) + "\n"


def session(
    scenario_id: str = "tiny_talk",
    *,
    at: datetime = T0,
    status: str = "finished",
    ending: str | None = "done",
    outcome: str | None = "repaired",
    title: str = "A tiny talk",
) -> SessionRecord:
    return SessionRecord(
        id=uuid.uuid4().hex,
        scenario_id=scenario_id,
        scenario_version=1,
        scenario_hash="h" * 64,
        title=title,
        seed=1,
        started_at=at,
        ended_at=at if status != "open" else None,
        ending=ending if status == "finished" else None,
        outcome=outcome if status == "finished" else None,
        status=status,  # type: ignore[arg-type]
    )


def reply(
    owner: SessionRecord,
    *,
    a: int | None = 50,
    listening: int | None = 50,
    conflict: int | None = None,
    text: str = "I need us to share the dishes.",
    at: datetime | None = None,
    source: str = "typed",
    rewound: bool = False,
    turn: int = 1,
    tips: list[dict[str, Any]] | None = None,
) -> ReplyRecord:
    scores = None
    if a is not None:
        scores = {"assertiveness": a, "feedback": tips or []}
    return ReplyRecord(
        id=next(_ids),
        session_id=owner.id,
        turn=turn,
        node="ask",
        context="The sink is full again, I know.",
        text=text,
        source=source,  # type: ignore[arg-type]
        scores=scores,
        assertiveness=a,
        active_listening=listening,
        conflict_resolution=conflict,
        created_at=at or owner.started_at,
        rewound=rewound,
    )


def homework(
    scenario_id: str = "tiny_talk",
    *,
    added: datetime = T0,
    due: date | None = None,
    targets: dict[str, int] | None = None,
    status: str = "assigned",
) -> HomeworkRecord:
    return HomeworkRecord(
        id=uuid.uuid4().hex,
        homework_id="week-1",
        label="Practise asking",
        scenario_id=scenario_id,
        due=due,
        targets=targets or {},
        note="Try it twice.",
        status=status,  # type: ignore[arg-type]
        added_at=added,
    )


def mood(value: int, at: datetime = T0) -> MoodRecord:
    return MoodRecord(id=next(_ids), value=value, created_at=at)


def phq9(answers: tuple[int, ...], at: datetime = T0) -> Phq9Record:
    from ipt_trainer.core.phq9 import band_for

    total = sum(answers)
    return Phq9Record(
        id=next(_ids), answers=answers, total=total, band=band_for(total), created_at=at
    )


def safety(at: datetime = T0, category: str = "phq9_item9") -> SafetyEventRecord:
    return SafetyEventRecord(id=next(_ids), created_at=at, category=category)
