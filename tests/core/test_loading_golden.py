"""Golden messages: each broken fixture's problems, word for word, with lines.

The expected ``.txt`` beside each ``.yaml`` is what ``validate --no-scorer``
prints for it (file names shown bare). A changed message is a changed
contract for authors and CI scripts, so it has to be reviewed here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipt_trainer.core.diagnostics import Problem, ScenarioError, has_errors
from ipt_trainer.core.lint import lint
from ipt_trainer.core.loading import load_scenario

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken"
FIXTURES = sorted(BROKEN.glob("*.yaml"))


def problems_of(path: Path) -> list[Problem]:
    try:
        return lint(load_scenario(path))
    except ScenarioError as error:
        return list(error.problems)


def render(path: Path) -> str:
    return "".join(problem.format(path.name) + "\n" for problem in problems_of(path))


def test_there_are_fixtures() -> None:
    assert len(FIXTURES) >= 15


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_golden_messages(path: Path) -> None:
    expected = path.with_suffix(".txt").read_text(encoding="utf-8")
    assert render(path) == expected


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_every_broken_fixture_has_an_error(path: Path) -> None:
    assert has_errors(problems_of(path))
