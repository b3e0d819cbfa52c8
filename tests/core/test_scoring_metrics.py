"""Metrics on tiny cases small enough to compute by hand."""

from __future__ import annotations

import math

import pytest

from ipt_trainer.core import evaluation as ev


def test_macro_f1_by_hand() -> None:
    # class a: tp=1 fp=1 fn=1 -> F1 0.5; class b: tp=1 fp=1 fn=1 -> 0.5; mean 0.5
    assert ev.macro_f1(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == pytest.approx(0.5)
    assert ev.macro_f1(["a", "b"], ["a", "b"]) == 1.0
    # a label never seen scores 0 and still counts in the mean
    assert ev.macro_f1(["a"], ["a"], ["a", "b"]) == pytest.approx(0.5)


def test_macro_f1_rejects_unequal_lengths() -> None:
    with pytest.raises(ValueError):
        ev.macro_f1(["a"], [])


def test_quadratic_kappa_perfect_and_by_hand() -> None:
    assert ev.quadratic_kappa([0, 1, 2, 3], [0, 1, 2, 3], 4) == pytest.approx(1.0)
    # gold [0,1], pred [1,0], 2 levels: observed weighted disagreement 2/2=1,
    # expected: hist (1,1)x(1,1)/2 -> off-diagonal 0.5+0.5 = 1 -> kappa 1 - 2/1 = -1
    assert ev.quadratic_kappa([0, 1], [1, 0], 2) == pytest.approx(-1.0)


def test_spearman_with_ties() -> None:
    assert ev.spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert ev.spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # ranks x: 1,2,3 ; y ties: 1.5,1.5,3 -> pearson = 0.866...
    assert ev.spearman([1, 2, 3], [5, 5, 9]) == pytest.approx(math.sqrt(3) / 2)


def test_roc_auc_by_hand() -> None:
    assert ev.roc_auc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    # one positive 0.5 vs negatives 0.4 and 0.5: win + tie -> (1 + 0.5) / 2
    assert ev.roc_auc([0.5, 0.4, 0.5], [True, False, False]) == pytest.approx(0.75)
    with pytest.raises(ValueError):
        ev.roc_auc([1.0], [True])


def test_pairwise_order_counts_ties_as_half() -> None:
    items = [("c", 3, 90.0), ("c", 1, 10.0), ("c", 2, 10.0), ("d", 1, 5.0)]
    acc, pairs = ev.pairwise_order(items)
    # pairs in c: (3,1) right, (3,2) right, (1,2) tie -> 2.5 / 3
    assert pairs == 3
    assert acc == pytest.approx(2.5 / 3)


def test_bootstrap_is_seeded_and_brackets_the_mean() -> None:
    items = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    groups = ["a", "a", "b", "b", "c", "c"]

    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs)

    lo, hi = ev.bootstrap_ci(items, groups, mean, n=200)
    assert (lo, hi) == ev.bootstrap_ci(items, groups, mean, n=200)
    assert lo <= 3.5 <= hi
