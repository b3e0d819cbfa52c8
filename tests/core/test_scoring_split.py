"""The modules split out of features.py (shapes, vector), pinned.

``shapes.py`` is checked against its own answers, pinned in
``tests/data/scoring/shapes-pinned.jsonl`` (about 200 replies: scorer fixtures, cases
written for each rule, and word soup), rather than against a second copy of its
rules. A deliberate rule change is made once, in ``shapes.py``, and then the pins
are regenerated with ``tests/core/make_shapes_pinned.py`` and the diff read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ipt_trainer.core.scoring import shapes, text
from ipt_trainer.core.scoring.features import analyse

PINNED = Path(__file__).resolve().parents[1] / "data" / "scoring" / "shapes-pinned.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in PINNED.read_text(encoding="utf-8").splitlines()
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_shapes_give_the_pinned_answers(case: dict[str, Any]) -> None:
    forms: list[str] = case["forms"]
    is_word = [f[:1].isalnum() for f in forms]  # as features.analyse flags words
    sents = [text.Sentence(start, end, kind) for start, end, kind in case["sentences"]]
    got = shapes.shapes(forms, is_word, case["tok_starts"], sents, case["reflections"])
    expected = case["expected"]
    assert got == expected["shapes"]
    assert list(got) == list(expected["shapes"])  # the vector is built in this order
    assert all(type(v) is float for v in got.values())
    assert shapes.promises(forms) == expected["promises"]
    assert shapes.accepts(forms) is expected["accepts"]


def test_pins_exercise_every_rule_and_the_cap() -> None:
    """A regenerated file must still reach each rule, or the pins stop guarding it."""
    for key in ("martyr", "sorry_for", "verdict", "condition", "everyone"):
        values = {c["expected"]["shapes"][key] for c in CASES}
        assert {0.0, 1.0, 2.0} <= values, key
    assert {c["expected"]["promises"] for c in CASES} >= {0, 1, 2, 3}
    assert {c["expected"]["accepts"] for c in CASES} == {True, False}
    # a you-statement that reflects is no verdict: some pins have one
    assert any(_reflecting_you_statement(c) for c in CASES)


def _reflecting_you_statement(case: dict[str, Any]) -> bool:
    words = [
        (s, f) for f, s in zip(case["forms"], case["tok_starts"], strict=True) if f[:1].isalnum()
    ]
    for start, end, kind in case["sentences"]:
        first = next((f for s, f in words if start <= s < end), "")
        reflects = any(start <= r < end for r in case["reflections"])
        if kind == "statement" and first in shapes.SECOND_PERSON and reflects:
            return True
    return False


def test_accepts_reads_only_the_first_two_words() -> None:
    assert shapes.accepts(["um", ",", "of", "course", "not"])
    assert shapes.accepts(["well", "fine"])
    assert not shapes.accepts(["i", "ok"])
    assert not shapes.accepts([".", "!"])


def test_vector_caps_keep_float_values_and_fixed_order() -> None:
    a = analyse("YOU NEVER!!! Stop. Go. Leave. 😀😀😀 Why? How? What?", "You never listen.")
    b = analyse("ok", "")
    named = [k for k in a.vector if ":" not in k]  # the cues; words ("w:", "c:") follow them
    assert named == [k for k in b.vector if ":" not in k]  # the models sum in this order
    assert list(a.vector)[: len(named)] == named
    assert {"w:never", "w:<s> you", "c:listen"} <= set(a.vector)
    assert a.vector["imperative"] == 2.0 and a.vector["open_q"] == 2.0
    assert a.vector["emoji"] == 1 and b.vector["emoji"] == 0.0
    assert all(isinstance(v, float) for k, v in b.vector.items())
