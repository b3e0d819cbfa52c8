"""Author tooling: walk and graph (owned by the engine work)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the exploration commands."""
