"""Explore every way through a scenario, without a scorer.

The walker does not type replies: at each prompt it takes every suggestion
and *forces* every route in turn, because an author needs to know where each
branch goes whatever the scorer happens to say today. A route's score
conditions (style, levels, scores) can always be met by some reply, so they
are assumed satisfiable; its variable, visit and attempt conditions are
evaluated against the walked counters, and a route is skipped when an
earlier route with no score conditions already holds (it would catch every
reply first).

A walk state is (node, variables, visits per prompt, attempts), reduced to
what can change a route's choice: only variables some condition reads, only
visits of prompts whose routes test ``visits``, each count capped one above
the largest number its prompt's conditions compare it with (and attempts at
a prompt with a ``retry`` block, bounded by ``max_attempts`` anyway). That
keeps the state space finite and small without changing which routes can
fire. Exploration is breadth first and stops after
``max_states`` states; the report says when that bound cut it short (then
unexplored states are given the benefit of the doubt).

The engine's own rules (``core.rules``: ``apply_effects``, ``route_target``)
decide effects and retries, so the walk and a real session cannot disagree.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from ipt_trainer.core.model import BANDS, COMPARISON_RE, EndingNode, PromptNode, Scenario, When
from ipt_trainer.core.routing import Counters, when_holds
from ipt_trainer.core.rules import apply_effects, route_target
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


def _prompt_cap(prompt: PromptNode, field_name: str) -> int:
    """One above the largest number this prompt's routes compare ``field_name`` with; 0 if none."""
    numbers = [
        n
        for route in prompt.routes
        if route.when is not None
        for n in _numbers(getattr(route.when, field_name))
    ]
    return max(numbers) + 1 if numbers else 0


def _tracked_vars(scenario: Scenario) -> tuple[str, ...]:
    """Variables some condition reads; the others cannot change which way a session goes."""
    read = {
        name
        for node in scenario.nodes.values()
        if isinstance(node, PromptNode)
        for route in node.routes
        if route.when is not None
        for name in route.when.vars
    }
    return tuple(name for name in scenario.variables if name in read)


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
    visit_caps: dict[str, int] = field(default_factory=dict)
    attempt_caps: dict[str, int] = field(default_factory=dict)
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
                if node_id in self.visit_caps:
                    index = list(self.visit_caps).index(node_id)
                    counts = list(visits)
                    counts[index] = min(counts[index] + 1, self.visit_caps[node_id])
                    visits = tuple(counts)
                return _State(node_id, vars, visits, 0)
            if node_id in path:
                self.auto_loops.add(tuple(path[path.index(node_id) :]))
                return None
            path.append(node_id)
            came_from, node_id = node_id, node.next

    def successors(self, state: _State) -> list[_State]:
        prompt = self.scenario.nodes[state.node]
        assert isinstance(prompt, PromptNode)
        values = {name: variable.start for name, variable in self.scenario.variables.items()}
        values.update(zip(self.var_names, state.vars, strict=True))
        found: list[_State | None] = []
        for suggestion in prompt.suggestions:
            new_vars, _ = apply_effects(self.scenario, values, suggestion.effects)
            packed = self._pack(new_vars)
            found.append(self.enter(state.node, suggestion.next, packed, state.visits))
        attempt = state.attempts + 1
        visits = 1
        if state.node in self.visit_caps:
            visits = state.visits[list(self.visit_caps).index(state.node)]
        counters = Counters(vars=values, visits=visits, attempts=attempt)
        possible = 0
        for route in prompt.routes:
            if route.when is not None and not _counters_hold(route.when, counters):
                continue
            possible += 1
            new_vars, _ = apply_effects(self.scenario, values, route.effects)
            target, _ = route_target(prompt, route, attempt)
            if target is None:
                # Without a retry block the count is unbounded; past the largest number a
                # condition compares it with, more attempts change nothing.
                attempts = attempt if prompt.retry else min(attempt, self.attempt_caps[state.node])
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
    prompts = {k: v for k, v in scenario.nodes.items() if isinstance(v, PromptNode)}
    visit_caps = {k: _prompt_cap(v, "visits") for k, v in prompts.items()}
    run = _Walk(
        scenario=scenario,
        max_states=max_states,
        shuffle=None if seed is None else random.Random(seed),
        var_names=_tracked_vars(scenario),
        visit_caps={k: cap for k, cap in visit_caps.items() if cap},
        attempt_caps={k: _prompt_cap(v, "attempts") for k, v in prompts.items()},
    )
    start_vars = tuple(scenario.variables[name].start for name in run.var_names)
    first = run.enter("(start)", scenario.start, start_vars, (0,) * len(run.visit_caps))
    queue: deque[_State] = deque()
    seen: set[_State] = set()
    if first is not None:
        queue.append(first)
        seen.add(first)
    bound_hit = False
    while queue:
        if len(run.edges) >= max_states:
            bound_hit = True
            break
        state = queue.popleft()
        if state.node in run.endings:
            run.edges[state] = []
            continue
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
