"""Small Pilot helpers shared by the app tests."""

from __future__ import annotations

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import RadioButton, Static

from ipt_trainer.ui.app import IPTTrainerApp
from ipt_trainer.ui.screens.phq9 import Phq9Screen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen
from ipt_trainer.ui.widgets.reply_box import ReplyBox
from ipt_trainer.ui.widgets.transcript import Entry


async def settle(pilot: Pilot[None]) -> None:
    """Wait for every worker and the messages they posted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_roleplay(pilot: Pilot[None], *, choose: bool = False) -> RolePlayScreen:
    """From the library: Enter on the first scenario, pick a mode, start."""
    await pilot.press("enter")
    await pilot.pause()
    if choose:
        await pilot.click("#mode-choose")
    await pilot.press("f5")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RolePlayScreen)
    return screen


async def send(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` into the reply box and press Enter."""
    app = pilot.app
    assert isinstance(app, IPTTrainerApp)
    box = app.screen.query_one(ReplyBox)
    box.focus()
    box.text = text
    await pilot.press("enter")
    await settle(pilot)


def answer_phq9(screen: Phq9Screen, item_nine: int = 0) -> None:
    """Tick "not at all" for items 1-8 and ``item_nine`` for the ninth."""
    for number in range(1, 10):
        answer = item_nine if number == 9 else 0
        screen.query_one(f"#item-{number}-{answer}", RadioButton).value = True


def plain(widget: Static) -> str:
    """What a Static shows, as plain text."""
    content = widget.visual
    return content.plain if hasattr(content, "plain") else str(content)


def entries(screen: RolePlayScreen) -> list[tuple[str, str]]:
    """The transcript as (kind, text) pairs."""
    return [(entry.kind, plain(entry)) for entry in screen.query(Entry)]


def text_of(renderable: object) -> str:
    """Plain text of a Text or anything else."""
    return renderable.plain if isinstance(renderable, Text) else str(renderable)
