"""The README's two commands are the ones CI and a newcomer actually run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:sh|bash|console)\n([^\n]+)\n```", text)


def test_readme_has_install_and_test_commands() -> None:
    commands = _commands()
    assert any(c.endswith("ipt-trainer") and "pip install ." in c for c in commands), commands
    assert any(c.endswith("pytest") and ".[test]" in c for c in commands), commands


def test_ci_runs_the_readme_test_command() -> None:
    test_command = next(c for c in _commands() if c.endswith("pytest"))
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
