"""Leave-one-file-out measurement of the crisis check (design metric, run by hand).

Each crisis file is scored by a learned stage fitted on all the *other*
files; the phrase stage is the shipped one. Caveat, stated in the report: the
phrase stage itself was tuned on every file, so its part of the combined
numbers is optimistic; the learned stage's own column is the honest one.
Files whose items are all quiet (``ordinary.jsonl``: everyday role-play
replies) are reported apart, and the bundled scenarios' lines, which no
model is fitted on, give a third false-alarm rate on ordinary text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ipt_trainer.core.safety import analyse
from ipt_trainer.core.safety_fit import WINDOW, fit_files, read_rows
from ipt_trainer.core.safety_model import Model, windows

__all__ = ["Scored", "out_of_file_scores", "rates", "report", "scenario_lines"]

_NONE = float("-inf")


@dataclass(frozen=True)
class Scored:
    """One item of a left-out file: its label, the phrase stage, the learned score."""

    file: str
    text: str
    risk: bool
    phrase: bool
    learned: float
    """Best window score over segments the phrase rules did not cancel."""


def best_score(model: Model, text: str) -> tuple[bool, float]:
    """(phrase stage fired, best learned window score) for one text."""
    analysis = analyse(text)
    best = _NONE
    for _, words in analysis.segment_words():
        for a, b in windows(len(words), WINDOW):
            value = model.gated_score(words[a:b])
            if value is not None:
                best = max(best, value)
    return analysis.phrase is not None, best


def out_of_file_scores(paths: Sequence[Path]) -> list[Scored]:
    """Every item, scored by a model that never saw its file."""
    out: list[Scored] = []
    for left_out in paths:
        model = fit_files([p for p in paths if p != left_out], 0.0, held_out=[left_out])
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


def scenario_lines() -> Iterator[str]:
    """Every line of three or more words in the bundled scenarios (never fitted on)."""
    from ruamel.yaml import YAML

    from ipt_trainer.paths import bundled_scenarios_dir

    def strings(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
        elif isinstance(node, str) and len(node.split()) >= 3:
            yield node

    yaml = YAML(typ="safe")
    for path in sorted(bundled_scenarios_dir().rglob("*.yaml")):
        yield from strings(yaml.load(path.read_text(encoding="utf-8")))


def split(items: Sequence[Scored]) -> tuple[list[Scored], list[Scored]]:
    """(items of files with risk items, items of all-quiet files)."""
    mixed = {s.file for s in items if s.risk}
    return [s for s in items if s.file in mixed], [s for s in items if s.file not in mixed]


def report(paths: Sequence[Path], threshold: float | None = None) -> int:
    """Print the leave-one-file-out table and, per file, the rates at ``threshold``
    (default: the shipped model's)."""
    if threshold is None:
        from ipt_trainer.core.safety_model import load_model

        threshold = load_model().threshold
    items = out_of_file_scores(paths)
    crisis, ordinary = split(items)
    full = fit_files(list(paths), threshold=0.0)
    scenes = [best_score(full, line) for line in scenario_lines()]
    print(f"{len(crisis)} crisis-set items, {len(ordinary)} ordinary, {len(scenes)} scenario lines")
    print("threshold | learned alone R / FA | phrase or learned R / FA | ordinary FA | scenes FA")
    for step in range(-4, 13):
        t = step / 4
        r1, f1 = rates(crisis, t, phrase=False)
        r2, f2 = rates(crisis, t)
        _, f3 = rates(ordinary, t)
        f4 = sum(1 for p, s in scenes if p or s >= t) / max(1, len(scenes))
        print(f"{t:6.2f} | {r1:.3f} / {f1:.3f} | {r2:.3f} / {f2:.3f} | {f3:.4f} | {f4:.4f}")
    print(f"per file at threshold {threshold}: learned alone R / FA | phrase or learned R / FA")
    for name in sorted({s.file for s in crisis}):
        part = [s for s in crisis if s.file == name]
        alone = rates(part, threshold, phrase=False)
        both = rates(part, threshold)
        print(f"{name}: {alone[0]:.3f} / {alone[1]:.3f} | {both[0]:.3f} / {both[1]:.3f}")
    return 0
