"""Explore every way through a scenario, without a scorer.

The walker does not type replies: at each prompt it takes every suggestion
and *forces* every route in turn, because an author needs to know where each
branch goes whatever the scorer happens to say today. A route's score
conditions (style, levels, scores) can always be met by some reply, so they
are assumed satisfiable; its variable, visit and attempt conditions are
evaluated against the walked counters, and a route is skipped when an
earlier route with no score conditions already holds (it would catch every
reply first).

A walk state is (node, variables, visits per prompt, attempts). Visit and
attempt counts are capped one above the largest number any condition
compares them with, which keeps the state space finite without changing
which routes can fire. Exploration is breadth first and stops after
``max_states`` states; the report says when that bound cut it short (then
unexplored states are given the benefit of the doubt).

The same helpers as the engine (``apply_effects``, ``route_target``) decide
effects and retries, so the walk and a real session cannot disagree.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from ipt_trainer.core.engine import apply_effects, route_target
from ipt_trainer.core.model import BANDS, COMPARISON_RE, EndingNode, PromptNode, Scenario, When
from ipt_trainer.core.routing import Counters, when_holds
from ipt_trainer.core.scores import ReplyScore

DEFAULT_MAX_STATES = 20_000
"""Enough for every bundled scenario; raise it with ``--max-states`` for bigger ones."""

_SCORE_FIELDS = (
    "assertiveness_style",
    "listening_level",
    "conflict_mode",
    "assertiveness",
    "active_listening",
    "conflict_resolution",
)
_ANY_SCORE = ReplyScore(
    assertiveness=0, assertiveness_style="passive", active_listening=0, listening_level=0
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class EndingReached(_Frozen):
    """An ending some path reaches."""

    node: str
    """The ending's id."""
    outcome: str
    """Its outcome."""
    title: str
    """Its heading."""


class DeadEnd(_Frozen):
    """A place the conversation cannot go on from."""

    node: str
    """Where it happens."""
    reason: str
    """What is wrong, for the author."""


class WalkReport(_Frozen):
    """What a walk found."""

    scenario_id: str
    """The scenario walked."""
    states: int
    """Walk states explored."""
    max_states: int
    """The bound used."""
    bound_hit: bool
    """True when the bound stopped the walk before it had seen everything."""
    endings: tuple[EndingReached, ...]
    """Endings reached, in the scenario's order."""
    unreached: tuple[str, ...]
    """Nodes no path reaches."""
    dead_ends: tuple[DeadEnd, ...]
    """Places with no way on."""
    loops: tuple[tuple[str, ...], ...]
    """Groups of nodes a session can enter and never leave for an ending."""

    @property
    def ok(self) -> bool:
        """True when every node is reachable and every path can still end."""
        return not (self.unreached or self.dead_ends or self.loops)


class _State(NamedTuple):
    node: str
    vars: tuple[int, ...]
    visits: tuple[int, ...]
    attempts: int


def _numbers(comparison: str | int | None) -> Iterator[int]:
    if comparison is None:
        return
    if isinstance(comparison, int):
        yield comparison
        return
    band = BANDS.get(comparison.strip())
    if band is not None:
        yield from band
        return
    match = COMPARISON_RE.match(comparison)
    if match:
        yield int(match.group(2))


def _whens(scenario: Scenario) -> Iterator[When]:
    for node in scenario.nodes.values():
        if isinstance(node, PromptNode):
            for route in node.routes:
                if route.when is not None:
                    yield route.when


def _caps(scenario: Scenario) -> tuple[int, int]:
    """One above the largest visit / attempt number any condition mentions."""
    visits = [n for when in _whens(scenario) for n in _numbers(when.visits)]
    attempts = [n for when in _whens(scenario) for n in _numbers(when.attempts)]
    return max([0, *visits]) + 1, max([0, *attempts]) + 1


def _has_score_conditions(when: When) -> bool:
    return any(getattr(when, name) is not None for name in _SCORE_FIELDS)


def _counters_hold(when: When, counters: Counters) -> bool:
    counter_only = when.model_copy(update=dict.fromkeys(_SCORE_FIELDS))
    return when_holds(counter_only, _ANY_SCORE, counters)


@dataclass
class _Walk:
    scenario: Scenario
    max_states: int
    shuffle: random.Random | None
    var_names: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    visit_cap: int = 1
    attempt_cap: int = 1
    reached: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    dead_ends: dict[tuple[str, str], DeadEnd] = field(default_factory=dict)
    auto_loops: set[tuple[str, ...]] = field(default_factory=set)
    edges: dict[_State, list[_State]] = field(default_factory=dict)

    def dead_end(self, node: str, reason: str) -> None:
        self.dead_ends.setdefault((node, reason), DeadEnd(node=node, reason=reason))

    def enter(
        self, came_from: str, node_id: str, vars: tuple[int, ...], visits: tuple[int, ...]
    ) -> _State | None:
        """Follow say/narrate/coach nodes to the next prompt or ending."""
        path: list[str] = []
        while True:
            node = self.scenario.nodes.get(node_id)
            if node is None:
                self.dead_end(came_from, f"leads to {node_id!r}, which does not exist")
                return None
            self.reached.add(node_id)
            if isinstance(node, EndingNode):
                self.endings.add(node_id)
                return _State(node_id, vars, visits, 0)
            if isinstance(node, PromptNode):
                index = self.prompts.index(node_id)
                counts = list(visits)
                counts[index] = min(counts[index] + 1, self.visit_cap)
                return _State(node_id, vars, tuple(counts), 0)
            if node_id in path:
                self.auto_loops.add(tuple(path[path.index(node_id) :]))
                return None
            path.append(node_id)
            came_from, node_id = node_id, node.next

    def successors(self, state: _State) -> list[_State]:
        prompt = self.scenario.nodes[state.node]
        assert isinstance(prompt, PromptNode)
        values = dict(zip(self.var_names, state.vars, strict=True))
        found: list[_State | None] = []
        for suggestion in prompt.suggestions:
            new_vars, _ = apply_effects(self.scenario, values, suggestion.effects)
            packed = self._pack(new_vars)
            found.append(self.enter(state.node, suggestion.next, packed, state.visits))
        attempt = state.attempts + 1
        counters = Counters(
            vars=values, visits=state.visits[self.prompts.index(state.node)], attempts=attempt
        )
        possible = 0
        for route in prompt.routes:
            if route.when is not None and not _counters_hold(route.when, counters):
                continue
            possible += 1
            new_vars, _ = apply_effects(self.scenario, values, route.effects)
            target, _ = route_target(prompt, route, attempt)
            if target is None:
                attempts = min(attempt, self.attempt_cap)
                found.append(_State(state.node, self._pack(new_vars), state.visits, attempts))
            else:
                found.append(self.enter(state.node, target, self._pack(new_vars), state.visits))
            if route.when is None or not _has_score_conditions(route.when):
                break  # this route catches every reply that gets this far
        if not prompt.suggestions and possible == 0:
            self.dead_end(state.node, "no route can be taken here and there are no suggestions")
        result = list(dict.fromkeys(item for item in found if item is not None))
        if self.shuffle is not None:
            self.shuffle.shuffle(result)
        return result

    def _pack(self, values: dict[str, int]) -> tuple[int, ...]:
        return tuple(values[name] for name in self.var_names)


def _cycles(nodes: set[_State], edges: dict[_State, list[_State]]) -> list[set[_State]]:
    """Strongly connected groups within ``nodes`` that contain a cycle (iterative Tarjan)."""
    index: dict[_State, int] = {}
    low: dict[_State, int] = {}
    stack: list[_State] = []
    on_stack: set[_State] = set()
    groups: list[set[_State]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[_State, Iterator[_State]]] = []
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work.append((root, iter([n for n in edges.get(root, []) if n in nodes])))
        while work:
            vertex, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter([n for n in edges.get(child, []) if n in nodes])))
                elif child in on_stack:
                    low[vertex] = min(low[vertex], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[vertex])
            if low[vertex] == index[vertex]:
                group: set[_State] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == vertex:
                        break
                if len(group) > 1 or vertex in edges.get(vertex, []):
                    groups.append(group)
    return groups


def walk(
    scenario: Scenario, *, max_states: int = DEFAULT_MAX_STATES, seed: int | None = None
) -> WalkReport:
    """Explore ``scenario`` and report endings, unreached nodes, dead ends and traps.

    ``seed`` shuffles the order branches are explored in, which only matters
    when ``max_states`` cuts the walk short.
    """
    caps = _caps(scenario)
    run = _Walk(
        scenario=scenario,
        max_states=max_states,
        shuffle=None if seed is None else random.Random(seed),
        var_names=tuple(scenario.variables),
        prompts=tuple(k for k, v in scenario.nodes.items() if isinstance(v, PromptNode)),
        visit_cap=caps[0],
        attempt_cap=caps[1],
    )
    start_vars = tuple(v.start for v in scenario.variables.values())
    first = run.enter("(start)", scenario.start, start_vars, (0,) * len(run.prompts))
    queue: deque[_State] = deque()
    seen: set[_State] = set()
    if first is not None:
        queue.append(first)
        seen.add(first)
    bound_hit = False
    while queue:
        state = queue.popleft()
        if state.node in run.endings:
            run.edges[state] = []
            continue
        if len(run.edges) >= max_states:
            bound_hit = True
            break
        following = run.successors(state)
        run.edges[state] = following
        for item in following:
            if item not in seen:
                seen.add(item)
                queue.append(item)
    return _report(run, seen, bound_hit)


def _report(run: _Walk, seen: set[_State], bound_hit: bool) -> WalkReport:
    scenario = run.scenario
    # States that can reach an ending; unexplored ones (bound hit) get the benefit of the doubt.
    good = {s for s in seen if s.node in run.endings or s not in run.edges}
    reverse: dict[_State, list[_State]] = {}
    for source, targets in run.edges.items():
        for target in targets:
            reverse.setdefault(target, []).append(source)
    queue = deque(good)
    while queue:
        for source in reverse.get(queue.popleft(), []):
            if source not in good:
                good.add(source)
                queue.append(source)
    trapped = {s for s in run.edges if s not in good}
    loops = {tuple(sorted({s.node for s in group})) for group in _cycles(trapped, run.edges)}
    loops |= {tuple(sorted(loop)) for loop in run.auto_loops}
    endings = []
    for node_id, node in scenario.nodes.items():
        if isinstance(node, EndingNode) and node_id in run.endings:
            endings.append(EndingReached(node=node_id, outcome=node.outcome, title=node.title))
    return WalkReport(
        scenario_id=scenario.id,
        states=len(run.edges),
        max_states=run.max_states,
        bound_hit=bound_hit,
        endings=tuple(endings),
        unreached=tuple(node_id for node_id in scenario.nodes if node_id not in run.reached),
        dead_ends=tuple(sorted(run.dead_ends.values(), key=lambda d: (d.node, d.reason))),
        loops=tuple(sorted(loops)),
    )
