"""The starter scenario ``ipt-trainer new`` writes: commented, valid, every node kind.

The text lives in ``templates/starter.yaml`` so it reads (and is edited) as
the YAML an author will see; a test loads and lints it, so it cannot rot.
"""

from __future__ import annotations

from importlib.resources import files


def starter_text() -> str:
    """The starter scenario's YAML, comments included."""
    return files("ipt_trainer.core").joinpath("templates/starter.yaml").read_text("utf-8")
