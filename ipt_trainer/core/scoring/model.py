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
from operator import itemgetter

_VALUE = itemgetter(1)
"""An item's value: its truth picks the non-zero features."""


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
        """
        column = self.columns.get
        logits = list(self.bias)
        classes = range(len(logits))
        for name, x in filter(_VALUE, vector.items()):
            col = column(name)
            if col is not None:
                for c in classes:
                    logits[c] += col[c] * x
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

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
