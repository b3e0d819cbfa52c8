"""Scenarios and a stub scorer for the app tests, built here so content edits cannot break them."""

from __future__ import annotations

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
