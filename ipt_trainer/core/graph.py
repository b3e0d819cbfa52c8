"""A scenario's conversation graph as Mermaid or Graphviz DOT text.

Authors paste the Mermaid output into a Markdown file (GitHub renders it) or
run ``dot -Tsvg`` on the DOT output, to see the branches at a glance. Each
node shows its id, kind and the start of its text; each edge says what takes
it: a suggestion's id, a route's conditions, ``retry`` (stay and try again)
or ``then`` (attempts used up). A ``next`` that names a missing node is drawn
to a dashed "missing" box rather than dropped, so the mistake is visible.

Scenario text is never trusted as syntax: every label is quoted and escaped
for the target format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ipt_trainer.core.model import (
    CoachNode,
    EndingNode,
    NarrateNode,
    Node,
    PromptNode,
    Route,
    SayNode,
    Scenario,
    When,
)

GraphFormat = Literal["mermaid", "dot"]
FORMATS: tuple[GraphFormat, ...] = ("mermaid", "dot")
SHORT_TEXT = 40
"""Characters of a node's text shown in its box."""


@dataclass(frozen=True)
class Edge:
    """One way from a node to another."""

    source: str
    target: str
    label: str
    kind: Literal["next", "suggestion", "route", "retry", "then"]


def short(text: str, limit: int = SHORT_TEXT) -> str:
    """One line of at most ``limit`` characters, ending in an ellipsis when cut."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def node_label(node_id: str, node: Node) -> tuple[str, str]:
    """(heading, detail) for a node's box: its id and kind, then the start of its text."""
    if isinstance(node, EndingNode):
        return f"{node_id} · ending ({node.outcome})", short(node.title)
    if isinstance(node, PromptNode):
        return f"{node_id} · prompt", short(node.text or ", ".join(node.skills))
    return f"{node_id} · {node.kind}", short(node.text)


def _condition(name: str, value: object) -> str:
    if isinstance(value, list):
        return f"{name} in {'/'.join(str(item) for item in value)}"
    text = str(value).strip()
    if text[:1] in "<>=!":
        return f"{name} {text}"
    return f"{name} = {text}"


def when_summary(when: When | None) -> str:
    """A route's conditions in a few words, e.g. 'assertiveness >= 60, vars.trust < 40'."""
    if when is None:
        return "otherwise"
    parts = [
        _condition(name, value)
        for name, value in when.model_dump(exclude={"vars"}, exclude_none=True).items()
    ]
    parts.extend(_condition(f"vars.{name}", value) for name, value in when.vars.items())
    return short(", ".join(parts) or "always", 60)


def _route_edges(node_id: str, index: int, route: Route) -> Iterator[Edge]:
    summary = when_summary(route.when)
    if route.retry:
        yield Edge(node_id, node_id, f"retry: {summary}", "retry")
    elif route.next is not None:
        yield Edge(node_id, route.next, f"{index + 1}: {summary}", "route")


def edges(scenario: Scenario) -> list[Edge]:
    """Every edge, in the order the scenario declares them."""
    found: list[Edge] = []
    for node_id, node in scenario.nodes.items():
        if isinstance(node, SayNode | NarrateNode | CoachNode):
            found.append(Edge(node_id, node.next, "", "next"))
        elif isinstance(node, PromptNode):
            found.extend(
                Edge(node_id, item.next, f"pick: {item.id}", "suggestion")
                for item in node.suggestions
            )
            for index, route in enumerate(node.routes):
                found.extend(_route_edges(node_id, index, route))
            if node.retry is not None:
                label = f"then (after {node.retry.max_attempts} tries)"
                found.append(Edge(node_id, node.retry.then, label, "then"))
    return found


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: entity codes for anything syntactic."""
    out = []
    for ch in text:
        if ch in '#"<>&|`':
            out.append(f"#{ord(ch)};")
        elif ch in "\r\n\t":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _dot_text(text: str) -> str:
    """Text safe inside a double-quoted DOT string."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", "\\n")


def to_mermaid(scenario: Scenario) -> str:
    """A Mermaid flowchart; node ids become n0, n1... since Mermaid reserves some words."""
    ids = {node_id: f"n{index}" for index, node_id in enumerate(scenario.nodes)}
    lines = ["flowchart TD", f"    %% scenario {_mermaid_text(scenario.id)}"]
    shapes = {"prompt": ('{"', '"}'), "ending": ('(["', '"])'), "coach": ('("', '")')}
    for node_id, node in scenario.nodes.items():
        heading, detail = node_label(node_id, node)
        opening, closing = shapes.get(node.kind, ('["', '"]'))
        label = f"{_mermaid_text(heading)}<br/>{_mermaid_text(detail)}"
        lines.append(f"    {ids[node_id]}{opening}{label}{closing}")
    lines.append('    entry(("start")) --> ' + _mermaid_ref(ids, scenario.start, lines))
    for edge in edges(scenario):
        target = _mermaid_ref(ids, edge.target, lines)
        arrow = "-.->" if edge.kind in {"retry", "then"} else "-->"
        label = f'|"{_mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"    {ids[edge.source]} {arrow}{label} {target}")
    return "\n".join(lines) + "\n"


def _mermaid_ref(ids: dict[str, str], node_id: str, lines: list[str]) -> str:
    """The Mermaid id for ``node_id``, declaring a dashed 'missing' box the first time."""
    if node_id not in ids:
        ids[node_id] = f"missing{len(ids)}"
        lines.append(f'    {ids[node_id]}["missing: {_mermaid_text(node_id)}"]')
        lines.append(f"    style {ids[node_id]} stroke-dasharray: 5 5")
    return ids[node_id]


def to_dot(scenario: Scenario) -> str:
    """A Graphviz digraph; every id and label is a quoted, escaped string."""
    shapes = {"prompt": "diamond", "ending": "doubleoctagon", "coach": "note", "narrate": "plain"}
    lines = [
        f'digraph "{_dot_text(scenario.id)}" {{',
        "    rankdir=TB;",
        '    node [shape=box, fontname="Helvetica"];',
        '    "__start" [shape=point];',
    ]
    for node_id, node in scenario.nodes.items():
        heading, detail = node_label(node_id, node)
        shape = shapes.get(node.kind, "box")
        label = _dot_text(f"{heading}\n{detail}")
        lines.append(f'    "{_dot_text(node_id)}" [shape={shape}, label="{label}"];')
    declared = set(scenario.nodes)
    all_edges = [Edge("__start", scenario.start, "", "next"), *edges(scenario)]
    for edge in all_edges:
        if edge.target not in declared:
            declared.add(edge.target)
            missing = _dot_text(edge.target)
            lines.append(f'    "{missing}" [style=dashed, label="missing: {missing}"];')
        style = ", style=dashed" if edge.kind in {"retry", "then"} else ""
        label = f' [label="{_dot_text(edge.label)}"{style}]' if edge.label else ""
        lines.append(f'    "{_dot_text(edge.source)}" -> "{_dot_text(edge.target)}"{label};')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(scenario: Scenario, fmt: GraphFormat) -> str:
    """The graph in ``fmt``."""
    return to_dot(scenario) if fmt == "dot" else to_mermaid(scenario)
