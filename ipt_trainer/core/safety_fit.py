"""Fitting the learned stage of the crisis check, and measuring it honestly.

Run by hand after changing the crisis sets or the concept lists::

    .venv/bin/python -m ipt_trainer.core.safety_fit            # refit, write model.json
    .venv/bin/python -m ipt_trainer.core.safety_fit --lofo     # leave-one-file-out report
    .venv/bin/python -m ipt_trainer.core.safety_fit --lofo --folds 4 --ordinary FILE ...
    .venv/bin/python -m ipt_trainer.core.safety_fit --calibrate tests/data/crisis-measured/*.jsonl

Pure Python (no numpy) and deterministic: the same files give the same
weights, byte for byte, which a test checks against the shipped
``safety_data/model.json``. The training data are the labelled crisis sets
in ``tests/data/crisis/*.jsonl``.

The honest number is *leave-one-file-out*: each file is scored by a model
fitted on all the other files, because every file was written separately
(by a different round, with a different idea of what to test), so a file
left out behaves like a freshly written set. The threshold is never chosen
from scores on the training data: since round 18 it is calibrated on the
never-fitted measured sets (``safety_calibrate``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ipt_trainer.core.safety import analyse
from ipt_trainer.core.safety_model import MODEL_FILE, Model, features
from ipt_trainer.core.safety_patterns import lexicon
from ipt_trainer.core.safety_text import fold_word

__all__ = [
    "CONCEPTS",
    "crisis_folder",
    "fit",
    "fit_files",
    "fit_rows",
    "main",
    "model_json",
    "practice_files",
    "practice_replies",
    "scenario_lines",
    "training_examples",
]

_CONCEPT_WORDS: dict[str, str] = {
    "death": (
        "die died dies dying dead death suicid* kill* kms kys unalive alive live living life "
        "lives breathe breathing wake waking sleep asleep grave coffin funeral overdose od "
        "hang hanging jump jumping drown ctb sewerslide emjgrave emjcoffin emjrope emjgun "
        "emjurn emjcrossbones emjbridge emjwilted end ending over cease survive drown* sea "
        "river ocean lake overdos* exhaust garage hanged jumped gassed poison*"
    ),
    "absence": (
        "gone here around exist* disappear vanish erase delete exit dissolve fade world "
        "picture without leave leaving longer anymore peace joining vanish* missing "
        "disappear*"
    ),
    "selfharm": (
        "cut* burn* hurt* harm* scratch* blade* razor* bleed* blood* starv* punish* sh "
        "relaps* emjknife emjrazor emjblood slit bruis* carv* hit wrist* scar* skin thigh* "
        "arm arms punch*"
    ),
    "wish": (
        "want wanted wanna wish wishing hope hoping ready rather tempted thinking think "
        "thought thoughts considering deserve should nice welcome pray praying long longing "
        "urge urges crave craving fantasi* dream* waiting wait need imagin* picturing"
    ),
    "plan": (
        "plan* decided decide ready method* ways way how enough saved saving stockpil* "
        "research* googl* looked note letter will sorted instructions made mind picked chosen "
        "arranged arrangements affairs insurance passwords rehome* organised organized tidied "
        "cleared"
    ),
    "means": (
        "pill* tablet* packet bottle rope bridge ledge roof train tracks gun knife "
        "paracetamol meds medication cabinet swallow* high edge emjpill car drive rail* cliff "
        "building floor balcony bath noose bus lorry motorway platform front whole insulin "
        "dose doses sleeping belt cord ligature sea river railway carpark garage exhaust "
        "charcoal heights jumped stash hoard* bleach chemicals cliffs"
    ),
    "farewell": (
        "goodbye bye farewell sorry forgive love care remember tell gave given giving away "
        "emjwave thank thanks everyone loved fault"
    ),
    "burden": (
        "burden* better off without notice noticed miss easier happier picture way nobody "
        "care cares weight load trouble bother relief kindness favour favor"
    ),
    "hopeless": (
        "point pointless hopeless nothing nobody worthless meaning* reason tired exhausted "
        "done give giving up empty trapped escape stop cant anymore numb dark pain fight"
    ),
}
CONCEPTS: dict[str, tuple[str, ...]] = {k: tuple(v.split()) for k, v in _CONCEPT_WORDS.items()}
"""Concept words, written plainly (folded like user text when the model is built).

Since round 12 they are not features: they only name a learned hit's category
("self-harm", "plan or means", see ``safety_model.concept_labels``) from the
words it quotes. Edit and refit (they are stored in model.json)."""

ROUNDS = 300
L2 = 0.00001
STEP = 1.0
MIN_COUNT = 5
WINDOW = 96
"""Words per scored window: an ordinary reply of several sentences (up to ~80 words) is
one window; a longer paste is scored in overlapping windows (``safety_model.windows``)."""
DIGITS = 3


@dataclass(frozen=True)
class Example:
    """One labelled text: its features and whether it is about the writer's risk."""

    features: tuple[str, ...]
    risk: bool


def folded_concepts() -> dict[str, tuple[str, ...]]:
    """``CONCEPTS`` in the folded form user words take (``kill`` -> ``kil``)."""
    spelling = lexicon().spelling
    out: dict[str, tuple[str, ...]] = {}
    for name, words in CONCEPTS.items():
        folded = []
        for word in words:
            stem = word.endswith("*")
            plain = fold_word(word.rstrip("*"), spelling)
            folded.append(plain + "*" if stem else plain)
        out[name] = tuple(sorted(set(folded)))
    return out


def text_words(text: str) -> list[str]:
    """The folded words the learned stage scores for ``text`` (``Analysis.words``)."""
    return analyse(text).words()


def training_examples(rows: Sequence[Mapping[str, object]]) -> list[Example]:
    """One example per labelled text: the features of all its words.

    Whole texts, not their riskiest sentence: until round 11 a risk text trained
    on one window picked by concept words, which taught the model that window's
    guess; the whole text lets the fit find what marks risk itself."""
    return [
        Example(tuple(features(text_words(str(row["text"])))), bool(row["risk"])) for row in rows
    ]


def fit(examples: Sequence[Example]) -> tuple[dict[str, float], float]:
    """L2-regularised logistic regression by full-batch AdaGrad; deterministic.

    Features are binary (present in the text or not); those seen in fewer than
    ``MIN_COUNT`` examples are dropped (a word seen once teaches nothing
    general). Returns rounded weights and bias. Pure Python, so each round
    sums by row (score per text) and by column (gradient per feature) with
    ``sum(map(...))``, which keeps a 26k-text refit near a minute and a half.
    """
    counts: dict[str, int] = {}
    for example in examples:
        for name in set(example.features):
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, c in counts.items() if c >= MIN_COUNT)
    index = {n: i for i, n in enumerate(names)}
    rows = [sorted({index[f] for f in e.features if f in index}) for e in examples]
    columns: list[list[int]] = [[] for _ in names]
    for k, row in enumerate(rows):
        for i in row:
            columns[i].append(k)
    labels = [1.0 if e.risk else 0.0 for e in examples]
    weights = [0.0] * len(names)
    squares = [1e-8] * len(names)
    risky = sum(labels)
    # Starting the bias at the labels' log-odds saves AdaGrad most of its slow walk there.
    bias = math.log(max(risky, 1.0) / max(len(labels) - risky, 1.0))
    bias_square = 1e-8
    scale = 1.0 / max(1, len(examples))
    exp, sqrt = math.exp, math.sqrt
    for _ in range(ROUNDS):
        at = weights.__getitem__
        errors = []
        for row, label in zip(rows, labels, strict=True):
            z = bias + sum(map(at, row))
            p = 1.0 / (1.0 + exp(-z)) if z > -30 else 0.0
            errors.append((p - label) * scale)
        error_at = errors.__getitem__
        for i, column in enumerate(columns):
            g = sum(map(error_at, column)) + L2 * weights[i]
            squares[i] += g * g
            weights[i] -= STEP * g / sqrt(squares[i])
        grad_bias = sum(errors)
        bias_square += grad_bias * grad_bias
        bias -= STEP * grad_bias / sqrt(bias_square)
    rounded = {n: round(w, DIGITS) for n, w in zip(names, weights, strict=True)}
    return {n: w for n, w in rounded.items() if abs(w) >= 10**-DIGITS}, round(bias, DIGITS)


def scenario_lines() -> Iterator[str]:
    """Every line of three or more words in the bundled scenarios: ordinary role-play
    text the check must stay quiet on, so the fit learns it as quiet."""
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


def practice_files() -> list[Path]:
    return sorted((crisis_folder().parent / "scoring").glob("rubric-*.jsonl"))


def practice_replies(files: Sequence[Path] | None = None) -> Iterator[str]:
    """Learner replies of three or more words from the scorer's labelled sets
    (``tests/data/scoring/rubric-*.jsonl``): what people type in this app, which the
    check must stay quiet on, so the fit learns it as quiet.

    Round 16 fitted on half of these files and measured the other half: false crisis
    cards on ordinary replies fell about fourfold at equal recall on the crisis sets
    (docs/safety.md). A reply the phrase stage flags is left out ("you're better off
    without me anyway"): it is not the fit's to call quiet.
    """
    for path in practice_files() if files is None else files:
        for row in read_rows(path):
            text = str(row["reply"])
            if len(text.split()) >= 3 and analyse(text).phrase is None:
                yield text


def read_rows(path: Path) -> list[dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def crisis_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))


def lexicon_rows() -> list[dict[str, object]]:
    """The clinician-written ``examples`` (risk) and ``near_misses`` (quiet) of
    ``lexicon.yaml``: always part of the training data, so the learned stage
    agrees with what the phrase stage's own tests promise."""
    from ipt_trainer.core.safety_patterns import load_lexicon_data

    data = load_lexicon_data()[0]
    rows: list[dict[str, object]] = []
    for category in data.categories:
        risk = category.subject != "other"
        rows.extend({"text": t, "risk": risk} for t in category.examples)
        rows.extend({"text": t, "risk": False} for t in category.near_misses)
    return rows


def fit_rows(
    paths: Sequence[Path],
    held_out: Sequence[Path] = (),
    practice: Sequence[Path] | None = None,
) -> list[dict[str, object]]:
    """Every labelled text the learned stage is fitted on: ``paths``, the lexicon's
    examples (less any also in a ``held_out`` file), the scenarios' lines and the
    practice replies (all quiet); see ``fit_files``."""
    rows = [row for path in paths for row in read_rows(path)]
    unseen = {str(r["text"]).casefold().strip() for p in held_out for r in read_rows(p)}
    rows.extend(r for r in lexicon_rows() if str(r["text"]).casefold().strip() not in unseen)
    rows.extend({"text": line, "risk": False} for line in scenario_lines())
    rows.extend({"text": reply, "risk": False} for reply in practice_replies(practice))
    return rows


def fit_files(
    paths: Sequence[Path],
    threshold: float,
    held_out: Sequence[Path] = (),
    practice: Sequence[Path] | None = None,
) -> Model:
    """The model fitted on ``paths`` plus the lexicon's examples, with the given threshold.

    Lexicon examples whose text is also in a ``held_out`` file are left out, so a
    leave-one-file-out run never trains on the very text it scores. ``practice``
    narrows the practice-reply files fitted as quiet (default: all), so a
    calibration run can measure false cards on replies the fit never saw."""
    concepts = folded_concepts()
    weights, bias = fit(training_examples(fit_rows(paths, held_out, practice)))
    return Model(
        weights=weights,
        bias=bias,
        threshold=threshold,
        window=WINDOW,
        concepts=concepts,
    )


def model_json(model: Model) -> str:
    """The shipped file's exact text (sorted keys, fixed rounding)."""
    plain = {
        "about": "Learned stage of the crisis check; written by ipt_trainer.core.safety_fit.",
        "bias": model.bias,
        "threshold": model.threshold,
        "window": model.window,
        "concepts": {k: list(v) for k, v in sorted(model.concepts.items())},
        "weights": dict(sorted(model.weights.items())),
    }
    return json.dumps(plain, indent=0, sort_keys=True, ensure_ascii=True) + "\n"


def crisis_folder() -> Path:
    """``tests/data/crisis``: the labelled crisis sets the learned stage is fitted on."""
    return Path(__file__).resolve().parents[2] / "tests" / "data" / "crisis"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ipt_trainer.core.safety_fit")
    parser.add_argument("--data", type=Path, default=crisis_folder())
    parser.add_argument("--lofo", action="store_true", help="leave-one-file-out report only")
    parser.add_argument(
        "--folds", type=int, default=None, help="with --lofo: deal the files into this many groups"
    )
    parser.add_argument(
        "--ordinary",
        type=Path,
        nargs="*",
        default=[],
        help="with --lofo: unlabelled ordinary-talk JSONL files (reply/text) never fitted on",
    )
    parser.add_argument(
        "--calibrate",
        type=Path,
        nargs="+",
        metavar="MEASURED",
        help="threshold report on these never-fitted labelled sets (docs/safety.md, round 18)",
    )
    parser.add_argument(
        "--half-meaning",
        type=Path,
        default=None,
        help="with --calibrate: a meaning file fitted on the even practice files "
        "(safety_meaning_fit --practice even) to score the odd ones honestly",
    )
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args(argv)
    paths = crisis_files(args.data)
    if not paths:
        print(f"no *.jsonl in {args.data}", file=sys.stderr)
        return 2
    if args.calibrate:
        from ipt_trainer.core.safety_calibrate import report as calibration

        return calibration(paths, args.calibrate, args.half_meaning)
    if args.lofo:
        from ipt_trainer.core.safety_lofo import report

        return report(paths, args.threshold, args.folds, args.ordinary)
    threshold = args.threshold
    if threshold is None:
        threshold = json.loads(MODEL_FILE.read_text("utf-8"))["threshold"]
    MODEL_FILE.write_text(model_json(fit_files(paths, threshold)), encoding="utf-8")
    print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
