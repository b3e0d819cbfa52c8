"""The never-read crisis sets in tests/data/crisis-measured: kept out of fitting, and
their measured results pinned, so a change that loses one of their items is a visible
decision (docs/safety.md, "Measured rates")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ipt_trainer.core.safety import check_text
from ipt_trainer.core.safety_fit import crisis_files, read_rows

DATA = Path(__file__).resolve().parents[1] / "data"
MEASURED = DATA / "crisis-measured"
TRAINING = DATA / "crisis"

PINNED = {
    # file: (risk items flagged, quiet items flagged), of 150 each (round 26)
    "fresh-xa.jsonl": (144, 6),
    "fresh-xb.jsonl": (134, 8),
    "fresh-xc.jsonl": (142, 3),
    "fresh-xd.jsonl": (127, 5),
    "fresh-xe.jsonl": (147, 0),
    "fresh-xf.jsonl": (134, 10),
    "fresh-xg.jsonl": (142, 0),
    "fresh-xh.jsonl": (142, 4),
    "fresh-xi.jsonl": (135, 3),
    "fresh-xj.jsonl": (141, 2),
    "fresh-xk.jsonl": (124, 4),
    "fresh-xl.jsonl": (121, 15),
    "fresh-xm.jsonl": (134, 5),
    "fresh-xn.jsonl": (131, 3),
    "fresh-xo.jsonl": (145, 1),
    "fresh-xp.jsonl": (124, 6),
    "fresh-xq.jsonl": (140, 9),
    "fresh-xr.jsonl": (140, 4),
    "fresh-xs.jsonl": (147, 1),
    "fresh-xt.jsonl": (145, 3),
    "fresh-xu.jsonl": (137, 4),
    "fresh-xv.jsonl": (137, 4),
    "fresh-xw.jsonl": (148, 1),
    "fresh-xx.jsonl": (143, 0),
    "fresh-xy.jsonl": (145, 7),
    "fresh-xz.jsonl": (140, 3),
    "fresh-wc.jsonl": (141, 3),  # session 17, scored first by round 23
    "fresh-wa.jsonl": (145, 5),  # session 17, scored first by round 23
    "fresh-wd.jsonl": (140, 9),  # session 17, scored first by round 23
    "fresh-wb.jsonl": (125, 4),  # session 17, scored first by round 23
    "fresh-wf.jsonl": (145, 6),  # session 17, scored first by round 24
    "fresh-we.jsonl": (137, 13),  # session 17, scored first by round 24
    "fresh-wg.jsonl": (138, 8),  # session 18, scored first by round 25
    "fresh-wh.jsonl": (127, 18),  # session 18, scored first by round 25
}


def _key(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


@pytest.mark.parametrize("name", sorted(PINNED))
def test_a_measured_set_is_not_in_the_training_data(name: str) -> None:
    """Independent writers sometimes write the same short line as an older training
    file ("want to die 😭😭", the issue's own examples): up to 28 of a set's 300.
    More than that would mean the set itself had been copied into training."""
    training = {_key(row["text"]) for path in crisis_files(TRAINING) for row in read_rows(path)}
    shared = [row["text"] for row in read_rows(MEASURED / name) if _key(row["text"]) in training]
    assert len(shared) <= 30, shared
    assert name not in {path.name for path in crisis_files(TRAINING)}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_measured_sets_keep_their_results(name: str) -> None:
    rows = read_rows(MEASURED / name)
    caught = sum(1 for r in rows if r["risk"] and check_text(str(r["text"])).crisis)
    alarms = sum(1 for r in rows if not r["risk"] and check_text(str(r["text"])).crisis)
    assert (caught, alarms) == PINNED[name]


def test_every_measured_set_is_pinned() -> None:
    assert {path.name for path in crisis_files(MEASURED)} == set(PINNED)


def test_false_alarms_over_the_measured_sets_stay_within_the_target() -> None:
    """Pooled, as the target is stated for a set: two hard sets alone are over it (xf,
    near misses built from risk words, 7.3 %; xl, older people speaking plainly of their
    own death, 8.7 %)."""
    alarms = sum(quiet for _, quiet in PINNED.values())
    quiet = sum(1 for name in PINNED for row in read_rows(MEASURED / name) if not row["risk"])
    assert alarms / quiet <= 0.05
