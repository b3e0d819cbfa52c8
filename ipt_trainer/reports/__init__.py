"""Homework from therapists, and reports a learner can bring to a session.

``homework`` reads and checks homework files, ``install`` copies what they
need into the data folder and records the assignments, ``status`` says how
each assignment is going, ``report`` builds a report's content (pure) and
``markdown`` / ``html`` render it. Nothing here imports the UI.
"""

from __future__ import annotations

from pathlib import Path

from ipt_trainer import paths

HOMEWORK_SCENARIO_FOLDER = "scenarios"


def homework_scenario_dir() -> Path:
    """Where installed homework scenarios live: ``<data dir>/scenarios``.

    Resolved when asked, like every path, so ``--data-dir`` applies. The
    library should load it alongside the bundled scenarios.
    """
    return paths.data_dir() / HOMEWORK_SCENARIO_FOLDER


__all__ = ["HOMEWORK_SCENARIO_FOLDER", "homework_scenario_dir"]
