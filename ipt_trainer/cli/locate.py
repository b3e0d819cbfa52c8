"""``ipt-trainer locate``: where the data, config and scenarios live."""

from __future__ import annotations

import argparse
import json

from ipt_trainer import paths


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``locate`` command."""
    parser = sub.add_parser("locate", help="print where data, config and scenarios live")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the paths; creates nothing."""
    found = {
        "data": str(paths.data_dir()),
        "config": str(paths.config_dir()),
        "scenarios": str(paths.bundled_scenarios_dir()),
    }
    if args.json:
        print(json.dumps(found, indent=2))
    else:
        for name, value in found.items():
            print(f"{name + ':':<11}{value}")
    return 0
