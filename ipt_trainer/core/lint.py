"""Find what the model alone cannot: broken links, dead ends, routes that never fire.

The model checks each field; the linter checks the scenario as a graph and
as a program. Structural findings (a ``next`` naming no node, a prompt with
no way out) are errors: a session would break. Quality findings (an
unreachable node, a route an earlier one always wins) are warnings.

Route reachability is decided with ``ipt_trainer.core.routing`` itself,
over a finite grid of representative scores: every style, listening level
and conflict mode, and for each number a route compares, the values at and
either side of every threshold it uses. Conditions only change truth at
those points, so the grid sees every case the engine can meet.
"""

from __future__ import annotations

import itertools
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from typing import Any, get_args

from ipt_trainer.core.diagnostics import Loc, Problem, did_you_mean, sort_problems
from ipt_trainer.core.loading import LoadedScenario
from ipt_trainer.core.model import (
    BANDS,
    COMPARISON_RE,
    PLACEHOLDER_RE,
    AssertivenessStyle,
    ConflictMode,
    EndingNode,
    PromptNode,
    Route,
    SayNode,
    Scenario,
)
from ipt_trainer.core.routing import Counters, route_matches, select_route
from ipt_trainer.core.scores import ReplyScore, Scorer, score_turn

MAX_GRID = 40_000
"""Skip the never-fires check for a prompt whose grid would be larger (none is, in practice)."""

_STYLES: tuple[AssertivenessStyle, ...] = get_args(AssertivenessStyle)
_MODES: tuple[ConflictMode | None, ...] = (None, *get_args(ConflictMode))


def lint(loaded: LoadedScenario, scorer: Scorer | None = None) -> list[Problem]:
    """Every graph and route finding for one valid scenario, in file order."""
    linter = _Linter(loaded)
    linter.run(scorer)
    return sort_problems(dict.fromkeys(linter.problems))


def reply_context(loaded: LoadedScenario, prompt_id: str) -> str:
    """The line a model reply at ``prompt_id`` is scored against, placeholders filled.

    Public so the scorer's fitting data (tests/data/scoring/model-replies.jsonl) is
    extracted with the very contexts ``validate`` scores model replies in.
    """
    linter = _Linter(loaded)
    return linter.fill(linter.context_for(prompt_id))


class _Linter:
    def __init__(self, loaded: LoadedScenario) -> None:
        self.loaded = loaded
        self.scenario: Scenario = loaded.scenario
        self.problems: list[Problem] = []

    def add(self, code: str, loc: Loc, message: str) -> None:
        self.problems.append(self.loaded.problem(code, loc, message))

    def run(self, scorer: Scorer | None) -> None:
        self.targets()
        for node_id, node in self.scenario.nodes.items():
            if isinstance(node, PromptNode):
                self.prompt(node_id, node)
        self.graph()
        self.variables()
        self.placeholders()
        if scorer is not None:
            self.model_replies(scorer)

    # --- links ------------------------------------------------------------------------------

    def links(self) -> Iterator[tuple[Loc, str]]:
        """Every (loc, target) pair the scenario names."""
        yield ("start",), self.scenario.start
        for node_id, node in self.scenario.nodes.items():
            base: Loc = ("nodes", node_id)
            if isinstance(node, EndingNode):
                continue
            if not isinstance(node, PromptNode):
                yield (*base, "next"), node.next
                continue
            for index, suggestion in enumerate(node.suggestions):
                yield (*base, "suggestions", index, "next"), suggestion.next
            for index, route in enumerate(node.routes):
                if route.next is not None:
                    yield (*base, "routes", index, "next"), route.next
            if node.retry is not None:
                yield (*base, "retry", "then"), node.retry.then
            for index, reply in enumerate(node.model_replies):
                if reply.expect_next is not None:
                    yield (*base, "model_replies", index, "expect_next"), reply.expect_next

    def targets(self) -> None:
        names = self.scenario.nodes
        for loc, target in self.links():
            if target not in names:
                hint = did_you_mean(target, names)
                self.add("IPT012", loc, f"unknown node '{target}'{hint}")

    def successors(self, node_id: str) -> list[str]:
        node = self.scenario.nodes[node_id]
        if isinstance(node, EndingNode):
            return []
        if not isinstance(node, PromptNode):
            found = [node.next]
        else:
            found = [s.next for s in node.suggestions]
            found += [r.next for r in node.routes if r.next is not None]
            if node.retry is not None:
                found.append(node.retry.then)
        return [target for target in found if target in self.scenario.nodes]

    def graph(self) -> None:
        nodes = self.scenario.nodes
        reachable = (
            _closure([self.scenario.start], self.successors)
            if self.scenario.start in nodes
            else set()
        )
        for node_id in nodes:
            if node_id not in reachable:
                self.add(
                    "IPT017",
                    ("nodes", node_id),
                    f"node '{node_id}' is never reached from the start",
                )
        predecessors: dict[str, list[str]] = {node_id: [] for node_id in nodes}
        for node_id in nodes:
            for target in self.successors(node_id):
                predecessors[target].append(node_id)
        endings = [node_id for node_id, node in nodes.items() if isinstance(node, EndingNode)]
        can_end = _closure(endings, lambda node_id: predecessors[node_id])
        for node_id in nodes:
            if node_id in reachable and node_id not in can_end and self.successors(node_id):
                self.add(
                    "IPT019",
                    ("nodes", node_id),
                    "no ending can be reached from here; the session could never finish",
                )
        for node_id, node in nodes.items():
            if not isinstance(node, EndingNode | PromptNode) and node.next == node_id:
                self.add("IPT018", ("nodes", node_id, "next"), "the node leads back to itself")

    # --- prompts ----------------------------------------------------------------------------

    def prompt(self, node_id: str, node: PromptNode) -> None:
        base: Loc = ("nodes", node_id)
        self.otherwise(base, node.routes)
        retrying = [index for index, route in enumerate(node.routes) if route.retry]
        if node.retry is None:
            for index in retrying:
                self.add(
                    "IPT026",
                    (*base, "routes", index, "retry"),
                    "this route retries but the prompt has no 'retry' block"
                    " (max_attempts, then); add one so the loop ends",
                )
            if len(retrying) == len(node.routes):
                self.add(
                    "IPT018",
                    (*base, "routes"),
                    "no way forward for a typed reply:"
                    " every route retries and there is no 'retry' block",
                )
        elif not retrying:
            self.add(
                "IPT027",
                (*base, "retry"),
                "no route says 'retry: true', so this retry block is never used",
            )
        seen: dict[str, int] = {}
        for index, suggestion in enumerate(node.suggestions):
            if suggestion.id in seen:
                self.add(
                    "IPT028",
                    (*base, "suggestions", index, "id"),
                    f"suggestion id '{suggestion.id}' is already used"
                    f" by suggestions[{seen[suggestion.id]}]",
                )
            seen.setdefault(suggestion.id, index)
        self.never_fires(base, node.routes)
        for index, reply in enumerate(node.model_replies):
            target = reply.expect_next
            if target is None or target not in self.scenario.nodes:
                continue
            reachable = {r.next for r in node.routes} | ({node.retry.then} if node.retry else set())
            if target not in reachable:
                self.add(
                    "IPT032",
                    (*base, "model_replies", index, "expect_next"),
                    f"no route of this prompt leads to '{target}'",
                )

    def otherwise(self, base: Loc, routes: Sequence[Route]) -> None:
        catch_all = [index for index, route in enumerate(routes) if route.otherwise]
        last = len(routes) - 1
        if not catch_all:
            self.add(
                "IPT024",
                (*base, "routes", last),
                "the last route must be 'otherwise: true' so every reply has somewhere to go",
            )
        for index in catch_all[1:]:
            self.add(
                "IPT024",
                (*base, "routes", index, "otherwise"),
                f"more than one 'otherwise' route (the first is routes[{catch_all[0]}])",
            )
        if catch_all and catch_all[-1] != last:
            self.add(
                "IPT024",
                (*base, "routes", catch_all[0], "otherwise"),
                "the 'otherwise' route must be last; the routes after it can never fire",
            )

    def never_fires(self, base: Loc, routes: Sequence[Route]) -> None:
        first_catch_all = next((i for i, r in enumerate(routes) if r.otherwise), len(routes))
        checked = [i for i in range(first_catch_all)]
        if not checked:
            return
        points = _grid(routes, self.scenario)
        if points is None:
            return
        winners = [select_route(routes, score, counters) for score, counters in points]
        fired = set(winners)
        for index in checked:
            if index in fired:
                continue
            covering: Counter[int] = Counter(
                winner
                for (score, counters), winner in zip(points, winners, strict=True)
                if winner is not None and route_matches(routes[index], score, counters)
            )
            loc = (*base, "routes", index)
            if covering:
                earlier = ", ".join(f"routes[{i}]" for i, _ in covering.most_common())
                verb = "takes" if len(covering) == 1 else "take"
                self.add(
                    "IPT025",
                    loc,
                    f"this route can never fire: {earlier} before it"
                    f" already {verb} every reply it matches",
                )
            else:
                self.add(
                    "IPT025",
                    loc,
                    "this route can never fire: its conditions never all hold"
                    " (check the numbers: scores 0-100, listening level 0-3)",
                )

    # --- variables and placeholders ---------------------------------------------------------

    def variables(self) -> None:
        declared = self.scenario.variables
        used: set[str] = set()
        for loc, name in self.variable_uses():
            used.add(name)
            if name not in declared:
                hint = did_you_mean(name, declared) or "; declare it under 'variables'"
                self.add("IPT020", loc, f"undeclared variable '{name}'{hint}")
        for name in declared:
            if name not in used:
                self.add(
                    "IPT021",
                    ("variables", name),
                    f"variable '{name}' is declared but no effect or condition uses it",
                )

    def variable_uses(self) -> Iterator[tuple[Loc, str]]:
        for node_id, node in self.scenario.nodes.items():
            if not isinstance(node, PromptNode):
                continue
            base: Loc = ("nodes", node_id)
            for index, suggestion in enumerate(node.suggestions):
                for name in suggestion.effects:
                    yield (*base, "suggestions", index, "effects", name), name
            for index, route in enumerate(node.routes):
                for name in route.effects:
                    yield (*base, "routes", index, "effects", name), name
                for name in route.when.vars if route.when else {}:
                    yield (*base, "routes", index, "when", "vars", name), name

    def placeholders(self) -> None:
        declared = self.scenario.placeholders
        used: set[str] = set()
        for loc, text in _texts(self.scenario.model_dump(exclude={"placeholders"}), ()):
            for name in PLACEHOLDER_RE.findall(text):
                used.add(name)
                if name not in declared:
                    hint = did_you_mean(name, declared) or "; declare it under 'placeholders'"
                    self.add("IPT022", loc, f"undeclared placeholder '{{{name}}}'{hint}")
        for name in declared:
            if name not in used:
                self.add(
                    "IPT023",
                    ("placeholders", name),
                    f"placeholder '{name}' is declared but no text uses '{{{name}}}'",
                )

    # --- model replies against a scorer -----------------------------------------------------

    def model_replies(self, scorer: Scorer) -> None:
        start = {name: variable.start for name, variable in self.scenario.variables.items()}
        for node_id, node in self.scenario.nodes.items():
            if not isinstance(node, PromptNode) or not node.model_replies:
                continue
            context = self.fill(self.context_for(node_id))
            for index, reply in enumerate(node.model_replies):
                try:
                    dispute = "conflict_resolution" in node.skills
                    score = score_turn(scorer, self.fill(reply.text), context, dispute=dispute)
                except ValueError:  # e.g. a reply of only spaces: nothing to compare
                    continue
                base: Loc = ("nodes", node_id, "model_replies", index)
                self.compare_labels(base, reply.labels.model_dump(exclude_none=True), score)
                if reply.expect_next is not None:
                    chosen = select_route(node.routes, score, Counters(vars=start))
                    self.compare_route(base, node, chosen, reply.expect_next, score)

    def compare_labels(self, base: Loc, stated: dict[str, Any], score: ReplyScore) -> None:
        given = {
            "assertiveness_style": score.assertiveness_style,
            "listening_level": score.listening_level,
            "conflict_mode": score.conflict_mode or "none",
        }
        for label, expected in stated.items():
            if given[label] != expected:
                self.add(
                    "IPT030",
                    (*base, "labels", label),
                    f"the scorer gives {label} {given[label]!r}, not {expected!r}",
                )

    def compare_route(
        self, base: Loc, node: PromptNode, chosen: int | None, expected: str, score: ReplyScore
    ) -> None:
        if chosen is None:
            landed = "no route at all"
        else:
            route = node.routes[chosen]
            if route.next == expected:
                return
            then = f" (then '{node.retry.then}')" if node.retry else ""
            where = f"'{route.next}'" if route.next else f"a retry{then}"
            landed = f"routes[{chosen}] to {where}"
        mode = score.conflict_mode or "none"
        labels = f"{score.assertiveness_style}, listening {score.listening_level}, conflict {mode}"
        self.add(
            "IPT031",
            (*base, "expect_next"),
            f"scored as {labels}, it takes {landed}, not '{expected}'",
        )

    def context_for(self, prompt_id: str) -> str:
        """The other person's last line before the prompt, through narration and coaching."""
        nodes = self.scenario.nodes
        feeders: dict[str, list[str]] = {}
        for node_id, node in nodes.items():
            if not isinstance(node, EndingNode | PromptNode):
                feeders.setdefault(node.next, []).append(node_id)
        queue, seen = deque([prompt_id]), {prompt_id}
        while queue:
            for source in feeders.get(queue.popleft(), []):
                node = nodes[source]
                if isinstance(node, SayNode):
                    return node.text
                if source not in seen:
                    seen.add(source)
                    queue.append(source)
        return ""

    def fill(self, text: str) -> str:
        defaults = {name: p.default for name, p in self.scenario.placeholders.items()}
        return PLACEHOLDER_RE.sub(lambda m: defaults.get(m.group(1), m.group(0)), text)


def _closure(seeds: Sequence[str], step: Any) -> set[str]:
    seen = set(seeds)
    queue = deque(seeds)
    while queue:
        for nxt in step(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))


# --- the grid of representative replies ------------------------------------------------------


def _edges(comparison: str | int | None, low: int, high: int) -> set[int]:
    """Values at and either side of the comparison's thresholds, within low..high."""
    if comparison is None:
        return set()
    if isinstance(comparison, int):
        marks = [comparison]
    elif comparison.strip() in BANDS:
        marks = list(BANDS[comparison.strip()])
    else:
        match = COMPARISON_RE.match(comparison)
        marks = [int(match.group(2))] if match else []
    return {v for m in marks for v in (m - 1, m, m + 1) if low <= v <= high} | {low, high}


def _values(comparisons: list[str | int | None], low: int, high: int, default: int) -> list[int]:
    found: set[int] = set()
    for comparison in comparisons:
        found |= _edges(comparison, low, high)
    return sorted(found) or [default]


def _grid(routes: Sequence[Route], scenario: Scenario) -> list[tuple[ReplyScore, Counters]] | None:
    whens = [route.when for route in routes if route.when is not None]
    a = _values([w.assertiveness for w in whens], 0, 100, 50)
    al = _values([w.active_listening for w in whens], 0, 100, 50)
    cr = _values([w.conflict_resolution for w in whens], 0, 100, 50)
    visits = _values([w.visits for w in whens], 1, 50, 1)
    attempts = _values([w.attempts for w in whens], 1, 11, 1)
    uses_mode = any(w.conflict_mode is not None for w in whens)
    uses_cr = any(w.conflict_resolution is not None for w in whens)
    modes = _MODES if uses_mode else ((None, "collaborating") if uses_cr else (None,))
    names = sorted({name for w in whens for name in w.vars if name in scenario.variables})
    var_values = [
        _values([w.vars.get(name) for w in whens], v.min, v.max, v.start)
        for name in names
        for v in [scenario.variables[name]]
    ]
    var_grid = list(itertools.product(*var_values))
    size = len(_STYLES) * 4 * len(modes) * len(a) * len(al) * len(cr) * len(var_grid)
    if size * len(visits) * len(attempts) > MAX_GRID:
        return None
    counters = [
        Counters(vars=dict(zip(names, combo, strict=True)), visits=vi, attempts=at)
        for combo in var_grid
        for vi in visits
        for at in attempts
    ]
    points: list[tuple[ReplyScore, Counters]] = []
    for style, level, mode, av, alv in itertools.product(_STYLES, range(4), modes, a, al):
        for crv in cr if mode is not None else [None]:
            score = ReplyScore.model_construct(
                assertiveness=av,
                assertiveness_style=style,
                active_listening=alv,
                listening_level=level,
                conflict_resolution=crv,
                conflict_mode=mode,
            )
            points.extend((score, counter) for counter in counters)
    return points
