"""Regenerate ``tests/data/scoring/shapes-pinned.jsonl``: what ``shapes.py`` says, pinned.

Run by hand, and only on purpose (after a deliberate change to a sentence-shape rule),
then read the diff: every changed line is a reply the rule now reads differently::

    .venv/bin/python tests/core/make_shapes_pinned.py
    .venv/bin/python tests/core/make_shapes_pinned.py --add "Sorry for breathing." [--context ...]

The replies are the file's own (each line keeps its ``reply`` and ``context``); this
script reads each one the way ``features.analyse`` does and rewrites the inputs
``shapes.py`` receives (token forms and starts, sentences, reflection starts) and
what it returns. ``test_scoring_split.py`` replays the pinned inputs, so only a
change in ``shapes.py`` itself can fail it; a tokenizer change does not, until
the file is regenerated.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ipt_trainer.core.scoring import lexicon, shapes
from ipt_trainer.core.scoring.features import analyse

PINNED = Path(__file__).resolve().parents[1] / "data" / "scoring" / "shapes-pinned.jsonl"


def pin(case_id: str, reply: str, context: str) -> dict[str, Any]:
    """One line of the file: the reply, the inputs ``shapes.py`` gets, and its answers."""
    an = analyse(reply, context)
    toks = lexicon.tokenize(an.norm)
    forms = lexicon.token_forms(toks)
    is_word = [f[:1].isalnum() for f in forms]
    tok_starts = [t.start for t in toks]
    reflections = [r.span[0] for r in an.reflections]
    found = shapes.shapes(forms, is_word, tok_starts, an.sentences, reflections)
    if found != an.shape:  # the pinned inputs must be the ones the scorer uses
        raise SystemExit(f"{case_id}: inputs differ from features.analyse; update this script")
    return {
        "id": case_id,
        "reply": reply,
        "context": context,
        "forms": forms,
        "tok_starts": tok_starts,
        "sentences": [[s.start, s.end, s.kind] for s in an.sentences],
        "reflections": reflections,
        "expected": {
            "shapes": found,
            "promises": shapes.promises(forms),
            "accepts": shapes.accepts(forms),
        },
    }


def main() -> None:
    """Rewrite every pinned line from the current code; optionally add new replies."""
    parser = argparse.ArgumentParser(description="Regenerate the pinned shapes fixture.")
    parser.add_argument("--add", action="append", default=[], metavar="REPLY")
    parser.add_argument("--context", default="", help="the context for the --add replies")
    options = parser.parse_args()
    cases = [json.loads(line) for line in PINNED.read_text(encoding="utf-8").splitlines()]
    rows = [pin(c["id"], c["reply"], c["context"]) for c in cases]
    for n, reply in enumerate(options.add, start=len(rows) + 1):
        rows.append(pin(f"added-{n:03d}", reply, options.context))
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    PINNED.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} pinned replies to {PINNED}")


if __name__ == "__main__":
    main()
