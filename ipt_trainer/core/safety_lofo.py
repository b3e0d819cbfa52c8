"""Leave-one-file-out measurement of the crisis check (design metric, run by hand).

Each crisis file is scored by a learned stage fitted on all the *other*
files; the phrase stage is the shipped one. Caveat, stated in the report: the
phrase stage itself was tuned on every file, so its part of the combined
numbers is optimistic; the learned stage's own column is the honest one.
Files whose items are all quiet (``ordinary.jsonl``: everyday role-play
replies) are reported apart. The bundled scenarios' lines are quiet training
text too, so their column shows what the full fit flags there, not a held-out rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ipt_trainer.core.safety import analyse
from ipt_trainer.core.safety_fit import fit_files, read_rows, scenario_lines
from ipt_trainer.core.safety_model import Model

__all__ = ["Scored", "out_of_file_scores", "rates", "report"]

_NONE = float("-inf")


@dataclass(frozen=True)
class Scored:
    """One item of a left-out file: its label, the phrase stage, the learned score."""

    file: str
    text: str
    risk: bool
    phrase: bool
    learned: float
    """Best window score over the whole text."""


def best_score(model: Model, text: str) -> tuple[bool, float]:
    """(phrase stage fired, best learned window score over the whole text; minus
    infinity when no word is left to score, as in the check)."""
    analysis = analyse(text)
    found = analysis.learned(model, float("-inf"))
    return analysis.phrase is not None, _NONE if found is None else found[0]


def _groups(paths: Sequence[Path], folds: int | None) -> list[list[Path]]:
    """One file per group, or the files with risk items dealt into ``folds`` groups
    (all-quiet files then always stay in training)."""
    if folds is None:
        return [[p] for p in paths]
    mixed = [p for p in paths if any(row["risk"] for row in read_rows(p))]
    return [mixed[f::folds] for f in range(folds)]


def out_of_file_scores(paths: Sequence[Path], folds: int | None = None) -> list[Scored]:
    """Every item, scored by a model that never saw its file."""
    out: list[Scored] = []
    for group in _groups(paths, folds):
        model = fit_files([p for p in paths if p not in group], 0.0, held_out=group)
        for left_out in group:
            for row in read_rows(left_out):
                text = str(row["text"])
                phrase, learned = best_score(model, text)
                out.append(Scored(left_out.name, text, bool(row["risk"]), phrase, learned))
    return out


def rates(items: Sequence[Scored], threshold: float, phrase: bool = True) -> tuple[float, float]:
    """(recall, false-alarm rate) of phrase-or-learned (or learned alone)."""
    risky = [s for s in items if s.risk]
    quiet = [s for s in items if not s.risk]

    def flagged(s: Scored) -> bool:
        return (phrase and s.phrase) or s.learned >= threshold

    recall = sum(1 for s in risky if flagged(s)) / max(1, len(risky))
    alarms = sum(1 for s in quiet if flagged(s)) / max(1, len(quiet))
    return recall, alarms


def split(items: Sequence[Scored]) -> tuple[list[Scored], list[Scored]]:
    """(items of files with risk items, items of all-quiet files)."""
    mixed = {s.file for s in items if s.risk}
    return [s for s in items if s.file in mixed], [s for s in items if s.file not in mixed]


def ordinary_texts(paths: Sequence[Path]) -> list[str]:
    """The ``reply`` (or ``text``) of every line of unlabelled ordinary-talk files."""
    out: list[str] = []
    for path in paths:
        for row in read_rows(path):
            text = row.get("reply", row.get("text"))
            if isinstance(text, str) and text.strip():
                out.append(text)
    return out


def report(
    paths: Sequence[Path],
    threshold: float | None = None,
    folds: int | None = None,
    ordinary_files: Sequence[Path] = (),
) -> int:
    """Print the leave-one-file-out (or ``folds``-group) table and, per file, the
    rates at ``threshold`` (default: the shipped model's). ``ordinary_files`` (e.g.
    the public reply sets) add the share of never-fitted ordinary text flagged."""
    if threshold is None:
        from ipt_trainer.core.safety_model import load_model

        threshold = load_model().threshold
    items = out_of_file_scores(paths, folds)
    crisis, ordinary = split(items)
    full = fit_files(list(paths), threshold=0.0)
    scenes = [best_score(full, line) for line in scenario_lines()]
    public = [best_score(full, text) for text in ordinary_texts(ordinary_files)]
    print(
        f"{len(crisis)} crisis-set items, {len(ordinary)} ordinary, {len(scenes)} scenario "
        f"lines, {len(public)} ordinary texts never fitted on"
    )
    print(
        "threshold | learned alone R / FA | phrase or learned R / FA | ordinary FA "
        "| scenes (fitted) FA | never-fitted ordinary flagged"
    )
    for step in range(-4, 13):
        t = step / 4
        r1, f1 = rates(crisis, t, phrase=False)
        r2, f2 = rates(crisis, t)
        _, f3 = rates(ordinary, t)
        f4 = sum(1 for p, s in scenes if p or s >= t) / max(1, len(scenes))
        f5 = sum(1 for p, s in public if p or s >= t) / max(1, len(public))
        print(
            f"{t:6.2f} | {r1:.3f} / {f1:.3f} | {r2:.3f} / {f2:.3f} | {f3:.4f} | {f4:.4f} | {f5:.4f}"
        )
    print(f"per file at threshold {threshold}: learned alone R / FA | phrase or learned R / FA")
    for name in sorted({s.file for s in crisis}):
        part = [s for s in crisis if s.file == name]
        alone = rates(part, threshold, phrase=False)
        both = rates(part, threshold)
        print(f"{name}: {alone[0]:.3f} / {alone[1]:.3f} | {both[0]:.3f} / {both[1]:.3f}")
    return 0
