"""Report benchmark: ``ipt-trainer report`` over a big store, beside ``progress`` on the same store.

Run by hand:  .venv/bin/python benchmarks/bench_report.py [--replies 100000] [--rounds 3]

It fills a temporary store through ``import_records`` (one transaction), with
one reply in ten carrying a full score (tips included), 40 assignments (37 marked done), a
mood and a PHQ-9 every few days. Then, side by side in one process, it times
the median of each step:

- gather:  reading every record the report needs from the store;
- build:   ``build_report`` (pure);
- render:  Markdown, HTML and JSON, and Markdown with transcripts;
- progress: ``progress_inputs()`` + ``summarise()`` on the same store, the
  reference the ratios are given against, with a pure-Python CPU baseline.

The numbers go into the "Reports" section of docs/performance.md (other
sections are kept).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ipt_trainer.core.phq9 import band_for
from ipt_trainer.core.progress import summarise
from ipt_trainer.reports.html import render_html
from ipt_trainer.reports.markdown import render_markdown
from ipt_trainer.reports.report import build_report, gather, render_json
from ipt_trainer.store import (
    HomeworkRecord,
    MoodRecord,
    Phq9Record,
    ReplyRecord,
    SessionRecord,
    SqliteStore,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
HEADING = "## Reports"
START = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
TIPS = [
    {
        "skill": "active_listening",
        "quote": "",
        "message": "Show them you heard what they said before anything else.",
        "suggestion": "It sounds like this matters a lot to you. What's been hardest?",
    }
]


def records(total: int, rng: random.Random) -> dict[str, list[Any]]:
    """Sessions of ten replies each over about two years, plus wellbeing and homework."""
    sessions: list[SessionRecord] = []
    replies: list[ReplyRecord] = []
    step = timedelta(days=730) / max(1, total // 10)
    for index in range(max(1, total // 10)):
        at = START + step * index
        scenario = f"scenario_{index % 12}"
        session = SessionRecord(
            id=uuid.UUID(int=rng.getrandbits(128)).hex,
            scenario_id=scenario,
            scenario_version=1,
            scenario_hash="h" * 64,
            title=f"Scenario {index % 12}",
            seed=index,
            started_at=at,
            ended_at=at + timedelta(minutes=20),
            ending="done",
            outcome=rng.choice(["repaired", "partial", "stalemate"]),
            status="finished",
        )
        sessions.append(session)
        for turn in range(10):
            a, listening = rng.randint(0, 100), rng.randint(0, 100)
            conflict = rng.choice([None, rng.randint(0, 100)])
            full = len(replies) % 10 == 0
            scores = None
            if full:
                scores = {"assertiveness": a, "active_listening": listening, "feedback": TIPS}
            replies.append(
                ReplyRecord(
                    id=len(replies) + 1,
                    session_id=session.id,
                    turn=turn,
                    node=f"ask_{turn}",
                    context="I don't see why this is such a big deal to you.",
                    text="I feel unheard when plans change; could we decide together next time?",
                    source="typed",
                    scores=scores,
                    assertiveness=a,
                    assertiveness_style="assertive",
                    active_listening=listening,
                    listening_level=2,
                    conflict_resolution=conflict,
                    conflict_mode=None if conflict is None else "collaborating",
                    created_at=at + timedelta(minutes=turn),
                )
            )
    days = 730
    moods = [
        MoodRecord(id=i + 1, value=rng.randint(0, 10), created_at=START + timedelta(days=i))
        for i in range(0, days, 2)
    ]
    phq9 = []
    for i in range(0, days, 14):
        answers = (*(rng.randint(0, 2) for _ in range(8)), 0)
        total_score = sum(answers)
        phq9.append(
            Phq9Record(
                id=len(phq9) + 1,
                answers=answers,
                total=total_score,
                band=band_for(total_score),
                created_at=START + timedelta(days=i),
            )
        )
    homework = [
        HomeworkRecord(
            id=uuid.UUID(int=rng.getrandbits(128)).hex,
            homework_id=f"week-{i}",
            label=f"Assignment {i}",
            scenario_id=f"scenario_{i % 12}",
            due=(START + timedelta(days=18 * i)).date(),
            targets={"assertiveness": 60},
            status="done" if i < 37 else "assigned",
            added_at=START + timedelta(days=18 * i),
        )
        for i in range(40)
    ]
    return {
        "sessions": sessions,
        "replies": replies,
        "moods": moods,
        "phq9": phq9,
        "homework_assignments": homework,
    }


def median_ms(action: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(rounds):
        began = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def cpu_baseline_ms() -> float:
    began = time.perf_counter()
    sum(i * i for i in range(1_000_000))
    return (time.perf_counter() - began) * 1000


def run(total: int, rounds: int) -> str:
    rng = random.Random(7)
    today = date(2026, 1, 1)
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder))
        began = time.perf_counter()
        store.import_records(records(total, rng))
        filled = time.perf_counter() - began
        baseline = statistics.median(cpu_baseline_ms() for _ in range(3))
        progress_ms, _ = median_ms(lambda: summarise(store.progress_inputs(), today), rounds)
        gather_ms, inputs = median_ms(lambda: gather(store), rounds)
        since = today - timedelta(days=14)
        week_ms, recent = median_ms(lambda: gather(store, since=since), rounds)
        store.close()

    def build(transcripts: bool = False) -> Any:
        return build_report(
            inputs, today=today, produced_at=now, tz=UTC, with_transcripts=transcripts
        )

    build_ms, report = median_ms(build, rounds)
    md_ms, md = median_ms(lambda: render_markdown(report), rounds)
    html_ms, html = median_ms(lambda: render_html(report), rounds)
    json_ms, _ = median_ms(lambda: render_json(report), rounds)
    full_build_ms, full = median_ms(lambda: build(True), rounds)
    full_md_ms, full_md = median_ms(lambda: render_markdown(full), rounds)
    whole = gather_ms + build_ms + md_ms
    recent_build_ms, _ = median_ms(
        lambda: build_report(recent, today=today, produced_at=now, tz=UTC, since=since), rounds
    )
    rows = [
        ("gather: read every record from the store", gather_ms),
        ("build_report (pure)", build_ms),
        (f"render Markdown ({len(md) // 1024} KiB)", md_ms),
        (f"render HTML ({len(html) // 1024} KiB)", html_ms),
        ("render JSON", json_ms),
        ("Markdown report in all (gather + build + render)", whole),
        ("build with --with-transcripts", full_build_ms),
        (f"render Markdown with transcripts ({len(full_md) // 1024 // 1024} MiB)", full_md_ms),
        (f"--since 2 weeks: gather ({len(recent.replies):,} replies read)", week_ms),
        ("--since 2 weeks: build_report", recent_build_ms),
        ("progress: progress_inputs() + summarise(), same store", progress_ms),
    ]
    lines = [
        HEADING,
        "",
        f"`benchmarks/bench_report.py --replies {total}`: {total:,} replies in "
        f"{total // 10:,} sessions over two years, one reply in ten with tips, "
        "40 assignments (37 marked done), "
        f"a mood every other day and a PHQ-9 every two weeks; medians of {rounds} rounds, "
        f"side by side in one process (Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}). CPU baseline (sum of 1,000,000 squares "
        f"in pure Python): {baseline:.0f} ms. Filling the store took {filled:.1f} s.",
        "",
        "| step | median | vs CPU baseline | vs progress |",
        "|---|---|---|---|",
    ]
    for label, value in rows:
        lines.append(
            f"| {label} | {value:.0f} ms | {value / baseline:.1f}x | {value / progress_ms:.1f}x |"
        )
    lines += [
        "",
        "Reading the records dominates: an all-time report needs every reply (strongest "
        "and weakest, best scores per assignment), where `progress` reads pre-aggregated "
        "buckets. With `--since`, only the sessions still running in the period and those "
        "counting towards an assignment have their replies read.",
    ]
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Replace (or add) the Reports section of docs/performance.md, keeping the others."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    if HEADING in text:
        before, _, rest = text.partition(HEADING)
        following = rest.find("\n## ")
        after = rest[following + 1 :] if following != -1 else ""
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    section = run(args.replies, args.rounds)
    sys.stdout.write(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
