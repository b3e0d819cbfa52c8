"""CPU cost of starting the command line: ``ipt-trainer --help`` and friends.

Run by hand (never from the tests)::

    .venv/bin/python benchmarks/bench_cli_start.py [--runs 15] [--against DIR]

Each run is a fresh interpreter running the real entry point
(``ipt_trainer.cli.main.main``) with one argument list; the figure is the
child's CPU time (user + system, from ``wait4``), because the machine is
shared and wall time says more about the neighbours than about us. A bare
``python -c pass`` is measured alongside as the floor every command pays.

Bytecode is cached as an installed package has it (in a private temporary
``PYTHONPYCACHEPREFIX``, so the checkout is not touched; one warm-up run per
variant fills it); ``--no-bytecode`` measures compiling from source instead.

``--against DIR`` puts a second copy of the package beside this checkout
(``DIR/ipt_trainer``, e.g. an older snapshot) and alternates the two run by
run, so the printed ratio compares them under the same load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY = "import sys; from ipt_trainer.cli.main import main; sys.exit(main())"
CASES: list[list[str]] = [["--help"], ["validate", "--help"], ["--version"]]


def cpu_of(argv: list[str], root: Path, pycache: str | None) -> float:
    """Seconds of CPU one fresh interpreter spends on ``argv``, imports included."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = pycache
    child = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=root
    )
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    """Alternate the variants run by run and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", type=Path, metavar="DIR", help="a baseline package root")
    parser.add_argument("--no-bytecode", action="store_true", help="compile every module anew")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _measure(options, None if options.no_bytecode else folder)


def _measure(options: argparse.Namespace, pycache: str | None) -> None:
    roots = {"this checkout": ROOT}
    if options.against is not None:
        roots["baseline"] = options.against.resolve()
    floor: list[float] = []
    samples: dict[tuple[str, int], list[float]] = {
        (name, i): [] for name in roots for i in range(len(CASES))
    }
    for root in roots.values():  # warm-up: fills the bytecode cache
        cpu_of([sys.executable, "-c", ENTRY, *CASES[0]], root, pycache)
    for _ in range(options.runs):
        floor.append(cpu_of([sys.executable, "-c", "pass"], ROOT, pycache))
        for i, case in enumerate(CASES):
            for name, root in roots.items():
                cpu = cpu_of([sys.executable, "-c", ENTRY, *case], root, pycache)
                samples[(name, i)].append(cpu)
    cache = "compiled from source" if pycache is None else "bytecode cached"
    print(f"python -c pass: {_median_ms(floor):.0f} ms CPU (median of {options.runs}; {cache})")
    for i, case in enumerate(CASES):
        shown = " ".join(case)
        mine = _median_ms(samples[("this checkout", i)])
        line = f"ipt-trainer {shown:<18} this checkout {mine:6.0f} ms"
        if "baseline" in roots:
            base = _median_ms(samples[("baseline", i)])
            line += f"  baseline {base:6.0f} ms  ratio {base / mine:4.1f}x"
        print(line)


if __name__ == "__main__":
    main()
