"""A tiny multinomial logistic model over named features, and its weight file.

Weights are fitted offline by ``python -m ipt_trainer.core.scoring.fit`` and
stored as readable JSON (``weights.json``): for each skill, one bias and one
weight per feature per class. Keeping the model linear over named features
means every decision can be traced to the cues that drove it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from itertools import repeat
from operator import is_ as operator_is
from operator import itemgetter, sub, truediv

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
    gate: Linear | None = None
    """An optional first stage that decides whether this skill applies at all (conflict:
    is a disagreement in play?), fitted and stored apart (``dispute.json``)."""
    threshold: float = 0.5
    """The gate's cut-off on the probability of its last class (used on the gate itself)."""

    def __post_init__(self) -> None:
        cols = {f: tuple(ws[j] for ws in self.weights) for j, f in enumerate(self.features)}
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
        """A plain, rounded form for the weight file."""
        return {
            "classes": list(self.classes),
            "features": list(self.features),
            "bias": [round(b, 4) for b in self.bias],
            "weights": [[round(w, 4) for w in ws] for ws in self.weights],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Linear:
        """Read one skill's block from the weight file."""
        classes = tuple(str(c) for c in _as_list(data["classes"]))
        features = tuple(str(f) for f in _as_list(data["features"]))
        bias = tuple(_num(b) for b in _as_list(data["bias"]))
        weights = tuple(tuple(_num(w) for w in _as_list(ws)) for ws in _as_list(data["weights"]))
        if len(bias) != len(classes) or any(len(ws) != len(features) for ws in weights):
            raise ValueError("weights.json: shapes do not match classes/features")
        return cls(classes, features, bias, weights)


_Probs = dict[str, float]
_Joint = tuple[tuple[Linear, ...], dict[str, tuple[float, ...]], tuple[float, ...]]
_JOINTS: dict[tuple[int, ...], _Joint] = {}
"""Combined weight tables by the models' identities (the models kept alive beside them)."""
_SHAPE = (4, 4, 5)
"""Class counts of the three skill models (assertiveness, listening, conflict) that the
one-pass sum is written for; any other shape is summed model by model."""


def _joint_table(models: tuple[Linear, Linear, Linear]) -> _Joint | None:
    """One table for three models of ``_SHAPE`` classes: by feature, the three columns side
    by side (thirteen weights), or None for models of another shape.

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
    with thirteen accumulators replaces three walks. Each class adds the same products in
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
    a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, c4 = bias
    for name, x in filter(_VALUE, vector.items()):
        col = column(name)
        if col is None:
            continue
        v0, v1, v2, v3, w0, w1, w2, w3, u0, u1, u2, u3, u4 = col
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
    return (
        _softmax(models[0].classes, (a0, a1, a2, a3)),
        _softmax(models[1].classes, (b0, b1, b2, b3)),
        _softmax(models[2].classes, (c0, c1, c2, c3, c4)),
    )


def _num(value: object) -> float:
    if not isinstance(value, int | float):
        raise ValueError("weights.json: expected a number")
    return float(value)


def _as_list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise ValueError("weights.json: expected a list")
    return value


def gate_from_json(data: dict[str, object]) -> Linear:
    """The dispute gate's file (``dispute.json``): a model plus its threshold."""
    block = data["model"]
    if not isinstance(block, dict):
        raise ValueError("dispute.json: expected a model block")
    return replace(Linear.from_json(block), threshold=_num(data["threshold"]))


@cache
def load() -> dict[str, Linear]:
    """The fitted models, by skill name ('assertiveness', 'listening', 'conflict').

    The conflict model carries its dispute gate when ``dispute.json`` is present.
    """
    package = resources.files("ipt_trainer.core.scoring")
    data = json.loads(package.joinpath("weights.json").read_text("utf-8"))
    models = {name: Linear.from_json(block) for name, block in data["models"].items()}
    gate_file = package.joinpath("dispute.json")
    if "conflict" in models and gate_file.is_file():
        gate = gate_from_json(json.loads(gate_file.read_text("utf-8")))
        models["conflict"] = replace(models["conflict"], gate=gate)
    return models
