"""Try again: the reply is taken back, and the next one is shown beside it."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import AppFactory
from helpers import entries, open_roleplay, send, settle
from textual.pilot import Pilot

from ipt_trainer.ui.widgets.attempts import NOT_SCORED, AttemptCard, AttemptsCompare, change_text
from ipt_trainer.ui.widgets.meter import Meter


def card_text(card: AttemptCard) -> str:
    return card.render().plain


async def test_both_attempts_are_shown_side_by_side_after_the_second(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roleplay(pilot)
        await send(pilot, "Fine, whatever.")
        assert not screen.query(AttemptsCompare)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not screen.query(AttemptsCompare)  # nothing to compare until the new reply
        await send(pilot, "I feel tired when the dishes pile up.")

        (compare,) = screen.query(AttemptsCompare)
        first = compare.query_one("#attempt-first", AttemptCard)
        new = compare.query_one("#attempt-new", AttemptCard)
        assert first.region.y == new.region.y and first.region.x < new.region.x  # side by side
        assert first.readings() == {
            "assertiveness": "30/100",
            "active_listening": "45/100",
            "conflict_resolution": "60/100",
        }
        assert new.readings() == {
            "assertiveness": "80/100 (+50)",
            "active_listening": "45/100 (same)",
            "conflict_resolution": "60/100 (same)",
        }
        first_text, new_text = card_text(first), card_text(new)
        assert first_text.startswith("First attempt\n\u201cFine, whatever.\u201d")
        assert new_text.startswith("New attempt\n\u201cI feel tired when the dishes pile up.\u201d")
        assert "Assertiveness" in first_text and "Conflict resolution" in new_text
        # the coach panel shows the new attempt as usual
        assert screen.query_one("#skill-assertiveness", Meter).value == 80
        # the comparison sits right after the new reply in the conversation
        kinds = [kind for kind, _ in entries(screen)]
        assert kinds.count("learner") == 1
        assert screen.first_try is None


async def test_a_second_reply_without_try_again_shows_no_comparison(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        await send(pilot, "Fine, whatever.")  # the route asks for another go
        await send(pilot, "I feel tired.")
        assert not screen.query(AttemptsCompare)


async def test_a_picked_suggestion_taken_back_is_shown_as_not_scored(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot, choose=True)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await send(pilot, "I feel tired.")
        (compare,) = screen.query(AttemptsCompare)
        first = compare.query_one("#attempt-first", AttemptCard)
        assert NOT_SCORED in card_text(first)
        assert "You never help." in card_text(first)
        new = compare.query_one("#attempt-new", AttemptCard)
        assert new.readings()["assertiveness"] == "80/100"  # nothing to compare a number with


async def test_trying_again_twice_compares_with_the_latest_reply_taken_back(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        await send(pilot, "Fine, whatever.")
        await pilot.press("ctrl+r")
        await settle(pilot)
        await send(pilot, "I feel a bit tired.")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not screen.query(AttemptsCompare)  # taken back with the reply it followed
        await send(pilot, "I feel exhausted.")
        (compare,) = screen.query(AttemptsCompare)
        assert "I feel a bit tired." in card_text(compare.query_one("#attempt-first", AttemptCard))
        assert "I feel exhausted." in card_text(compare.query_one("#attempt-new", AttemptCard))


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [(30, 80, "+50"), (80, 30, "-50"), (45, 45, "same"), (None, 45, ""), (45, None, "")],
)
def test_change_text(before: int | None, after: int | None, shown: str) -> None:
    assert change_text(before, after) == shown


async def _tried_twice(pilot: Pilot[None]) -> None:
    await open_roleplay(pilot)
    await send(pilot, "Fine, whatever.")
    await pilot.press("ctrl+r")
    await settle(pilot)
    await send(pilot, "I feel tired when the dishes pile up.")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_two_attempts(
    snap_compare: Any, make_app: AppFactory, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_tried_twice)
