"""Loading benchmark: a 200-file library, cold (parse + validate + lint) vs warm (cache).

Run by hand:  .venv/bin/python benchmarks/bench_loading.py [--files 200] [--rounds 5]

It generates scenario files of about 25 KB in a temporary folder, then
times, side by side in one process:

- no cache: every file parsed, validated and linted (``use_cache=False``);
- cold:     the same with an empty cache folder (includes writing the cache);
- warm:     the library again with the cache filled.

Medians over the rounds are printed with the cold/warm ratio and written to
the "Loading" section of docs/performance.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ipt_trainer import paths
from ipt_trainer.core.library import find_scenario_files, load_library

DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
HEADING = "## Loading"

HEAD = """\
id: bench-{n:03d}
version: 1
title: Benchmark scenario {n}
summary: A generated scenario of about 25 KB for timing the loader.
problem_area: role_dispute
difficulty: 2
minutes: 10
learning_goals: [assertiveness, active_listening]
other_person:
  name: "{{partner}}"
  relationship: partner
  persona: Generated for the loading benchmark; the words do not matter.
variables:
  trust: {{start: 50, description: How safe the talk feels.}}
placeholders:
  partner: {{prompt: "What is their name?", default: Sam}}
start: say_0
nodes:
"""
SEGMENT = """\
  say_{i}:
    kind: say
    text: >-
      I hear you, {{partner}}, but step {i} of this talk is where it usually goes wrong
      for us, and I would like to understand what you need before I answer.
    emotion: guarded
    next: coach_{i}
  coach_{i}:
    kind: coach
    text: Reflect what you heard before you ask for anything; name one feeling.
    technique: communication analysis
    next: ask_{i}
  ask_{i}:
    kind: prompt
    text: Answer {{partner}} at step {i}.
    skills: [assertiveness, active_listening]
    suggestions:
      - id: calm
        text: It sounds like this matters a lot to you. I feel tired too; can we share it?
        labels: {{assertiveness_style: assertive, listening_level: 2}}
        effects: {{trust: 5}}
        next: {after}
      - id: blunt
        text: You always say that.
        labels: {{assertiveness_style: aggressive}}
        effects: {{trust: -5}}
        next: end_stuck
    model_replies:
      - text: It sounds like you are worn out. I am too. Could we take turns this week?
        labels: {{assertiveness_style: assertive}}
        expect_next: {after}
    routes:
      - when: {{assertiveness_style: assertive, listening_level: ">= 2"}}
        effects: {{trust: 10}}
        next: {after}
      - when: {{assertiveness_style: assertive, vars: {{trust: ">= 40"}}}}
        next: {after}
      - when: {{assertiveness_style: passive}}
        retry: true
      - otherwise: true
        effects: {{trust: -5}}
        next: end_stuck
    retry:
      max_attempts: 2
      hints: [Try starting with "I feel".]
      then: end_stuck
"""
TAIL = """\
  end_good:
    kind: ending
    outcome: repaired
    title: Worked through it
    debrief: You listened first and asked clearly; {partner} could hear you.
  end_stuck:
    kind: ending
    outcome: stalemate
    title: Stuck for now
    debrief: Try a reflection before the request next time.
"""
SEGMENTS = 16  # about 25 KB per file


def scenario_text(n: int) -> str:
    parts = [HEAD.format(n=n)]
    for i in range(SEGMENTS):
        after = f"say_{i + 1}" if i + 1 < SEGMENTS else "end_good"
        parts.append(SEGMENT.format(i=i, after=after))
    parts.append(TAIL)
    return "".join(parts)


def timed(action: object) -> tuple[float, float]:
    """(wall, CPU) seconds; CPU time is what to compare on a busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="ipt-bench-"))
    try:
        shelf = root / "scenarios"
        shelf.mkdir()
        for n in range(args.files):
            (shelf / f"bench_{n:03d}.yaml").write_text(scenario_text(n), encoding="utf-8")
        sizes = [p.stat().st_size for p in shelf.iterdir()]
        check = load_library([shelf], include_bundled=False, use_cache=False)
        assert len(check.scenarios) == args.files, [p.format() for p in check.problems][:5]

        nocache: list[tuple[float, float]] = []
        cold: list[tuple[float, float]] = []
        warm: list[tuple[float, float]] = []
        for round_ in range(args.rounds):
            cache = root / f"cache-{round_}"
            nocache.append(
                timed(lambda: load_library([shelf], include_bundled=False, use_cache=False))
            )
            cold.append(timed(lambda c=cache: load_library([shelf], c, include_bundled=False)))
            warm.append(timed(lambda c=cache: load_library([shelf], c, include_bundled=False)))
        bundled_cache = root / "bundled-cache"
        load_library(cache_dir=bundled_cache)
        bundled = [timed(lambda: load_library(cache_dir=bundled_cache)) for _ in range(args.rounds)]
        bundled_files = len(find_scenario_files([paths.bundled_scenarios_dir()]))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    def med(runs: list[tuple[float, float]], which: int) -> float:
        return statistics.median(run[which] for run in runs) * 1000

    def row(label: str, runs: list[tuple[float, float]]) -> str:
        return (
            f"| {label} | {med(runs, 0):.0f} ms | {med(runs, 1):.0f} ms "
            f"| {med(runs, 1) / args.files:.2f} ms |"
        )

    lines = [
        HEADING,
        "",
        f"`benchmarks/bench_loading.py`: {args.files} generated scenario files of "
        f"{statistics.mean(sizes) / 1024:.1f} KB on average, median of {args.rounds} rounds, "
        f"measured side by side in one process (Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}). CPU time is the fair comparison "
        "when the machine is busy; wall time is shown for reference.",
        "",
        "| library load | wall | CPU | CPU per file |",
        "|---|---|---|---|",
        row("no cache (parse + validate + lint)", nocache),
        row("cold cache (the same, plus writing the cache)", cold),
        row("warm cache", warm),
        "",
        f"Cold / warm ratio (CPU): **{med(cold, 1) / med(warm, 1):.1f}x** "
        f"(wall: {med(cold, 0) / med(warm, 0):.1f}x).",
        "",
        f"The bundled library ({bundled_files} files) on a warm cache: {med(bundled, 1):.1f} ms "
        f"CPU, {med(bundled, 0):.1f} ms wall (target: 50 ms or less).",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        _write_section(section)
        print(f"updated {DOC}", file=sys.stderr)
    return 0


def _write_section(section: str) -> None:
    """Replace the Loading section of docs/performance.md, keeping the others."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n\n"
    if HEADING in text:
        before, rest = text.split(HEADING, 1)
        after = rest.split("\n## ", 1)
        tail = "\n## " + after[1] if len(after) > 1 else ""
        text = before + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
