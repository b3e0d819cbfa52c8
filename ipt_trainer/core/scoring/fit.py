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
from dataclasses import replace
from pathlib import Path

from ipt_trainer.core.scoring import assertiveness, conflict, dispute, listening
from ipt_trainer.core.scoring.features import Analysis, analyse
from ipt_trainer.core.scoring.model import Linear

WEIGHTS = Path(__file__).with_name("weights.json")
GATE = Path(__file__).with_name("dispute.json")
L2 = {"assertiveness": 0.001, "listening": 0.002, "conflict": 0.01, "dispute": 0.01}
STEPS = 400
SETTINGS = {"steps": STEPS}
ANNOMI_ROWS = 600
ANNOMI_WEIGHT = 0.5
"""AnnoMI dev turns together weigh this much relative to all rubric replies."""


REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared" / "eval"


FIXTURES = (
    "rubric-dev.jsonl",
    "rubric-extra.jsonl",
    "model-replies.jsonl",
    "rubric-fresh-b.jsonl",
    "rubric-fresh-c.jsonl",
    "rubric-fresh-d.jsonl",
    "rubric-fresh-g.jsonl",
)
"""Pooled fitting data: our rubric set, the extra rubric set (60 new situations), the
bundled scenarios' model replies with their author labels, and four rubric sets
written independently by other people (fresh-b, -c, -d, -g). Set e stays held out."""


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
    steps: int = STEPS,
    sample_weight: Sequence[float] | None = None,
) -> Linear:
    """Class-balanced, sample-weighted multinomial logistic regression (full-batch GD)."""
    k, d = len(classes), len(features)
    cidx = {c: i for i, c in enumerate(classes)}
    rows = [[(j, x[f]) for j, f in enumerate(features) if x.get(f)] for x in xs]
    sw = list(sample_weight) if sample_weight is not None else [1.0] * len(ys)
    counts = [max(1e-9, sum(w for y, w in zip(ys, sw, strict=True) if y == c)) for c in classes]
    cw = [sum(sw) / (k * n) for n in counts]
    w = [[0.0] * d for _ in range(k)]
    b = [0.0] * k
    vw = [[0.0] * d for _ in range(k)]
    vb = [0.0] * k
    lr, mom = 0.5, 0.9
    n = sum(sw)
    for _ in range(steps or SETTINGS["steps"]):
        gw = [[2 * l2 * w[c][j] for j in range(d)] for c in range(k)]
        gb = [0.0] * k
        for row, y, wt in zip(rows, ys, sw, strict=True):
            logits = [b[c] + sum(w[c][j] * v for j, v in row) for c in range(k)]
            top = max(logits)
            ex = [math.exp(z - top) for z in logits]
            tot = sum(ex)
            yi = cidx[y]
            scale = cw[yi] * wt / n
            for c in range(k):
                g = (ex[c] / tot - (1.0 if c == yi else 0.0)) * scale
                gb[c] += g
                for j, v in row:
                    gw[c][j] += g * v
        for c in range(k):
            vb[c] = mom * vb[c] - lr * gb[c]
            b[c] += vb[c]
            for j in range(d):
                vw[c][j] = mom * vw[c][j] - lr * gw[c][j]
                w[c][j] += vw[c][j]
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
    disputed = [(x, c, w) for x, c, w in zip(xs, con, ws, strict=True) if c is not None]
    models = {
        "assertiveness": train(
            xs,
            sty,
            assertiveness.CLASSES,
            assertiveness.FEATURES,
            L2["assertiveness"],
            sample_weight=ws,
        ),
        "listening": train(
            lx, ly, listening.CLASSES, listening.FEATURES, L2["listening"], sample_weight=lw
        ),
        "conflict": train(
            [x for x, _, _ in disputed],
            [str(c) for _, c, _ in disputed],
            conflict.CLASSES,
            conflict.FEATURES,
            L2["conflict"],
            sample_weight=[w for _, _, w in disputed],
        ),
    }
    models["conflict"] = replace(models["conflict"], gate=fit_gate(recs))
    return models


def fit_gate(recs: list[dict[str, object]]) -> Linear:
    """The per-context "is a disagreement in play" stage (``dispute.py``).

    One row per context (the rubric labels disagreement per context): the majority of
    its replies' labels, weighted by their summed weights. Fitted class-balanced, so the
    threshold is the weighted share of no-disagreement contexts (the prior taken out).
    Replies with no context are left to the reply-only rule.
    """
    rows: dict[str, list[float]] = {}
    for r in recs:
        ctx = str(r.get("context", ""))
        if not ctx.strip():
            continue
        lab = r["labels"]
        assert isinstance(lab, dict)
        tally = rows.setdefault(ctx, [0.0, 0.0])
        tally[0 if lab.get("conflict_mode") is None else 1] += _weight(r)
    contexts = sorted(rows)
    xs = [dict(dispute.context_features(c)) for c in contexts]
    ys = [dispute.CLASSES[0] if rows[c][0] > rows[c][1] else dispute.CLASSES[1] for c in contexts]
    ws = [sum(rows[c]) for c in contexts]
    gate = train(xs, ys, dispute.CLASSES, dispute.FEATURES, L2["dispute"], sample_weight=ws)
    none_share = sum(w for y, w in zip(ys, ws, strict=True) if y == dispute.CLASSES[0]) / sum(ws)
    return replace(gate, threshold=round(none_share, 4))


def gate_json(gate: Linear, files: Sequence[Path]) -> str:
    """The text of ``dispute.json`` (compared byte for byte by the refit test)."""
    payload = {
        "about": "Dispute gate fitted by python -m ipt_trainer.core.scoring.fit on "
        + ", ".join(p.name for p in files)
        + ". P(dispute) >= threshold means a disagreement is in play.",
        "threshold": gate.threshold,
        "model": gate.to_json(),
    }
    return json.dumps(payload, indent=1) + "\n"


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
    ap.add_argument(
        "--gate", action="store_true", help="refit only the dispute gate (dispute.json)"
    )
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
    if args.gate:
        GATE.write_text(gate_json(fit_gate(recs), files), encoding="utf-8")
        print(f"wrote {GATE} from {len(recs)} replies")
        return 0
    extra = annomi_dev() if args.annomi else []
    models = fit_all(recs, None, extra)
    payload = {
        "about": "Fitted by python -m ipt_trainer.core.scoring.fit on "
        + ", ".join(p.name for p in files)
        + f" ({len(recs)} replies)"
        + (f" + {len(extra)} AnnoMI dev-half turns for listening." if extra else "."),
        "models": {k: m.to_json() for k, m in models.items()},
    }
    gate = models["conflict"].gate
    assert gate is not None
    for path, body in (
        (WEIGHTS, json.dumps(payload, indent=1) + "\n"),
        (GATE, gate_json(gate, files)),
    ):
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)  # atomic: an interrupted fit never leaves a half-written file
    print(f"wrote {WEIGHTS} and {GATE.name} from {len(recs)} replies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
