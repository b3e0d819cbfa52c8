"""Scorer speed, run by hand: ``python benchmarks/bench_scorer.py``.

Prints throughput on typical replies, per-reply p50/p99 latency, the time for
one 50,000-character paste, and the import time of the scorer package (with
its dependencies pydantic and core.scores already loaded, as in the app).
A pure-Python reference loop is timed side by side so the figures can be
read as ratios on any machine. Results go in docs/performance.md ("Scorer").

To compare two versions side by side, copy the old package somewhere with its
imports renamed (``ipt_trainer.core.scoring`` -> ``scoring_old``) and run
``python benchmarks/bench_scorer.py --module scoring_old --path /tmp/old``
alternately with the plain command; or ``--against scoring_old --path /tmp/old``
to time both in one process, interleaved reply by reply (the steadier ratio;
``--rounds 20`` steadies it further on a busy machine).
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "data" / "scoring"


def _reference_us() -> float:
    """Microseconds for a fixed pure-Python loop: the machine's speed unit."""
    best = float("inf")
    for _ in range(20):
        t = time.perf_counter()
        sum(range(1000))
        best = min(best, time.perf_counter() - t)
    return best * 1e6


def _pairs() -> list[tuple[str, str]]:
    out = []
    for name in ("rubric-dev.jsonl", "golden.jsonl"):
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out.append((r["reply"], r["context"]))
    return out


def _import_ms(module: str, path: str | None) -> float:
    setup = f"import sys; sys.path.insert(0, {path!r}); " if path else ""
    code = (
        f"{setup}import time, ipt_trainer.core.scores as _s; t=time.perf_counter(); "
        f"import {module} as m; m.score_reply('warm up', ''); "
        "print((time.perf_counter()-t)*1000)"
    )
    code_import_only = (
        f"{setup}import time, ipt_trainer.core.scores as _s; t=time.perf_counter(); "
        f"import {module}; print((time.perf_counter()-t)*1000)"
    )
    runs = [
        float(subprocess.check_output([sys.executable, "-c", code_import_only]).strip())
        for _ in range(5)
    ]
    first = [float(subprocess.check_output([sys.executable, "-c", code]).strip()) for _ in range(3)]
    print(f"import {module}: median {statistics.median(runs):.1f} ms")
    print(
        f"import + first reply (loads lexicons and weights): "
        f"median {statistics.median(first):.1f} ms"
    )
    return statistics.median(runs)


def _side_by_side(new_name: str, old_name: str, rounds: int) -> None:
    """Both versions in one process, interleaved reply by reply: each reply's best CPU time."""
    pairs = _pairs()
    fns = [importlib.import_module(n).score_reply for n in (old_name, new_name)]
    for f in fns:
        f("warm up", "")
    best = [[float("inf")] * len(pairs) for _ in fns]
    for rnd in range(rounds):
        order = (0, 1) if rnd % 2 == 0 else (1, 0)
        for i, (reply, ctx) in enumerate(pairs):
            for k in order:
                t = time.thread_time()
                fns[k](reply, ctx)
                best[k][i] = min(best[k][i], time.thread_time() - t)
    old, new = (sum(b) / len(b) for b in best)
    print(
        f"side by side, best of {rounds} per reply, CPU: {old_name} {old * 1e6:.0f} us, "
        f"{new_name} {new * 1e6:.0f} us per reply: new is {old / new:.3f}x the old speed"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Scorer speed (run by hand).")
    parser.add_argument("--module", default="ipt_trainer.core.scoring", help="scorer to time")
    parser.add_argument("--path", help="folder to put first on sys.path (for a renamed copy)")
    parser.add_argument("--against", metavar="MODULE", help="also time this one, interleaved")
    parser.add_argument(
        "--rounds", type=int, default=10, help="rounds of the side-by-side run (default 10)"
    )
    args = parser.parse_args()
    if args.path:
        sys.path.insert(0, args.path)
    score_reply = importlib.import_module(args.module).score_reply

    ref = _reference_us()
    pairs = _pairs()
    score_reply("warm up", "")
    n_chars = statistics.mean(len(r) for r, _ in pairs)
    rounds = 10
    # Throughput: the scorer alone. (Until run 9 this loop also timed the per-reply clock
    # reads and the reference loop below, which cost about a tenth of a reply each.)
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(rounds):
        for reply, ctx in pairs:
            score_reply(reply, ctx)
    total = time.perf_counter() - t0
    cpu = time.process_time() - c0
    lat: list[float] = []
    best = [float("inf")] * len(pairs)
    ref_cpu = float("inf")
    for _ in range(rounds):
        for i, (reply, ctx) in enumerate(pairs):
            t = time.thread_time()
            score_reply(reply, ctx)
            d = time.thread_time() - t
            lat.append(d)
            best[i] = min(best[i], d)
            t = time.thread_time()
            sum(range(1000))
            ref_cpu = min(ref_cpu, time.thread_time() - t)
    lat.sort()
    rate = len(lat) / total
    p50 = lat[len(lat) // 2] * 1000
    p99 = lat[int(len(lat) * 0.99)] * 1000
    big = ("You never listen to me and I feel hurt when plans change. " * 900)[:50_000]
    times = []
    for _ in range(5):
        t = time.process_time()
        score_reply(big, "What's wrong now?")
        times.append(time.process_time() - t)
    print(f"reference loop sum(range(1000)): {ref:.1f} us (typical laptop ~10 us)")
    print(f"typical replies: {len(lat)} scored, mean {n_chars:.0f} chars")
    print(f"throughput: {rate:,.0f} replies/s wall, {len(lat) / cpu:,.0f} replies/s CPU (one core)")
    # On a shared machine the mean drifts with other jobs; each reply's best of the rounds,
    # read against the reference loop timed in between, is the steadier figure.
    per_reply = sum(best) / len(best)
    print(
        f"steady figure: {1 / per_reply:,.0f} replies/s CPU from each reply's best of "
        f"{rounds} = {per_reply / ref_cpu:.1f} reference loops per reply "
        f"(reference loop {ref_cpu * 1e6:.1f} us CPU, best of one after each reply)"
    )
    print(f"latency (CPU time per reply): p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    print(f"50,000-character paste: median {statistics.median(times) * 1000:.1f} ms CPU")
    _import_ms(args.module, args.path)
    if args.against:
        _side_by_side(args.module, args.against, args.rounds)


if __name__ == "__main__":
    main()
