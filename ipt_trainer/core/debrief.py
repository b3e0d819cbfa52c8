"""Numbers for the debrief, read from one session's transcript.

Pure, so the app's debrief screen and any other host compute the same
figures. Rewound turns and safety pauses are left out: the run is what the learner
kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipt_trainer.core.model import SKILLS
from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.core.session import SessionState, Turn


def kept_turns(state: SessionState) -> list[Turn]:
    """Replies and choices the learner kept, oldest first."""
    return [t for t in state.transcript if t.kind == "reply" and not t.rewound]


def overall(score: ReplyScore) -> float:
    """The mean of the skills scored for one reply (conflict only when in play)."""
    values = [score.assertiveness, score.active_listening]
    if score.conflict_resolution is not None:
        values.append(score.conflict_resolution)
    return sum(values) / len(values)


@dataclass(frozen=True)
class RunSummary:
    """Per-skill averages and the best and hardest typed reply of one run."""

    averages: dict[str, float | None]
    typed: int
    picked: int
    strongest: Turn | None
    weakest: Turn | None


def summarise_run(state: SessionState) -> RunSummary:
    """Averages over typed replies; strongest and weakest by their mean skill score."""
    turns = kept_turns(state)
    scored = [t for t in turns if t.score is not None]
    averages: dict[str, float | None] = {}
    for skill in SKILLS:
        values = [v for t in scored if (v := getattr(t.score, skill)) is not None]
        averages[skill] = sum(values) / len(values) if values else None
    ranked = sorted(scored, key=lambda t: overall(t.score) if t.score else 0.0)
    return RunSummary(
        averages=averages,
        typed=len(scored),
        picked=sum(1 for t in turns if t.source == "suggestion"),
        strongest=ranked[-1] if len(ranked) > 1 else (ranked[0] if ranked else None),
        weakest=ranked[0] if len(ranked) > 1 else None,
    )
