"""The homework template ``ipt-trainer homework new`` writes: commented and valid.

The text lives in ``templates/homework.yaml`` so a therapist reads exactly
what they will edit; a test checks that what is written loads.
"""

from __future__ import annotations

from importlib.resources import files


def template_text() -> str:
    """The homework template's YAML, comments included."""
    return files("ipt_trainer.reports").joinpath("templates/homework.yaml").read_text("utf-8")
