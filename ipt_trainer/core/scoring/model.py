"""A tiny multinomial logistic model over named features, and its weight file.

Weights are fitted offline by ``python -m ipt_trainer.core.scoring.fit`` and
stored as readable JSON (``weights.json``): for each skill, one bias and one
weight per feature per class. Keeping the model linear over named features
means every decision can be traced to the cues that drove it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import repeat
from operator import is_ as operator_is
from operator import itemgetter, sub, truediv
from typing import cast

_VALUE = itemgetter(1)
"""An item's value: its truth picks the non-zero features."""
_exp = math.exp


@dataclass(frozen=True, slots=True)
class Linear:
    """Softmax over classes; ``weights[c][f]`` for class c and feature f."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    bias: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]
    columns: dict[str, tuple[float, ...]] = field(init=False, repr=False, compare=False)
    """Weights by feature (one value per class), built once: vectors are sparse."""

    def __post_init__(self) -> None:
        # Transposed in C by ``zip``: thousands of word features make a loop noticeable.
        cols = dict(zip(self.features, zip(*self.weights, strict=True), strict=True))
        object.__setattr__(self, "columns", cols)

    def probabilities(self, vector: dict[str, float]) -> dict[str, float]:
        """Class probabilities for one feature vector (missing features count as 0).

        Only non-zero entries are visited (``filter`` skips the zeros in C), in the
        vector's own order: the sums, and so the probabilities, are unchanged by that.
        The three skills read one vector together through ``probabilities3``.
        """
        column = self.columns.get
        logits = list(self.bias)
        classes = range(len(logits))
        for name, x in filter(_VALUE, vector.items()):
            col = column(name)
            if col is not None:
                for c in classes:
                    logits[c] += col[c] * x
        return _softmax(self.classes, tuple(logits))

    def to_json(self) -> dict[str, object]:
        """A plain, rounded form for the weight file: per feature, one weight per class."""
        return {
            "classes": list(self.classes),
            "bias": [round(b, 3) for b in self.bias],
            "weights": {f: [round(w, 3) for w in self.columns[f]] for f in self.features},
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Linear:
        """Read one skill's block from the weight file."""
        classes = tuple(str(c) for c in _as_list(data["classes"]))
        bias = tuple(_num(b) for b in _as_list(data["bias"]))
        table = data["weights"]
        if not isinstance(table, dict):
            raise ValueError("weights.json: expected weights by feature")
        features = tuple(map(str, table))
        try:  # ``float`` over each row in C: a word-feature file has ~100,000 numbers
            columns = [
                tuple(map(float, cast("list[float]", _as_list(ws)))) for ws in table.values()
            ]
        except (TypeError, ValueError) as exc:
            raise ValueError(f"weights.json: expected numbers ({exc})") from exc
        if len(bias) != len(classes) or any(len(col) != len(classes) for col in columns):
            raise ValueError("weights.json: shapes do not match classes/features")
        weights = tuple(zip(*columns, strict=True)) if columns else tuple(() for _ in classes)
        return cls(classes, features, bias, weights)


def dumps(payload: dict[str, object]) -> str:
    """JSON text with each feature's weights on one line: readable, and a tenth of the
    size of one number per line now that the reply's words are features too."""
    text = json.dumps(payload, indent=1, ensure_ascii=False)
    # Fold every run of numbers json put one per line back onto its list's line.
    return (
        re.sub(
            r"\[\n\s*(-?[\d.e-]+(?:,\n\s*-?[\d.e-]+)*)\n\s*\]",
            lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]",
            text,
        )
        + "\n"
    )


_Probs = dict[str, float]
_Joint = tuple[tuple[Linear, ...], dict[str, tuple[float, ...]], tuple[float, ...]]
_JOINTS: dict[tuple[int, ...], _Joint] = {}
"""Combined weight tables by the models' identities (the models kept alive beside them)."""
_SHAPE = (4, 4, 6)
"""Class counts of the three skill models (assertiveness, listening, conflict) that the
one-pass sum is written for; any other shape is summed model by model."""


def _joint_table(models: tuple[Linear, Linear, Linear]) -> _Joint | None:
    """One table for three models of ``_SHAPE`` classes: by feature, the three columns side
    by side (fourteen weights), or None for models of another shape.

    A feature one model lacks gets weights of -0.0 there: every non-zero feature value is
    positive, and adding -0.0 (or -0.0 * x) leaves any float exactly as it was, so that
    model's sums are the very sums of its own ``probabilities``.
    """
    key = tuple(map(id, models))
    entry = _JOINTS.get(key)
    if entry is not None and all(map(operator_is, entry[0], models)):
        return entry
    if tuple(len(m.bias) for m in models) != _SHAPE:
        return None
    table: dict[str, tuple[float, ...]] = {}
    for name in sorted(set().union(*(m.columns for m in models))):
        row: tuple[float, ...] = ()
        for m in models:
            row += m.columns.get(name, (-0.0,) * len(m.bias))
        table[name] = row
    bias = models[0].bias + models[1].bias + models[2].bias
    if len(_JOINTS) >= 8:
        _JOINTS.clear()
    entry = _JOINTS[key] = (models, table, bias)
    return entry


def _softmax(classes: tuple[str, ...], logits: tuple[float, ...]) -> _Probs:
    """Class probabilities from the logits: the same operations as the plain loop's
    (``max``, ``exp(z - top)``, ``sum`` of the exps in order, ``e / total``)."""
    top = max(logits)
    # exp(z - top) for each z, and e / total for each e, made in C by ``map``.
    exps = list(map(_exp, map(sub, logits, repeat(top))))
    total = sum(exps)
    return dict(zip(classes, map(truediv, exps, repeat(total)), strict=True))


def probabilities3(
    models: tuple[Linear, Linear, Linear], vector: dict[str, float]
) -> tuple[_Probs, _Probs, _Probs]:
    """``m.probabilities(vector)`` for each of three models, in one pass over the vector.

    Why: the skills read one vector with three models; one walk over its non-zero entries
    with fourteen accumulators replaces three walks. Each class adds the same products in
    the same order as its own model's ``probabilities``, so the results are identical.
    """
    entry = _joint_table(models)
    if entry is None:
        return (
            models[0].probabilities(vector),
            models[1].probabilities(vector),
            models[2].probabilities(vector),
        )
    _, table, bias = entry
    column = table.get
    a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, c4, c5 = bias
    for name, x in filter(_VALUE, vector.items()):
        col = column(name)
        if col is None:
            continue
        v0, v1, v2, v3, w0, w1, w2, w3, u0, u1, u2, u3, u4, u5 = col
        if x == 1.0:  # most features (words, pairs, cues counted once): w * 1.0 is w exactly
            a0 += v0
            a1 += v1
            a2 += v2
            a3 += v3
            b0 += w0
            b1 += w1
            b2 += w2
            b3 += w3
            c0 += u0
            c1 += u1
            c2 += u2
            c3 += u3
            c4 += u4
            c5 += u5
            continue
        a0 += v0 * x
        a1 += v1 * x
        a2 += v2 * x
        a3 += v3 * x
        b0 += w0 * x
        b1 += w1 * x
        b2 += w2 * x
        b3 += w3 * x
        c0 += u0 * x
        c1 += u1 * x
        c2 += u2 * x
        c3 += u3 * x
        c4 += u4 * x
        c5 += u5 * x
    return (
        _softmax(models[0].classes, (a0, a1, a2, a3)),
        _softmax(models[1].classes, (b0, b1, b2, b3)),
        _softmax(models[2].classes, (c0, c1, c2, c3, c4, c5)),
    )


def _num(value: object) -> float:
    if not isinstance(value, int | float):
        raise ValueError("weights.json: expected a number")
    return float(value)


def _as_list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise ValueError("weights.json: expected a list")
    return value


@cache
def load() -> dict[str, Linear]:
    """The fitted models, by skill name ('assertiveness', 'listening', 'conflict')."""
    package = resources.files("ipt_trainer.core.scoring")
    data = json.loads(package.joinpath("weights.json").read_text("utf-8"))
    return {name: Linear.from_json(block) for name, block in data["models"].items()}
