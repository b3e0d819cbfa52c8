"""The threshold rule of round 18 (docs/safety.md): the lowest threshold that keeps
false alarms on the never-fitted measured sets and crisis cards on held-out
practice replies within their limits."""

from __future__ import annotations

from ipt_trainer.core.safety_calibrate import (
    MAX_MEASURED_ALARMS,
    MAX_PRACTICE_CARDS,
    THRESHOLDS,
    choose,
)

INF = float("inf")


def test_the_lowest_threshold_within_both_limits_is_chosen() -> None:
    quiet = [INF] * 3 + [0.9] * 2 + [-5.0] * 95  # 3 % phrase alarms, 5 % up to 0.9
    practice = [0.3] + [-5.0] * 199  # 0.5 % of replies at 0.3
    assert choose(quiet, practice) == 1.0


def test_the_practice_limit_binds_too() -> None:
    quiet = [-5.0] * 100
    practice = [0.4] * 3 + [-5.0] * 197  # 1.5 % at or below 0.4
    assert choose(quiet, practice) == 0.5


def test_no_threshold_when_the_phrase_stage_alone_breaks_a_limit() -> None:
    quiet = [INF] * 5 + [-5.0] * 95  # 5 % alarms at any threshold
    assert MAX_MEASURED_ALARMS < 0.05
    assert choose(quiet, []) is None
    assert MAX_PRACTICE_CARDS < 0.05
    assert choose([], [INF] * 2 + [-5.0] * 98) is None
    assert tuple(sorted(THRESHOLDS)) == THRESHOLDS


def test_no_promise_may_fire() -> None:
    quiet = [-5.0] * 100
    practice = [-5.0] * 100
    assert choose(quiet, practice) == THRESHOLDS[0]
    assert choose(quiet, practice, [0.6, -3.0]) == 0.75  # the lowest step above 0.6
    assert choose(quiet, practice, [INF]) is None
