"""Speed of the crisis check, measured side by side with a naive baseline.

Run by hand: ``.venv/bin/python benchmarks/bench_safety.py``. Numbers go in
docs/safety.md. Times are CPU time of this process (``time.process_time``),
because the build machine is shared and wall-clock time mostly measures the
neighbours; start-up is measured in fresh interpreters, once with an empty
lexicon cache and once with a warm one. The baseline is one case-insensitive regex of 12 risk words
(what a minimal keyword filter costs), so the ratio says how much the
folding, negation, subject and idiom handling cost on the same machine at
the same moment; absolute times depend on the machine and its load.

A fixed pure-Python reference loop (``sum(range(1000))``, about 10 us on a
typical laptop, the same unit as ``bench_scorer.py``) is timed in the same
process, and each 100 KB figure is also given *normalised* to that laptop:
``ms * 10 us / reference``. The learned stage is timed apart (the phrase stage
alone via ``safety.analyse``, then the whole check).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ipt_trainer.core.safety import analyse, check_text  # noqa: E402
from ipt_trainer.core.safety_patterns import lexicon  # noqa: E402

BASELINE = re.compile(
    r"\b(suicid\w*|kill myself|want to die|end my life|self harm|cut myself|overdose|"
    r"hang myself|better off dead|no reason to live|kms|unalive)\b",
    re.IGNORECASE,
)
LABELLED = ROOT / "tests" / "data" / "crisis" / "labelled.jsonl"


def _best_of(repeats: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


REFERENCE_LAPTOP_US = 10.0


def _reference_us() -> float:
    """CPU microseconds for ``sum(range(1000))``, best of many: the machine's speed unit."""
    best = float("inf")
    for _ in range(30):
        start = time.process_time()
        for _ in range(200):
            sum(range(1000))
        best = min(best, (time.process_time() - start) / 200)
    return best * 1e6


def _at_least_100_kb(unit: str) -> str:
    """Whole copies only: cutting mid-sentence could create a phrase no text has."""
    return unit * (100_000 // len(unit) + 1)


_STARTUP = """
import time
t0 = time.process_time()
from pydantic import BaseModel, ConfigDict, Field  # noqa: F401
t1 = time.process_time()
from ipt_trainer.core.safety import check_text
t2 = time.process_time()
check_text("sure, I can ask him about it")
t3 = time.process_time()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def _startup(cache_dir: str) -> tuple[float, float, float]:
    """(import pydantic, import the check, first call) in a fresh interpreter."""
    env = {**os.environ, "IPT_TRAINER_CACHE_DIR": cache_dir}
    out = subprocess.run(
        [sys.executable, "-c", _STARTUP],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    first, second, third = (float(x) for x in out)
    return first, second, third


def main() -> int:
    with tempfile.TemporaryDirectory() as cache_dir:
        for label in ("empty cache", "warm cache", "warm cache"):
            pyd, imp, first = _startup(cache_dir)
            print(
                f"start-up ({label}): import pydantic {pyd * 1000:.0f} ms (the app has it "
                f"already), import check {imp * 1000:.0f} ms, first call {first * 1000:.0f} ms"
            )

    rows = [json.loads(line) for line in LABELLED.read_text("utf-8").splitlines()]
    texts = [row["text"] for row in rows]
    # Farewell words anywhere would give "tell her I'm sorry" (a grief line) its context.
    quiet = [r["text"] for r in rows if not r["risk"] and "bye" not in r["text"].lower()]
    start = time.process_time()
    lexicon()
    load = time.process_time() - start

    ours = _best_of(5, lambda: [check_text(t) for t in texts])
    base = _best_of(5, lambda: [BASELINE.search(t) for t in texts])
    print(f"lexicon() in this process (user cache): {load * 1000:.0f} ms")
    print(
        f"labelled set, {len(texts)} texts: {ours / len(texts) * 1e6:.0f} us/text, "
        f"{len(texts) / ours:.0f} texts/s; baseline {base / len(texts) * 1e6:.1f} us/text; "
        f"ratio {ours / base:.0f}x"
    )

    # Whole-text scans: only quiet texts, so neither check can stop at a first hit.
    samples = {
        "100 KB prose with stops": _at_least_100_kb(". ".join(quiet) + ". "),
        "100 KB no punctuation": _at_least_100_kb(" ".join(quiet).replace(".", " ") + " "),
        "100 KB non-ASCII (accents, emoji)": _at_least_100_kb(
            " ".join(quiet).replace("e", "é") + " 💀🙂 "
        ),
        "100 KB one long word": "a" * 100_000,
    }
    for name, text in samples.items():
        before = _reference_us()
        timings = [_best_of(1, partial(check_text, text)) for _ in range(3)]
        phrases = [_best_of(1, partial(analyse, text)) for _ in range(3)]
        baseline = _best_of(3, partial(BASELINE.search, text))
        reference = (before + _reference_us()) / 2
        median = statistics.median(timings)
        learned = max(0.0, median - statistics.median(phrases))
        print(
            f"{name}: {median * 1000:.0f} ms, of which learned stage ~{learned * 1000:.0f} ms "
            f"(baseline {baseline * 1000:.1f} ms); reference loop {reference:.1f} us -> "
            f"normalised {median * 1000 * REFERENCE_LAPTOP_US / reference:.0f} ms; "
            f"crisis={check_text(text).crisis}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
