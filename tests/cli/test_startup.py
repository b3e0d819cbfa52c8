"""Non-UI commands must never pay for Textual (harlequin's rule)."""

from __future__ import annotations

import subprocess
import sys

import pytest

COMMANDS = [
    ["--version"],
    ["--help"],
    ["locate"],
    ["list"],
    ["validate", "--no-scorer"],
    ["schema"],
    ["progress"],
    ["homework", "list"],
    ["score", "I need a minute."],
]

PROBE = """
import sys
from ipt_trainer.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
ui = {'textual', 'rich'}
leaked = sorted(
    m for m in sys.modules if m.split('.')[0] in ui or m.startswith('ipt_trainer.ui')
)
print('LEAKED:' + ','.join(leaked), file=sys.stderr)
"""


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_cli_does_not_import_textual(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120
    )
    last = done.stderr.strip().splitlines()[-1]
    assert last == "LEAKED:", done.stderr


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, ipt_trainer.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'ipt_trainer.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'textual','rich'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_python_dash_m_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ipt_trainer", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("ipt-trainer ")
