"""The rules a session follows between prompts, shared by the engine and the walker.

Effects, retries and hints are decided here and nowhere else, so what
``ipt-trainer walk`` reports is exactly what a learner can meet in a session.
"""

from __future__ import annotations

from collections.abc import Mapping

from ipt_trainer.core.events import EffectApplied
from ipt_trainer.core.model import Effects, Node, PromptNode, Route, Scenario


class EngineError(ValueError):
    """A call the engine cannot carry out; the message says why."""


class SessionFinished(EngineError):
    """The session has reached an ending; only ``rewind`` still applies."""


class UnknownSuggestion(EngineError):
    """``choose`` named a suggestion the current prompt does not offer."""


class NothingToRewind(EngineError):
    """``rewind`` was called before any reply or choice."""


class ScenarioBroken(EngineError):
    """The scenario's graph does not let the session go on (the linter should catch this)."""


def apply_effects(
    scenario: Scenario, values: Mapping[str, int], effects: Effects
) -> tuple[dict[str, int], tuple[EffectApplied, ...]]:
    """New variable values after ``effects``, each clamped to its range.

    Effects on a variable the scenario does not declare are ignored (the
    linter reports them), so a content slip never stops a session.
    """
    updated = dict(values)
    applied: list[EffectApplied] = []
    for name, delta in effects.items():
        variable = scenario.variables.get(name)
        if variable is None:
            continue
        value = min(max(updated.get(name, variable.start) + delta, variable.min), variable.max)
        updated[name] = value
        applied.append(EffectApplied(name=name, delta=delta, value=value))
    return updated, tuple(applied)


def route_target(prompt: PromptNode, route: Route, attempt: int) -> tuple[str | None, bool]:
    """Where a route sends attempt number ``attempt``: (node, attempts used up).

    None means stay at the prompt for another try. A retry route on a prompt
    without a ``retry`` block keeps the learner there with no limit.
    """
    if not route.retry:
        return route.next, False
    if prompt.retry is None or attempt < prompt.retry.max_attempts:
        return None, False
    return prompt.retry.then, True


def hint_for(prompt: PromptNode, attempts_used: int) -> str | None:
    """The hint after ``attempts_used`` failed tries: gentlest first, the last one repeats."""
    if attempts_used < 1 or prompt.retry is None or not prompt.retry.hints:
        return None
    hints = prompt.retry.hints
    return hints[min(attempts_used, len(hints)) - 1]


def node_of(scenario: Scenario, node_id: str) -> Node:
    """The node, or ``ScenarioBroken`` naming the missing id."""
    node = scenario.nodes.get(node_id)
    if node is None:
        raise ScenarioBroken(f"scenario {scenario.id!r} has no node {node_id!r}")
    return node
