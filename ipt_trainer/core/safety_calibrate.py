"""Choosing the learned stage's threshold (design measurement, run by hand).

Until round 17 the threshold was the one with the most cross-validated recall
at <= 5 % false alarms over the training files. Those files are written to be
hard: their quiet lines are mostly near misses built to share words with
risk ("kms, this printer"), so that rule spent the whole false-alarm budget on
them and left recall on freshly written sets at 0.83. From round 18 the
threshold is calibrated on what the target describes, sets written by people
who never saw the detector (``tests/data/crisis-measured/``), with a guard on
what users of this app type: practice replies the fit never saw.

The rule: the lowest threshold, in steps of ``STEP``, at which the measured
sets' pooled false-alarm rate is at most ``MAX_MEASURED_ALARMS`` (a margin
under the 5 % target) and held-out practice replies get a crisis card at most
``MAX_PRACTICE_CARDS`` of the time. A set used here no longer measures the
threshold honestly; each round's new never-read sets are scored before they
join the calibration (docs/safety.md, round 18).

Since round 25 a third limit: no *promise* fires, the lexicon's clinician-written
near misses and the bundled scenarios' lines, which the check must keep quiet
whatever the rates say. The meaning stage reads topics ("I want out of this job
for good" sounds like "I want out for good"), so without it the rule chose a
threshold at which two near misses fired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ipt_trainer.core.safety_fit import (
    fit_files,
    lexicon_rows,
    practice_files,
    read_rows,
    scenario_lines,
)
from ipt_trainer.core.safety_lofo import best_score
from ipt_trainer.core.safety_meaning import load_meaning, shipped_meaning
from ipt_trainer.core.safety_model import Model

__all__ = ["MAX_MEASURED_ALARMS", "MAX_PRACTICE_CARDS", "choose", "report"]

MAX_MEASURED_ALARMS = 0.04
MAX_PRACTICE_CARDS = 0.01
STEP = 0.25
THRESHOLDS = tuple(step * STEP for step in range(-8, 13))


def _score(model: Model, text: str) -> float:
    """What decides a text at any threshold: infinite when the phrase stage fired."""
    phrase, learned = best_score(model, text)
    return float("inf") if phrase else learned


def _share(scores: Sequence[float], threshold: float) -> float:
    return sum(1 for s in scores if s >= threshold) / max(1, len(scores))


def choose(
    quiet: Sequence[float], practice: Sequence[float], promises: Sequence[float] = ()
) -> float | None:
    """The rule above (recall is what the lowest threshold buys, so it is not an input);
    None when no threshold meets every limit."""
    for threshold in THRESHOLDS:
        if (
            _share(quiet, threshold) <= MAX_MEASURED_ALARMS
            and _share(practice, threshold) <= MAX_PRACTICE_CARDS
            and not any(s >= threshold for s in promises)
        ):
            return threshold
    return None


def report(
    paths: Sequence[Path], measured: Sequence[Path], half_meaning: Path | None = None
) -> int:
    """Print recall and false alarms on ``measured`` (scored by the full fit), the share
    of held-out practice replies flagged (a fit on half the practice files scores the
    other half), per threshold, and the threshold the rule picks.

    The meaning stage is the shipped one, but for the practice column pass
    ``half_meaning``, a meaning file fitted on the same half
    (``safety_meaning_fit --practice even``): the shipped one has seen every reply."""
    files = practice_files()
    meaning = shipped_meaning()
    if half_meaning is None:
        print("practice column: the shipped meaning stage has seen these replies (optimistic)")
    half = replace(
        fit_files(paths, 0.0, practice=files[0::2]),
        meaning=meaning if half_meaning is None else load_meaning(half_meaning),
    )
    replies = [str(row["reply"]) for path in files[1::2] for row in read_rows(path)]
    practice = [_score(half, text) for text in replies]
    full = replace(fit_files(paths, 0.0), meaning=meaning)
    rows = [row for path in measured for row in read_rows(path)]
    risky = [_score(full, str(r["text"])) for r in rows if r["risk"]]
    quiet = [_score(full, str(r["text"])) for r in rows if not r["risk"]]
    near = [str(r["text"]) for r in lexicon_rows() if not r["risk"]]
    promises = [_score(full, text) for text in (*near, *scenario_lines())]
    print(
        f"measured: {', '.join(p.name for p in measured)} ({len(risky)} risk, {len(quiet)} "
        f"quiet); held-out practice replies: {len(practice)}"
    )
    print(
        "threshold | measured recall | measured false alarms | practice replies flagged"
        " | promises broken"
    )
    for t in THRESHOLDS:
        recall, alarms, cards = _share(risky, t), _share(quiet, t), _share(practice, t)
        broken = sum(1 for s in promises if s >= t)
        print(f"{t:6.2f} | {recall:.3f} | {alarms:.2%} | {cards:.2%} | {broken}")
    chosen = choose(quiet, practice, promises)
    limits = (
        f"false alarms <= {MAX_MEASURED_ALARMS:.0%}, practice <= {MAX_PRACTICE_CARDS:.0%}, "
        "no promise"
    )
    print(f"rule ({limits}): {chosen}")
    return 0 if chosen is not None else 1
