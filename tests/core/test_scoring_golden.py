"""Pinned labels for 64 replies in situations the weights were not fitted on.

A change that moves any of these is a decision: look at the reply, agree the
new label is better, then re-pin (see docs/scoring.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ipt_trainer.core import evaluation as ev
from ipt_trainer.core.scoring import score_reply

DATA = Path(__file__).parents[1] / "data" / "scoring"


def _load(name: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


GOLDEN = _load("golden.jsonl")
KNOWN_MISSES = {
    "golden-008": "sarcastic going-along ('I'll just throw it in the bin then, shall I?') read "
    "as avoiding, not accommodating",
    "golden-018": "a platitude and advice to someone grieving read as aggressive",
    "golden-022": "reassurance after a job loss ('You'll find something else') read as aggressive",
    "golden-024": "a short warm acknowledgement ('oh no that's awful') read as passive",
    "golden-036": "answering a friendly question ('It's by the kitchen. I'm Sam') read as level 0",
    "golden-038": "contempt for someone's decision ('Are you mad?') read as no disagreement",
    "golden-040": "a bare 'ok' to someone's news read as passive and avoiding",
    "golden-050": "a hedged excuse for the sister read as avoiding a disagreement not there",
    "golden-052": "a concerned closed question to a hurt friend read as level 0",
    "golden-055": "advice to see a GP read as aggressive",
}
"""Pins the word-feature model (sessions 8 and 9) gets wrong, kept at the rubric's label: each
is a visible, strict expected failure, so a change that fixes one says so."""


def test_golden_file_is_big_enough() -> None:
    assert len(GOLDEN) >= 60


@pytest.mark.parametrize(
    "rec",
    [
        pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[r["id"]]))
        if r["id"] in KNOWN_MISSES
        else r
        for r in GOLDEN
    ],
    ids=[r["id"] for r in GOLDEN],
)
def test_golden_labels(rec: dict[str, Any]) -> None:
    s = score_reply(rec["reply"], rec["context"])
    got = {
        "assertiveness_style": s.assertiveness_style,
        "listening_level": s.listening_level,
        "conflict_mode": s.conflict_mode,
    }
    assert got == rec["labels"]


def test_rubric_fixture_meets_targets() -> None:
    """The fitted weights still agree with the in-house rubric file (a regression guard)."""
    recs = _load("rubric-dev.jsonl")
    rows = [(r, score_reply(r["reply"], r["context"])) for r in recs]
    m = ev.rubric_metrics(rows)
    assert m["style_macro_f1"] >= 0.80
    assert m["listening_qwk"] >= 0.85
    assert m["conflict_macro_f1"] >= 0.65
    for skill in ("assertiveness", "listening", "conflict"):
        assert m[f"pairwise_{skill}"] >= 0.85


def test_probe_set_meets_targets() -> None:
    """40 hand-labelled replies in 10 situations written apart from rubric-dev.

    Labels here are ours (not the scorer's output). The first 24 were used to find
    gaps in the cue lists, the last 16 were scored once before any fix
    (docs/scoring.md gives both figures); this guards against regressions.
    """
    recs = _load("probe.jsonl")
    rows = [(r, score_reply(r["reply"], r["context"])) for r in recs]
    m = ev.rubric_metrics(rows)
    assert m["style_macro_f1"] >= 0.80
    assert m["listening_qwk"] >= 0.85
    assert m["conflict_macro_f1"] >= 0.65
