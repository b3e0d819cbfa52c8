"""How a typed reply picks its route: the meaning of ``when`` conditions.

One implementation serves the engine (which route fires), the linter (which
routes can never fire, which score combinations nothing covers) and the
walker (forcing each route in turn). Everything here is a pure function of
the route, the reply's score and a snapshot of the session's counters.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ipt_trainer.core.model import BANDS, COMPARISON_RE, Route, When
from ipt_trainer.core.scores import ReplyScore

_OPERATORS: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
}


@dataclass(frozen=True)
class Counters:
    """What a route may ask about the session besides the score."""

    vars: Mapping[str, int] = field(default_factory=dict)
    visits: int = 1
    attempts: int = 1


def compare(value: int, comparison: str | int) -> bool:
    """True when ``value`` satisfies ``comparison`` (``'>= 60'``, ``2``, ``'high'``)."""
    if isinstance(comparison, int):
        return value == comparison
    text = comparison.strip()
    if text in BANDS:
        low, high = BANDS[text]
        return low <= value <= high
    match = COMPARISON_RE.match(text)
    if match is None:  # the model validator rejects these at load time
        raise ValueError(f"not a comparison: {comparison!r}")
    symbol, number = match.group(1) or "==", int(match.group(2))
    return _OPERATORS[symbol](value, number)


def _one_of(value: str, wanted: str | Sequence[str]) -> bool:
    return value == wanted if isinstance(wanted, str) else value in wanted


def when_holds(when: When, score: ReplyScore, counters: Counters) -> bool:
    """True when every condition in ``when`` holds; absent conditions always hold."""
    if when.assertiveness_style is not None and not _one_of(
        score.assertiveness_style, when.assertiveness_style
    ):
        return False
    if when.conflict_mode is not None and not _one_of(
        score.conflict_mode or "none", when.conflict_mode
    ):
        return False
    numeric: list[tuple[int | None, str | int | None]] = [
        (score.listening_level, when.listening_level),
        (score.assertiveness, when.assertiveness),
        (score.active_listening, when.active_listening),
        (score.conflict_resolution, when.conflict_resolution),
        (counters.visits, when.visits),
        (counters.attempts, when.attempts),
    ]
    for value, comparison in numeric:
        if comparison is None:
            continue
        if value is None or not compare(value, comparison):
            return False
    for name, comparison in when.vars.items():
        if name not in counters.vars or not compare(counters.vars[name], comparison):
            return False
    return True


def route_matches(route: Route, score: ReplyScore, counters: Counters) -> bool:
    """True when ``route`` would accept this reply (``otherwise`` accepts anything)."""
    return route.otherwise or (route.when is not None and when_holds(route.when, score, counters))


def select_route(routes: Sequence[Route], score: ReplyScore, counters: Counters) -> int | None:
    """Index of the first route that accepts the reply, or None if none does."""
    for index, route in enumerate(routes):
        if route_matches(route, score, counters):
            return index
    return None
