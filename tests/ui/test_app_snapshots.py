"""Snapshots of the three main screens at 80x24 and 120x40.

Deterministic by construction: fixed scenarios and scorer, a fixed seed,
animations off and no cursor blink (see conftest), no clock in the header.
Review a diff with ``pytest tests/ui --snapshot-report``; regenerate with
``--snapshot-update`` only after looking at the new pictures.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import AppFactory
from helpers import open_roleplay, send, settle
from textual.pilot import Pilot

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_library(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size)


async def _one_reply(pilot: Pilot[None]) -> None:
    await open_roleplay(pilot)
    await send(pilot, "I feel tired when the dishes pile up.")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_roleplay_after_one_reply(
    snap_compare: Any, make_app: AppFactory, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_one_reply)


async def _to_debrief(pilot: Pilot[None]) -> None:
    await open_roleplay(pilot)
    await send(pilot, "whatever")
    await send(pilot, "I feel tired when the dishes pile up.")
    await send(pilot, "Could we take turns?")
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_debrief(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_to_debrief)
