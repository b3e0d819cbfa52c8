"""Fit the scorer's weights on rubric-labelled replies and write ``weights.json``.

Run by hand: ``python -m ipt_trainer.core.scoring.fit [FILE ...] [--cv | --loso]``.
With no file it pools the rubric-labelled fixtures in ``tests/data/scoring/``
(``FIXTURES``): many situations and writers generalise better than one set's
wording. ``--loso`` fits on every file but one and scores the one left out, each in
turn: the design metric, because a set written by someone else is the nearest thing
to the unseen held-out set. ``--cv`` prints leave-contexts-out cross-validation (folds
by context). Neither writes anything.

No public file is fitted on (they are not labelled with the rubric), except AnnoMI's
dev half for listening when ``--annomi`` is given; holdout halves are never read.
Pure Python (no numpy), deterministic: same input, same weights.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from operator import mul
from pathlib import Path

from ipt_trainer.core.scoring import assertiveness, conflict, listening
from ipt_trainer.core.scoring.features import Analysis, analyse
from ipt_trainer.core.scoring.model import Linear, dumps
from ipt_trainer.core.scoring.ngrams import CONTEXT_PREFIX, PREFIX

WEIGHTS = Path(__file__).with_name("weights.json")
L2 = {"assertiveness": 0.0003, "listening": 0.0003, "conflict": 0.0003}
STEPS = 120
MIN_COUNT = 5
PRUNE = 0.02
SETTINGS: dict[str, float] = {"steps": STEPS, "step": 0.5}
ANNOMI_ROWS = 600
ANNOMI_WEIGHT = 0.5
"""AnnoMI dev turns together weigh this much relative to all rubric replies."""


REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared" / "eval"


FIXTURES = (
    "rubric-dev.jsonl",
    "rubric-extra.jsonl",
    "model-replies.jsonl",
    *(f"rubric-fresh-{x}.jsonl" for x in [*"abcdefghijklmnopqrstuvwxyz", "za", "zb", "zg", "zh"]),
)
"""Pooled fitting data: our rubric set, the extra rubric set (60 new situations), the
bundled scenarios' model replies with their author labels, and 30 rubric sets
(fresh-a to -z, -za, -zb, -zg, -zh) written independently by other writers, each
scored once as a never-fitted set before it joined."""


def default_files() -> list[Path]:
    """The rubric-labelled fixture files in ``tests/data/scoring/`` (those present)."""
    base = REPO / "tests" / "data" / "scoring"
    return [base / name for name in FIXTURES if (base / name).exists()]


SET_WEIGHT = {"model-replies.jsonl": 0.5}
"""Weight of each reply by source file (default 1). The scenarios' model replies were
labelled by one author, not to the rubric's letter (e.g. plain on-topic replies as
listening 1, trading turns as collaborating), so they count half."""


def load(paths: Sequence[Path]) -> list[dict[str, object]]:
    """Records with rubric labels (each remembers its weight as ``_weight``)."""
    out = []
    for p in paths:
        weight = SET_WEIGHT.get(p.name, 1.0)
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                if "assertiveness_style" in rec.get("labels", {}):
                    rec["_weight"] = weight
                    out.append(rec)
    return out


def _weight(rec: dict[str, object]) -> float:
    w = rec.get("_weight", 1.0)
    return float(w) if isinstance(w, int | float) else 1.0


def train(
    xs: list[dict[str, float]],
    ys: list[str],
    classes: Sequence[str],
    features: Sequence[str],
    l2: float,
    sample_weight: Sequence[float] | None = None,
    context_class: str | None = None,
) -> Linear:
    """Class-balanced, sample-weighted multinomial logistic regression; deterministic.

    With ``context_class``, words of the other person's line (``c:``) get a weight for
    that class only: every reply to one line shares those words, so they can tell
    whether a disagreement is in play ("none") but not which mode a reply takes. Left
    free, they learned mode weights anyway (pass 8: "your", "always", "?" in the
    other person's line pushed plain collaborating replies to "avoiding").

    Full-batch AdaGrad: each weight gets its own step size, so a word seen in twenty
    replies learns as surely as a cue seen in two thousand. Both passes per step run
    over the non-zero values only, row-wise for the logits and column-wise for the
    gradient, each inner sum made in C by ``map`` (a pure-Python fit of ten thousand
    features then takes about a minute, not an hour).
    """
    k, d = len(classes), len(features)
    index = {f: j for j, f in enumerate(features)}
    cidx = {c: i for i, c in enumerate(classes)}
    rows = [[(index[f], v) for f, v in x.items() if v and f in index] for x in xs]
    row_cols = [[j for j, _ in row] for row in rows]
    row_vals = [[v for _, v in row] for row in rows]
    col_rows: list[list[int]] = [[] for _ in range(d)]
    col_vals: list[list[float]] = [[] for _ in range(d)]
    for i, row in enumerate(rows):
        for j, v in row:
            col_rows[j].append(i)
            col_vals[j].append(v)
    sw = list(sample_weight) if sample_weight is not None else [1.0] * len(ys)
    counts = [max(1e-9, sum(w for y, w in zip(ys, sw, strict=True) if y == c)) for c in classes]
    n = sum(sw)
    cw = [n / (k * m) for m in counts]
    targets = [cidx[y] for y in ys]
    scales = [cw[t] * w / n for t, w in zip(targets, sw, strict=True)]
    w = [[0.0] * d for _ in range(k)]
    b = [0.0] * k
    sq = [[1e-8] * d for _ in range(k)]
    sqb = [1e-8] * k
    step = SETTINGS["step"]
    free = [
        [
            j
            for j, f in enumerate(features)
            if context_class in (None, cls) or not f.startswith(CONTEXT_PREFIX)
        ]
        for cls in classes
    ]
    for _ in range(int(SETTINGS["steps"])):
        logits = [
            [
                bc + sum(map(mul, map(wc.__getitem__, cols), vals))
                for cols, vals in zip(row_cols, row_vals, strict=True)
            ]
            for wc, bc in zip(w, b, strict=True)
        ]
        resid: list[list[float]] = [[0.0] * len(rows) for _ in range(k)]
        for i, t in enumerate(targets):
            zs = [logits[c][i] for c in range(k)]
            top = max(zs)
            ex = [math.exp(z - top) for z in zs]
            tot = sum(ex)
            s = scales[i]
            for c in range(k):
                resid[c][i] = (ex[c] / tot - (1.0 if c == t else 0.0)) * s
        for c in range(k):
            rc, wc, qc = resid[c], w[c], sq[c]
            for j in free[c]:
                g = sum(map(mul, map(rc.__getitem__, col_rows[j]), col_vals[j])) + 2 * l2 * wc[j]
                qc[j] += g * g
                wc[j] -= step * g / math.sqrt(qc[j])
            gb = sum(rc)
            sqb[c] += gb * gb
            b[c] -= step * gb / math.sqrt(sqb[c])
    return Linear(tuple(classes), tuple(features), tuple(b), tuple(tuple(r) for r in w))


def _targets(recs: list[dict[str, object]]) -> tuple[list[str], list[str], list[str | None]]:
    sty, lis, con = [], [], []
    for r in recs:
        lab = r["labels"]
        assert isinstance(lab, dict)
        sty.append(str(lab["assertiveness_style"]))
        lis.append(str(lab["listening_level"]))
        con.append(lab.get("conflict_mode"))
    return sty, lis, con


def annomi_dev(limit: int = ANNOMI_ROWS) -> list[dict[str, object]]:
    """Therapist turns from the AnnoMI **dev** half, as extra listening examples.

    AnnoMI's expert codes (reflection, open/closed question, input) are the closest
    public match to listening_level; only the dev half is read, never the holdout.
    A fixed, hash-ordered sample keeps fitting fast and deterministic.
    """
    import hashlib

    path = SHARED / "annomi_therapist.jsonl"
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        key = str(rec["labels"].get("_group", rec["id"]))
        if int(hashlib.sha1(key.encode()).hexdigest()[-1], 16) % 2 != 0 or not rec["reply"]:
            continue
        rows.append((hashlib.sha1(("fit:" + rec["id"]).encode()).hexdigest(), rec))
    rows.sort(key=lambda t: t[0])
    return [
        {
            "id": r["id"],
            "reply": r["reply"],
            "context": r["context"],
            "listening": str(r["labels"]["_listening_proxy"]),
        }
        for _, r in rows[:limit]
    ]


def vocabulary(
    named: Sequence[str], xs: Sequence[dict[str, float]], prefixes: tuple[str, ...] = (PREFIX,)
) -> tuple[str, ...]:
    """The named cue features, then the words (of the given kinds: the reply's n-grams,
    the context's words) found in ``MIN_COUNT`` or more replies.

    Why the floor: a word pair seen once or twice is one writer's wording, not the
    rubric's; it would cost file size and teach nothing that carries to new writers.
    """
    seen: dict[str, int] = {}
    for x in xs:
        for name in x:
            if name.startswith(prefixes):
                seen[name] = seen.get(name, 0) + 1
    return tuple(named) + tuple(sorted(n for n, c in seen.items() if c >= MIN_COUNT))


def prune(model: Linear, floor: float = PRUNE) -> Linear:
    """The model without the words whose every weight is below ``floor``.

    Why: about one fitted word in eight moves no class by even 0.02 in log-odds
    (a word that every style uses alike); dropping them keeps ``weights.json`` and the
    first score's load time small and changes no label on the fitting sets' scale.
    Named cue features are always kept, so the file still lists every cue.
    """
    keep = [
        j
        for j, f in enumerate(model.features)
        if not f.startswith((PREFIX, CONTEXT_PREFIX))
        or max(abs(ws[j]) for ws in model.weights) >= floor
    ]
    return Linear(
        model.classes,
        tuple(model.features[j] for j in keep),
        model.bias,
        tuple(tuple(ws[j] for j in keep) for ws in model.weights),
    )


def fit_all(
    recs: list[dict[str, object]],
    cache: dict[str, Analysis] | None = None,
    extra_listening: list[dict[str, object]] | None = None,
) -> dict[str, Linear]:
    """The three models fitted on ``recs`` (analyses reused from ``cache`` by id)."""
    xs = [_analysis(r, cache).vector for r in recs]
    sty, lis, con = _targets(recs)
    extra = extra_listening or []
    lx = xs + [_analysis(r, cache).vector for r in extra]
    ly = lis + [str(r["listening"]) for r in extra]
    ws = [_weight(r) for r in recs]
    lw = ws + [ANNOMI_WEIGHT * len(xs) / max(1, len(extra))] * len(extra)
    models = {
        "assertiveness": train(
            xs,
            sty,
            assertiveness.CLASSES,
            vocabulary(assertiveness.FEATURES, xs),
            L2["assertiveness"],
            sample_weight=ws,
        ),
        "listening": train(
            lx,
            ly,
            listening.CLASSES,
            vocabulary(listening.FEATURES, lx),
            L2["listening"],
            sample_weight=lw,
        ),
        "conflict": train(
            xs,
            [conflict.NONE if c is None else str(c) for c in con],
            conflict.CLASSES,
            vocabulary(conflict.FEATURES, xs, (PREFIX, CONTEXT_PREFIX)),
            L2["conflict"],
            sample_weight=ws,
            context_class=conflict.NONE,
        ),
    }
    return {name: prune(m) for name, m in models.items()}


def _analysis(rec: dict[str, object], cache: dict[str, Analysis] | None) -> Analysis:
    key = str(rec.get("id")) + "\x00" + str(rec["reply"])
    if cache is not None and key in cache:
        return cache[key]
    an = analyse(str(rec["reply"]), str(rec.get("context", "")))
    if cache is not None:
        cache[key] = an
    return an


def cross_validate(
    recs: list[dict[str, object]], folds: int = 10, use_annomi: bool = False
) -> dict[str, float]:
    """Leave-contexts-out CV: every context's replies land in the same fold."""
    from ipt_trainer.core import evaluation
    from ipt_trainer.core.scoring import score_analysis

    contexts = sorted({str(r["context"]) for r in recs})
    fold_of = {c: i % folds for i, c in enumerate(contexts)}
    cache: dict[str, Analysis] = {}
    extra = annomi_dev() if use_annomi else []
    preds: list[tuple[dict[str, object], object]] = []
    for f in range(folds):
        train_recs = [r for r in recs if fold_of[str(r["context"])] != f]
        test_recs = [r for r in recs if fold_of[str(r["context"])] == f]
        models = fit_all(train_recs, cache, extra)
        for r in test_recs:
            preds.append((r, score_analysis(models, _analysis(r, cache))))
    rows = [(r, s) for r, s in preds]
    return evaluation.rubric_metrics(rows)  # type: ignore[arg-type]


def leave_one_set_out(
    files: Sequence[Path], errors: Path | None = None
) -> dict[str, dict[str, float]]:
    """Fit on all files but one, score the one left out; every file in turn.

    This is the design metric for generalisation: a set written by another person
    (other situations, other wording) is never seen while fitting. With ``errors``,
    the held-out predictions that disagree with gold are written there as JSONL.
    """
    from ipt_trainer.core import evaluation
    from ipt_trainer.core.scoring import score_analysis

    sets = {p.name: load([p]) for p in files}
    cache: dict[str, Analysis] = {}
    out: dict[str, dict[str, float]] = {}
    wrong: list[str] = []
    for name, test_recs in sets.items():
        train_recs = [r for other, rs in sets.items() if other != name for r in rs]
        models = fit_all(train_recs, cache)
        rows = [(r, score_analysis(models, _analysis(r, cache))) for r in test_recs]
        out[name] = evaluation.rubric_metrics(rows)
        for r, s in rows:
            lab = r["labels"]
            assert isinstance(lab, dict)
            pred = {
                "assertiveness_style": s.assertiveness_style,
                "listening_level": s.listening_level,
                "conflict_mode": s.conflict_mode,
            }
            if any(lab.get(k) != v for k, v in pred.items()):
                wrong.append(json.dumps({"set": name, **r, "pred": pred}, ensure_ascii=False))
    if errors is not None:
        errors.write_text("\n".join(wrong) + "\n", encoding="utf-8")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Fit (or cross-validate) and report."""
    ap = argparse.ArgumentParser(prog="python -m ipt_trainer.core.scoring.fit")
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--cv", action="store_true", help="cross-validate by context; write nothing")
    ap.add_argument(
        "--loso",
        action="store_true",
        help="leave-one-set-out: fit on the other files, score each file in turn; writes nothing",
    )
    ap.add_argument("--errors", type=Path, help="with --loso: write held-out misses here (JSONL)")
    ap.add_argument("--l2", type=float, default=1.0, help="scale the L2 penalties (tuning)")
    ap.add_argument("--steps", type=int, default=STEPS, help="gradient steps (tuning)")
    ap.add_argument(
        "--annomi",
        action="store_true",
        help="also fit listening on AnnoMI dev-half turns (from ../shared, when present)",
    )
    args = ap.parse_args(argv)
    files = list(args.files) or default_files()
    if not files:
        print("no rubric file found", file=sys.stderr)
        return 1
    recs = load(files)
    SETTINGS["steps"] = args.steps
    for key in L2:
        L2[key] *= args.l2
    if args.loso:
        res = leave_one_set_out(files, args.errors)
        keys = [k for k in next(iter(res.values())) if not k.endswith("_pairs")]
        print(f"{'held out':22}" + "".join(f"{k[:14]:>15}" for k in keys))
        for name, m in res.items():
            print(f"{name:22}" + "".join(f"{m[k]:15.3f}" for k in keys))
        return 0
    if args.cv:
        for key, val in cross_validate(recs, use_annomi=args.annomi).items():
            print(f"{key:32} {val:.3f}")
        return 0
    extra = annomi_dev() if args.annomi else []
    models = fit_all(recs, None, extra)
    payload: dict[str, object] = {
        "about": "Fitted by python -m ipt_trainer.core.scoring.fit on "
        + ", ".join(p.name for p in files)
        + f" ({len(recs)} replies)"
        + (f" + {len(extra)} AnnoMI dev-half turns for listening." if extra else "."),
        "models": {k: m.to_json() for k, m in models.items()},
    }
    tmp = WEIGHTS.with_suffix(".json.tmp")
    tmp.write_text(dumps(payload), encoding="utf-8")
    tmp.replace(WEIGHTS)  # atomic: an interrupted fit never leaves a half-written file
    print(f"wrote {WEIGHTS} from {len(recs)} replies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
