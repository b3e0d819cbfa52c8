"""Scenarios and a stub scorer for the app tests, built here so content edits cannot break them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from ipt_trainer.core.library import Library, load_library
from ipt_trainer.core.scores import Evidence, ReplyScore, Tip

MARKUP = "[bold red]x[/] [@click=app.quit]q[/]"
"""Text that Textual would run or style if it were ever parsed as markup."""

TALK = """\
id: talk
version: 1
title: "Talking about the dishes"
problem_area: role_dispute
summary: "{partner} has left the dishes again. Say how you feel."
content_notes: ["a raised voice"]
difficulty: 2
minutes: 5
learning_goals: [assertiveness, active_listening]
ipt_notes: "Gentle start-up: feeling, situation, need."
other_person: {name: "{partner}", relationship: partner}
placeholders:
  partner: {prompt: "What is your partner called?", default: Sam}
variables:
  trust: {start: 50, description: "How safe they feel"}
start: scene
nodes:
  scene: {kind: narrate, text: "The kitchen, after dinner.", next: open}
  open: {kind: say, emotion: defensive, text: "Why are you looking at me like that?", next: ask}
  ask:
    kind: prompt
    text: "Tell {partner} how you feel."
    skills: [assertiveness]
    suggestions:
      - {id: calm, text: "I feel tired when the dishes pile up.", next: warm,
         labels: {assertiveness_style: assertive}, effects: {trust: 10}}
      - {id: sharp, text: "You never help.", next: warm, effects: {trust: -10}}
    model_replies:
      - {text: "I feel worn out when the dishes wait. Could we share them?"}
    routes:
      - {when: {assertiveness_style: assertive}, next: warm, effects: {trust: 10},
         feedback: "That was clear and kind."}
      - {otherwise: true, retry: true}
    retry: {max_attempts: 2, hints: ["Start with 'I feel'."], then: warm}
  warm: {kind: say, emotion: relieved, text: "OK. I hear you.", next: coach}
  coach: {kind: coach, technique: gentle start-up, text: "Notice how it landed.", next: close}
  close:
    kind: prompt
    text: "Agree a plan."
    skills: [conflict_resolution]
    routes:
      - {otherwise: true, next: done}
  done:
    kind: ending
    outcome: repaired
    title: "A plan together"
    debrief: "You named a feeling and asked for help."
"""

TRICKY = f"""\
id: tricky
version: 1
title: "{MARKUP}"
category: drill
summary: "{MARKUP}"
difficulty: 1
minutes: 2
learning_goals: [active_listening]
other_person: {{name: "{MARKUP}", relationship: friend}}
start: line
nodes:
  line: {{kind: say, text: "{MARKUP}", next: ask}}
  ask:
    kind: prompt
    skills: [active_listening]
    routes: [{{otherwise: true, next: done}}]
  done: {{kind: ending, outcome: practised, title: "Done", debrief: "{MARKUP}"}}
"""


def make_library(folder: Path, *texts: str) -> Library:
    """A library of exactly ``texts`` (YAML), written under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, text in enumerate(texts):
        (folder / f"s{index}.yaml").write_text(text, encoding="utf-8")
    library = load_library([folder], include_bundled=False, use_cache=False)
    assert not [p for p in library.problems if p.severity == "error"], library.problems
    return library


def stub_score(reply: str, context: str = "") -> ReplyScore:
    """Assertive when the reply starts 'I feel', passive otherwise; evidence on 'I feel'."""
    assertive = reply.startswith("I feel")
    evidence = (
        (
            Evidence(
                start=0,
                end=6,
                text=reply[:6],
                label="I-statement",
                skill="assertiveness",
                polarity="strength",
            ),
        )
        if assertive
        else ()
    )
    return ReplyScore(
        assertiveness=80 if assertive else 30,
        assertiveness_style="assertive" if assertive else "passive",
        active_listening=45,
        listening_level=1,
        conflict_resolution=60,
        conflict_mode="compromising",
        evidence=evidence,
        feedback=(
            Tip(
                skill="active_listening",
                quote=reply,
                message="Show you heard them first.",
                suggestion="It sounds like you're tired too.",
            ),
        ),
    )


TODAY = date(2026, 3, 14)
"""The fixed 'today' of progress tests and snapshots."""


def seed_progress(data_dir: Path) -> None:
    """A small, fixed history: two sessions over three days, two moods, one PHQ-9."""
    from ipt_trainer.store import SqliteStore
    from ipt_trainer.store.records import MoodRecord, Phq9Record, ReplyRecord, SessionRecord

    def at(day: int, hour: int = 18) -> datetime:
        return datetime(2026, 3, day, hour, 0, tzinfo=UTC)

    sessions = [
        SessionRecord(
            id=f"{n:032x}",
            scenario_id="talk",
            scenario_version=1,
            scenario_hash="h",
            title="Talking about the dishes",
            problem_area=area,
            seed=7,
            started_at=at(day),
            ended_at=at(day, 19),
            ending="done",
            outcome=outcome,
            status="finished",
        )
        for n, day, area, outcome in (
            (1, 12, "role_dispute", "repaired"),
            (2, 13, "grief", "partial"),
        )
    ]
    replies = [
        ReplyRecord(
            id=n,
            session_id=f"{1 + n // 3:032x}" if n < 6 else f"{2:032x}",
            turn=n,
            node="ask",
            text=f"reply {n}",
            source="typed",
            assertiveness=40 + 8 * n,
            assertiveness_style="assertive",
            active_listening=30 + 5 * n,
            listening_level=1,
            conflict_resolution=None if n % 2 else 50 + n,
            created_at=at(12 + n // 3),
        )
        for n in range(1, 8)
    ]
    moods = [
        MoodRecord(id=1, value=4, when="before", session_id=f"{1:032x}", created_at=at(12)),
        MoodRecord(id=2, value=6, when="after", session_id=f"{1:032x}", created_at=at(12, 19)),
    ]
    phq9 = [
        Phq9Record(
            id=1, answers=(1, 1, 0, 2, 0, 1, 0, 0, 0), total=5, band="mild", created_at=at(13)
        )
    ]
    store = SqliteStore(data_dir)
    try:
        store.import_records(
            {"sessions": sessions, "replies": replies, "moods": moods, "phq9": phq9}
        )
    finally:
        store.close()
