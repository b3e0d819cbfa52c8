"""Building the parser, and every ``--help``, must not import what only commands need.

Each module in ``ipt_trainer/cli`` keeps ``register`` to argparse and imports
the store, the models and the scorer inside its run functions, so
``ipt-trainer --help`` costs argparse and little else. A module-level import
of any of these in a command module makes this test fail.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pydantic", "ruamel", "sqlite3", "ipt_trainer.core.scoring")

PROBE = """
import argparse, contextlib, io, json, sys
heavy = json.loads(sys.argv[1])
for name in sys.argv[2:]:
    __import__(name)  # the self-check preloads a heavy module here
from ipt_trainer.cli.main import build_parser

def commands(parser, prefix):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield [*prefix, name]
                yield from commands(child, [*prefix, name])

parser = build_parser()
helped = [[]] + list(commands(parser, []))
for argv in helped:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        build_parser().parse_args([*argv, "--help"])
loaded = sorted(
    m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy)
)
print(json.dumps({"helped": [" ".join(a) for a in helped], "loaded": loaded}))
"""


def _probe(*preload: str) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(HEAVY), *preload],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_parser_and_help_import_nothing_heavy() -> None:
    result = _probe()
    assert result["loaded"] == []
    # every command's help was printed, nested actions included
    assert {"", "validate", "score", "progress", "contacts add", "homework list"} <= set(
        result["helped"]
    )


def test_probe_notices_a_heavy_import() -> None:
    assert "sqlite3" in _probe("sqlite3")["loaded"]
