"""Benchmark the progress store: progress on 100,000 replies, size, commit latency.

Run by hand (not part of the tests):

    .venv/bin/python benchmarks/bench_store.py [--replies 100000] [--write-docs]

Builds a store in a temporary folder: a sample of replies goes through
``record_reply`` (one committed transaction each, as the app does) to time
commits; the rest is bulk-inserted with the same row shape to save time.
Replies carry realistic score JSON (evidence spans and feedback tips).
With ``--write-docs`` the "Store" section of docs/performance.md is replaced.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ipt_trainer.cli.progress import render_summary
from ipt_trainer.core.progress import ProgressInputs, buckets_from_replies, summarise
from ipt_trainer.core.scores import Evidence, ReplyScore, Tip
from ipt_trainer.store import SqliteStore
from ipt_trainer.store.convert import dump_json, iso

DIRECT_SQL = """
SELECT CAST(strftime('%s', created_at) AS INTEGER) / 900 AS q, count(*),
       count(assertiveness), sum(assertiveness), max(assertiveness),
       count(active_listening), sum(active_listening), max(active_listening),
       count(conflict_resolution), sum(conflict_resolution), max(conflict_resolution)
FROM replies GROUP BY q ORDER BY q
"""
"""What progress would cost without the ``reply_quarters`` roll-up (for comparison)."""
DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
REPLIES_PER_SESSION = 10
CONTEXT = "You never plan anything."
TEXT = "I feel worried when the rent is late, because I need us to plan together. Could we?"


def make_score(rng: random.Random) -> ReplyScore:
    conflict = rng.choice([None, rng.randint(0, 100)])
    return ReplyScore(
        assertiveness=rng.randint(0, 100),
        assertiveness_style="assertive",
        active_listening=rng.randint(0, 100),
        listening_level=rng.randint(0, 3),
        conflict_resolution=conflict,
        conflict_mode=None if conflict is None else "collaborating",
        evidence=(
            Evidence(
                start=0,
                end=12,
                text="I feel worried",
                label="I-statement",
                skill="assertiveness",
                polarity="strength",
            ),
            Evidence(
                start=70,
                end=83,
                text="Could we?",
                label="open question",
                skill="active_listening",
                polarity="strength",
            ),
        ),
        feedback=(
            Tip(
                skill="active_listening",
                quote="Could we?",
                message="Reflect what they said before asking.",
                suggestion="It sounds like money is tight this month. Could we plan together?",
            ),
        ),
    )


def timed(action: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Median wall time in ms, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _score_row(score: ReplyScore) -> tuple[Any, ...]:
    return (
        dump_json(score.model_dump(mode="json")),
        score.assertiveness,
        score.assertiveness_style,
        score.active_listening,
        score.listening_level,
        score.conflict_resolution,
        score.conflict_mode,
    )


def build(folder: Path, total: int, sampled: int) -> tuple[SqliteStore, list[float]]:
    """The first ``sampled`` replies go through the store's API (timed); the rest in bulk."""
    rng = random.Random(7)
    moment = [datetime(2024, 12, 1, 18, 0, tzinfo=UTC)]
    per_day = max(1, total // REPLIES_PER_SESSION // 730)

    def clock() -> datetime:
        moment[0] += timedelta(minutes=1)
        return moment[0]

    store = SqliteStore(folder, clock=clock)
    latencies: list[float] = []
    sessions: list[tuple[Any, ...]] = []
    replies: list[tuple[Any, ...]] = []
    written = 0
    index = 0
    while written < total:
        if index % per_day == 0:
            moment[0] = moment[0].replace(hour=18, minute=0) + timedelta(days=1)
        index += 1
        area = rng.choice(["grief", "role_dispute", "role_transition", None])
        outcome = rng.choice(["repaired", "partial"])
        turns = min(REPLIES_PER_SESSION, total - written)
        if written < sampled:
            sid = store.start_session(
                scenario_id=f"scenario_{index % 12}",
                scenario_version=1,
                scenario_hash="h" * 64,
                title="Bench",
                seed=index,
                problem_area=area,
            ).id
            for turn in range(turns):
                score = make_score(rng)
                start = time.perf_counter()
                store.record_reply(
                    sid,
                    turn=turn,
                    node="n",
                    text=TEXT,
                    source="typed",
                    context=CONTEXT,
                    score=score,
                )
                latencies.append((time.perf_counter() - start) * 1000)
            store.finish_session(sid, ending="end", outcome=outcome)
        else:
            sid = uuid.uuid4().hex
            started = iso(clock())
            for turn in range(turns):
                replies.append(
                    (
                        sid,
                        turn,
                        "n",
                        CONTEXT,
                        TEXT,
                        "typed",
                        *_score_row(make_score(rng)),
                        iso(clock()),
                    )
                )
            sessions.append(
                (
                    sid,
                    f"scenario_{index % 12}",
                    1,
                    "h" * 64,
                    "Bench",
                    area,
                    index,
                    started,
                    iso(clock()),
                    "end",
                    outcome,
                    "finished",
                )
            )
        written += turns

    def bulk(conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT INTO sessions (id, scenario_id, scenario_version, scenario_hash, title, "
            "problem_area, seed, started_at, ended_at, ending, outcome, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        conn.executemany(
            "INSERT INTO replies (session_id, turn, node, context, text, source, scores, "
            "assertiveness, assertiveness_style, active_listening, listening_level, "
            "conflict_resolution, conflict_mode, created_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            replies,
        )

    store._db.transaction(bulk)
    return store, latencies


def cpu_baseline_ms() -> float:
    """A fixed pure-Python loop, so readers can scale the numbers to their machine."""
    return timed(lambda: sum(i * i for i in range(1_000_000)), repeat=3)[0]


def cpu_pairs(action: Callable[[], Any], rounds: int = 5) -> tuple[float, float, float]:
    """Median wall ms, CPU ms (``time.process_time``) and CPU / baseline ratio, each round
    timed right after the baseline loop so both see the same machine load."""
    walls, cpus, ratios = [], [], []
    for _ in range(rounds):
        began = time.process_time()
        sum(i * i for i in range(1_000_000))
        base = time.process_time() - began
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        cpu = time.process_time() - cpu
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append(cpu * 1000)
        ratios.append(cpu / base if base else 0.0)
    return statistics.median(walls), statistics.median(cpus), statistics.median(ratios)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(total: int, sampled: int, with_records: bool) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        build_start = time.perf_counter()
        store, latencies = build(folder, total, sampled)
        build_s = time.perf_counter() - build_start
        store._db.query("PRAGMA wal_checkpoint(TRUNCATE)")
        size = store.path.stat().st_size
        store.close()
        baseline = cpu_baseline_ms()
        today = date(2026, 12, 1)
        open_ms, _ = timed(lambda: SqliteStore(folder).close(), repeat=3)
        store = SqliteStore(folder)
        inputs_ms, inputs = timed(store.progress_inputs)
        summarise_ms, summary = timed(lambda: summarise(inputs, today, UTC))
        progress_ms, _ = timed(lambda: summarise(store.progress_inputs(), today, UTC))
        ratios = []  # progress / baseline, each pair measured back to back
        for _ in range(5):
            pair_base = cpu_baseline_ms()
            pair_progress, _ = timed(
                lambda: summarise(store.progress_inputs(), today, UTC), repeat=1
            )
            ratios.append(pair_progress / pair_base)
        ratio = statistics.median(ratios)
        direct_ms, _ = timed(lambda: store._db.query(DIRECT_SQL))

        def whole_progress() -> str:
            with SqliteStore(folder) as opened:
                return render_summary(summarise(opened.progress_inputs(), today, UTC))

        whole_wall, whole_cpu, whole_ratio = cpu_pairs(whole_progress)
        records_line = ""
        if with_records:
            pure_ms, _ = timed(
                lambda: summarise(
                    ProgressInputs(
                        buckets=buckets_from_replies(store.replies()),
                        sessions=(),
                        moods=(),
                        phq9=(),
                    ),
                    today,
                    UTC,
                ),
                repeat=1,
            )
            records_line = (
                f"| same, loading every reply as a record instead | {pure_ms:.0f} ms "
                f"({pure_ms / progress_ms:.0f}x the SQL path) |"
            )
        store.close()
        command = [sys.executable, "-m", "ipt_trainer", "--data-dir", str(folder), "progress"]
        cli_ms, done = timed(lambda: subprocess.run(command, capture_output=True, text=True), 3)
        if done.returncode != 0:
            raise SystemExit(f"ipt-trainer progress failed: {done.stderr}")
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    lines = [
        "## Store",
        "",
        f"Measured with `benchmarks/bench_store.py --replies {total}` ({sys.platform}, "
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}): "
        f"{summary.replies:,} replies in {summary.sessions:,} sessions over ~2 years "
        f"({len(inputs.buckets):,} quarter-hour buckets), scores with evidence and tips. "
        f"CPU baseline on this machine (sum of 1,000,000 squares in pure Python): "
        f"{baseline:.0f} ms; divide the times below by that to compare machines.",
        "",
        "| what | result |",
        "| --- | --- |",
        f"| **progress in one process: open + `progress_inputs()` + `summarise()` + render**, "
        f"median of 5 | {whole_wall:.0f} ms wall, **{whole_cpu:.0f} ms CPU**, "
        f"{whole_ratio:.2f}x the baseline loop timed just before it (target < 200 ms) |",
        f"| progress on an open store: `progress_inputs()` + `summarise()`, median of 5 | "
        f"{progress_ms:.0f} ms |",
        f"| progress / CPU baseline, median of 5 back-to-back pairs | {ratio:.2f} "
        f"(so ~{ratio * 60:.0f} ms where the baseline takes 60 ms) |",
        f"| of which reading the roll-up table and tallies | {inputs_ms:.0f} ms |",
        f"| of which `summarise` | {summarise_ms:.0f} ms |",
        f"| grouping the replies table directly instead of the roll-up (SQL only) | "
        f"{direct_ms:.0f} ms ({direct_ms / inputs_ms:.1f}x the roll-up read) |",
        *([records_line] if records_line else []),
        f"| `ipt-trainer progress` end to end (new process, open, check, print) | "
        f"{cli_ms:.0f} ms |",
        f"| opening the store (header, schema and small tables checked), median of 3 | "
        f"{open_ms:.0f} ms |",
        f"| file size per 1,000 replies | {size / total * 1000 / 1024:.0f} KiB "
        f"({size / 1024 / 1024:.1f} MiB in all) |",
        f"| `record_reply` commit latency (synchronous=FULL, {len(latencies):,} samples) | "
        f"p50 {p50:.2f} ms, p99 {p99:.2f} ms |",
        f"| building the benchmark store | {build_s:.0f} s |",
        "",
        "The machine is shared with other jobs (2 CPUs), so absolute times vary run to run "
        "by 2-3x; the CPU time and the back-to-back ratio are the figures to compare. "
        "Writes use `synchronous=FULL` (each reply reaches the "
        "disk before `record_reply` returns). Opening checks the header, the schema and the "
        "small tables page by page (`PRAGMA quick_check(table)`), not `replies` and `sessions`, "
        "so it no longer grows with the file (a full `quick_check` took 283-591 ms here); a "
        "damaged page there is reported as `StoreCorrupted` when a read reaches it, and "
        "`SqliteStore.integrity_check()` runs the full check on demand.",
        "",
    ]
    return "\n".join(lines)


def write_docs(section: str) -> None:
    """Replace (or append) the "## Store" section, leaving other sections alone."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n"
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "## Store"), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + section
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        new = "\n".join([*lines[:start], *section.rstrip("\n").splitlines(), "", *lines[end:]])
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=100_000)
    parser.add_argument("--sampled", type=int, default=2_000, help="replies timed one by one")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--with-records", action="store_true", help="also time the load-every-record path (slow)"
    )
    args = parser.parse_args()
    section = run(args.replies, min(args.sampled, args.replies), args.with_records)
    print(section)
    if args.write_docs:
        write_docs(section)


if __name__ == "__main__":
    main()
