"""The primary rows of shared/eval/PROTOCOL.md, computed from the public files.

Each function takes the records of one file (already filtered to a split)
and returns rows: metric, value, counts, a seeded group-bootstrap interval
for the headline figure, and the floor / human ceiling from the eval README
to read it against. The label mappings are the protocol's, fixed on dev.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ipt_trainer.core import evaluation as ev
from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.core.scoring import score_analysis
from ipt_trainer.core.scoring.features import analyse
from ipt_trainer.core.scoring.model import load

Record = dict[str, Any]


@dataclass(frozen=True)
class Row:
    """One reported figure."""

    row: str
    metric: str
    value: float
    n: int
    groups: int
    ci: tuple[float, float] | None = None
    floor: float | None = None
    ceiling: float | None = None
    note: str = ""


def half(rec: Record) -> str:
    """The fixed dev / holdout split of eval/README.md."""
    key = str(rec.get("labels", {}).get("_group", rec["id"]))
    return (
        "dev"
        if int(hashlib.sha1(key.encode("utf-8")).hexdigest()[-1], 16) % 2 == 0
        else ("holdout")
    )


def kind_of(name: str, first: Record) -> str | None:
    """Which evaluation a file gets, from its name or its label keys."""
    low = name.lower()
    for key in ("annomi", "epitome", "casino", "wikitactics", "politeness"):
        if key in low:
            return key
    labels = first.get("labels", {})
    if isinstance(labels, dict) and "assertiveness_style" in labels:
        return "rubric"
    if "risk" in first:
        return "crisis"
    return None


def _scored(
    recs: Sequence[Record], dispute: bool = False
) -> list[tuple[ReplyScore, dict[str, float]]]:
    """Scores plus assertiveness class probabilities (for the aggression signal)."""
    models = load()
    out = []
    for r in recs:
        reply = str(r.get("reply") or "").strip() or "…"
        an = analyse(reply[:20000], str(r.get("context") or "")[:20000])
        probs = models["assertiveness"].probabilities(an.vector)
        out.append((score_analysis(models, an, assume_dispute=dispute), probs))
    return out


def _ci(
    items: list[Any], groups: list[str], fn: Callable[[list[Any]], float], n: int
) -> tuple[float, float] | None:
    return ev.bootstrap_ci(items, groups, fn, n=n) if n > 0 else None


def _group(r: Record) -> str:
    return str(r.get("labels", {}).get("_group", r["id"]))


def _majority_f1(gold: list[Any], classes: list[Any]) -> float:
    top = Counter(gold).most_common(1)[0][0]
    return ev.macro_f1(gold, [top] * len(gold), classes)


def annomi(recs: Sequence[Record], boot: int) -> list[Row]:
    """L1: Spearman of active_listening with the proxy; macro-F1 of the level (4 and 3 classes)."""
    scored = _scored(recs)
    gold = [int(r["labels"]["_listening_proxy"]) for r in recs]
    score = [float(s.active_listening) for s, _ in scored]
    level = [s.listening_level for s, _ in scored]
    groups = [_group(r) for r in recs]
    ng = len(set(groups))
    items = list(zip(score, gold, strict=True))
    rho = ev.spearman(score, gold)
    m3 = [min(x, 2) for x in gold]
    p3 = [min(x, 2) for x in level]
    refl = [bool(r["labels"].get("reflection_exists")) for r in recs]
    rows = [
        Row(
            "L1 AnnoMI",
            "Spearman active_listening vs proxy",
            rho,
            len(recs),
            ng,
            _ci(
                items, groups, lambda it: ev.spearman([a for a, _ in it], [b for _, b in it]), boot
            ),
            0.0,
            0.80,
            "floor: no association",
        ),
        Row(
            "L1 AnnoMI",
            "macro-F1 level vs proxy (4 classes)",
            ev.macro_f1(gold, level, [0, 1, 2, 3]),
            len(recs),
            ng,
            None,
            _majority_f1(gold, [0, 1, 2, 3]),
            0.673,
            "floor: majority class",
        ),
        Row(
            "L1 AnnoMI",
            "macro-F1 level vs proxy (2+3 merged)",
            ev.macro_f1(m3, p3, [0, 1, 2]),
            len(recs),
            ng,
            None,
            _majority_f1(m3, [0, 1, 2]),
            None,
            "floor: majority class",
        ),
    ]
    if any(refl) and not all(refl):
        rows.append(
            Row(
                "L2 AnnoMI",
                "ROC-AUC reflection vs not",
                ev.roc_auc(score, refl),
                len(recs),
                ng,
                None,
                0.5,
                None,
            )
        )
    return rows


GENERIC_QUESTION_WORDS = 4
"""EPITOME's weak exploration is a generic prompt ("What happened?", "What's on your
mind?"); its strong one asks about something specific in the post, which takes more
words. Fixed on the dev half: 4 gave the best explorations macro-F1 there (2-6 words:
0.619-0.640), against 0.523 for "every question is strong"."""


def exploration_level(score: ReplyScore) -> int:
    """EPITOME explorations level (0-2) read from the reply's question evidence."""
    questions = [e.text for e in score.evidence if e.label in ("open question", "closed question")]
    if not questions:
        return 0
    generic = all(len(re.findall(r"[\w']+", q)) <= GENERIC_QUESTION_WORDS for q in questions)
    return 1 if generic else 2


def epitome(recs: Sequence[Record], boot: int) -> list[Row]:
    """L5: Spearman with the proxy; AUC for IP=2 vs 0 and EX>=1 vs 0; macro-F1 mappings."""
    recs = [r for r in recs if not r["labels"].get("_label_conflict")]
    scored = _scored(recs)
    gold = [int(r["labels"]["_listening_proxy"]) for r in recs]
    score = [float(s.active_listening) for s, _ in scored]
    groups = [_group(r) for r in recs]
    ng = len(set(groups))
    ip = [int(r["labels"]["interpretations"]["level"]) for r in recs]
    ex = [int(r["labels"]["explorations"]["level"]) for r in recs]
    ip_pairs = [(s, i == 2) for s, i in zip(score, ip, strict=True) if i in (0, 2)]
    items = list(zip(score, gold, strict=True))
    pred_ex = [exploration_level(s) for s, _ in scored]
    pred_ip = [
        2 if any(e.label.startswith("reflection") for e in s.evidence) else 0 for s, _ in scored
    ]
    return [
        Row(
            "L5 EPITOME",
            "Spearman active_listening vs proxy",
            ev.spearman(score, gold),
            len(recs),
            ng,
            _ci(
                items, groups, lambda it: ev.spearman([a for a, _ in it], [b for _, b in it]), boot
            ),
            0.0,
            None,
            "floor: no association",
        ),
        Row(
            "L5 EPITOME",
            "ROC-AUC interpretations 2 vs 0",
            ev.roc_auc([a for a, _ in ip_pairs], [b for _, b in ip_pairs]),
            len(ip_pairs),
            ng,
            None,
            0.5,
            None,
        ),
        Row(
            "L5 EPITOME",
            "ROC-AUC explorations >=1 vs 0",
            ev.roc_auc(score, [e >= 1 for e in ex]),
            len(recs),
            ng,
            None,
            0.5,
            None,
        ),
        Row(
            "L5 EPITOME",
            "macro-F1 explorations (generic q -> 1)",
            ev.macro_f1(ex, pred_ex, [0, 1, 2]),
            len(recs),
            ng,
            None,
            0.542,
            0.635,
            "floor: 'contains ?'; ceiling: supervised replication",
        ),
        Row(
            "L5 EPITOME",
            "macro-F1 interpretations (reflection -> 2)",
            ev.macro_f1(ip, pred_ip, [0, 1, 2]),
            len(recs),
            ng,
            None,
            0.231,
            0.697,
            "floor: majority; ceiling: supervised replication",
        ),
    ]


_WT_MAP = {
    "Suggesting a compromise": "compromise",
    "Conceding / recanting": "concede",
}


def _wt_class(labels: dict[str, Any]) -> str | None:
    found = {_WT_MAP[c] for c in labels.get("coordination_labels", []) if c in _WT_MAP}
    dh = labels.get("_dh_levels") or []
    if -1 in dh:
        found.add("bail-out")
    if any(d in (0, 1, 2, 3) for d in dh):
        found.add("competing")
    return found.pop() if len(found) == 1 else None


_MODE_TO_WT = {
    "compromising": "compromise",
    "accommodating": "concede",
    "avoiding": "bail-out",
    "competing": "competing",
    "collaborating": "other",
}


def wikitactics(recs: Sequence[Record], boot: int) -> list[Row]:
    """C1: macro-F1 over compromise / concede / bail-out / competing (a dispute is given)."""
    keep = [(r, c) for r in recs if (c := _wt_class(r["labels"])) is not None]
    scored = _scored([r for r, _ in keep], dispute=True)
    gold = [c for _, c in keep]
    pred = [_MODE_TO_WT.get(str(s.conflict_mode), "other") for s, _ in scored]
    classes = ["compromise", "concede", "bail-out", "competing"]
    groups = [_group(r) for r, _ in keep]
    items = list(zip(gold, pred, strict=True))
    conf = Counter(zip(gold, pred, strict=True))
    note = "confusion gold->pred: " + ", ".join(
        f"{g}->{p}:{n}" for (g, p), n in sorted(conf.items())
    )
    rows = [
        Row(
            "C1 WikiTactics",
            "macro-F1 (4 mapped classes)",
            ev.macro_f1(gold, pred, classes),
            len(gold),
            len(set(groups)),
            _ci(
                items,
                groups,
                lambda it: ev.macro_f1([a for a, _ in it], [b for _, b in it], classes),
                boot,
            ),
            _majority_f1(gold, classes),
            None,
            "floor: majority class; " + note,
        )
    ]
    for c in classes:
        tp = sum(1 for g, p in items if g == c and p == c)
        rows.append(
            Row(
                "C1 WikiTactics",
                f"recall / precision {c}",
                tp / max(1, gold.count(c)),
                gold.count(c),
                len(set(groups)),
                None,
                None,
                None,
                f"precision {tp / max(1, pred.count(c)):.3f} of {pred.count(c)}",
            )
        )
    return rows


def casino(recs: Sequence[Record], boot: int) -> list[Row]:
    """C5: AUC cooperative vs competitive; 3-way macro-F1 of the mapped mode."""
    scored = _scored(recs, dispute=True)
    orient = [str(r["labels"]["_orientation"]) for r in recs]
    score = [
        float(s.conflict_resolution if s.conflict_resolution is not None else 50) for s, _ in scored
    ]
    groups = [_group(r) for r in recs]
    pairs = [
        (s, o == "cooperative", g)
        for s, o, g in zip(score, orient, groups, strict=True)
        if o in ("cooperative", "competitive")
    ]
    uv = [
        (s, "uv-part" not in r["labels"]["strategies"])
        for s, r, o in zip(score, recs, orient, strict=True)
        if o == "cooperative" or "uv-part" in r["labels"]["strategies"]
    ]
    mapped = {
        "collaborating": "cooperative",
        "compromising": "cooperative",
        "competing": "competitive",
    }
    pred = [mapped.get(str(s.conflict_mode), "neither") for s, _ in scored]
    gold3 = [o if o in ("cooperative", "competitive") else "neither" for o in orient]
    items = [(a, b) for a, b, _ in pairs]
    return [
        Row(
            "C5 CaSiNo",
            "ROC-AUC conflict_resolution cooperative vs competitive",
            ev.roc_auc([a for a, _ in items], [b for _, b in items]),
            len(items),
            len({g for *_, g in pairs}),
            _ci(
                items,
                [g for *_, g in pairs],
                lambda it: ev.roc_auc([a for a, _ in it], [b for _, b in it]),
                boot,
            ),
            0.5,
            None,
        ),
        Row(
            "C5 CaSiNo",
            "ROC-AUC cooperative vs uv-part only",
            ev.roc_auc([a for a, _ in uv], [b for _, b in uv]),
            len(uv),
            len(set(groups)),
            None,
            0.5,
            None,
            "robustness: vouch-fair is mixed",
        ),
        Row(
            "C5 CaSiNo",
            "macro-F1 mapped mode vs orientation (3-way)",
            ev.macro_f1(gold3, pred, ["cooperative", "competitive", "neither"]),
            len(recs),
            len(set(groups)),
            None,
            _majority_f1(gold3, ["cooperative", "competitive", "neither"]),
            None,
            "floor: majority class",
        ),
    ]


def politeness(recs: Sequence[Record], boot: int, name: str) -> list[Row]:
    """A2: AUC of the aggression signal, impolite vs polite; Spearman with the politeness score."""
    scored = _scored(recs)
    aggr = [p.get("aggressive", 0.0) + p.get("passive_aggressive", 0.0) for _, p in scored]
    quart = [r["labels"].get("_quartile_label") for r in recs]
    pol = [float(r["labels"]["normalized_score"]) for r in recs]
    pairs = [
        (a, q == "impolite", str(r["id"]))
        for a, q, r in zip(aggr, quart, recs, strict=True)
        if q in ("impolite", "polite")
    ]
    items = [(a, b) for a, b, _ in pairs]
    ceiling = 0.588 if "wiki" in name else 0.444
    return [
        Row(
            f"A2 {name}",
            "ROC-AUC aggression, impolite vs polite",
            ev.roc_auc([a for a, _ in items], [b for _, b in items]),
            len(items),
            len(items),
            _ci(
                items,
                [g for *_, g in pairs],
                lambda it: ev.roc_auc([a for a, _ in it], [b for _, b in it]),
                boot,
            ),
            0.5,
            None,
        ),
        Row(
            f"A2 {name}",
            "Spearman aggression vs politeness (want negative)",
            ev.spearman(aggr, pol),
            len(recs),
            len(recs),
            None,
            0.0,
            -ceiling,
            "ceiling: single rater vs the rest",
        ),
    ]


def crisis(recs: Sequence[Record]) -> list[Row]:
    """Recall and false-alarm rate of the crisis check on {text|reply, risk} lines."""
    from ipt_trainer.core.safety import check_text

    hits = [
        (bool(r.get("risk")), check_text(str(r.get("text") or r.get("reply") or "")).crisis)
        for r in recs
    ]
    pos = [h for g, h in hits if g]
    neg = [h for g, h in hits if not g]
    return [
        Row("Crisis", "recall", sum(pos) / len(pos) if pos else float("nan"), len(pos), len(pos)),
        Row(
            "Crisis",
            "false-alarm rate",
            sum(neg) / len(neg) if neg else float("nan"),
            len(neg),
            len(neg),
        ),
    ]
