"""Author tooling: validate, list, schema, new (owned by the loader work)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the author commands."""
