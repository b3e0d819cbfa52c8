"""Agreement metrics for the scorer, in plain Python (no numpy).

Macro-F1 for categories, quadratic-weighted kappa for the listening level,
Spearman's rho and ROC-AUC for scores against ordinal or binary targets,
pairwise order within a context, and a seeded bootstrap over groups for
confidence intervals (so one conversation never counts as many samples).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ipt_trainer.core.scores import ReplyScore

STYLE_RANK: dict[str, int] = {
    "assertive": 3,
    "passive": 2,
    "passive_aggressive": 1,
    "aggressive": 0,
}
"""Pairwise order for assertiveness: an owned need beats a hedged one, a hedge beats a sting,
a sting beats an attack."""
MODE_RANK: dict[str | None, float] = {
    "collaborating": 4, "compromising": 3, "accommodating": 1.5, "avoiding": 1.5, "competing": 0,
}  # fmt: skip
"""Pairwise order for conflict handling (rubric section 3)."""


def macro_f1(
    gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Sequence[Hashable] | None = None
) -> float:
    """Unweighted mean of per-class F1 over ``labels`` (default: classes seen in gold or pred)."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    classes = list(labels) if labels is not None else sorted(set(gold) | set(pred), key=str)
    if not classes:
        return 0.0
    total = 0.0
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        total += 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return total / len(classes)


def quadratic_kappa(gold: Sequence[int], pred: Sequence[int], n_levels: int) -> float:
    """Cohen's kappa with quadratic weights for ordinal levels 0..n_levels-1."""
    if len(gold) != len(pred) or not gold:
        raise ValueError("need two equal, non-empty sequences")
    n = len(gold)
    obs = [[0.0] * n_levels for _ in range(n_levels)]
    for g, p in zip(gold, pred, strict=True):
        obs[g][p] += 1
    hist_g = [sum(row) for row in obs]
    hist_p = [sum(obs[i][j] for i in range(n_levels)) for j in range(n_levels)]
    num = den = 0.0
    for i in range(n_levels):
        for j in range(n_levels):
            w = (i - j) ** 2 / (n_levels - 1) ** 2
            num += w * obs[i][j]
            den += w * hist_g[i] * hist_p[j] / n
    return 1.0 - num / den if den else 1.0


def _ranks(xs: Sequence[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        i = j + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation (0.0 when either side is constant)."""
    n = len(xs)
    if n != len(ys) or n < 2:
        raise ValueError("need two equal sequences of length >= 2")
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return 0.0 if sxx == 0 or syy == 0 else sxy / (sxx * syy) ** 0.5


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rho: Pearson on average ranks (ties handled)."""
    return pearson(_ranks(xs), _ranks(ys))


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if len(scores) != len(positive):
        raise ValueError("scores and labels differ in length")
    ranks = _ranks(scores)
    n_pos = sum(1 for p in positive if p)
    n_neg = len(positive) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("ROC-AUC needs both positives and negatives")
    rank_sum = sum(r for r, p in zip(ranks, positive, strict=True) if p)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def pairwise_order(items: Sequence[tuple[Hashable, float, float]]) -> tuple[float, int]:
    """Share of same-group pairs with different gold that the scores order the same way.

    ``items`` are (group, gold rank, score). A tie in score counts as half right.
    Returns (accuracy, number of pairs); accuracy is 0.0 when there are no pairs.
    """
    by_group: dict[Hashable, list[tuple[float, float]]] = defaultdict(list)
    for g, gold, score in items:
        by_group[g].append((gold, score))
    right = 0.0
    pairs = 0
    for members in by_group.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                (ga, sa), (gb, sb) = members[i], members[j]
                if ga == gb:
                    continue
                pairs += 1
                if sa == sb:
                    right += 0.5
                elif (ga > gb) == (sa > sb):
                    right += 1
    return (right / pairs if pairs else 0.0), pairs


def bootstrap_ci(
    items: Sequence[Any],
    groups: Sequence[Hashable],
    metric: Callable[[list[Any]], float],
    n: int = 1000,
    seed: int = 20260127,
    alpha: float = 0.05,
) -> tuple[float, float]:
    """Percentile interval of ``metric`` over resamples of whole groups (seeded)."""
    by_group: dict[Hashable, list[Any]] = defaultdict(list)
    for it, g in zip(items, groups, strict=True):
        by_group[g].append(it)
    keys = list(by_group)
    rng = random.Random(seed)
    values: list[float] = []
    for _ in range(n):
        sample: list[Any] = []
        for _k in keys:
            sample.extend(by_group[keys[rng.randrange(len(keys))]])
        try:
            values.append(metric(sample))
        except (ValueError, ZeroDivisionError):
            continue
    if not values:
        return float("nan"), float("nan")
    values.sort()
    lo = values[int(alpha / 2 * (len(values) - 1))]
    hi = values[int((1 - alpha / 2) * (len(values) - 1))]
    return lo, hi


def rubric_metrics(rows: Sequence[tuple[dict[str, Any], ReplyScore]]) -> dict[str, float]:
    """All rubric agreement figures for (record with ``labels``, score) pairs."""
    gold_s = [str(r["labels"]["assertiveness_style"]) for r, _ in rows]
    pred_s = [s.assertiveness_style for _, s in rows]
    gold_l = [int(r["labels"]["listening_level"]) for r, _ in rows]
    pred_l = [s.listening_level for _, s in rows]
    gold_c = [str(r["labels"].get("conflict_mode")) for r, _ in rows]
    pred_c = [str(s.conflict_mode) for _, s in rows]
    ctx = [str(r.get("context", "")) for r, _ in rows]
    pw_a, n_a = pairwise_order(
        [
            (c, STYLE_RANK[g], s.assertiveness)
            for c, g, (_, s) in zip(ctx, gold_s, rows, strict=True)
        ]
    )
    pw_l, n_l = pairwise_order(
        [(c, g, s.active_listening) for c, g, (_, s) in zip(ctx, gold_l, rows, strict=True)]
    )
    conflict_items = [
        (c, MODE_RANK[r["labels"]["conflict_mode"]], float(s.conflict_resolution or 0))
        for c, (r, s) in zip(ctx, rows, strict=True)
        if r["labels"].get("conflict_mode") is not None
    ]
    pw_c, n_c = pairwise_order(conflict_items)
    return {
        "n": float(len(rows)),
        "style_macro_f1": macro_f1(gold_s, pred_s, list(STYLE_RANK)),
        "listening_qwk": quadratic_kappa(gold_l, pred_l, 4),
        "conflict_macro_f1": macro_f1(
            gold_c,
            pred_c,
            ["None", "collaborating", "compromising", "accommodating", "avoiding", "competing"],
        ),
        "pairwise_assertiveness": pw_a,
        "pairwise_assertiveness_pairs": float(n_a),
        "pairwise_listening": pw_l,
        "pairwise_listening_pairs": float(n_l),
        "pairwise_conflict": pw_c,
        "pairwise_conflict_pairs": float(n_c),
    }
